#!/bin/sh
echo "noise on stderr" >&2
cat
