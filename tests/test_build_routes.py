"""Route tables and routes: targets, destinations, merged peering references, main tables
and subnet associations.

Hand-made inventories in the shapes front ends produce (tests/build_helpers.py); nothing may be
guessed.
"""

from __future__ import annotations

from collections.abc import Mapping

from build_helpers import ref, res, res_of, topo

from tflint_vpc.inventory import UNKNOWN, ResourceInstance, Value
from tflint_vpc.model import TargetKind, Topology

# --- route tables ---------------------------------------------------------------------------


def test_default_route_table_is_the_main_table_by_ref() -> None:
    t = topo(
        res("aws_vpc.main", cidr_block="10.0.0.0/16", default_route_table_id=UNKNOWN),
        res(
            "aws_default_route_table.main",
            default_route_table_id=ref("aws_vpc.main", attribute="default_route_table_id"),
            vpc_id=UNKNOWN,
            route=(),
        ),
        res("aws_subnet.a", vpc_id=ref("aws_vpc.main")),
        # a standalone route into the default table, named through the VPC attribute
        res(
            "aws_route.to_igw",
            route_table_id=ref("aws_vpc.main", attribute="default_route_table_id"),
            destination_cidr_block="0.0.0.0/0",
            gateway_id=ref("aws_internet_gateway.igw"),
            nat_gateway_id=UNKNOWN,
        ),
        res("aws_internet_gateway.igw", vpc_id=ref("aws_vpc.main")),
    )
    table = t.route_table("aws_default_route_table.main")
    assert table is not None and table.default and table.vpc == "aws_vpc.main"
    assert t.main_route_table == {"aws_vpc.main": "aws_default_route_table.main"}
    subnet = t.subnet("aws_subnet.a")
    assert subnet is not None
    assert t.route_table_of_subnet(subnet) == "aws_default_route_table.main"
    (route,) = t.routes_of("aws_default_route_table.main")
    assert route.address == "aws_route.to_igw" and not route.inline
    assert route.target_kind is TargetKind.INTERNET_GATEWAY
    assert route.target == "aws_internet_gateway.igw"


def test_default_route_table_by_literal_and_main_association_overrides() -> None:
    t = topo(
        res("aws_vpc.main", id="vpc-1", cidr_block="10.0.0.0/16", default_route_table_id="rtb-d"),
        res("aws_default_route_table.d", id="rtb-d", default_route_table_id="rtb-d"),
        res("aws_vpc.other", id="vpc-2", cidr_block="10.1.0.0/16", default_route_table_id="rtb-e"),
        res("aws_default_route_table.e", id="rtb-e", default_route_table_id="rtb-e"),
        res("aws_route_table.custom", id="rtb-c", vpc_id="vpc-2"),
        res("aws_main_route_table_association.m", vpc_id="vpc-2", route_table_id="rtb-c"),
        kind="state",
    )
    assert t.main_route_table == {
        "aws_vpc.main": "aws_default_route_table.d",
        "aws_vpc.other": "aws_route_table.custom",
    }
    default_e = t.route_table("aws_default_route_table.e")
    assert default_e is not None and default_e.default and default_e.vpc == "aws_vpc.other"
    assert {rt.address for rt in t.route_tables_of("aws_vpc.other")} == {
        "aws_default_route_table.e",
        "aws_route_table.custom",
    }


def test_default_route_table_whose_vpc_is_unknown_is_still_a_default_table() -> None:
    t = topo(res("aws_default_route_table.d", default_route_table_id=UNKNOWN, vpc_id=UNKNOWN))
    (table,) = t.route_tables
    assert table.default and table.vpc is None and t.main_route_table == {}


def test_main_association_by_ref_and_unassociated_subnet_without_main_is_unknown() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_route_table.main", vpc_id=ref("aws_vpc.a")),
        res(
            "aws_main_route_table_association.m",
            vpc_id=ref("aws_vpc.a"),
            route_table_id=ref("aws_route_table.main"),
        ),
        res("aws_vpc.b", cidr_block="10.1.0.0/16"),
        res("aws_subnet.in_a", vpc_id=ref("aws_vpc.a")),
        res("aws_subnet.in_b", vpc_id=ref("aws_vpc.b")),
        # an edge association (gateway_id) is not a subnet association
        res(
            "aws_route_table_association.edge",
            gateway_id=ref("aws_internet_gateway.x"),
            route_table_id=ref("aws_route_table.main"),
        ),
    )
    in_a, in_b = t.subnets
    assert t.route_table_of_subnet(in_a) == "aws_route_table.main"
    assert t.route_table_of_subnet(in_b) is None
    assert t.subnet_route_table == {}


