#!/usr/bin/env bash
# Regenerate the real plan fixtures in fixtures/plans/ from the HCL beside them:
#   fixtures/plans/<name>/main.tf (+ modules/)  ->  fixtures/plans/<name>.json
# with ../shared/tools/tf-plan (Terraform + the AWS provider mirror, offline, fake credentials).
# Exits 0 with a message when tf-plan exits 3 (no terraform or no provider mirror here).
#
# Notes
# - Configurations without an aliased provider have no `provider "aws"` block: tf-plan adds one
#   with TF_PLAN_REGION (its alias scan fails on configurations whose provider blocks have no
#   alias), so the region of those fixtures is set here.
# - Post-processing (documented, deterministic, done with python3 below):
#   * data_source_vpc.json: an existing VPC read by a data source during plan appears only in
#     `prior_state`, and tf-plan cannot read data sources offline. The script adds
#     `data.aws_vpc.existing` (id vpc-0123456789abcdef0, 172.31.0.0/16) to `prior_state` and
#     its block to `configuration`, as Terraform would have written them.
#   * peering_routes_state.json: a `terraform show -json` state made by hand from
#     peering_routes.json's planned values: every unknown id gets a fixed fake id and every
#     reference is replaced by the referenced id (table LINKS below), so everything is known.
# - Plans keep `timestamp`; it changes on every run (harmless).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
fx=$here/fixtures/plans
tfplan=${TF_PLAN:-$here/../shared/tools/tf-plan}

declare -A regions=(
  [peering_routes]=""  # has its own provider blocks (default + alias "west")
  [nested_modules]=eu-west-1
  [for_each]=us-east-2
  [data_source_vpc]=ap-southeast-2
)

for name in peering_routes nested_modules for_each data_source_vpc; do
  echo "tf-plan $name" >&2
  status=0
  TF_PLAN_REGION=${regions[$name]:-us-east-1} "$tfplan" "$fx/$name" "$fx/$name.json.tmp" || status=$?
  if [[ $status -eq 3 ]]; then
    echo "make_plan_fixtures: tf-plan cannot run here (no terraform or provider mirror); fixtures left as they are" >&2
    rm -f "$fx/$name.json.tmp"
    exit 0
  elif [[ $status -ne 0 ]]; then
    rm -f "$fx/$name.json.tmp"
    echo "make_plan_fixtures: tf-plan failed for $name" >&2
    exit 1
  fi
  mv "$fx/$name.json.tmp" "$fx/$name.json"
done

python3 - "$fx" <<'EOF'
import json
import sys
from pathlib import Path

fx = Path(sys.argv[1])

# --- data_source_vpc: an existing VPC read during plan (only in prior_state) -----------------
path = fx / "data_source_vpc.json"
plan = json.loads(path.read_text())
existing = {
    "address": "data.aws_vpc.existing",
    "mode": "data",
    "type": "aws_vpc",
    "name": "existing",
    "provider_name": "registry.terraform.io/hashicorp/aws",
    "schema_version": 0,
    "values": {
        "arn": "arn:aws:ec2:ap-southeast-2:123456789012:vpc/vpc-0123456789abcdef0",
        "cidr_block": "172.31.0.0/16",
        "cidr_block_associations": [
            {"association_id": "vpc-cidr-assoc-0aaa", "cidr_block": "172.31.0.0/16", "state": "associated"}
        ],
        "default": False,
        "filter": None,
        "id": "vpc-0123456789abcdef0",
        "instance_tenancy": "default",
        "ipv6_cidr_block": "",
        "main_route_table_id": "rtb-0existingmain00",
        "owner_id": "123456789012",
        "state": None,
        "tags": {"Name": "existing"},
        "timeouts": None,
    },
    "sensitive_values": {"cidr_block_associations": [{}], "tags": {}},
}
plan["prior_state"] = {
    "format_version": "1.0",
    "terraform_version": plan.get("terraform_version", ""),
    "values": {"root_module": {"resources": [existing]}},
}
config = plan["configuration"]["root_module"]
config["resources"] = sorted(
    [r for r in config["resources"] if r["address"] != "data.aws_vpc.existing"]
    + [
        {
            "address": "data.aws_vpc.existing",
            "mode": "data",
            "type": "aws_vpc",
            "name": "existing",
            "provider_config_key": "aws",
            "expressions": {"id": {"references": ["var.existing_vpc_id"]}},
            "schema_version": 0,
        }
    ],
    key=lambda r: r["address"],
)
path.write_text(json.dumps(plan))

