"""The routing layer on hand-built topologies: table of a subnet, longest prefix match, traces."""

from __future__ import annotations

from dataclasses import replace
from ipaddress import ip_network

from tflint_vpc.model import (
    CidrBlock,
    Network,
    PeeringConnection,
    Route,
    RouteTable,
    Subnet,
    TargetKind,
    Topology,
    Vpc,
)
from tflint_vpc.routing import Outcome, TableStatus, as_destination, route_label, routing_of


def _vpc(name: str, *cidrs: str, complete: bool = True) -> Vpc:
    return Vpc(
        f"aws_vpc.{name}",
        cidrs=tuple(
            CidrBlock(ip_network(c), f"aws_vpc.{name}", i == 0) for i, c in enumerate(cidrs)
        ),
        cidrs_complete=complete,
    )


def _subnet(name: str, vpc: str, cidr: str) -> Subnet:
    return Subnet(f"aws_subnet.{name}", vpc=f"aws_vpc.{vpc}", cidr=ip_network(cidr))  # type: ignore[arg-type]


def _route(
    table: str,
    destination: str | None,
    kind: TargetKind,
    target: str | None,
    name: str | None = None,
) -> Route:
    address = f"aws_route.{name or table + '_' + str(destination).replace('/', '_')}"
    network: Network | None = None if destination is None else ip_network(destination)
    return Route(address, address, f"aws_route_table.{table}", network, None, kind, target)


def _three_vpcs(*, b_routes_back: bool = True, a_to_c: bool = True) -> Topology:
    """A 10.0.0.0/16 -- B 192.168.1.0/24 -- C 172.31.0.0/16, A routes C's range via A-B."""
    routes = [
        _route("a", "192.168.1.0/24", TargetKind.PEERING, "aws_vpc_peering_connection.ab"),
    ]
    if a_to_c:
        routes.append(
            _route("a", "172.31.0.0/16", TargetKind.PEERING, "aws_vpc_peering_connection.ab")
        )
    if b_routes_back:
        routes.append(
            _route("b", "10.0.0.0/16", TargetKind.PEERING, "aws_vpc_peering_connection.ab")
        )
    return Topology(
        vpcs=(_vpc("a", "10.0.0.0/16"), _vpc("b", "192.168.1.0/24"), _vpc("c", "172.31.0.0/16")),
        subnets=(
            _subnet("a", "a", "10.0.1.0/24"),
            _subnet("b", "b", "192.168.1.0/25"),
            _subnet("c", "c", "172.31.1.0/24"),
        ),
        route_tables=tuple(
            RouteTable(f"aws_route_table.{n}", vpc=f"aws_vpc.{n}") for n in ("a", "b", "c")
        ),
        routes=tuple(routes),
        peerings=(
            PeeringConnection("aws_vpc_peering_connection.ab", None, "aws_vpc.a", "aws_vpc.b"),
            PeeringConnection("aws_vpc_peering_connection.bc", None, "aws_vpc.b", "aws_vpc.c"),
        ),
        subnet_route_table={f"aws_subnet.{n}": f"aws_route_table.{n}" for n in ("a", "b", "c")},
    )


def test_peering_is_not_transitive() -> None:
    topology = _three_vpcs()
    layer = routing_of(topology)
    trace = layer.trace(topology.subnets[0], as_destination("172.31.1.10"))
    assert trace.outcome is Outcome.DROPPED_NOT_TRANSITIVE
    assert [h.kind for h in trace.hops] == ["subnet", "route_table", "route", "peering"]
    assert trace.hops[-1].address == "aws_vpc_peering_connection.ab"
    assert "172.31.1.10/32 is outside aws_vpc.b (192.168.1.0/24)" in trace.reason


def test_delivered_over_peering_and_reply() -> None:
    topology = _three_vpcs()
    layer = routing_of(topology)
    a, b = topology.subnets[0], topology.subnets[1]
    trace = layer.trace(a, b.cidr)  # type: ignore[arg-type]
    assert trace.outcome is Outcome.DELIVERED
    assert trace.delivered_to == "aws_subnet.b"
    back = layer.reverse(a, b)
    assert back is not None and back.outcome is Outcome.DELIVERED


def test_one_way_when_the_peer_has_no_route_back() -> None:
    topology = _three_vpcs(b_routes_back=False)
    layer = routing_of(topology)
    a, b = topology.subnets[0], topology.subnets[1]
    assert layer.trace(a, b.cidr).outcome is Outcome.DELIVERED  # type: ignore[arg-type]
    back = layer.reverse(a, b)
    assert back is not None and back.outcome is Outcome.DROPPED_NO_ROUTE


