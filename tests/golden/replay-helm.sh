#!/usr/bin/env bash
# A stand-in for `shipshape` that replays the recorded Helm output of the case it
# runs in, to test the golden runner itself:
#
#   GOLDEN_BIN=tests/golden/replay-helm.sh cargo test --test golden
#
# must report no failures. Helm 3 is chosen by a trailing `--helm-compat 3`.
v=4
if [ "$#" -ge 2 ] && [ "${*: -2:1}" = "--helm-compat" ]; then v="${*: -1}"; fi
cat "helm$v.stdout" 2>/dev/null
cat "helm$v.stderr" >&2 2>/dev/null
exit "$(cat "helm$v.code")"