# --- peering_routes_state: a state made by hand from the plan's values, all known ------------
plan = json.loads((fx / "peering_routes.json").read_text())
IDS = {
    "aws_vpc.hub": "vpc-0hub000000000001",
    "aws_vpc.spoke_a": "vpc-0spokea00000001",
    "aws_vpc.spoke_b": "vpc-0spokeb00000001",
    "aws_subnet.hub": "subnet-0hub0000000001",
    "aws_subnet.spoke_a": "subnet-0spokea000001",
    "aws_subnet.spoke_b": "subnet-0spokeb000001",
    "aws_vpc_peering_connection.hub_a": "pcx-0huba0000000001",
    "aws_vpc_peering_connection.hub_b": "pcx-0hubb0000000001",
    "aws_vpc_peering_connection_accepter.hub_b": "pcx-0hubb0000000001",
    "aws_route_table.hub": "rtb-0hub00000000001",
    "aws_route_table_association.hub": "rtbassoc-0hub000001",
    "aws_default_route_table.hub": "rtb-0hubdefault0001",
    "aws_route.spoke_a_to_hub": "r-rtb-0spokeamain0011080289494",
}
MAIN_RTB = {"aws_vpc.hub": "rtb-0hubdefault0001", "aws_vpc.spoke_a": "rtb-0spokeamain001",
            "aws_vpc.spoke_b": "rtb-0spokebmain001"}
# attribute -> address whose id it holds (what the configuration references say)
LINKS = {
    "aws_subnet.hub": {"vpc_id": "aws_vpc.hub"},
    "aws_subnet.spoke_a": {"vpc_id": "aws_vpc.spoke_a"},
    "aws_subnet.spoke_b": {"vpc_id": "aws_vpc.spoke_b"},
    "aws_vpc_peering_connection.hub_a": {"vpc_id": "aws_vpc.hub", "peer_vpc_id": "aws_vpc.spoke_a"},
    "aws_vpc_peering_connection.hub_b": {"vpc_id": "aws_vpc.hub", "peer_vpc_id": "aws_vpc.spoke_b"},
    "aws_vpc_peering_connection_accepter.hub_b": {
        "vpc_peering_connection_id": "aws_vpc_peering_connection.hub_b",
        "vpc_id": "aws_vpc.spoke_b", "peer_vpc_id": "aws_vpc.hub"},
    "aws_route_table.hub": {"vpc_id": "aws_vpc.hub"},
    "aws_route_table_association.hub": {"subnet_id": "aws_subnet.hub", "route_table_id": "aws_route_table.hub"},
    "aws_default_route_table.hub": {"vpc_id": "aws_vpc.hub"},
    "aws_route.spoke_a_to_hub": {"vpc_peering_connection_id": "aws_vpc_peering_connection.hub_a"},
}
ROUTE_PEERING = {"10.1.0.0/16": "aws_vpc_peering_connection.hub_a",
                 "10.2.0.0/16": "aws_vpc_peering_connection.hub_b"}
resources = []
for res in plan["planned_values"]["root_module"]["resources"]:
    address = res["address"]
    values = dict(res["values"])
    values["id"] = IDS[address]
    for attr, target in LINKS.get(address, {}).items():
        values[attr] = IDS[target]
    if res["type"] == "aws_vpc":
        values["main_route_table_id"] = MAIN_RTB[address]
        values["default_route_table_id"] = MAIN_RTB[address]
    if address == "aws_default_route_table.hub":
        values["default_route_table_id"] = MAIN_RTB["aws_vpc.hub"]
    if address == "aws_route.spoke_a_to_hub":
        values["route_table_id"] = MAIN_RTB["aws_vpc.spoke_a"]
    if "route" in values and isinstance(values["route"], list):
        values["route"] = [
            dict(r, vpc_peering_connection_id=IDS[ROUTE_PEERING[r["cidr_block"]]])
            for r in values["route"]
        ]
    resources.append(dict(res, values=values, sensitive_values=res.get("sensitive_values") or {}))
state = {
    "format_version": "1.0",
    "terraform_version": plan["terraform_version"],
    "values": {"root_module": {"resources": resources}},
}
(fx / "peering_routes_state.json").write_text(json.dumps(state, indent=1) + "\n")
EOF
echo "fixtures written to $fx" >&2
