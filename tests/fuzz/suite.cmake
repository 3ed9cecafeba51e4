# Fuzz targets. In every build they run over their seed corpora as plain tests (through
# standalone_main.cpp); configure with -DRENDER_FUZZ=ON and clang to build real libFuzzer
# binaries instead (see tests/fuzz/README.md).
set(fuzz_dir ${CMAKE_CURRENT_LIST_DIR})

function(render_fuzz_target name)
  add_executable(${name} ${fuzz_dir}/${name}.cpp)
  target_link_libraries(${name} PRIVATE librender render_warnings)
  if(RENDER_FUZZ)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  else()
    target_sources(${name} PRIVATE ${fuzz_dir}/standalone_main.cpp)
    add_test(NAME fuzz_seeds_${name} COMMAND ${name} ${ARGN})
    set_tests_properties(fuzz_seeds_${name} PROPERTIES LABELS fuzz)
  endif()
endfunction()

render_fuzz_target(payload_fuzzer ${fuzz_dir}/corpus/payload ${PROJECT_SOURCE_DIR}/examples)