def test_local_wins_over_a_larger_or_equal_route() -> None:
    topology = _three_vpcs()
    routes = (
        *topology.routes,
        _route("a", "10.0.0.0/8", TargetKind.PEERING, "aws_vpc_peering_connection.ab", "wide"),
        _route("a", "10.0.0.0/16", TargetKind.PEERING, "aws_vpc_peering_connection.ab", "same"),
    )
    topology = replace(topology, routes=routes)
    choice = routing_of(topology).lookup("aws_route_table.a", None, as_destination("10.0.3.4"))
    assert choice.route is None and choice.local == ip_network("10.0.0.0/16")
    assert choice.certain


def test_longest_prefix_wins() -> None:
    topology = _three_vpcs()
    routes = (
        *topology.routes,
        _route("a", "0.0.0.0/0", TargetKind.INTERNET_GATEWAY, "aws_internet_gateway.a", "dflt"),
        _route("a", "192.168.1.0/25", TargetKind.NAT_GATEWAY, "aws_nat_gateway.a", "nat"),
    )
    topology = replace(topology, routes=routes)
    layer = routing_of(topology)
    assert (
        layer.lookup("aws_route_table.a", None, as_destination("192.168.1.5")).route == routes[-1]
    )
    assert (
        layer.lookup("aws_route_table.a", None, as_destination("192.168.1.200")).route
        == (routes[0])
    )
    assert layer.lookup("aws_route_table.a", None, as_destination("8.8.8.8")).route == routes[-2]
    wide = layer.lookup("aws_route_table.a", None, as_destination("192.168.1.0/24"))
    assert wide.split  # the /25 takes half of it


def test_more_specific_middlebox_route_beats_local() -> None:
    topology = _three_vpcs()
    routes = (
        *topology.routes,
        _route("a", "10.0.1.0/24", TargetKind.NETWORK_INTERFACE, "aws_network_interface.fw", "fw"),
    )
    topology = replace(topology, routes=routes)
    trace = routing_of(topology).trace(topology.subnets[0], as_destination("10.0.1.9"))
    assert trace.outcome is Outcome.LEAVES_APPLIANCE


def test_unknown_destination_makes_a_non_local_answer_unknown() -> None:
    topology = _three_vpcs()
    routes = (*topology.routes, _route("a", None, TargetKind.PEERING, None, "mystery"))
    topology = replace(topology, routes=routes)
    layer = routing_of(topology)
    trace = layer.trace(topology.subnets[0], as_destination("172.31.1.10"))
    assert trace.outcome is Outcome.UNKNOWN
    assert "aws_route.mystery" in trace.reason
    # ... but traffic to the VPC's own range still takes the local route, for certain
    local = layer.lookup("aws_route_table.a", None, as_destination("10.0.9.9"))
    assert local.certain and local.local is not None


def test_unknown_association_is_unknown_never_the_main_table() -> None:
    topology = _three_vpcs()
    topology = replace(
        topology,
        subnet_route_table={},
        main_route_table={"aws_vpc.a": "aws_route_table.a"},
        unknown_route_table_subnets=frozenset({"aws_subnet.a"}),
    )
    layer = routing_of(topology)
    assert layer.table_of(topology.subnets[0]).status is TableStatus.UNKNOWN
    assert layer.trace(topology.subnets[0], as_destination("172.31.1.1")).outcome is (
        Outcome.UNKNOWN
    )


def test_implicit_main_table_has_local_routes_only() -> None:
    topology = Topology(
        vpcs=(_vpc("a", "10.0.0.0/16"),), subnets=(_subnet("a", "a", "10.0.1.0/24"),)
    )
    layer = routing_of(topology)
    assert layer.table_of(topology.subnets[0]).status is TableStatus.NONE
    assert layer.trace(topology.subnets[0], as_destination("10.0.2.1")).outcome is (
        Outcome.DELIVERED
    )
    assert layer.trace(topology.subnets[0], as_destination("8.8.8.8")).outcome is (
        Outcome.DROPPED_NO_ROUTE
    )


def test_implicit_main_table_is_unknown_when_a_route_has_no_known_table() -> None:
    orphan = Route("aws_route.o", "aws_route.o", None, ip_network("0.0.0.0/0"))
    topology = Topology(
        vpcs=(_vpc("a", "10.0.0.0/16"),),
        subnets=(_subnet("a", "a", "10.0.1.0/24"),),
        routes=(orphan,),
    )
    assert routing_of(topology).table_of(topology.subnets[0]).status is TableStatus.UNKNOWN


