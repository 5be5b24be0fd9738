#!/bin/sh
for a in "$@"; do echo "# arg: [$a]"; done
cat
