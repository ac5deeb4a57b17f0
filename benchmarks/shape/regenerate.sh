#!/usr/bin/env bash
# Re-make plan.json, the real plan the synthetic benchmark plans are compared with.
# Needs terraform and the AWS provider mirror (see ../../../shared/tools/tf-plan).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tf_plan=${TF_PLAN:-$here/../../../shared/tools/tf-plan}
"$tf_plan" "$here" "$here/plan.json.tmp"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["timestamp"]="2026-11-22T00:00:00Z"; json.dump(d, open(sys.argv[2],"w"), indent=1, sort_keys=False); print(file=open(sys.argv[2],"a"))' "$here/plan.json.tmp" "$here/plan.json"
rm -f "$here/plan.json.tmp"
