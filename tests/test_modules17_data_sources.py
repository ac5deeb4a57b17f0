"""Issue 17, cause 1: `data "aws_vpc"` (and `aws_subnet`) lookups of managed resources by id.

A data source whose `id` names a managed resource of the input *is* that resource: links to
it resolve to the managed node, and it is no node of its own. The fixture
`fixtures/modules17/data_source_lookup` (real plan) is checked in every mode against its
EXPECTED.md; hand-made inventories pin the resolver's edges (build_helpers.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from build_helpers import ref, res, topo

from tflint_vpc.api import LintRequest, lint
from tflint_vpc.hcl.functions import call
from tflint_vpc.inventory import UNKNOWN, Ref

FIXTURE = Path(__file__).parent.parent / "fixtures" / "modules17" / "data_source_lookup"
MODES = {
    "hcl": LintRequest(paths=(str(FIXTURE),)),
    "plan": LintRequest(paths=(str(FIXTURE / "plan.json"),)),
    "plan+src": LintRequest(paths=(str(FIXTURE / "plan.json"),), source_dir=str(FIXTURE)),
}


@pytest.mark.parametrize("mode", MODES)
def test_fixture_findings_in_every_mode(mode: str) -> None:
    result = lint(MODES[mode])
    assert not result.errors
    # (the peerings carry no routes: TFVPC008 notices them, beside the point here)
    found = sorted((d.rule_id, d.address) for d in result.diagnostics if d.rule_id != "TFVPC008")
    assert found == [
        ("TFVPC001", "aws_vpc_peering_connection.billing_reporting_fail"),
        ("TFVPC001", "module.audit_archive_fail.aws_vpc_peering_connection.this[0]"),
    ]
    archive = next(d for d in result.diagnostics if "audit_archive" in d.address)
    # the overlap is with the secondary block of the looked-up VPC, not of a CIDR-less copy
    assert "10.61.64.0/18" in archive.message and "aws_vpc.archive" in archive.message


# --- the resolver ---------------------------------------------------------------------------


def test_plan_data_vpc_by_id_is_the_managed_vpc() -> None:
    t = topo(
        res("aws_vpc.app", cidr_block="10.0.0.0/16", id=UNKNOWN),
        res("data.aws_vpc.app", id=ref("aws_vpc.app"), cidr_block=UNKNOWN),
        res("aws_vpc.db", cidr_block="10.0.128.0/20", id=UNKNOWN),
        res(
            "aws_vpc_peering_connection.p",
            vpc_id=ref("data.aws_vpc.app"),
            peer_vpc_id=ref("aws_vpc.db"),
        ),
    )
    assert [v.address for v in t.vpcs] == ["aws_vpc.app", "aws_vpc.db"]
    peering = t.peering("aws_vpc_peering_connection.p")
    assert peering is not None and peering.requester == "aws_vpc.app"


def test_data_subnet_by_id_and_attributes_through_it() -> None:
    t = topo(
        res("aws_vpc.app", cidr_block="10.0.0.0/16", id=UNKNOWN),
        res("aws_subnet.a", vpc_id=ref("aws_vpc.app"), cidr_block="10.0.1.0/24", id=UNKNOWN),
        res("data.aws_subnet.a", id=ref("aws_subnet.a"), vpc_id=UNKNOWN, cidr_block=UNKNOWN),
        # a subnet in the looked-up subnet's VPC, through the data source's vpc_id
        res(
            "aws_subnet.b",
            vpc_id=ref("data.aws_subnet.a", attribute="vpc_id"),
            cidr_block="10.0.2.0/24",
        ),
        res("aws_network_interface.n", subnet_id=ref("data.aws_subnet.a")),
    )
    assert [s.address for s in t.subnets] == ["aws_subnet.a", "aws_subnet.b"]
    assert t.subnet("aws_subnet.b") is not None
    assert t.subnet("aws_subnet.b").vpc == "aws_vpc.app"  # type: ignore[union-attr]
    assert t.network_interfaces[0].subnet == "aws_subnet.a"


def test_chained_lookups_resolve_to_the_managed_vpc() -> None:
    t = topo(
        res("aws_vpc.app", cidr_block="10.0.0.0/16", id=UNKNOWN),
        res("data.aws_vpc.first", id=ref("aws_vpc.app")),
        res("data.aws_vpc.second", id=ref("data.aws_vpc.first")),
        res("aws_subnet.s", vpc_id=ref("data.aws_vpc.second"), cidr_block="10.0.1.0/24"),
    )
    assert [v.address for v in t.vpcs] == ["aws_vpc.app"]
    assert t.subnets[0].vpc == "aws_vpc.app"


@pytest.mark.parametrize(
    "lookup",
    [
        # by filter or by cidr_block: another VPC might match, so it stays its own node
        {"cidr_block": "10.0.0.0/16", "id": UNKNOWN},
        {"filter": ({"name": "tag:Name", "values": ("app",)},), "id": UNKNOWN},
        # by the id of something that is not a VPC
        {"id": ref("aws_subnet.s")},
        # a lookup cycle (Terraform rejects it): no alias, no recursion
        {"id": ref("data.aws_vpc.other")},
    ],
)
def test_lookups_that_are_not_certain_keep_their_own_node(lookup: dict[str, object]) -> None:
    t = topo(
        res("aws_vpc.app", cidr_block="10.0.0.0/16", id=UNKNOWN),
        res("aws_subnet.s", vpc_id=ref("aws_vpc.app"), cidr_block="10.0.1.0/24", id=UNKNOWN),
        res("data.aws_vpc.other", id=ref("data.aws_vpc.looked_up")),
        res("data.aws_vpc.looked_up", **lookup),  # type: ignore[arg-type]
        res("aws_subnet.t", vpc_id=ref("data.aws_vpc.looked_up"), cidr_block="10.0.2.0/24"),
    )
    assert t.vpc("data.aws_vpc.looked_up") is not None
    assert t.subnet("aws_subnet.t").vpc == "data.aws_vpc.looked_up"  # type: ignore[union-attr]


# --- HCL: join over the splat of a counted data source --------------------------------------


def test_join_of_one_reference_keeps_the_reference() -> None:
    vpc = Ref(("aws_vpc.audit",))
    assert call("join", ["", (vpc,)]) is vpc
    assert call("join", ["-", (vpc,)]) is vpc  # one element: the separator is never written
    assert call("join", ["", ("", vpc), ("",)]) is vpc
    assert call("join", ["", ()]) == ""
    # anything else around the reference, or two of them, is a new string: unknown
    assert call("join", ["-", ("", vpc)]) is UNKNOWN
    assert call("join", ["", ("x", vpc)]) is UNKNOWN
    assert call("join", ["", (vpc, Ref(("aws_vpc.other",)))]) is UNKNOWN
    assert call("join", ["", (vpc, UNKNOWN)]) is UNKNOWN
