"""Edge cases of the mission rules that plan fixtures cannot express, on hand-built topologies.

Mostly "unknown -> silent": a value the input does not know never produces a finding.
Rules are reached through the registry, as everywhere else.
"""

from __future__ import annotations

from dataclasses import replace
from ipaddress import IPv4Network, ip_network

import pytest

from tflint_vpc import registry
from tflint_vpc.config import options_for
from tflint_vpc.model import (
    AttachmentForm,
    AvailabilityZone,
    CidrBlock,
    EniAttachment,
    Instance,
    InstanceNic,
    Network,
    NetworkInterface,
    PeeringConnection,
    Route,
    RouteTable,
    Subnet,
    TargetKind,
    Topology,
    Vpc,
    VpcEndpoint,
)
from tflint_vpc.routing import Routing, Trace
from tflint_vpc.rule import Finding, Rule


def rule(code: str) -> Rule:
    found = registry.find(code)
    assert found is not None
    return found


def findings(code: str, topology: Topology, **options: object) -> list[Finding]:
    r = rule(code)
    # built and checked as the configuration file's [tool.tfvpc.rules.<rule>] table would be
    made = options_for(r, options, "test") if options else None
    return list(r.run(topology, made))


def vpc(address: str, *cidrs: str, **kwargs: object) -> Vpc:
    blocks = tuple(CidrBlock(ip_network(c), address, primary=i == 0) for i, c in enumerate(cidrs))
    return Vpc(address, cidrs=blocks, **kwargs)  # type: ignore[arg-type]


def peering(
    a: str | None, b: str | None, address: str = "aws_vpc_peering_connection.p"
) -> PeeringConnection:
    return PeeringConnection(address, requester=a, accepter=b)


# --- TFVPC001 -------------------------------------------------------------------------------


def test_001_ipv4_is_never_compared_with_ipv6() -> None:
    t = Topology(
        vpcs=(vpc("aws_vpc.a", "10.0.0.0/16"), vpc("aws_vpc.b", "2600:1f18::/56")),
        peerings=(peering("aws_vpc.a", "aws_vpc.b"),),
    )
    assert findings("TFVPC001", t) == []


def test_001_unknown_side_and_self_peering_are_silent() -> None:
    a = vpc("aws_vpc.a", "10.0.0.0/16")
    t = Topology(
        vpcs=(a,), peerings=(peering("aws_vpc.a", None), peering("aws_vpc.a", "aws_vpc.a"))
    )
    assert findings("TFVPC001", t) == []


def test_001_one_finding_per_peering_with_every_overlapping_pair_in_its_values() -> None:
    # One finding per peering (issue 18: a finding per pair let a crafted input multiply the
    # report); the values, and so the fingerprint, still name every overlapping pair.
    t = Topology(
        vpcs=(
            vpc("aws_vpc.a", "10.0.0.0/16", "10.5.0.0/16"),
            vpc("aws_vpc.b", "10.0.1.0/24", "10.5.5.0/24", "10.9.0.0/16"),
        ),
        peerings=(peering("aws_vpc.a", "aws_vpc.b"),),
    )
    (found,) = findings("TFVPC001", t)
    assert found.values == ("10.0.0.0/16", "10.0.1.0/24", "10.5.0.0/16", "10.5.5.0/24")
    assert found.address == "aws_vpc_peering_connection.p"
    assert found.message.count(" overlaps ") == 2 and "more overlapping" not in found.message
    assert set(found.related) == {"aws_vpc.a", "aws_vpc.b"}


# --- TFVPC002 -------------------------------------------------------------------------------


def classic_topology(cidr: str, destination: str | None, kind: TargetKind) -> Topology:
    v = vpc("aws_vpc.c", cidr, classiclink=True)
    route = Route(
        "aws_route.r",
        "aws_route.r",
        "aws_route_table.main",
        None if destination is None else ip_network(destination),
        target_kind=kind,
        target="pcx-0123456789abcdef0",
    )
    return Topology(
        vpcs=(v,),
        route_tables=(RouteTable("aws_route_table.main"),),  # VPC unknown: found via main table
        routes=(route,),
        main_route_table={"aws_vpc.c": "aws_route_table.main"},
    )


