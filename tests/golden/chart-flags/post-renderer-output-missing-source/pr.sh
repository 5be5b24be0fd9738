#!/bin/sh
cat >/dev/null
printf "kind: Untracked\n"
