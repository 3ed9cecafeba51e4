# Golden trees: generate must write exactly tests/golden/<case>/expected/, deterministically.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME golden_trees
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_golden.py ${CMAKE_BINARY_DIR})
set_tests_properties(golden_trees PROPERTIES LABELS golden)

# Every golden tree's clusters/<env> builds with the real kubectl kustomize (installed by
# scripts/install-test-tools.sh into .tools/bin) into objects Argo CD can sync as they are.
add_test(NAME golden_kustomize
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_kustomize.py
                 ${PROJECT_SOURCE_DIR}/.tools/bin/kubectl)
set_tests_properties(golden_kustomize PROPERTIES LABELS golden)
