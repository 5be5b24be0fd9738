#!/usr/bin/env bash
# Creates a one-template golden case and records Helm's output for it.
#
#   tests/golden/new-case.sh SUITE/NAME 'TEMPLATE TEXT' ['VALUES YAML'] [ARG...]
#
# The template becomes chart/templates/t.yaml of a chart named `mini`; the
# values become chart/values.yaml; ARGs go to `args`, one per line.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
name="$1"; template="$2"; values="${3:-}"; shift $(( $# < 3 ? $# : 3 ))
dir="$here/$name"
rm -rf "$dir"; mkdir -p "$dir/chart/templates"
printf 'apiVersion: v2\nname: mini\nversion: 0.1.0\n' >"$dir/chart/Chart.yaml"
printf '%s\n' "$template" >"$dir/chart/templates/t.yaml"
[ -z "$values" ] || printf '%s\n' "$values" >"$dir/chart/values.yaml"
if [ $# -gt 0 ]; then printf '%s\n' "$@" >"$dir/args"; fi
"$here/regen.sh" "$dir"
echo "$name: helm3 rc=$(cat "$dir/helm3.code") helm4 rc=$(cat "$dir/helm4.code")"