def test_transit_gateway_not_in_the_input_is_unknown() -> None:
    topology = _three_vpcs()
    routes = (
        *topology.routes,
        _route("a", "172.16.0.0/12", TargetKind.TRANSIT_GATEWAY, "aws_ec2_transit_gateway.t", "t"),
    )
    topology = replace(topology, routes=routes)
    trace = routing_of(topology).trace(topology.subnets[0], as_destination("172.20.0.1"))
    assert trace.outcome is Outcome.UNKNOWN and trace.hops[-1].kind == "transit_gateway"


def test_peer_with_incomplete_blocks_is_unknown_not_dropped() -> None:
    topology = _three_vpcs()
    topology = replace(
        topology,
        vpcs=(
            topology.vpcs[0],
            _vpc("b", "192.168.1.0/24", complete=False),
            topology.vpcs[2],
        ),
    )
    trace = routing_of(topology).trace(topology.subnets[0], as_destination("172.31.1.10"))
    assert trace.outcome is Outcome.UNKNOWN


def test_reverse_index_and_memo() -> None:
    topology = _three_vpcs()
    layer = routing_of(topology)
    assert routing_of(topology) is layer
    assert len(layer.routes_targeting("aws_vpc_peering_connection.ab")) == 3
    assert layer.routes_targeting("aws_vpc_peering_connection.bc") == ()


def test_peering_of_a_route_by_address_or_id() -> None:
    base = _three_vpcs()
    ab = replace(base.peerings[0], id="pcx-ab")
    by_id = _route("a", "192.168.1.0/25", TargetKind.PEERING, "pcx-ab", name="by_id")
    elsewhere = _route("a", "10.9.0.0/16", TargetKind.PEERING, "pcx-outside", name="elsewhere")
    topology = replace(
        base, peerings=(ab, base.peerings[1]), routes=(*base.routes, by_id, elsewhere)
    )
    routing = routing_of(topology)
    assert routing.peering_of(topology.routes[0]) == ab
    assert routing.peering_of(by_id) == ab
    assert routing.peering_of(elsewhere) is None  # a peering the input does not describe
    assert routing.peering_of(replace(by_id, target_kind=TargetKind.NAT_GATEWAY)) is None
    assert by_id in routing.routes_to_peering(ab)
    assert topology.routes[0] in routing.routes_to_peering(ab)
    assert routing.routes_to_peering(base.peerings[1]) == ()
    assert routing.vpc_of_route(by_id) == "aws_vpc.a"
    assert routing.vpc_of_route(replace(by_id, route_table=None)) is None


def test_tables_complete_needs_every_table_that_may_be_the_vpcs() -> None:
    base = _three_vpcs()
    assert routing_of(base).tables_complete("aws_vpc.a")
    assert not routing_of(base).tables_complete("aws_vpc.nowhere")
    incomplete_b = replace(
        base,
        route_tables=(
            base.route_tables[0],
            replace(base.route_tables[1], routes_complete=False),
            base.route_tables[2],
        ),
    )
    assert routing_of(incomplete_b).tables_complete("aws_vpc.a")
    assert not routing_of(incomplete_b).tables_complete("aws_vpc.b")
    # a table of unknown VPC with unknown routes may be anyone's
    stray = RouteTable("aws_route_table.stray", vpc=None, routes_complete=False)
    with_stray = replace(base, route_tables=(*base.route_tables, stray))
    assert not routing_of(with_stray).tables_complete("aws_vpc.a")
    unknown_main = replace(base, unknown_main_route_table_vpcs=frozenset({"aws_vpc.a"}))
    assert not routing_of(unknown_main).tables_complete("aws_vpc.a")
    unknown_association = replace(base, unknown_route_table_subnets=frozenset({"aws_subnet.a"}))
    assert not routing_of(unknown_association).tables_complete("aws_vpc.a")
    assert routing_of(unknown_association).tables_complete("aws_vpc.b")
    data_vpc = replace(base, vpcs=(replace(base.vpcs[0], data_source=True), *base.vpcs[1:]))
    assert not routing_of(data_vpc).tables_complete("aws_vpc.a")


def test_route_label_names_an_inline_route_by_destination() -> None:
    standalone = _route("a", "10.9.0.0/16", TargetKind.PEERING, "x", name="to_x")
    assert route_label(standalone) == ("route 10.9.0.0/16 (aws_route.to_x) in aws_route_table.a")
    inline = replace(
        standalone,
        address="aws_route_table.a.route[3]",
        declared_by="aws_route_table.a",
        inline=True,
    )
    assert route_label(inline) == "inline route 10.9.0.0/16 in aws_route_table.a"


