#!/usr/bin/env bash
# Regenerate the issue-17 plan fixtures: fixtures/modules17/<cause>/main.tf (+ modules/)
#   ->  fixtures/modules17/<cause>/plan.json
# with tf-plan from ../shared/tools (Terraform + the AWS provider mirror, offline, fake credentials).
# Usage: scripts/make_modules17_fixtures.sh [CAUSE ...]   (default: every folder there)
# Exits 0 with a message when tf-plan exits 3 (no terraform or no provider mirror here).
#
# Notes
# - The configurations have no `provider "aws"` block: tf-plan adds one with TF_PLAN_REGION,
#   so each fixture's region is set here (us-east-1 unless listed).
# - No post-processing: every plan.json is exactly what `terraform show -json` wrote. Data
#   sources in these configurations read managed resources, so Terraform defers them to apply
#   and nothing calls AWS.
# - Plans keep `timestamp`; it changes on every run (harmless).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
fx=$here/fixtures/modules17
# tf-plan lives in ../shared/tools beside the main checkout (two levels up from a worktree
# under wt/); TF_PLAN overrides both
tfplan=${TF_PLAN:-}
if [[ -z $tfplan ]]; then
  for candidate in "$here/../shared/tools/tf-plan" "$here/../../shared/tools/tf-plan"; do
    [[ -x $candidate ]] && { tfplan=$candidate; break; }
  done
fi
if [[ -z $tfplan || ! -x $tfplan ]]; then
  echo "make_modules17_fixtures: no tf-plan found (set TF_PLAN); fixtures left as they are" >&2
  exit 0
fi

declare -A regions=(
  [complete_example]=eu-west-1  # the community example's region; its zones are eu-west-1a..c
)

if [[ $# -gt 0 ]]; then
  names=("$@")
else
  names=()
  for dir in "$fx"/*/; do
    [[ -f $dir/main.tf ]] && names+=("$(basename "$dir")")
  done
fi

for name in "${names[@]}"; do
  [[ -f $fx/$name/main.tf ]] || { echo "make_modules17_fixtures: no $fx/$name/main.tf" >&2; exit 1; }
  echo "tf-plan $name" >&2
  out=$fx/$name/plan.json
  status=0
  # write beside the plan first, so a failed run leaves the committed plan.json alone
  TF_PLAN_REGION=${regions[$name]:-us-east-1} "$tfplan" "$fx/$name" "$out.tmp" || status=$?
  if [[ $status -eq 3 ]]; then
    echo "make_modules17_fixtures: tf-plan cannot run here (no terraform or provider mirror); fixtures left as they are" >&2
    rm -f "$out.tmp"
    exit 0
  elif [[ $status -ne 0 ]]; then
    rm -f "$out.tmp"
    echo "make_modules17_fixtures: tf-plan failed for $name" >&2
    exit 1
  fi
  mv "$out.tmp" "$out"
done
echo "fixtures written to $fx" >&2