def test_inline_routes_targets_and_destinations() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpn_gateway.vgw", vpc_id=ref("aws_vpc.a")),
        res("aws_ec2_transit_gateway.tgw"),
        res(
            "aws_route_table.rt",
            vpc_id=ref("aws_vpc.a"),
            route=(
                _inline(cidr_block="0.0.0.0/0", gateway_id="igw-123"),
                _inline(cidr_block="192.168.0.0/16", gateway_id="vgw-9"),
                _inline(cidr_block="172.16.0.0/12", gateway_id=ref("aws_vpn_gateway.vgw")),
                _inline(ipv6_cidr_block="::/0", egress_only_gateway_id="eigw-1"),
                _inline(
                    destination_prefix_list_id="pl-123",
                    transit_gateway_id=ref("aws_ec2_transit_gateway.tgw"),
                ),
                _inline(cidr_block="10.0.0.0/16", gateway_id="local"),
                _inline(cidr_block="100.64.0.0/10", nat_gateway_id=UNKNOWN),
                _inline(cidr_block="not a cidr", network_interface_id="eni-1"),
            ),
        ),
    )
    routes = t.routes_of("aws_route_table.rt")
    assert [r.address for r in routes] == [f"aws_route_table.rt.route[{i}]" for i in range(8)]
    assert all(r.inline and r.declared_by == "aws_route_table.rt" for r in routes)
    summary = [
        (r.destination and str(r.destination), r.destination_prefix_list, r.target_kind, r.target)
        for r in routes
    ]
    assert summary == [
        ("0.0.0.0/0", None, TargetKind.INTERNET_GATEWAY, "igw-123"),
        ("192.168.0.0/16", None, TargetKind.VPN_GATEWAY, "vgw-9"),
        ("172.16.0.0/12", None, TargetKind.VPN_GATEWAY, "aws_vpn_gateway.vgw"),
        ("::/0", None, TargetKind.EGRESS_ONLY_GATEWAY, "eigw-1"),
        (None, "pl-123", TargetKind.TRANSIT_GATEWAY, "aws_ec2_transit_gateway.tgw"),
        ("10.0.0.0/16", None, TargetKind.LOCAL, "local"),
        ("100.64.0.0/10", None, TargetKind.NAT_GATEWAY, None),  # set, known after apply
        (None, None, TargetKind.NETWORK_INTERFACE, "eni-1"),
    ]
    table = t.route_table("aws_route_table.rt")
    assert table is not None and not table.routes_complete  # the NAT target and a bad CIDR


def test_route_table_with_unknown_or_odd_route_list() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res(
            "aws_route_table.known",
            vpc_id=ref("aws_vpc.a"),
            route=(_inline(cidr_block="0.0.0.0/0", gateway_id="igw-1"),),
        ),
        # `route` is optional+computed: without route blocks a plan shows it unknown, and the
        # table's routes are the aws_route resources that name it
        res("aws_route_table.unknown", vpc_id=ref("aws_vpc.a"), route=UNKNOWN),
        res("aws_route_table.odd", vpc_id=ref("aws_vpc.a"), route={"cidr_block": "0.0.0.0/0"}),
        res("data.aws_route_table.read", vpc_id=ref("aws_vpc.a"), routes=UNKNOWN),
    )
    assert {rt.address: rt.routes_complete for rt in t.route_tables} == {
        "aws_route_table.known": True,
        "aws_route_table.unknown": True,
        "aws_route_table.odd": False,
        "data.aws_route_table.read": False,  # a deferred read: its routes are not known
    }
    assert t.routes_of("aws_route_table.unknown") == ()


