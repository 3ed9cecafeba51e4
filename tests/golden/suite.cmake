# Golden trees: generate must write exactly tests/golden/<case>/expected/, deterministically.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME golden_trees
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_golden.py ${CMAKE_BINARY_DIR})
set_tests_properties(golden_trees PROPERTIES LABELS golden)
