#!/usr/bin/env bash
# Installs everything the tests need, builds, and runs every test suite: once in the normal
# build, then the unit, input, golden, fuzz-seed and CLI output suites again under ASan and UBSan.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" --test
"$root/scripts/install-test-tools.sh"
"$root/scripts/check-format.sh"
"$root/scripts/build.sh"
(cd "$root/build" && ctest --output-on-failure -j "$(nproc)")
BUILD_DIR="$root/build-sanitize" BUILD_TYPE=RelWithDebInfo "$root/scripts/build.sh" \
  -DRENDER_SANITIZE=ON -DRENDER_BENCH=OFF
cd "$root/build-sanitize"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  LSAN_OPTIONS="suppressions=$root/tests/sanitize/lsan.supp" \
  ctest --output-on-failure -j "$(nproc)" -L 'unit|inputs|golden|fuzz|cli'
