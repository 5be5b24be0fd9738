#!/usr/bin/env bash
# Side-by-side benchmark of `shipshape template` against `helm template`
# (Helm 3.17.3 and 4.1.4) on the charts in charts/ and on a generated large
# chart. Whole process, wall time (median of RUNS) and peak RSS.
#
#   bench/run.sh [RUNS]        (default 10)
#
# Needs Helm (installed by ../shared/tools/get-helm.sh into .helm/ when absent)
# and GNU time. Prints a Markdown table for the README.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-10}"
helm_dir="${HELM_DIR:-$root/.helm}"
if [ ! -x "$helm_dir/helm4" ]; then
  bash "$root/../shared/tools/get-helm.sh" "$helm_dir" >/dev/null
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
ship="$root/target/release/shipshape"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 "$root/bench/gen-large-chart.py" "$work/large" 100

# median wall seconds over $runs runs, each timed on its own (the median,
# because on a shared machine a few runs land on a busy moment and would
# drag a mean), and peak RSS of one run
measure() {
  local peak start end
  /usr/bin/time -f "%M" -o "$work/mem" "$@" >/dev/null 2>&1 || true
  peak=$(cat "$work/mem")
  : >"$work/walls"
  for _ in $(seq "$runs"); do
    start=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 || true
    end=$EPOCHREALTIME
    echo "$start $end" >>"$work/walls"
  done
  awk '{ print $2 - $1 }' "$work/walls" | sort -g |
    awk -v p="$peak" '{ w[NR] = $1 } END { printf "%.4f %d\n", (w[int((NR + 1) / 2)] + w[int(NR / 2) + 1]) / 2, p }'
}

echo "| chart | helm 3.17 | helm 4.1 | shipshape | speed-up vs helm 4 | peak RSS helm 4 / shipshape |"
echo "|---|---|---|---|---|---|"
cases=()
for chart in "$root"/charts/*/; do
  [ -f "$chart/Chart.yaml" ] || continue
  name=$(basename "$chart")
  cases+=("$name|$chart|")
  for env in "$chart"values-*.yaml; do
    [ -e "$env" ] || continue
    e=$(basename "$env" .yaml); e=${e#values-}
    cases+=("$name ($e)|$chart|$env")
  done
done
cases+=("large (400 templates)|$work/large|")
for c in "${cases[@]}"; do
  IFS='|' read -r label chart values <<<"$c"
  args=(template rel "$chart"); [ -z "$values" ] || args+=(-f "$values")
  read -r h3 m3 < <(measure "$helm_dir/helm3" "${args[@]}")
  read -r h4 m4 < <(measure "$helm_dir/helm4" "${args[@]}")
  read -r s ms < <(measure "$ship" "${args[@]}")
  ratio=$(awk -v a="$h4" -v b="$s" 'BEGIN { if (b > 0) printf "%.0fx", a / b; else print "n/a" }')
  echo "| $label | ${h3}s | ${h4}s | ${s}s | $ratio | $((m4 / 1024)) MB / $((ms / 1024)) MB |"
done
