#!/usr/bin/env bash
# Records real Helm's stdout, stderr and exit code for golden cases.
#
#   tests/golden/regen.sh              every case
#   tests/golden/regen.sh DIR...       only these case directories (or suites)
#
# A case is a directory holding `chart/` (the chart) and optionally `args`
# (extra arguments, one per line, given after `template rel chart`) and
# `positional` (arguments replacing `rel chart`, one per line). Helm runs
# inside the case directory with TZ=UTC; it writes helm3.{stdout,stderr,code}
# (v3.17.3) and helm4.{stdout,stderr,code} (v4.1.4) beside them. The tests
# read those files and never need Helm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
helm_dir="${HELM_DIR:-$root/.helm}"
if [ ! -x "$helm_dir/helm3" ] || [ ! -x "$helm_dir/helm4" ]; then
  shared="$root/../shared/tools/get-helm.sh"
  [ -x "$shared" ] || shared="$(dirname "$root")/shared/tools/get-helm.sh"
  bash "$shared" "$helm_dir" >/dev/null
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("$here")
find "${targets[@]}" -name chart \( -type d -o -type l \) -prune -print | sort | while read -r chart; do
  case_dir="$(dirname "$chart")"
  args=()
  positional=(rel chart)
  if [ -f "$case_dir/positional" ]; then
    positional=()
    while IFS= read -r line || [ -n "$line" ]; do positional+=("$line"); done < "$case_dir/positional"
  fi
  if [ -f "$case_dir/args" ]; then
    while IFS= read -r line || [ -n "$line" ]; do args+=("$line"); done < "$case_dir/args"
  fi
  for v in 3 4; do
    set +e
    (cd "$case_dir" && TZ=UTC HOME=/nonexistent-shipshape-home \
      HELM_CACHE_HOME=/tmp/shipshape-helm-cache HELM_CONFIG_HOME=/tmp/shipshape-helm-config \
      HELM_DATA_HOME=/tmp/shipshape-helm-data \
      "$helm_dir/helm$v" template ${positional[@]+"${positional[@]}"} ${args[@]+"${args[@]}"} \
      >"helm$v.stdout" 2>"helm$v.stderr" </dev/null)
    echo $? >"$case_dir/helm$v.code"
    set -e
  done
done
