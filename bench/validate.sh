#!/usr/bin/env bash
# Validation throughput of the CLI: a stream of N realistic resources (the
# renders of charts/webapp and charts/platform in every environment, copied
# under new names until there are N; the CRDs of their custom resources
# given with --crd, as a CI gate would), checked by `shipshape validate
# --strict` (also on a copy where one resource in ten is invalid) and by
# `shipshape lint` (all families). Whole process: wall time, CPU time,
# resources per second, peak RSS.
#
#   bench/validate.sh [N]        (default 20000)
#
# With kubernetes-validate on PATH (pip install kubernetes-validate==1.37.0)
# it is timed on the first 500 resources of the same stream.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
n="${1:-20000}"
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
ship="$root/target/release/shipshape"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
for chart in webapp platform; do
  for env in dev staging prod; do
    "$ship" template web "$root/charts/$chart" --env "$env" --include-crds >> "$work/base.yaml"
  done
done
python3 - "$work/base.yaml" "$n" "$work/stream.yaml" "$work/errors.yaml" <<'PY'
import re, sys
docs = [d for d in open(sys.argv[1]).read().split("\n---\n") if "kind:" in d]
n = int(sys.argv[2])
out = []
while len(out) < n:
    for d in docs:
        if len(out) == n:
            break
        # A unique name per document, so no two resources collide.
        k = len(out)
        out.append(re.sub(r"(\n  name: )(\S+)", lambda m: f"{m.group(1)}{m.group(2).strip(chr(34))}-{k}", d, count=1))
open(sys.argv[3], "w").write("---\n" + "\n---\n".join(out) + "\n")
# The same stream with one resource in ten broken: a field no schema has
# (an error under --strict), to time the reporting path too.
broken = [d + "\nnotAField: true" if i % 10 == 0 else d for i, d in enumerate(out)]
open(sys.argv[4], "w").write("---\n" + "\n---\n".join(broken) + "\n")
PY
count=$(grep -c '^kind:' "$work/stream.yaml" || true)
# The fastest of three runs (the figures of one run, wall time first).
run() {
  local label="$1"; shift
  : >"$work/runs"
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$work/t" >>"$work/runs"
  done
  read -r wall user sys rss < <(sort -n "$work/runs" | head -n 1)
  awk -v l="$label" -v n="$count" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
    printf "| %s | %d | %.2fs | %.2fs | %.0f | %d MB |\n", l, n, w, u + s, n / (w > 0 ? w : 0.001), r / 1024 }'
}
echo "| command | resources | wall | CPU | resources/s (wall) | peak RSS |"
echo "|---|---|---|---|---|---|"
crds="$root/charts/crds"
run "shipshape validate --strict" "$ship" validate --strict --kube-version 1.35 --crd "$crds" "$work/stream.yaml"
run "shipshape validate --strict (10% invalid)" "$ship" validate --strict --kube-version 1.35 --crd "$crds" "$work/errors.yaml"
run "shipshape lint (all families)" "$ship" lint --kube-version 1.35 --crd "$crds" "$work/stream.yaml"
run "shipshape lint --checks policy" "$ship" lint --checks policy "$work/stream.yaml"
if command -v kubernetes-validate >/dev/null; then
  python3 -c "import sys; d=open(sys.argv[1]).read().split('\n---\n'); print('\n---\n'.join(d[:501]))" "$work/stream.yaml" > "$work/small.yaml"
  count=500 run "kubernetes-validate -k 1.35 --strict (500)" kubernetes-validate -k 1.35 --strict "$work/small.yaml"
fi
