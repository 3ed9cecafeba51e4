#!/usr/bin/env bash
# pre-commit hook: the repository's app-config and overlays are valid, the generated files are
# what generation from the committed config gives, and the chart renders.
# Uses $GITOPS_RENDER when set, else gitops-render from PATH.
set -euo pipefail
bin="${GITOPS_RENDER:-gitops-render}"
if ! command -v "$bin" >/dev/null 2>&1; then
  echo "gitops-render not found: install it or set GITOPS_RENDER to its path" >&2
  exit 3
fi
root=$(git rev-parse --show-toplevel)
exec "$bin" check --repo "$root" "$@"
