#!/usr/bin/env bash
# Validation throughput of the CLI: a stream of N realistic resources (the
# renders of charts/webapp and charts/platform in every environment, copied
# under new names until there are N), checked by `shipshape validate
# --strict` and by `shipshape lint` (all families). Whole process: wall
# time, CPU time, resources per second, peak RSS.
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
python3 - "$work/base.yaml" "$n" > "$work/stream.yaml" <<'PY'
import re, sys
docs = [d for d in open(sys.argv[1]).read().split("\n---\n") if "kind:" in d]
n = int(sys.argv[2])
out = []
i = 0
while len(out) < n:
    for d in docs:
        if len(out) == n:
            break
        # A unique name per copy, so no two resources collide.
        out.append(re.sub(r"(\n  name: )(\S+)", lambda m: f"{m.group(1)}{m.group(2).strip(chr(34))}-{i}", d, count=1))
    i += 1
print("---\n" + "\n---\n".join(out))
PY
count=$(grep -c '^kind:' "$work/stream.yaml" || true)
run() {
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" >/dev/null 2>&1 || true
  read -r wall user sys rss < <(tail -n 1 "$work/t")
  awk -v l="$label" -v n="$count" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN {
    printf "| %s | %d | %.2fs | %.2fs | %.0f | %d MB |\n", l, n, w, u + s, n / (w > 0 ? w : 0.001), r / 1024 }'
}
echo "| command | resources | wall | CPU | resources/s (wall) | peak RSS |"
echo "|---|---|---|---|---|---|"
run "shipshape validate --strict" "$ship" validate --strict --kube-version 1.35 "$work/stream.yaml"
run "shipshape lint (all families)" "$ship" lint --kube-version 1.35 "$work/stream.yaml"
run "shipshape lint --checks policy" "$ship" lint --checks policy "$work/stream.yaml"
if command -v kubernetes-validate >/dev/null; then
  python3 -c "import sys; d=open(sys.argv[1]).read().split('\n---\n'); print('\n---\n'.join(d[:501]))" "$work/stream.yaml" > "$work/small.yaml"
  count=500 run "kubernetes-validate -k 1.35 --strict (500)" kubernetes-validate -k 1.35 --strict "$work/small.yaml"
fi
