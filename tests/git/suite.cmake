# generate against real git: concurrent pushes, no-op runs, killed runs, the pre-commit hook.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME git_end_to_end
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_git_tests.py ${CMAKE_BINARY_DIR})
set_tests_properties(git_end_to_end PROPERTIES LABELS git TIMEOUT 900)
