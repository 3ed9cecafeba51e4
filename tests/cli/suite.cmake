# The render command's output as the operating system sees it: the same bytes into a file and into
# a pipe, and a write that fails is reported (exit 3) instead of passing for a render.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME render_output
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_render_output.py
                 ${CMAKE_BINARY_DIR}/gitops-render ${PROJECT_SOURCE_DIR})
set_tests_properties(render_output PROPERTIES LABELS cli)
# The helm template flags render refuses, each with what to do instead, and charts it does not
# download.
add_test(NAME render_flags
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_render_flags.py
                 ${CMAKE_BINARY_DIR}/gitops-render ${PROJECT_SOURCE_DIR})
set_tests_properties(render_flags PROPERTIES LABELS cli)
