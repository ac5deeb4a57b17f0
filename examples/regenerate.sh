#!/usr/bin/env bash
# Regenerate the bundled example plan from its HCL with ../shared/tools/tf-plan (real Terraform,
# offline). Exit 3 from tf-plan means this machine has no Terraform: nothing is changed then.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tf_plan=${TF_PLAN:-$here/../../shared/tools/tf-plan}
# tf-plan writes OUT relative to its scratch folder, so give it an absolute path.
"$tf_plan" "$here/hub-and-spoke" "$here/hub-and-spoke.plan.json"