def _with_candidates(*candidates: str, destination: str = "172.31.0.0/16") -> Topology:
    """_three_vpcs, plus a route of a whose peering is one of `candidates` (a plan's merged
    inline reference)."""
    topology = _three_vpcs(a_to_c=False)
    network: Network = ip_network(destination)
    route = Route(
        "aws_route_table.a.route[9]",
        "aws_route_table.a",
        "aws_route_table.a",
        network,
        target_kind=TargetKind.PEERING,
        inline=True,
        target_candidates=candidates,
    )
    peerings = (
        *topology.peerings,
        PeeringConnection("aws_vpc_peering_connection.ac", None, "aws_vpc.a", "aws_vpc.c"),
        PeeringConnection("aws_vpc_peering_connection.ab2", None, "aws_vpc.b", "aws_vpc.a"),
    )
    return replace(topology, routes=(*topology.routes, route), peerings=peerings)


def test_candidate_peerings_that_route_differently_are_unknown() -> None:
    topology = _with_candidates("aws_vpc_peering_connection.ab", "aws_vpc_peering_connection.ac")
    trace = routing_of(topology).trace(topology.subnets[0], as_destination("172.31.1.10"))
    # via ab the packet is dropped (not transitive), via ac it is delivered: not known
    assert trace.outcome is Outcome.UNKNOWN
    assert "one of aws_vpc_peering_connection.ab, aws_vpc_peering_connection.ac" in trace.reason


def test_candidate_peerings_that_agree_give_a_certain_answer() -> None:
    # a destination outside every VPC: dropped whichever peering the route takes
    topology = _with_candidates(
        "aws_vpc_peering_connection.ab",
        "aws_vpc_peering_connection.ac",
        destination="203.0.113.0/24",
    )
    trace = routing_of(topology).trace(topology.subnets[0], as_destination("203.0.113.7"))
    assert trace.outcome is Outcome.DROPPED_NOT_TRANSITIVE
    peering = [h for h in trace.hops if h.kind == "peering"]
    assert len(peering) == 1 and peering[0].address == "aws_route_table.a"  # which: not known
    assert "one of" in peering[0].note


def test_candidates_to_the_same_peer_deliver_and_a_foreign_peering_is_no_candidate() -> None:
    # ab and ab2 both join a and b; bc joins two other VPCs, so it cannot be a's target
    topology = _with_candidates(
        "aws_vpc_peering_connection.ab",
        "aws_vpc_peering_connection.ab2",
        "aws_vpc_peering_connection.bc",
        destination="192.168.1.0/25",
    )
    trace = routing_of(topology).trace(topology.subnets[0], as_destination("192.168.1.9"))
    assert trace.outcome is Outcome.DELIVERED and trace.delivered_to == "aws_subnet.b"
    only_ab = _with_candidates(
        "aws_vpc_peering_connection.ab",
        "aws_vpc_peering_connection.bc",
        destination="192.168.1.0/25",
    )
    trace = routing_of(only_ab).trace(only_ab.subnets[0], as_destination("192.168.1.9"))
    assert [h.address for h in trace.hops if h.kind == "peering"] == [
        "aws_vpc_peering_connection.ab"
    ]


def test_trace_of_a_range_says_when_a_more_specific_route_takes_part_of_it() -> None:
    topology = _three_vpcs()
    routes = (
        *topology.routes,
        _route("a", "192.168.1.128/25", TargetKind.NAT_GATEWAY, "aws_nat_gateway.a", "nat"),
    )
    topology = replace(topology, routes=routes)
    layer = routing_of(topology)
    whole = layer.trace(topology.subnets[0], as_destination("192.168.1.0/24"))
    assert whole.outcome is Outcome.DELIVERED and whole.split
    half = layer.trace(topology.subnets[0], as_destination("192.168.1.0/25"))
    assert half.outcome is Outcome.DELIVERED and not half.split


def test_reverse_index_of_candidate_routes() -> None:
    topology = _with_candidates("aws_vpc_peering_connection.ab", "aws_vpc_peering_connection.ac")
    layer = routing_of(topology)
    assert [r.address for r in layer.routes_maybe_targeting("aws_vpc_peering_connection.ac")] == [
        "aws_route_table.a.route[9]"
    ]
    assert layer.routes_maybe_targeting("aws_vpc_peering_connection.bc") == ()
    # routes_targeting lists only certain targets
    assert all(
        r.target == "aws_vpc_peering_connection.ab"
        for r in layer.routes_targeting("aws_vpc_peering_connection.ab")
    )
