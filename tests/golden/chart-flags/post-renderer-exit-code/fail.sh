#!/bin/sh
cat >/dev/null
echo "partial output"
echo "renderer broke" >&2
echo "second line" >&2
exit 3