def test_standalone_route_with_computed_unknown_attributes() -> None:
    # aws_route target attributes are optional+computed: a new route shows the unset ones unknown
    unset: dict[str, Value] = dict.fromkeys(
        (
            "gateway_id",
            "nat_gateway_id",
            "network_interface_id",
            "transit_gateway_id",
            "vpc_endpoint_id",
        ),
        UNKNOWN,
    )
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_route_table.rt", vpc_id=ref("aws_vpc.a"), route=()),
        res("aws_vpc_peering_connection.p", vpc_id=ref("aws_vpc.a"), peer_vpc_id="vpc-x"),
        res_of(
            "aws_route.peer",
            {
                "route_table_id": ref("aws_route_table.rt"),
                "destination_cidr_block": "10.9.0.0/16",
                **unset,
                "vpc_peering_connection_id": ref("aws_vpc_peering_connection.p"),
            },
        ),
        res_of(
            "aws_route.unknown",
            {
                "route_table_id": ref("aws_route_table.rt"),
                "destination_cidr_block": "10.8.0.0/16",
                **unset,
            },
        ),
    )
    peer, unknown = t.routes_of("aws_route_table.rt")
    assert (peer.target_kind, peer.target) == (TargetKind.PEERING, "aws_vpc_peering_connection.p")
    assert (unknown.target_kind, unknown.target) == (TargetKind.UNKNOWN, None)
    table = t.route_table("aws_route_table.rt")
    assert table is not None and not table.routes_complete


def test_other_route_target_kinds() -> None:
    core_arn = "arn:aws:networkmanager::123456789012:core-network/core-network-1"
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_networkmanager_core_network.core", arn=core_arn, id="core-network-1"),
        res(
            "aws_vpc_endpoint.gwlb",
            vpc_id=ref("aws_vpc.a"),
            vpc_endpoint_type="GatewayLoadBalancer",
        ),
        res("aws_nat_gateway.nat"),
        res(
            "aws_route_table.rt",
            vpc_id=ref("aws_vpc.a"),
            route=(
                _inline(cidr_block="10.9.0.0/16", core_network_arn=core_arn),
                _inline(
                    cidr_block="10.8.0.0/16",
                    core_network_arn=ref("aws_networkmanager_core_network.core", attribute="arn"),
                ),
                _inline(cidr_block="10.7.0.0/16", vpc_endpoint_id=ref("aws_vpc_endpoint.gwlb")),
                _inline(cidr_block="10.6.0.0/16", carrier_gateway_id="cagw-1"),
                _inline(cidr_block="10.5.0.0/16", local_gateway_id="lgw-1"),
                _inline(cidr_block="0.0.0.0/0", nat_gateway_id=ref("aws_nat_gateway.nat")),
            ),
        ),
        kind="state",
    )
    assert [(r.target_kind, r.target) for r in t.routes] == [
        (TargetKind.CORE_NETWORK, "aws_networkmanager_core_network.core"),
        (TargetKind.CORE_NETWORK, "aws_networkmanager_core_network.core"),
        (TargetKind.VPC_ENDPOINT, "aws_vpc_endpoint.gwlb"),
        (TargetKind.CARRIER_GATEWAY, "cagw-1"),
        (TargetKind.LOCAL_GATEWAY, "lgw-1"),
        (TargetKind.NAT_GATEWAY, "aws_nat_gateway.nat"),
    ]
    assert t.endpoints[0].endpoint_type == "GatewayLoadBalancer"


def _inline(**values: Value) -> Mapping[str, Value]:
    """An inline route block as plan JSON has it: every attribute present, "" when not set."""
    block: dict[str, Value] = dict.fromkeys(
        (
            "cidr_block",
            "ipv6_cidr_block",
            "destination_prefix_list_id",
            "carrier_gateway_id",
            "core_network_arn",
            "egress_only_gateway_id",
            "gateway_id",
            "local_gateway_id",
            "nat_gateway_id",
            "network_interface_id",
            "transit_gateway_id",
            "vpc_endpoint_id",
            "vpc_peering_connection_id",
        ),
        "",
    )
    block.update(values)
    return block


# --- inline routes with merged peering references -------------------------------------------


