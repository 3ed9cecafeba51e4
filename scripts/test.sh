#!/usr/bin/env bash
# Installs everything the tests need, builds, and runs every test suite.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" --test
"$root/scripts/install-test-tools.sh"
"$root/scripts/check-format.sh"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j "$(nproc)"
