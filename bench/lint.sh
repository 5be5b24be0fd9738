#!/usr/bin/env bash
# `shipshape lint --all-envs charts` against the tools it replaces, run one
# after another on the same work: for every chart in charts/ and every
# environment (values-<env>.yaml), `helm lint` and `helm template` (Helm 4.1).
# Whole process, mean wall time over RUNS, peak RSS of one run.
#
#   bench/lint.sh [RUNS]        (default 5)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
helm_dir="${HELM_DIR:-$root/.helm}"
if [ ! -x "$helm_dir/helm4" ]; then
  bash "$root/../shared/tools/get-helm.sh" "$helm_dir" >/dev/null
fi
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
ship="$root/target/release/shipshape"
helm="$helm_dir/helm4"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

helm_all() {
  for chart in "$root"/charts/*/; do
  [ -f "$chart/Chart.yaml" ] || continue
    for env in "$chart"values-*.yaml; do
      "$helm" lint "$chart" -f "$env" >/dev/null 2>&1 || true
      "$helm" template web "$chart" -f "$env" >/dev/null 2>&1 || true
    done
  done
}

mean() {
  local start end
  start=$(date +%s.%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v n="$runs" 'BEGIN { printf "%.3f", (e - s) / n }'
}

ship_time=$(mean "$ship" lint --all-envs "$root/charts")
/usr/bin/time -f "%M" -o "$work/mem" "$ship" lint --all-envs "$root/charts" >/dev/null 2>&1 || true
ship_mem=$(( $(cat "$work/mem") / 1024 ))
helm_time=$(mean helm_all)
pairs=$(ls "$root"/charts/*/values-*.yaml | wc -l)
echo "| work | helm lint + helm template (helm 4.1), one after another | shipshape lint --all-envs | speed-up |"
echo "|---|---|---|---|"
awk -v p="$pairs" -v h="$helm_time" -v s="$ship_time" -v m="$ship_mem" 'BEGIN {
  printf "| %d chart/environment pairs in charts/ | %.3fs | %.3fs (peak RSS %d MB; also schemas, policies, server rules) | %.0fx |\n", p, h, s, m, h / s }'
