#!/usr/bin/env bash
# Regenerate the transit-gateway acceptance plans (issue 12): fixtures/transit/<case>.json for
# every case folder, each a real plan made offline by ../shared/tools/tf-plan (Terraform with
# the AWS provider 5.100). Run from the repository root; no argument regenerates all cases.
set -euo pipefail
cd "$(dirname "$0")/.."
tf_plan=${TF_PLAN:-../shared/tools/tf-plan}
[[ -x $tf_plan ]] || tf_plan=/work/shared/tools/tf-plan
cases=("$@")
if [[ ${#cases[@]} -eq 0 ]]; then
  cases=(fixtures/transit/*/)
fi
for case in "${cases[@]}"; do
  case=${case%/}
  "$tf_plan" "$case" "$case.json" >/dev/null
  echo "wrote $case.json"
done