def test_002_route_of_the_main_table_into_10_8_is_flagged() -> None:
    found = findings("TFVPC002", classic_topology("10.0.0.0/16", "10.8.0.0/16", TargetKind.PEERING))
    assert [f.values for f in found] == [("10.8.0.0/16", "pcx-0123456789abcdef0")]


def test_002_local_unknown_and_outside_routes_are_silent() -> None:
    assert (
        findings("TFVPC002", classic_topology("10.0.0.0/16", "10.0.0.0/16", TargetKind.LOCAL)) == []
    )
    assert findings("TFVPC002", classic_topology("10.0.0.0/16", None, TargetKind.PEERING)) == []
    assert (
        findings("TFVPC002", classic_topology("10.0.0.0/16", "172.16.0.0/12", TargetKind.PEERING))
        == []
    )
    # rules.md: VPCs wholly outside 10/8 are never flagged by this rule
    assert (
        findings("TFVPC002", classic_topology("172.31.0.0/16", "10.8.0.0/16", TargetKind.PEERING))
        == []
    )


def test_002_and_003_need_classiclink_known_true() -> None:
    unknown = Topology(vpcs=(vpc("aws_vpc.c", "10.2.0.0/16", instance_tenancy="dedicated"),))
    assert findings("TFVPC002", unknown) == []
    assert findings("TFVPC003", unknown) == []
    known = Topology(
        vpcs=(vpc("aws_vpc.c", "10.2.0.0/16", instance_tenancy="dedicated", classiclink=True),)
    )
    assert len(findings("TFVPC002", known)) == 1
    assert len(findings("TFVPC003", known)) == 1


# --- TFVPC004 -------------------------------------------------------------------------------


def eni_topology(
    instance_az: AvailabilityZone, eni_az: AvailabilityZone, **instance: object
) -> Topology:
    return Topology(
        subnets=(Subnet("aws_subnet.i", az=instance_az), Subnet("aws_subnet.e", az=eni_az)),
        instances=(Instance("aws_instance.i", subnet="aws_subnet.i", **instance),),  # type: ignore[arg-type]
        network_interfaces=(NetworkInterface("aws_network_interface.e", subnet="aws_subnet.e"),),
        eni_attachments=(
            EniAttachment(
                "aws_network_interface_attachment.x",
                "aws_network_interface.e",
                "aws_instance.i",
                1,
                AttachmentForm.RESOURCE,
            ),
        ),
    )


def test_004_ids_win_over_names() -> None:
    same_id = eni_topology(
        AvailabilityZone("us-east-1a", "use1-az1"), AvailabilityZone("us-east-1b", "use1-az1")
    )
    assert findings("TFVPC004", same_id) == []
    other_id = eni_topology(
        AvailabilityZone("us-east-1a", "use1-az1"), AvailabilityZone("us-east-1a", "use1-az2")
    )
    assert len(findings("TFVPC004", other_id)) == 1


def test_004_mixed_or_unknown_zones_are_silent() -> None:
    mixed = eni_topology(AvailabilityZone(id="use1-az1"), AvailabilityZone(name="us-east-1b"))
    assert findings("TFVPC004", mixed) == []
    unknown = eni_topology(AvailabilityZone(name="us-east-1a"), AvailabilityZone())
    assert findings("TFVPC004", unknown) == []


def test_004_instance_argument_gives_its_zone() -> None:
    t = eni_topology(
        AvailabilityZone(), AvailabilityZone(name="us-east-1b"), availability_zone="us-east-1a"
    )
    assert len(findings("TFVPC004", t)) == 1


