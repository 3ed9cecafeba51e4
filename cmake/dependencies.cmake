# The third-party libraries as link targets of their own: render_dep_yaml_cpp, render_dep_re2,
# render_dep_zlib and render_dep_git2. With RENDER_STATIC_DEPS they name the static archives (and
# what those archives need in turn); without it, the shared libraries the packages' own CMake and
# pkg-config files give.

# render_static_archive(<var> <name>): the path of lib<name>.a, or a configure error naming it.
function(render_static_archive var name)
  find_library(${var} NAMES lib${name}.a)
  if(NOT ${var})
    message(FATAL_ERROR "RENDER_STATIC_DEPS: lib${name}.a not found (install its -dev package, "
                        "or configure with -DRENDER_STATIC_DEPS=OFF)")
  endif()
endfunction()

add_library(render_dep_yaml_cpp INTERFACE)
add_library(render_dep_re2 INTERFACE)
add_library(render_dep_git2 INTERFACE)
# zlib inflates packaged charts (.tgz); libgit2 needs it too.
add_library(render_dep_zlib INTERFACE)

# The Kerberos GSSAPI of libgit2's HTTP "negotiate" authentication: linked in shared builds;
# in static ones its headers serve librender/deps/gssapi_on_demand.cpp (see below).
pkg_check_modules(GSSAPI REQUIRED IMPORTED_TARGET krb5-gssapi)

if(NOT RENDER_STATIC_DEPS)
  target_link_libraries(render_dep_yaml_cpp INTERFACE yaml-cpp)
  target_link_libraries(render_dep_re2 INTERFACE PkgConfig::RE2)
  target_link_libraries(render_dep_zlib INTERFACE ZLIB::ZLIB)
  target_link_libraries(render_dep_git2 INTERFACE PkgConfig::LIBGIT2 PkgConfig::GSSAPI)
  return()
endif()

get_target_property(yaml_cpp_includes yaml-cpp INTERFACE_INCLUDE_DIRECTORIES)
render_static_archive(RENDER_YAML_CPP_ARCHIVE yaml-cpp)
target_include_directories(render_dep_yaml_cpp SYSTEM INTERFACE ${yaml_cpp_includes})
target_link_libraries(render_dep_yaml_cpp INTERFACE ${RENDER_YAML_CPP_ARCHIVE})

render_static_archive(RENDER_ZLIB_ARCHIVE z)
target_include_directories(render_dep_zlib SYSTEM INTERFACE ${ZLIB_INCLUDE_DIRS})
target_link_libraries(render_dep_zlib INTERFACE ${RENDER_ZLIB_ARCHIVE})

render_static_archive(RENDER_RE2_ARCHIVE re2)
target_include_directories(render_dep_re2 SYSTEM INTERFACE ${RE2_INCLUDE_DIRS})
target_link_libraries(render_dep_re2 INTERFACE ${RENDER_RE2_ARCHIVE} Threads::Threads)

# libgit2's own static link line (pkg-config --static), then what its archives leave open:
# libssh2's OpenSSL crypto and the GSSAPI.
target_include_directories(render_dep_git2 SYSTEM INTERFACE ${LIBGIT2_INCLUDE_DIRS})
foreach(name IN LISTS LIBGIT2_STATIC_LIBRARIES)
  if(name STREQUAL "rt")
    target_link_libraries(render_dep_git2 INTERFACE rt)
    continue()
  endif()
  string(MAKE_C_IDENTIFIER "RENDER_${name}_ARCHIVE" var)
  render_static_archive(${var} ${name})
  target_link_libraries(render_dep_git2 INTERFACE ${${var}})
endforeach()
render_static_archive(RENDER_CRYPTO_ARCHIVE crypto)
target_link_libraries(render_dep_git2 INTERFACE ${RENDER_CRYPTO_ARCHIVE} Threads::Threads
                      ${CMAKE_DL_LIBS})
# The GSSAPI is not linked: it would be loaded (with six libraries it needs) at every start. Its
# functions libgit2 calls are defined in librender/deps/gssapi_on_demand.cpp, which loads the
# library on their first call.
add_library(render_gssapi_on_demand OBJECT
            ${PROJECT_SOURCE_DIR}/librender/deps/gssapi_on_demand.cpp)
target_include_directories(render_gssapi_on_demand SYSTEM PRIVATE ${GSSAPI_INCLUDE_DIRS})
target_link_libraries(render_gssapi_on_demand PRIVATE render_warnings)
target_sources(render_dep_git2 INTERFACE $<TARGET_OBJECTS:render_gssapi_on_demand>)
