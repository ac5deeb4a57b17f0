"""Transit gateways (issue 12): the hub estate's acceptance and the routing layer's TGW hop.

`fixtures/transit/hub/`: VPCs 172.16.0.0/16 and 172.17.0.0/16 attached to one transit gateway
in two AZs each, symmetric subnet routes, a VPN attachment (static routes only) with TGW
routes for 10.0.0.0/8 and 192.168.0.0/16. The variants beside it each break one thing. Every
plan was made by `scripts/make_transit_fixtures.sh` (tf-plan) from the HCL beside it.
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import ip_network
from pathlib import Path

import pytest

from tflint_vpc import api
from tflint_vpc.build import build
from tflint_vpc.model import (
    AvailabilityZone,
    CidrBlock,
    Route,
    RouteTable,
    Subnet,
    TargetKind,
    TgwRoute,
    TgwTableLink,
    TgwVpcAttachment,
    Topology,
    TransitGateway,
    Vpc,
    VpnConnection,
)
from tflint_vpc.routing import Outcome, as_destination, routing_of
from tflint_vpc.testing import load_input, run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "transit"
VARIANTS = {
    "hub": [],
    "hub_unrouted": [("TFVPC023", "aws_ec2_transit_gateway_vpc_attachment.b")],
    "hub_az": [("TFVPC021", "aws_subnet.a1")],
    "hub_overlap": [("TFVPC020", "aws_ec2_transit_gateway_vpc_attachment.b")],
    "hub_attachment_route": [("TFVPC022", "aws_route.a_to_b")],
}


def _findings(path: Path) -> list[tuple[str, str]]:
    request = api.LintRequest(paths=(str(path),), select=("ALL",), find_source_dir=False)
    result = api.lint(request)
    assert not result.errors, result.errors
    return [(d.rule_id, d.address) for d in result.diagnostics]


@pytest.mark.parametrize("mode", ["hcl", "plan"])
@pytest.mark.parametrize("case", sorted(VARIANTS))
def test_each_variant_gives_exactly_its_finding(case: str, mode: str) -> None:
    folder = FIXTURES / case
    assert _findings(folder if mode == "hcl" else folder.with_suffix(".json")) == VARIANTS[case]


def test_reach_between_the_vpcs_crosses_the_transit_gateway_both_ways() -> None:
    run = run_cli("reach", "aws_subnet.a0", "aws_subnet.b1", str(FIXTURES / "hub"))
    assert run.code == 0, run.stdout + run.stderr
    assert "  forward: delivered" in run.stdout and "  return: delivered" in run.stdout
    forward, back = run.stdout.split("  return:")
    for text, attachment in ((forward, "b"), (back, "a")):
        assert "transit_gateway aws_ec2_transit_gateway.hub" in text
        assert "tgw_route_table aws_ec2_transit_gateway.hub" in text  # the default table
        assert f"tgw_attachment aws_ec2_transit_gateway_vpc_attachment.{attachment}" in text


def test_a_plan_alone_cannot_tell_which_subnets_an_attachment_lists() -> None:
    # The plan gives `subnet_ids = [a0.id, a1.id]` as one reference to both: the subnets are
    # some of them, so whether a0's AZ is attached is not known (the HCL above decides it).
    run = run_cli("reach", "aws_subnet.a0", "aws_subnet.b1", str(FIXTURES / "hub.json"))
    assert run.code == 3, run.stdout + run.stderr
    assert "has a subnet in the AZ of aws_subnet.a0 is not known" in run.stdout


def test_reach_from_an_unattached_az_is_dropped() -> None:
    run = run_cli("reach", "aws_subnet.a1", "aws_subnet.b1", str(FIXTURES / "hub_az"))
    assert run.code == 1, run.stdout + run.stderr
    assert "dropped: AZ not attached" in run.stdout


def test_builder_reads_the_hub() -> None:
    topology = build(load_input(FIXTURES / "hub.json"))
    (gateway,) = topology.transit_gateways
    assert gateway.default_route_table_association is True
    assert gateway.default_association_table == gateway.address
    attachments = {a.address: a for a in topology.tgw_vpc_attachments}
    a = attachments["aws_ec2_transit_gateway_vpc_attachment.a"]
    assert a.default_association is True and a.default_propagation is True
    assert set(a.subnet_candidates) == {"aws_subnet.a0", "aws_subnet.a1"}
    (vpn,) = topology.vpn_connections
    assert vpn.static_routes_only is True and vpn.transit_gateway == gateway.address
    routes = sorted(str(r.destination) for r in topology.tgw_routes)
    assert routes == ["10.0.0.0/8", "192.168.0.0/16"]
    assert {r.route_table for r in topology.tgw_routes} == {gateway.address}
    assert {r.attachment for r in topology.tgw_routes} == {vpn.address}
    hcl = build(load_input(FIXTURES / "hub"))
    assert hcl.tgw_vpc_attachments[0].subnets == ("aws_subnet.a0", "aws_subnet.a1")


# --- the hop on hand-built topologies ---------------------------------------------------

TGW = "aws_ec2_transit_gateway.t"
ZONE_A = AvailabilityZone(name="us-east-1a")
ZONE_B = AvailabilityZone(name="us-east-1b")


def _vpc(name: str, cidr: str) -> Vpc:
    return Vpc(f"aws_vpc.{name}", cidrs=(CidrBlock(ip_network(cidr), f"aws_vpc.{name}", True),))


def _subnet(name: str, cidr: str, zone: AvailabilityZone = ZONE_A) -> Subnet:
    return Subnet(f"aws_subnet.{name}", vpc=f"aws_vpc.{name}", cidr=ip_network(cidr), az=zone)  # type: ignore[arg-type]


def _attachment(name: str, **kwargs: object) -> TgwVpcAttachment:
    attachment = TgwVpcAttachment(
        f"aws_ec2_transit_gateway_vpc_attachment.{name}",
        transit_gateway=TGW,
        vpc=f"aws_vpc.{name}",
        subnets=(f"aws_subnet.{name}",),
    )
    return replace(attachment, **kwargs)  # type: ignore[arg-type]


def _hub(**changes: object) -> Topology:
    """a 10.1.0.0/16 and b 10.2.0.0/16 on one gateway; a routes 10.0.0.0/8 to it."""
    routes = (
        Route(
            "aws_route.a",
            "aws_route.a",
            "aws_route_table.a",
            ip_network("10.0.0.0/8"),
            target_kind=TargetKind.TRANSIT_GATEWAY,
            target=TGW,
        ),
        Route(
            "aws_route.b",
            "aws_route.b",
            "aws_route_table.b",
            ip_network("10.0.0.0/8"),
            target_kind=TargetKind.TRANSIT_GATEWAY,
            target=TGW,
        ),
    )
    topology = Topology(
        vpcs=(_vpc("a", "10.1.0.0/16"), _vpc("b", "10.2.0.0/16")),
        subnets=(_subnet("a", "10.1.1.0/24"), _subnet("b", "10.2.1.0/24")),
        route_tables=(
            RouteTable("aws_route_table.a", vpc="aws_vpc.a"),
            RouteTable("aws_route_table.b", vpc="aws_vpc.b"),
        ),
        routes=routes,
        subnet_route_table={
            "aws_subnet.a": "aws_route_table.a",
            "aws_subnet.b": "aws_route_table.b",
        },
        transit_gateways=(TransitGateway(TGW, "tgw-1", True, True),),
        tgw_vpc_attachments=(_attachment("a"), _attachment("b")),
    )
    return replace(topology, **changes)  # type: ignore[arg-type]


def _trace(topology: Topology, destination: str) -> Outcome:
    trace = routing_of(topology).trace(topology.subnets[0], as_destination(destination))
    return trace.outcome


def test_propagated_routes_deliver_into_the_other_vpc() -> None:
    assert _trace(_hub(), "10.2.1.5") is Outcome.DELIVERED
    assert _trace(_hub(), "10.3.0.1") is Outcome.DROPPED_NO_ROUTE


def test_static_beats_propagated_and_a_blackhole_drops() -> None:
    blackhole = TgwRoute(
        "aws_ec2_transit_gateway_route.x", TGW, ip_network("10.2.0.0/16"), None, blackhole=True
    )
    assert _trace(_hub(tgw_routes=(blackhole,)), "10.2.1.5") is Outcome.DROPPED_BLACKHOLE
    longer = replace(blackhole, destination=ip_network("10.2.9.0/24"))
    assert _trace(_hub(tgw_routes=(longer,)), "10.2.1.5") is Outcome.DELIVERED


def test_no_default_association_means_no_table() -> None:
    off = _hub(tgw_vpc_attachments=(_attachment("a", default_association=False), _attachment("b")))
    assert _trace(off, "10.2.1.5") is Outcome.DROPPED_NO_ROUTE
    unknown = _hub(
        tgw_vpc_attachments=(_attachment("a", default_association=None), _attachment("b"))
    )
    assert _trace(unknown, "10.2.1.5") is Outcome.UNKNOWN


def test_explicit_association_and_propagation() -> None:
    table = "aws_ec2_transit_gateway_route_table.spokes"
    links = {
        "tgw_associations": (
            TgwTableLink(
                "aws_ec2_transit_gateway_route_table_association.a",
                table,
                "aws_ec2_transit_gateway_vpc_attachment.a",
            ),
        ),
        "tgw_propagations": (),
    }
    assert _trace(_hub(**links), "10.2.1.5") is Outcome.DROPPED_NO_ROUTE
    links["tgw_propagations"] = (
        TgwTableLink(
            "aws_ec2_transit_gateway_route_table_propagation.b",
            table,
            "aws_ec2_transit_gateway_vpc_attachment.b",
        ),
    )
    assert _trace(_hub(**links), "10.2.1.5") is Outcome.DELIVERED


def test_an_az_without_an_attachment_subnet_is_dropped_and_unknown_zones_are_unknown() -> None:
    moved = _hub(subnets=(_subnet("a", "10.1.1.0/24", ZONE_B), _subnet("b", "10.2.1.0/24")))
    attachments = (_attachment("a", subnets=("aws_subnet.a2",)), _attachment("b"))
    other = Subnet("aws_subnet.a2", vpc="aws_vpc.a", cidr=ip_network("10.1.2.0/24"), az=ZONE_A)  # type: ignore[arg-type]
    dropped = replace(moved, subnets=(*moved.subnets, other), tgw_vpc_attachments=attachments)
    assert _trace(dropped, "10.2.1.5") is Outcome.DROPPED_AZ_NOT_ATTACHED
    nowhere = replace(other, az=AvailabilityZone())
    unknown = replace(moved, subnets=(*moved.subnets, nowhere), tgw_vpc_attachments=attachments)
    assert _trace(unknown, "10.2.1.5") is Outcome.UNKNOWN


def test_vpn_exit_and_dynamic_vpn_makes_a_miss_unknown() -> None:
    vpn = VpnConnection("aws_vpn_connection.office", transit_gateway=TGW, static_routes_only=True)
    route = TgwRoute(
        "aws_ec2_transit_gateway_route.office", TGW, ip_network("10.9.0.0/16"), vpn.address
    )
    static = _hub(vpn_connections=(vpn,), tgw_routes=(route,))
    assert _trace(static, "10.9.0.1") is Outcome.LEAVES_VPN
    assert _trace(static, "10.8.0.1") is Outcome.DROPPED_NO_ROUTE
    dynamic = replace(static, vpn_connections=(replace(vpn, static_routes_only=False),))
    assert _trace(dynamic, "10.8.0.1") is Outcome.UNKNOWN
    assert _trace(dynamic, "10.2.1.5") is Outcome.DELIVERED  # a known route still answers


def test_a_gateway_of_another_account_is_routed_to_but_not_looked_into() -> None:
    external = TransitGateway("tgw-0other", "tgw-0other", external=True)
    route = Route(
        "aws_route.a",
        "aws_route.a",
        "aws_route_table.a",
        ip_network("10.0.0.0/8"),
        target_kind=TargetKind.TRANSIT_GATEWAY,
        target="tgw-0other",
    )
    topology = _hub(routes=(route,), transit_gateways=(external,))
    trace = routing_of(topology).trace(topology.subnets[0], as_destination("10.2.1.5"))
    assert trace.outcome is Outcome.UNKNOWN and "another account" in trace.reason
