#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Makes data/starter-model.json, the model a new workspace scores with until it has outcomes of
# its own: the demo world is generated (data/demo/generate-demo-world.py, fixed seed), imported
# into a scratch workspace, and trained on with the project's own CLI. Same inputs, same model.
#
# Usage: build-aux/make-starter-model.sh BUILD_DIR [OUT.json]
#   (OUT defaults to data/starter-model.json; `make starter-model` runs it)
set -eu
build=${1:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$top/data/starter-model.json}
cli="$build/src/cli/hotlist-cli"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

python3 "$top/data/demo/generate-demo-world.py" --out-dir "$scratch"
cmp -s "$scratch/demo-leads.csv" "$top/data/demo/demo-leads.csv" ||
  echo "note: data/demo/demo-leads.csv differs from a fresh generation; regenerate it too" >&2
db="$scratch/demo.hotlist"
"$cli" --db "$db" import "$scratch/demo-leads.csv" --json
"$cli" --db "$db" import-activities "$scratch/demo-activities.csv" --json
"$cli" --db "$db" train --name "Starter model (demo world)" --json > "$scratch/train.json"
cat "$scratch/train.json"
id=$(sed -n 's/^ *"model_id" : \([0-9]*\),*$/\1/p' "$scratch/train.json")
"$cli" --db "$db" models export "$id" "$out"
echo "wrote $out"
