#!/usr/bin/env bash
# Benchmark of `shipshape diff`: two renders of a generated large chart
# (bench/gen-large-chart.py, 4 resources per service) that differ in a
# common label, so every resource is changed and diffed. Sizes 200, 400,
# 800 and 1600 resources show how time grows. Median of RUNS runs,
# in-process (examples/diff_bench.rs), release build.
#
#   bench/diff.sh [RUNS]        (default 5)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-5}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
charts=()
for services in 50 100 200 400; do
  python3 "$root/bench/gen-large-chart.py" "$work/large-$services" "$services"
  charts+=("$work/large-$services")
done
cargo run --release --quiet --manifest-path "$root/Cargo.toml" --example diff_bench -- "$runs" "${charts[@]}"
