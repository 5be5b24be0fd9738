#!/bin/sh
echo "added: before"
cat
printf -- "---\n# Source: mini/templates/cm.yaml\nextra: doc\n"
