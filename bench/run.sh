#!/usr/bin/env bash
# Benchmark: gitops-render render against the real `helm template` on bench/chart with N = 10, 100, 1000
# workloads, in one run. For each N both tools render the same chart and values several times; the
# outputs must be byte-identical (the script fails loudly otherwise); it prints the median wall time and
# the median peak resident memory of each tool and the speed ratio helm/ours.
#
# Usage: bench/run.sh [--runs R] [--sizes "10 100 1000"] [--build DIR] [--helm-only] [--as-written]
#   --build       build directory holding gitops-render (default: <repo>/build)
#   --helm-only   measure helm alone (while the engine cannot render the chart yet)
#   --as-written  leave both executables cached as they are (see bench/cache_executable.py)
# Needs python3 (bench/measure.py times each run) and helm at .tools/bin/helm
# (scripts/install-test-tools.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=5
sizes="10 100 1000"
build="$root/build"
helm_only=0
as_written=0
while (($#)); do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --helm-only) helm_only=1; shift ;;
    --as-written) as_written=1; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
helm="$root/.tools/bin/helm"
ours="$build/gitops-render"
[[ -x "$helm" ]] || { echo "error: $helm missing: run scripts/install-test-tools.sh" >&2; exit 2; }
if ((!helm_only)) && [[ ! -x "$ours" ]]; then
  echo "error: $ours missing: build it (cmake --build $build --target gitops-render) or pass --helm-only" >&2
  exit 2
fi
# Both executables are cached afresh in the largest pages the kernel will use for them, so that
# how each file happened to be written (a linker's small pieces, an archive's extraction) does
# not decide what starting it costs (bench/README.md has the figures both ways).
if ((!as_written)); then
  executables=("$helm")
  ((helm_only)) || executables+=("$ours")
  python3 "$root/bench/cache_executable.py" "${executables[@]}"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run_once NAME OUTFILE CMD...: runs CMD once; appends "wall_microseconds peak_kb" to $work/NAME.m
# (bench/measure.py: from spawning CMD to reaping it, and the kernel's peak RSS of the process).
run_once() {
  local name=$1 out=$2
  shift 2
  if ! python3 "$root/bench/measure.py" "$out" "$work/$name.err" -- "$@" >>"$work/$name.m"; then
    echo "error: $name failed:" >&2
    head -20 "$work/$name.err" >&2
    exit 1
  fi
}
# fastest_slowest FILE: the least and the greatest wall time in FILE, in ms
fastest_slowest() { awk '{v=$1/1000; if (NR==1||v<lo) lo=v; if (NR==1||v>hi) hi=v} END {printf "%.1f-%.1f", lo, hi}' "$1"; }
# median COLUMN FILE
median() { awk -v c="$1" '{print $c}' "$2" | sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

echo "machine: $(uname -srm), $(nproc) CPUs, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
echo "helm: $("$helm" version --short)   runs per measurement: $runs (medians)"
printf '%-6s %-8s %12s %12s %12s %12s %9s\n' N objects helm_ms helm_MB ours_ms ours_MB speedup
status=0
spreads=()
for n in $sizes; do
  values="$work/values-$n.yaml"
  python3 "$root/bench/gen_values.py" "$n" >"$values"
  args=(rel "$root/bench/chart" -f "$values")
  helm_cmd=("$helm" template "${args[@]}")
  ours_cmd=("$ours" render "${args[@]}")
  # One run of each first, not counted (page cache, binaries), then the counted runs in turn,
  # helm then ours, so that a drift in the shared machine's speed reaches both alike.
  run_once "helm-$n" "$work/helm-$n.out" "${helm_cmd[@]}"
  ((helm_only)) || run_once "ours-$n" "$work/ours-$n.out" "${ours_cmd[@]}"
  : >"$work/helm-$n.m"
  : >"$work/ours-$n.m"
  for ((i = 0; i < runs; i++)); do
    run_once "helm-$n" "$work/helm-$n.out" "${helm_cmd[@]}"
    ((helm_only)) || run_once "ours-$n" "$work/ours-$n.out" "${ours_cmd[@]}"
  done
  h_us=$(median 1 "$work/helm-$n.m"); h_kb=$(median 2 "$work/helm-$n.m")
  objects=$(grep -c '^kind: ' "$work/helm-$n.out" || true)
  if ((helm_only)); then
    awk -v n="$n" -v o="$objects" -v hu="$h_us" -v hk="$h_kb" \
      'BEGIN {printf "%-6s %-8s %12.1f %12.1f %12s %12s %9s\n", n, o, hu/1000, hk/1024, "pending", "pending", "-"}'
    spreads+=("N=$n: helm $(fastest_slowest "$work/helm-$n.m") ms")
    continue
  fi
  if ! cmp -s "$work/helm-$n.out" "$work/ours-$n.out"; then
    echo "FAIL N=$n: gitops-render output differs from helm template:" >&2
    diff -u "$work/helm-$n.out" "$work/ours-$n.out" | head -40 >&2
    status=1
    continue
  fi
  o_us=$(median 1 "$work/ours-$n.m"); o_kb=$(median 2 "$work/ours-$n.m")
  awk -v n="$n" -v o="$objects" -v hu="$h_us" -v hk="$h_kb" -v ou="$o_us" -v ok="$o_kb" \
    'BEGIN {printf "%-6s %-8s %12.1f %12.1f %12.1f %12.1f %8.1fx\n", n, o, hu/1000, hk/1024, ou/1000, ok/1024, hu/ou}'
  spreads+=("N=$n: helm $(fastest_slowest "$work/helm-$n.m") ms, gitops-render $(fastest_slowest "$work/ours-$n.m") ms")
done
if ((${#spreads[@]})); then
  echo "fastest-slowest of $runs runs:"
  printf '  %s\n' "${spreads[@]}"
fi
exit $status
