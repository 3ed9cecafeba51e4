#!/usr/bin/env bash
# Rewrites tests/golden/<case>/expected/ from the current build. Review the diff like code: a
# changed golden file is a changed behaviour.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
python3 "$root/tests/golden/run_golden.py" "${BUILD_DIR:-$root/build}" --update
git -C "$root" status --short tests/golden