def _peering_mesh(*extra: ResourceInstance) -> Topology:
    """VPC a peers with b and c; a's table lists both peerings as one merged reference list."""
    both = ref("aws_vpc_peering_connection.ab", "aws_vpc_peering_connection.ac")
    return topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", cidr_block="10.1.0.0/16", ipv6_cidr_block="2600:1f18:aa:100::/56"),
        res("aws_vpc.c", cidr_block="10.2.0.0/16"),
        res(
            "aws_vpc_ipv4_cidr_block_association.c2",
            vpc_id=ref("aws_vpc.c"),
            cidr_block="10.20.0.0/16",
        ),
        res("aws_vpc_peering_connection.ab", vpc_id=ref("aws_vpc.a"), peer_vpc_id=ref("aws_vpc.b")),
        # a is the accepter here: the peer is the requester side
        res("aws_vpc_peering_connection.ac", vpc_id=ref("aws_vpc.c"), peer_vpc_id=ref("aws_vpc.a")),
        res(
            "aws_route_table.a",
            vpc_id=ref("aws_vpc.a"),
            route=(
                _inline(cidr_block="10.1.0.0/16", vpc_peering_connection_id=both),
                _inline(cidr_block="10.20.128.0/17", vpc_peering_connection_id=both),
                _inline(cidr_block="192.168.0.0/16", vpc_peering_connection_id=both),
                _inline(cidr_block=UNKNOWN, vpc_peering_connection_id=both),
                _inline(ipv6_cidr_block="2600:1f18:aa:140::/64", vpc_peering_connection_id=both),
            ),
        ),
        *extra,
    )


def test_inline_peering_routes_keep_their_candidates() -> None:
    """A plan's merged reference names two peerings: which one each route takes is not
    guessed from the peers' ranges (a route to a third VPC is exactly the mistake to find)."""
    t = _peering_mesh()
    routes = t.routes_of("aws_route_table.a")
    assert [r.target for r in routes] == [None] * 5
    assert {r.target_candidates for r in routes} == {
        ("aws_vpc_peering_connection.ab", "aws_vpc_peering_connection.ac")
    }
    assert all(r.target_kind is TargetKind.PEERING for r in routes)
    table = t.route_table("aws_route_table.a")
    assert table is not None and not table.routes_complete  # the unknown destination


def test_inline_peering_route_ambiguous_when_peers_overlap_or_are_incomplete() -> None:
    both = ref("aws_vpc_peering_connection.ab", "aws_vpc_peering_connection.ax")
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", cidr_block="10.1.0.0/16"),
        res("aws_vpc.x", cidr_block="10.1.0.0/20"),  # overlaps b
        res("aws_vpc.ipam", cidr_block=UNKNOWN),
        res("aws_vpc_peering_connection.ab", vpc_id=ref("aws_vpc.a"), peer_vpc_id=ref("aws_vpc.b")),
        res("aws_vpc_peering_connection.ax", vpc_id=ref("aws_vpc.a"), peer_vpc_id=ref("aws_vpc.x")),
        res(
            "aws_vpc_peering_connection.ai",
            vpc_id=ref("aws_vpc.a"),
            peer_vpc_id=ref("aws_vpc.ipam"),
        ),
        res(
            "aws_route_table.a",
            vpc_id=ref("aws_vpc.a"),
            route=(
                _inline(cidr_block="10.1.0.0/24", vpc_peering_connection_id=both),
                _inline(
                    cidr_block="10.1.0.0/16",
                    vpc_peering_connection_id=ref(
                        "aws_vpc_peering_connection.ab", "aws_vpc_peering_connection.ai"
                    ),
                ),
            ),
        ),
    )
    overlap, incomplete = t.routes_of("aws_route_table.a")
    assert overlap.target is None  # both peers contain 10.1.0.0/24
    assert incomplete.target is None  # the IPAM peer might hold 10.1.0.0/16 too
    assert overlap.target_kind is TargetKind.PEERING


def test_inline_peering_route_with_a_candidate_outside_the_input_is_unknown() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", cidr_block="10.1.0.0/16"),
        res("aws_vpc_peering_connection.ab", vpc_id=ref("aws_vpc.a"), peer_vpc_id=ref("aws_vpc.b")),
        res("aws_vpc_peering_connection.remote", vpc_id=ref("aws_vpc.a"), peer_vpc_id="vpc-remote"),
        res(
            "aws_route_table.a",
            vpc_id=ref("aws_vpc.a"),
            route=(
                _inline(
                    cidr_block="10.1.0.0/16",
                    vpc_peering_connection_id=ref(
                        "aws_vpc_peering_connection.ab", "aws_vpc_peering_connection.remote"
                    ),
                ),
            ),
        ),
    )
    (route,) = t.routes_of("aws_route_table.a")
    assert route.target is None


