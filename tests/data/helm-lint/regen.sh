#!/bin/sh
# Records `helm lint` for each case (all, or those named): run in the case
# directory as `helm lint chart ARGS` (ARGS from the `args` file, split on
# whitespace); the case's absolute path is replaced by @CASE@.
set -u
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
cases=${*:-$(ls -d */ | tr -d /)}
for c in $cases; do
  dir="$here/$c"
  args=$(cat "$dir/args" 2>/dev/null || true)
  for v in 3 4; do
    # shellcheck disable=SC2086
    (cd "$dir" && /work/.helm/helm$v lint chart $args >"helm$v.stdout" 2>"helm$v.stderr"; echo $? >"helm$v.code")
    sed -i "s#$dir#@CASE@#g" "$dir/helm$v.stdout" "$dir/helm$v.stderr"
  done
done
