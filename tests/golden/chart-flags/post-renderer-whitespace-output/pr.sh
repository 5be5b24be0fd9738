#!/bin/sh
cat >/dev/null
printf "\n\n  \n"
