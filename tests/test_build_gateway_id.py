"""`gateway_id` holding a transit gateway's id (issue 17, cause 6): the provider accepts it,
and the route goes to the transit gateway, in plan, plan + --source-dir and HCL alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from build_helpers import ref, res, topo

from tflint_vpc.api import LintRequest, lint, load_inputs
from tflint_vpc.build import build
from tflint_vpc.model import TargetKind

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "modules17" / "inline_tgw_gateway_id"
MODES = {
    "plan": LintRequest(paths=(str(FIXTURE / "plan.json"),)),
    "plan+src": LintRequest(paths=(str(FIXTURE / "plan.json"),), source_dir=str(FIXTURE)),
    "hcl": LintRequest(paths=(str(FIXTURE),)),
}


@pytest.mark.parametrize("mode", MODES)
def test_inline_gateway_id_naming_a_transit_gateway(mode: str) -> None:
    (inventory,), errors = load_inputs(MODES[mode])
    assert errors == []
    topology = build(inventory)
    routes = {r.address: r for r in topology.routes_of("aws_route_table.app")}
    tgw = routes["aws_route_table.app.route[0]"]
    assert (tgw.target_kind, tgw.target) == (
        TargetKind.TRANSIT_GATEWAY,
        "aws_ec2_transit_gateway.hub",
    )
    peering = routes["aws_route_table.app.route[1]"]
    assert (peering.target_kind, peering.target) == (
        TargetKind.PEERING,
        "aws_vpc_peering_connection.app_partner",
    )
    table = topology.route_table("aws_route_table.app")
    assert table is not None and table.routes_complete


@pytest.mark.parametrize("mode", MODES)
def test_inline_tgw_gateway_id_findings_of_expected_md(mode: str) -> None:
    result = lint(MODES[mode])
    found = [(d.rule_id, d.address, d.message) for d in result.diagnostics]
    # the peers have no routes back (TFVPC007 warns of that, correctly), and shared has no
    # route to the hub (TFVPC023, correctly): beside the point here
    beside = {"TFVPC007", "TFVPC023"}
    assert [(code, address) for code, address, _ in found if code not in beside] == [
        ("TFVPC005", "aws_instance.app_xen_fail")
    ]
    found = [f for f in found if f[0] == "TFVPC005"]
    assert "aws_vpc_endpoint.partner_ssm" in found[0][2]
    assert "aws_vpc_peering_connection.app_partner" in found[0][2]


def test_literal_tgw_id_in_gateway_id() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res(
            "aws_route_table.a",
            vpc_id=ref("aws_vpc.a"),
            route=(
                {"cidr_block": "10.9.0.0/16", "gateway_id": "tgw-0123456789abcdef0"},
                {"cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"},
            ),
        ),
        kind="state",
    )
    assert [(r.target_kind, r.target) for r in t.routes] == [
        (TargetKind.TRANSIT_GATEWAY, "tgw-0123456789abcdef0"),
        (TargetKind.INTERNET_GATEWAY, "igw-1"),
    ]