def test_004_device_index_0_of_an_instance_block_is_not_an_attachment() -> None:
    t = Topology(
        subnets=(Subnet("aws_subnet.e", az=AvailabilityZone(name="us-east-1b")),),
        instances=(
            Instance(
                "aws_instance.i",
                availability_zone="us-east-1a",
                network_interfaces=(InstanceNic(0, "aws_network_interface.e"),),
            ),
        ),
        network_interfaces=(NetworkInterface("aws_network_interface.e", subnet="aws_subnet.e"),),
        eni_attachments=(
            EniAttachment(
                "aws_instance.i",
                "aws_network_interface.e",
                "aws_instance.i",
                0,
                AttachmentForm.INSTANCE_BLOCK,
            ),
        ),
    )
    assert findings("TFVPC004", t) == []


# --- TFVPC005 -------------------------------------------------------------------------------


def endpoint_topology(
    *,
    instance_type: str | None = "m4.large",
    target: str = "aws_vpc_peering_connection.p",
    destination: str = "10.1.0.0/16",
    endpoint_type: str = "Interface",
    peer: tuple[str, str] = ("aws_vpc.app", "aws_vpc.shared"),
) -> Topology:
    return Topology(
        vpcs=(
            vpc("aws_vpc.app", "10.0.0.0/16"),
            vpc("aws_vpc.shared", "10.1.0.0/16"),
            vpc("aws_vpc.third", "10.2.0.0/16"),
        ),
        subnets=(Subnet("aws_subnet.app", vpc="aws_vpc.app"),),
        route_tables=(RouteTable("aws_route_table.app", vpc="aws_vpc.app"),),
        routes=(
            Route(
                "aws_route.r",
                "aws_route.r",
                "aws_route_table.app",
                ip_network(destination),
                target_kind=TargetKind.PEERING,
                target=target,
            ),
        ),
        peerings=(peering(*peer),),
        instances=(
            Instance("aws_instance.i", instance_type=instance_type, subnet="aws_subnet.app"),
        ),
        endpoints=(
            VpcEndpoint("aws_vpc_endpoint.e", vpc="aws_vpc.shared", endpoint_type=endpoint_type),
        ),
        subnet_route_table={"aws_subnet.app": "aws_route_table.app"},
    )


def test_005_the_reference_path_is_flagged() -> None:
    found = findings("TFVPC005", endpoint_topology())
    assert [f.address for f in found] == ["aws_instance.i"]
    # the hypervisor class, not the type: the kind of problem feeds the baseline fingerprint
    assert found[0].values == ("xen", "aws_vpc_endpoint.e", "aws_vpc_peering_connection.p")
    assert {"aws_vpc_endpoint.e", "aws_vpc_peering_connection.p", "aws_route.r"} <= set(
        found[0].related
    )


def test_005_each_missing_link_is_silent() -> None:
    assert findings("TFVPC005", endpoint_topology(instance_type=None)) == []
    assert findings("TFVPC005", endpoint_topology(target="pcx-0123456789abcdef0")) == []
    assert findings("TFVPC005", endpoint_topology(destination="10.9.0.0/16")) == []
    assert findings("TFVPC005", endpoint_topology(endpoint_type="Gateway")) == []
    assert findings("TFVPC005", endpoint_topology(endpoint_type="GatewayLoadBalancer")) == []
    # a peering that does not involve the instance's VPC
    assert findings("TFVPC005", endpoint_topology(peer=("aws_vpc.third", "aws_vpc.shared"))) == []


def test_005_accepter_side_instances_are_covered_too() -> None:
    t = endpoint_topology(peer=("aws_vpc.shared", "aws_vpc.app"))
    assert len(findings("TFVPC005", t)) == 1


def test_005_option_narrows_to_m5_and_c5() -> None:
    assert findings("TFVPC005", endpoint_topology(instance_type="m6i.large")) == []
    narrowed = findings(
        "TFVPC005", endpoint_topology(instance_type="m6i.large"), original_2018_restriction=True
    )
    assert len(narrowed) == 1
    for allowed in ("m5.large", "c5.xlarge"):
        t = endpoint_topology(instance_type=allowed)
        assert findings("TFVPC005", t, original_2018_restriction=True) == []
    assert (
        findings(
            "TFVPC005", endpoint_topology(instance_type="zz9.large"), original_2018_restriction=True
        )
        == []
    )


