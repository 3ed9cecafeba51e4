#!/usr/bin/env bash
# Configures and builds into build/ (or $BUILD_DIR), as $BUILD_TYPE (default Release: -O3, which
# renders in 8% fewer instructions than RelWithDebInfo's -O2). Extra arguments go to the cmake
# configure step.
#
# With --pgo first, a profile-guided build, gitops-render optimised at link time too: it is built
# instrumented, renders the benchmark chart (scripts/pgo-train.sh), and everything is then built
# again with the profile that wrote. It takes about three times as long; the renders take about
# 13% less time (see bench/README.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="${BUILD_DIR:-$root/build}"
pgo=0
if [[ "${1:-}" == "--pgo" ]]; then
  pgo=1
  shift
fi
configure() {
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" "$@" >/dev/null
}
if ((pgo)); then
  profile="$build/pgo"
  rm -rf "$profile"
  configure -DRENDER_PGO=generate -DRENDER_PGO_DIR="$profile" -DRENDER_LTO=ON "$@"
  cmake --build "$build" -j "$(nproc)" --target gitops-render
  "$root/scripts/pgo-train.sh" "$build/gitops-render"
  configure -DRENDER_PGO=use -DRENDER_PGO_DIR="$profile" -DRENDER_LTO=ON "$@"
else
  configure -DRENDER_PGO= -DRENDER_LTO=OFF "$@"
fi
cmake --build "$build" -j "$(nproc)"
