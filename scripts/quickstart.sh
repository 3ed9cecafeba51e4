#!/usr/bin/env bash
# The main job on the bundled example: install, build, then generate the shop example into out/shop.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
"$root/build/gitops-render" validate "$root/examples/shop.json"
"$root/build/gitops-render" generate --input "$root/examples/shop.json" --out "$root/out/shop"
echo "generated: out/shop"
