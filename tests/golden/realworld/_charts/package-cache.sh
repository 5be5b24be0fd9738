#!/usr/bin/env bash
# Packages the cache chart (with its own copy of the common library) into
# dbstack/charts/cache-0.3.1.tgz, the way `helm package` lays it out:
# one top-level directory named after the chart. Re-run after editing cache/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cp -r "$here/cache" "$tmp/cache"
mkdir -p "$tmp/cache/charts"
cp -r "$here/dbstack/charts/common" "$tmp/cache/charts/common"
# Fixed owner and mtime so the archive is reproducible.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00:00Z' \
  -C "$tmp" -cf - cache | gzip -n >"$here/dbstack/charts/cache-0.3.1.tgz"