def _with_endpoint_subnet(t: Topology, *routes: Route) -> Topology:
    """The endpoint in subnet 10.1.1.0/24 of shared, and `routes` added to the app table."""
    shared = Subnet("aws_subnet.shared", vpc="aws_vpc.shared", cidr=IPv4Network("10.1.1.0/24"))
    endpoint = replace(t.endpoints[0], subnets=("aws_subnet.shared",))
    return replace(
        t, subnets=(*t.subnets, shared), endpoints=(endpoint,), routes=(*t.routes, *routes)
    )


def _app_route(name: str, destination: str | None, kind: TargetKind, target: str) -> Route:
    network = None if destination is None else ip_network(destination)
    address = f"aws_route.{name}"
    return Route(address, address, "aws_route_table.app", network, None, kind, target)


def test_005_unknown_route_table_is_silent_never_the_main_table() -> None:
    t = endpoint_topology()
    t = replace(
        t,
        subnet_route_table={},
        main_route_table={"aws_vpc.app": "aws_route_table.app"},
        unknown_route_table_subnets=frozenset({"aws_subnet.app"}),
    )
    assert findings("TFVPC005", t) == []
    # the same topology with the association gone uses the main table, and is flagged
    main_only = replace(t, unknown_route_table_subnets=frozenset())
    assert len(findings("TFVPC005", main_only)) == 1


def test_005_only_the_route_longest_prefix_match_selects_counts() -> None:
    base = _with_endpoint_subnet(endpoint_topology())
    assert len(findings("TFVPC005", base)) == 1
    tgw = _app_route("tgw", "10.1.1.0/24", TargetKind.TRANSIT_GATEWAY, "aws_ec2_transit_gateway.t")
    assert findings("TFVPC005", _with_endpoint_subnet(endpoint_topology(), tgw)) == []
    # a more specific route for half of the endpoint's subnet: its interface may be there
    half = _app_route("half", "10.1.1.128/25", TargetKind.NAT_GATEWAY, "aws_nat_gateway.n")
    assert findings("TFVPC005", _with_endpoint_subnet(endpoint_topology(), half)) == []
    # a more specific route elsewhere in the peer VPC changes nothing
    other = _app_route("other", "10.1.9.0/24", TargetKind.NAT_GATEWAY, "aws_nat_gateway.n")
    assert len(findings("TFVPC005", _with_endpoint_subnet(endpoint_topology(), other))) == 1


def test_005_a_route_that_could_override_makes_it_silent() -> None:
    mystery = _app_route("mystery", None, TargetKind.TRANSIT_GATEWAY, "aws_ec2_transit_gateway.t")
    assert findings("TFVPC005", _with_endpoint_subnet(endpoint_topology(), mystery)) == []


def test_005_traces_once_per_table_and_destination(monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear: many instances in one subnet and many endpoints cost one trace per endpoint
    range, not instances x routes x endpoints (issue 18)."""
    t = _with_endpoint_subnet(endpoint_topology())
    endpoints = tuple(replace(t.endpoints[0], address=f"aws_vpc_endpoint.e{i}") for i in range(40))
    instances = tuple(replace(t.instances[0], address=f"aws_instance.i{i}") for i in range(300))
    t = replace(t, endpoints=endpoints, instances=instances)
    calls: list[object] = []
    original = Routing.trace

    def counting(self: Routing, source: Subnet, destination: Network) -> Trace:
        calls.append(destination)
        return original(self, source, destination)

    monkeypatch.setattr(Routing, "trace", counting)
    assert len(findings("TFVPC005", t)) == 300 * 40
    assert len(calls) == 1  # every endpoint is in the same subnet
