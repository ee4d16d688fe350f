#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that the shipped demo world and starter model are what their generator and the CLI
# make today: regenerates both in a scratch folder and compares them byte for byte.
#
# Usage: build-aux/check-starter-model.sh BUILD_DIR
set -eu
build=$1
top=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

python3 "$top/data/demo/generate-demo-world.py" --out-dir "$scratch" > /dev/null
for f in demo-leads.csv demo-activities.csv; do
  if ! cmp -s "$scratch/$f" "$top/data/demo/$f"; then
    echo "data/demo/$f is not what generate-demo-world.py makes" >&2
    exit 1
  fi
done
"$top/build-aux/make-starter-model.sh" "$build" "$scratch/starter-model.json" > /dev/null
if ! cmp "$scratch/starter-model.json" "$top/data/starter-model.json"; then
  echo "data/starter-model.json is not what build-aux/make-starter-model.sh makes" >&2
  exit 1
fi
echo "demo world and starter model reproduced byte for byte"
