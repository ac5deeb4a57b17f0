#!/usr/bin/env bash
# Regenerate the plans of fixtures/reach/<case>.json from fixtures/reach/<case>/ with tf-plan
# (real Terraform + AWS provider, offline). Usage: scripts/make_reach_fixtures.sh [CASE ...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tf_plan=${TF_PLAN:-$root/../shared/tools/tf-plan}
cd "$root/fixtures/reach"
cases=("$@")
if [[ ${#cases[@]} -eq 0 ]]; then
  for dir in */; do cases+=("${dir%/}"); done
fi
for case in "${cases[@]}"; do
  "$tf_plan" "$case" "$case.json"
  echo "fixtures/reach/$case.json"
done
