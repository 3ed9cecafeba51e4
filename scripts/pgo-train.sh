#!/usr/bin/env bash
# The training run of a profile-guided build (scripts/build.sh --pgo): the instrumented
# gitops-render given as $1 renders the benchmark chart (bench/chart) with 10, 100 and 1000
# workloads, on its threads and on one, which is what the profile then optimises for. Needs
# python3 (for bench/gen_values.py).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:?usage: pgo-train.sh <instrumented gitops-render>}
command -v python3 >/dev/null || {
  echo "pgo-train.sh: python3 is needed (scripts/install-deps.sh --test installs it)" >&2
  exit 1
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for n in 10 100 1000; do
  python3 "$root/bench/gen_values.py" "$n" >"$work/values-$n.yaml"
  "$bin" render --chart "$root/bench/chart" -f "$work/values-$n.yaml" --release rel >/dev/null
done
"$bin" render --jobs 1 --chart "$root/bench/chart" -f "$work/values-1000.yaml" --release rel \
  >/dev/null
