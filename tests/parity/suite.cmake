# Parity against the real helm (installed by scripts/install-test-tools.sh into .tools/bin): every case in
# tests/parity/cases is rendered live by both tools and compared; the test fails if any case differs.
find_package(Python3 COMPONENTS Interpreter REQUIRED)
add_test(NAME parity
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_parity.py --quiet --jobs 2
                 --build ${CMAKE_BINARY_DIR} --root ${PROJECT_SOURCE_DIR})
set_tests_properties(parity PROPERTIES LABELS parity TIMEOUT 900)