def test_main_route_table_id_names_the_default_table_unless_reassigned() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res(
            "aws_default_route_table.a",
            default_route_table_id=ref("aws_vpc.a", attribute="default_route_table_id"),
        ),
        res(
            "aws_route.r",
            route_table_id=ref("aws_vpc.a", attribute="main_route_table_id"),
            destination_cidr_block="0.0.0.0/0",
            gateway_id="igw-1",
        ),
        res("aws_vpc.b", cidr_block="10.1.0.0/16"),
        res(
            "aws_default_route_table.b",
            default_route_table_id=ref("aws_vpc.b", attribute="default_route_table_id"),
        ),
        res("aws_route_table.b", vpc_id=ref("aws_vpc.b")),
        res(
            "aws_main_route_table_association.b",
            vpc_id=ref("aws_vpc.b"),
            route_table_id=ref("aws_route_table.b"),
        ),
        res(
            "aws_route.s",
            route_table_id=ref("aws_vpc.b", attribute="main_route_table_id"),
            destination_cidr_block="0.0.0.0/0",
            gateway_id="igw-2",
        ),
    )
    assert [r.route_table for r in t.routes] == ["aws_default_route_table.a", None]
    assert t.main_route_table == {
        "aws_vpc.a": "aws_default_route_table.a",
        "aws_vpc.b": "aws_route_table.b",
    }


def test_merged_inline_reference_with_one_peering_is_that_peering() -> None:
    def inventory(kind: str) -> Topology:
        only_ab = ref("aws_vpc_peering_connection.ab", "aws_internet_gateway.igw")
        return topo(
            res("aws_vpc.a", cidr_block="10.0.0.0/16"),
            res("aws_vpc.b", cidr_block="10.1.0.0/16"),
            res("aws_internet_gateway.igw", vpc_id=ref("aws_vpc.a")),
            res(
                "aws_vpc_peering_connection.ab",
                vpc_id=ref("aws_vpc.a"),
                peer_vpc_id=ref("aws_vpc.b"),
            ),
            res(
                "aws_route_table.a",
                vpc_id=ref("aws_vpc.a"),
                route=(
                    _inline(cidr_block="10.1.0.0/16", vpc_peering_connection_id=only_ab),
                    _inline(cidr_block="10.7.0.0/16", vpc_peering_connection_id=only_ab),
                    _inline(cidr_block="0.0.0.0/0", gateway_id=only_ab),
                ),
            ),
            kind=kind,
        )

    # The table's references name one peering: every route to a peering takes it, also the
    # one to 10.7.0.0/16 outside the peer's range (the routing layer then drops that traffic,
    # as AWS does), so a plan and its HCL agree on exactly that route.
    for kind in ("plan", "hcl"):
        routes = inventory(kind).routes_of("aws_route_table.a")
        assert [(r.target_kind, r.target, r.target_candidates) for r in routes] == [
            (TargetKind.PEERING, "aws_vpc_peering_connection.ab", ()),
            (TargetKind.PEERING, "aws_vpc_peering_connection.ab", ()),
            (TargetKind.INTERNET_GATEWAY, "aws_internet_gateway.igw", ()),
        ]


def test_data_route_table_routes_and_associations() -> None:
    t = topo(
        res("data.aws_vpc.shared", id="vpc-1", cidr_block="10.0.0.0/16"),
        res("data.aws_subnet.s", id="subnet-1", vpc_id="vpc-1"),
        res(
            "data.aws_route_table.rt",
            id="rtb-1",
            vpc_id="vpc-1",
            routes=(_inline(cidr_block="0.0.0.0/0", gateway_id="igw-1"),),
            associations=(
                {"main": True, "subnet_id": "", "route_table_id": "rtb-1"},
                {"main": False, "subnet_id": "subnet-1", "route_table_id": "rtb-1"},
            ),
        ),
    )
    (route,) = t.routes_of("data.aws_route_table.rt")
    assert route.address == "data.aws_route_table.rt.routes[0]"
    assert (route.target_kind, route.target) == (TargetKind.INTERNET_GATEWAY, "igw-1")
    assert t.main_route_table == {"data.aws_vpc.shared": "data.aws_route_table.rt"}
    assert t.subnet_route_table == {"data.aws_subnet.s": "data.aws_route_table.rt"}
    subnet = t.subnet("data.aws_subnet.s")
    assert subnet is not None and subnet.vpc == "data.aws_vpc.shared"
