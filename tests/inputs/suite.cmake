# The invalid-payload corpus (tests/inputs/invalid, written by make_invalid.py): every payload
# is refused with exactly its expected diagnostics, and generate writes nothing.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME invalid_payloads
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_invalid.py ${CMAKE_BINARY_DIR})
set_tests_properties(invalid_payloads PROPERTIES LABELS inputs)
