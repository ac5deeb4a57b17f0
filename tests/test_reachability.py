"""reachability.py on hand-built topologies: what an address or pattern stands for, and the
verdict of a path when the trace leaves the VPC, meets an appliance or an unknown."""

from __future__ import annotations

from ipaddress import IPv4Network, ip_network
from types import MappingProxyType

from tflint_vpc.model import (
    CidrBlock,
    Instance,
    NetworkInterface,
    Route,
    RouteTable,
    Subnet,
    TargetKind,
    Topology,
    Vpc,
    VpcEndpoint,
)
from tflint_vpc.reachability import (
    Target,
    Verdict,
    cidr_target,
    intent_paths,
    path,
    select,
    side_of,
    targets_of,
    undecided,
)
from tflint_vpc.routing import routing_of


def _estate(*routes: Route) -> Topology:
    return Topology(
        vpcs=(
            Vpc(
                "aws_vpc.a",
                cidrs=(CidrBlock(ip_network("10.0.0.0/16"), "aws_vpc.a", True),),
                tags=MappingProxyType({"env": "dev"}),
            ),
            Vpc("aws_vpc.b", cidrs=(CidrBlock(ip_network("10.1.0.0/16"), "aws_vpc.b", True),)),
        ),
        subnets=(
            Subnet('module.m["x"].aws_subnet.a', vpc="aws_vpc.a", cidr=IPv4Network("10.0.1.0/24")),
            Subnet(
                "aws_subnet.b",
                vpc="aws_vpc.b",
                cidr=IPv4Network("10.1.1.0/24"),
                tags=MappingProxyType({"env": "prod-eu"}),
            ),
        ),
        route_tables=(RouteTable("aws_route_table.a", vpc="aws_vpc.a"),),
        routes=routes,
        instances=(Instance("aws_instance.web", subnet="aws_subnet.b"),),
        network_interfaces=(NetworkInterface("aws_network_interface.lost"),),
        endpoints=(
            VpcEndpoint(
                "aws_vpc_endpoint.api",
                vpc="aws_vpc.b",
                subnets=("aws_subnet.b",),
                subnets_complete=False,
            ),
        ),
        subnet_route_table={'module.m["x"].aws_subnet.a': "aws_route_table.a"},
    )


def _route(destination: str, kind: TargetKind, target: str) -> Route:
    name = f"aws_route.{kind.value}"
    return Route(name, name, "aws_route_table.a", ip_network(destination), None, kind, target)


def _targets(t: Topology, address: str) -> list[Target]:
    side = side_of(t, address)
    assert side is not None
    return targets_of(side)


def test_sides_of_each_kind() -> None:
    t = _estate()
    instance = side_of(t, "aws_instance.web")
    assert instance is not None and [s.address for s in instance.subnets] == ["aws_subnet.b"]
    eni = side_of(t, "aws_network_interface.lost")
    assert (
        eni is not None and eni.unknown == "the subnet of aws_network_interface.lost is not known"
    )
    endpoint = side_of(t, "aws_vpc_endpoint.api")
    assert endpoint is not None and endpoint.subnets and endpoint.unknown  # some subnets unknown
    assert side_of(t, "aws_route_table.a") is None  # not an endpoint of a path


def test_patterns_glob_addresses_with_literal_brackets_and_match_tags() -> None:
    t = _estate()
    assert [s.address for s in select(t, 'module.m["*"].aws_subnet.*')] == [
        'module.m["x"].aws_subnet.a'
    ]
    assert [s.address for s in select(t, "tag:env=dev")] == ["aws_vpc.a"]
    assert [s.address for s in select(t, "tag:env=prod-*")] == ["aws_subnet.b"]
    assert select(t, "tag:team=x") == []


def test_leaving_toward_a_range_outside_the_estate_counts_as_reached() -> None:
    t = _estate(_route("0.0.0.0/0", TargetKind.INTERNET_GATEWAY, "aws_internet_gateway.a"))
    source = t.subnets[0]
    internet = cidr_target("8.8.8.8")
    assert internet is not None
    assert path(routing_of(t), source, internet).verdict is Verdict.REACHABLE
    # the same default route toward a subnet of the estate takes the traffic away from it
    (b,) = _targets(t, "aws_subnet.b")
    away = path(routing_of(t), source, b)
    assert away.verdict is Verdict.UNREACHABLE
    assert "away from aws_subnet.b" in away.reason


def test_an_appliance_or_a_vpn_leaves_the_answer_open() -> None:
    t = _estate(_route("10.1.0.0/16", TargetKind.NETWORK_INTERFACE, "eni-1"))
    (b,) = _targets(t, "aws_subnet.b")
    assert path(routing_of(t), t.subnets[0], b).verdict is Verdict.UNKNOWN
    t = _estate(_route("10.1.0.0/16", TargetKind.VPN_GATEWAY, "vgw-1"))
    assert path(routing_of(t), t.subnets[0], b).verdict is Verdict.UNKNOWN


def test_intent_paths_skip_a_subnet_to_itself_and_undecided_names_the_value() -> None:
    t = _estate(_route("10.1.0.0/16", TargetKind.TRANSIT_GATEWAY, "tgw-1"))
    paths = list(intent_paths(t, routing_of(t), "aws_vpc.*", "aws_vpc.*"))
    assert {(p.source.address, p.target.label) for p in paths} == {
        ('module.m["x"].aws_subnet.a', "aws_subnet.b"),
        ("aws_subnet.b", 'module.m["x"].aws_subnet.a'),
    }

    class _Intent:
        from_ = "tag:env=dev"
        to = "aws_instance.web"
        label = "'x'"

    (line,) = undecided(t, [_Intent()])
    assert line.startswith("intent 'x' is undecided for module.m[\"x\"].aws_subnet.a -> ")
    assert "transit gateway tgw-1 is not in the input" in line
