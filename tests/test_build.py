"""The builder: hand-made inventories in the two shapes front ends produce.

State-like inventories link by literal ids (`"vpc-0a"`); plan-like ones link by `Ref`s because
ids are known after apply. Both must give the same topology, and nothing may be guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from ipaddress import ip_network
from pathlib import Path
from typing import cast

from hypothesis import given, settings
from hypothesis import strategies as st

from tflint_vpc.build import build
from tflint_vpc.inventory import UNKNOWN, Inventory, Ref, ResourceInstance, Value
from tflint_vpc.model import AttachmentForm, TargetKind, Topology

_ADDRESS = re.compile(r"^(?:.*?\.)??(?:(data)\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[.*\])?$")


def res(address: str, region: str | None = None, **values: Value) -> ResourceInstance:
    """A resource instance; type, name and mode come from the address."""
    return res_of(address, values, region)


def res_of(
    address: str, values: Mapping[str, Value], region: str | None = None
) -> ResourceInstance:
    match = _ADDRESS.match(address)
    assert match is not None, address
    data, rtype, name = match.groups()
    return ResourceInstance(
        address=address,
        type=rtype,
        name=name,
        mode="data" if data else "managed",
        values=values,
        region=region,
    )


def ref(*targets: str, attribute: str = "id") -> Ref:
    return Ref(tuple(targets), attribute)


def topo(*instances: ResourceInstance, kind: str = "plan") -> Topology:
    return build(Inventory(source="test.json", kind=kind, instances=tuple(instances)))


def net(text: str) -> object:
    return ip_network(text)


# --- links ----------------------------------------------------------------------------------


def test_state_links_by_literal_id() -> None:
    t = topo(
        res("aws_vpc.main", id="vpc-0a", cidr_block="10.0.0.0/16"),
        res("aws_subnet.a", id="subnet-0a", vpc_id="vpc-0a", cidr_block="10.0.1.0/24"),
        res("aws_route_table.rt", id="rtb-0a", vpc_id="vpc-0a", route=()),
        res(
            "aws_route_table_association.a",
            id="rtbassoc-1",
            subnet_id="subnet-0a",
            route_table_id="rtb-0a",
        ),
        res(
            "aws_vpc_peering_connection.p",
            id="pcx-1",
            vpc_id="vpc-0a",
            peer_vpc_id="vpc-elsewhere",
            peer_owner_id="123456789012",
            peer_region="eu-west-1",
        ),
        kind="state",
    )
    assert t.vpc("aws_vpc.main") is not None
    subnet = t.subnet("aws_subnet.a")
    assert subnet is not None and subnet.vpc == "aws_vpc.main" and subnet.id == "subnet-0a"
    assert t.route_table_of_subnet(subnet) == "aws_route_table.rt"
    peering = t.peering("aws_vpc_peering_connection.p")
    assert peering is not None
    assert peering.requester == "aws_vpc.main" and peering.requester_vpc_id is None
    assert peering.accepter is None and peering.accepter_vpc_id == "vpc-elsewhere"
    assert (peering.peer_owner_id, peering.peer_region) == ("123456789012", "eu-west-1")
    assert t.resource_count == 5


def test_plan_links_by_ref_and_followed_attributes() -> None:
    t = topo(
        res("aws_vpc.main", cidr_block="10.0.0.0/16", id=UNKNOWN),
        res(
            "aws_vpc_ipv4_cidr_block_association.extra",
            vpc_id=ref("aws_vpc.main"),
            cidr_block="10.1.0.0/16",
        ),
        # depends on the association so that the secondary block exists first
        res(
            "module.net.aws_subnet.b[0]",
            vpc_id=ref("aws_vpc_ipv4_cidr_block_association.extra", attribute="vpc_id"),
            cidr_block=ref("aws_vpc_ipv4_cidr_block_association.extra", attribute="cidr_block"),
            availability_zone="us-east-1a",
            availability_zone_id="use1-az1",
        ),
    )
    subnet = t.subnet("module.net.aws_subnet.b[0]")
    assert subnet is not None
    assert subnet.vpc == "aws_vpc.main"
    assert subnet.cidr == net("10.1.0.0/16")
    assert (subnet.az.name, subnet.az.id) == ("us-east-1a", "use1-az1")
    assert t.subnets_of("aws_vpc.main") == (subnet,)


def test_ambiguous_or_unknown_links_stay_unknown() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", cidr_block="10.1.0.0/16"),
        res("aws_internet_gateway.igw"),
        res("aws_subnet.two_candidates", vpc_id=ref("aws_vpc.a", "aws_vpc.b")),
        res("aws_subnet.unknown", vpc_id=UNKNOWN),
        res("aws_subnet.outside", vpc_id=ref("aws_vpc.not_in_input")),
        # other types among the targets are filtered out, not ambiguity
        res("aws_subnet.filtered", vpc_id=ref("aws_internet_gateway.igw", "aws_vpc.b")),
        # the identity of another type is not a VPC
        res("aws_subnet.wrong_type", vpc_id=ref("aws_internet_gateway.igw")),
    )
    vpc_of = {s.address: s.vpc for s in t.subnets}
    assert vpc_of == {
        "aws_subnet.two_candidates": None,
        "aws_subnet.unknown": None,
        "aws_subnet.outside": None,
        "aws_subnet.filtered": "aws_vpc.b",
        "aws_subnet.wrong_type": None,
    }


def test_literal_id_shared_by_data_source_prefers_managed() -> None:
    t = topo(
        res("aws_vpc.main", id="vpc-1", cidr_block="10.0.0.0/16"),
        res("data.aws_vpc.same", id="vpc-1", cidr_block="10.0.0.0/16"),
        res("aws_subnet.s", vpc_id="vpc-1"),
        kind="state",
    )
    assert t.subnets[0].vpc == "aws_vpc.main"
    data_vpc = t.vpc("data.aws_vpc.same")
    assert data_vpc is not None and data_vpc.data_source


def test_reference_cycle_is_unknown() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_subnet.x", vpc_id=ref("aws_subnet.y", attribute="vpc_id")),
        res("aws_subnet.y", vpc_id=ref("aws_subnet.x", attribute="vpc_id")),
    )
    assert [s.vpc for s in t.subnets] == [None, None]


# --- VPCs and CIDR sets ---------------------------------------------------------------------


def test_vpc_cidr_sets_and_attributes() -> None:
    t = topo(
        res(
            "aws_vpc.app",
            region="eu-central-1",
            cidr_block="10.0.0.0/16",
            ipv6_cidr_block="2600:1f18:1:100::/56",
            instance_tenancy="dedicated",
            enable_classiclink=True,
        ),
        res(
            "aws_vpc_ipv4_cidr_block_association.two",
            vpc_id=ref("aws_vpc.app"),
            cidr_block="10.5.0.0/16",
        ),
        res(
            "aws_vpc_ipv6_cidr_block_association.v6",
            vpc_id=ref("aws_vpc.app"),
            ipv6_cidr_block="2600:1f18:1:200::/56",
        ),
        res("aws_default_vpc.default", cidr_block="172.31.0.0/16", enable_classiclink="false"),
    )
    app = t.vpc("aws_vpc.app")
    assert app is not None
    assert [(str(c.network), c.declared_by, c.primary) for c in app.cidrs] == [
        ("10.0.0.0/16", "aws_vpc.app", True),
        ("2600:1f18:1:100::/56", "aws_vpc.app", False),
        ("10.5.0.0/16", "aws_vpc_ipv4_cidr_block_association.two", False),
        ("2600:1f18:1:200::/56", "aws_vpc_ipv6_cidr_block_association.v6", False),
    ]
    assert [str(c.network) for c in app.ipv4] == ["10.0.0.0/16", "10.5.0.0/16"]
    assert app.cidrs_complete
    assert (app.region, app.instance_tenancy, app.classiclink) == (
        "eu-central-1",
        "dedicated",
        True,
    )
    default = t.vpc("aws_default_vpc.default")
    assert default is not None and default.default and default.classiclink is None
    assert default.instance_tenancy == "default"  # the provider default, implicit in HCL


def test_unknown_cidrs_make_the_set_incomplete() -> None:
    t = topo(
        # IPAM-allocated primary: unknown in the plan
        res("aws_vpc.ipam", cidr_block=UNKNOWN, ipv4_ipam_pool_id="ipam-pool-1"),
        # a new VPC without IPv6: ipv6_cidr_block is computed, hence unknown, yet there is none
        res(
            "aws_vpc.v4_only",
            cidr_block="10.0.0.0/16",
            ipv6_cidr_block=UNKNOWN,
            assign_generated_ipv6_cidr_block=False,
        ),
        res(
            "aws_vpc.v6_requested",
            cidr_block="10.1.0.0/16",
            ipv6_cidr_block=UNKNOWN,
            assign_generated_ipv6_cidr_block=True,
        ),
        # the same in HCL, where the computed attribute is simply absent
        res(
            "aws_vpc.v6_requested_hcl",
            cidr_block="10.1.0.0/16",
            assign_generated_ipv6_cidr_block=True,
        ),
        res(
            "aws_vpc.v6_from_ipam_hcl",
            cidr_block="10.1.0.0/16",
            ipv6_ipam_pool_id=ref("aws_vpc_ipam_pool.p"),
        ),
        res("aws_vpc.secondary_from_ipam", cidr_block="10.2.0.0/16"),
        res(
            "aws_vpc_ipv4_cidr_block_association.ipam",
            vpc_id=ref("aws_vpc.secondary_from_ipam"),
            cidr_block=UNKNOWN,
        ),
        res("aws_vpc.garbage", cidr_block="10.300.0.0/16"),
        res("aws_vpc.x", cidr_block="10.3.0.0/16"),
        res("aws_vpc.y", cidr_block="10.4.0.0/16"),
        # an association to one of two VPCs: neither set is known to be complete
        res(
            "aws_vpc_ipv4_cidr_block_association.either",
            vpc_id=ref("aws_vpc.x", "aws_vpc.y"),
            cidr_block="10.9.0.0/16",
        ),
    )
    complete = {v.address: v.cidrs_complete for v in t.vpcs}
    assert complete == {
        "aws_vpc.ipam": False,
        "aws_vpc.v4_only": True,
        "aws_vpc.v6_requested": False,
        "aws_vpc.v6_requested_hcl": False,
        "aws_vpc.v6_from_ipam_hcl": False,
        "aws_vpc.secondary_from_ipam": False,
        "aws_vpc.garbage": False,
        "aws_vpc.x": False,
        "aws_vpc.y": False,
    }
    garbage = t.vpc("aws_vpc.garbage")
    assert garbage is not None and garbage.cidrs == ()


def test_data_vpc_cidr_block_associations() -> None:
    t = topo(
        res(
            "data.aws_vpc.shared",
            id="vpc-9",
            cidr_block="10.0.0.0/16",
            cidr_block_associations=(
                {"association_id": "a1", "cidr_block": "10.0.0.0/16", "state": "associated"},
                {"association_id": "a2", "cidr_block": "10.8.0.0/16", "state": "associated"},
                {"association_id": "a3", "cidr_block": "10.9.0.0/16", "state": "disassociated"},
            ),
        ),
        res(
            "data.aws_vpc.deferred", id=UNKNOWN, cidr_block=UNKNOWN, cidr_block_associations=UNKNOWN
        ),
    )
    shared = t.vpc("data.aws_vpc.shared")
    assert shared is not None and shared.data_source
    assert [str(c.network) for c in shared.cidrs] == ["10.0.0.0/16", "10.8.0.0/16"]
    assert shared.cidrs_complete
    deferred = t.vpc("data.aws_vpc.deferred")
    assert deferred is not None and not deferred.cidrs_complete


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


def test_route_table_with_unknown_route_list_is_incomplete() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res(
            "aws_route_table.known",
            vpc_id=ref("aws_vpc.a"),
            route=(_inline(cidr_block="0.0.0.0/0", gateway_id="igw-1"),),
        ),
        res("aws_route_table.unknown", vpc_id=ref("aws_vpc.a"), route=UNKNOWN),
        res("aws_route_table.odd", vpc_id=ref("aws_vpc.a"), route={"cidr_block": "0.0.0.0/0"}),
    )
    assert {rt.address: rt.routes_complete for rt in t.route_tables} == {
        "aws_route_table.known": True,
        "aws_route_table.unknown": False,
        "aws_route_table.odd": False,
    }


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


def test_inline_peering_routes_assigned_by_peer_cidr() -> None:
    t = _peering_mesh()
    routes = t.routes_of("aws_route_table.a")
    assert [r.target for r in routes] == [
        "aws_vpc_peering_connection.ab",
        "aws_vpc_peering_connection.ac",  # a secondary block of the peer counts
        None,  # no peer holds the destination: unknown, not guessed
        None,  # unknown destination
        "aws_vpc_peering_connection.ab",  # IPv6 is compared with IPv6
    ]
    assert all(r.target_kind is TargetKind.PEERING for r in routes)
    table = t.route_table("aws_route_table.a")
    assert table is not None and not table.routes_complete


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


# --- peering accepters ----------------------------------------------------------------------


def test_accepter_is_not_a_second_connection() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", region="us-west-2", cidr_block="10.1.0.0/16"),
        res(
            "aws_vpc_peering_connection.ab",
            vpc_id=ref("aws_vpc.a"),
            peer_vpc_id=ref("aws_vpc.b"),
            peer_region="us-west-2",
        ),
        res(
            "aws_vpc_peering_connection_accepter.peer",
            region="us-west-2",
            vpc_peering_connection_id=ref("aws_vpc_peering_connection.ab"),
            auto_accept=True,
        ),
        # the accepter side routes through the accepter's id: the same connection
        res(
            "aws_route.b_to_a",
            route_table_id=ref("aws_route_table.b"),
            destination_cidr_block="10.0.0.0/16",
            vpc_peering_connection_id=ref("aws_vpc_peering_connection_accepter.peer"),
        ),
        res("aws_route_table.b", vpc_id=ref("aws_vpc.b")),
    )
    (peering,) = t.peerings
    assert peering.address == "aws_vpc_peering_connection.ab"
    assert (peering.requester, peering.accepter) == ("aws_vpc.a", "aws_vpc.b")
    assert peering.accepter_resources == ("aws_vpc_peering_connection_accepter.peer",)
    (route,) = t.routes_of("aws_route_table.b")
    assert route.target == "aws_vpc_peering_connection.ab"


def test_data_source_peering_and_state_accepter_by_literal_id() -> None:
    t = topo(
        res("aws_vpc.a", id="vpc-a", cidr_block="10.0.0.0/16"),
        res(
            "data.aws_vpc_peering_connection.pc",
            id="pcx-1",
            vpc_id="vpc-other",
            peer_vpc_id="vpc-a",
        ),
        res(
            "aws_vpc_peering_connection_accepter.acc", id="pcx-1", vpc_peering_connection_id="pcx-1"
        ),
        kind="state",
    )
    (peering,) = t.peerings
    assert peering.accepter == "aws_vpc.a" and peering.requester_vpc_id == "vpc-other"
    assert peering.accepter_resources == ("aws_vpc_peering_connection_accepter.acc",)


# --- instances and ENI attachments ----------------------------------------------------------


def test_three_eni_attachment_forms() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_subnet.one", vpc_id=ref("aws_vpc.a"), availability_zone="us-east-1a"),
        res("aws_subnet.two", vpc_id=ref("aws_vpc.a"), availability_zone="us-east-1b"),
        res("aws_network_interface.primary", subnet_id=ref("aws_subnet.one"), attachment=UNKNOWN),
        res("aws_network_interface.block", subnet_id=ref("aws_subnet.two"), attachment=()),
        res(
            "aws_network_interface.by_resource", subnet_id=ref("aws_subnet.two"), attachment=UNKNOWN
        ),
        res(
            "aws_network_interface.by_eni",
            subnet_id=ref("aws_subnet.two"),
            attachment=({"instance": ref("aws_instance.vm"), "device_index": 2},),
        ),
        res(
            "aws_instance.vm",
            instance_type="m4.large",
            subnet_id=UNKNOWN,
            availability_zone=UNKNOWN,
            network_interface=(
                {"device_index": 0, "network_interface_id": ref("aws_network_interface.primary")},
                {"device_index": 1, "network_interface_id": ref("aws_network_interface.block")},
            ),
        ),
        res(
            "aws_network_interface_attachment.att",
            instance_id=ref("aws_instance.vm"),
            network_interface_id=ref("aws_network_interface.by_resource"),
            device_index=3,
        ),
    )
    attachments = {
        (a.declared_by, a.network_interface, a.instance, a.device_index, a.form)
        for a in t.eni_attachments
    }
    assert attachments == {
        (
            "aws_network_interface_attachment.att",
            "aws_network_interface.by_resource",
            "aws_instance.vm",
            3,
            AttachmentForm.RESOURCE,
        ),
        (
            "aws_instance.vm",
            "aws_network_interface.block",
            "aws_instance.vm",
            1,
            AttachmentForm.INSTANCE_BLOCK,
        ),
        (
            "aws_network_interface.by_eni",
            "aws_network_interface.by_eni",
            "aws_instance.vm",
            2,
            AttachmentForm.ENI_BLOCK,
        ),
    }
    vm = t.instance("aws_instance.vm")
    assert vm is not None and vm.instance_type == "m4.large" and vm.subnet is None
    assert [(n.device_index, n.network_interface) for n in vm.network_interfaces] == [
        (0, "aws_network_interface.primary"),
        (1, "aws_network_interface.block"),
    ]
    # the AZ of the instance comes from its primary interface's subnet
    assert t.instance_az(vm).name == "us-east-1a"
    assert t.eni_az("aws_network_interface.by_eni").name == "us-east-1b"


def test_state_eni_attachment_blocks_do_not_repeat_other_forms() -> None:
    # In state the ENI's computed `attachment` lists every attachment, whoever declared it.
    t = topo(
        res("aws_subnet.s", id="subnet-1"),
        res(
            "aws_instance.vm", id="i-1", subnet_id="subnet-1", primary_network_interface_id="eni-p"
        ),
        res(
            "aws_network_interface.p",
            id="eni-p",
            subnet_id="subnet-1",
            attachment=({"instance": "i-1", "device_index": 0},),
        ),
        res(
            "aws_network_interface.x",
            id="eni-x",
            subnet_id="subnet-1",
            attachment=({"instance": "i-1", "device_index": 1},),
        ),
        res(
            "aws_network_interface_attachment.x",
            instance_id="i-1",
            network_interface_id="eni-x",
            device_index=1,
        ),
        kind="state",
    )
    assert [(a.declared_by, a.form) for a in t.eni_attachments] == [
        ("aws_network_interface_attachment.x", AttachmentForm.RESOURCE)
    ]
    vm = t.instance("aws_instance.vm")
    assert vm is not None and vm.subnet == "aws_subnet.s"
    assert [(n.device_index, n.network_interface) for n in vm.network_interfaces] == [
        (0, "aws_network_interface.p")
    ]


# --- endpoints, transit gateways, VPN -------------------------------------------------------


def test_vpc_endpoints() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_subnet.one", vpc_id=ref("aws_vpc.a")),
        res("aws_subnet.two", vpc_id=ref("aws_vpc.a")),
        res(
            "aws_vpc_endpoint.iface",
            vpc_id=ref("aws_vpc.a"),
            vpc_endpoint_type="Interface",
            service_name="com.amazonaws.us-east-1.sqs",
            subnet_ids=(ref("aws_subnet.one"),),
            private_dns_enabled=True,
        ),
        res(
            "aws_vpc_endpoint_subnet_association.two",
            vpc_endpoint_id=ref("aws_vpc_endpoint.iface"),
            subnet_id=ref("aws_subnet.two"),
        ),
        res(
            "aws_vpc_endpoint.gw",
            vpc_id=ref("aws_vpc.a"),
            vpc_endpoint_type=None,
            subnet_ids=UNKNOWN,
        ),
        res(
            "aws_vpc_endpoint.unknown",
            vpc_id=ref("aws_vpc.a"),
            vpc_endpoint_type=UNKNOWN,
            subnet_ids=(UNKNOWN, ref("aws_subnet.one")),
            private_dns_enabled=UNKNOWN,
        ),
    )
    iface, gw, unknown = t.endpoints
    assert (
        iface.endpoint_type == "Interface" and iface.service_name == "com.amazonaws.us-east-1.sqs"
    )
    assert iface.subnets == ("aws_subnet.one", "aws_subnet.two") and iface.subnets_complete
    assert iface.private_dns is True and iface.vpc == "aws_vpc.a"
    # left out: the provider defaults (Gateway, no private DNS), as a plan would spell them
    assert gw.endpoint_type == "Gateway" and not gw.subnets_complete and gw.private_dns is False
    assert unknown.endpoint_type is None and unknown.subnets == ("aws_subnet.one",)
    assert unknown.private_dns is None
    assert not unknown.subnets_complete


def test_transit_gateway_and_vpn() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_subnet.s", vpc_id=ref("aws_vpc.a")),
        res(
            "aws_ec2_transit_gateway.tgw",
            default_route_table_association="disable",
            default_route_table_propagation="enable",
        ),
        res("aws_ec2_transit_gateway.plain"),
        res(
            "aws_ec2_transit_gateway_vpc_attachment.a",
            transit_gateway_id=ref("aws_ec2_transit_gateway.tgw"),
            vpc_id=ref("aws_vpc.a"),
            subnet_ids=(ref("aws_subnet.s"),),
        ),
        res(
            "aws_ec2_transit_gateway_route_table.rt",
            transit_gateway_id=ref("aws_ec2_transit_gateway.tgw"),
        ),
        res(
            "aws_ec2_transit_gateway_route.to_a",
            transit_gateway_route_table_id=ref("aws_ec2_transit_gateway_route_table.rt"),
            destination_cidr_block="10.0.0.0/16",
            transit_gateway_attachment_id=ref("aws_ec2_transit_gateway_vpc_attachment.a"),
            blackhole=False,
        ),
        res(
            "aws_ec2_transit_gateway_route.to_vpn",
            transit_gateway_route_table_id=ref("aws_ec2_transit_gateway_route_table.rt"),
            destination_cidr_block="192.168.0.0/16",
            transit_gateway_attachment_id=ref(
                "aws_vpn_connection.vpn", attribute="transit_gateway_attachment_id"
            ),
        ),
        res(
            "aws_ec2_transit_gateway_route.drop",
            transit_gateway_route_table_id=ref("aws_ec2_transit_gateway_route_table.rt"),
            destination_cidr_block="0.0.0.0/0",
            blackhole=True,
        ),
        res("aws_customer_gateway.cgw"),
        res(
            "aws_vpn_connection.vpn",
            transit_gateway_id=ref("aws_ec2_transit_gateway.tgw"),
            customer_gateway_id=ref("aws_customer_gateway.cgw"),
            transit_gateway_attachment_id=UNKNOWN,
        ),
    )
    tgw, plain = t.transit_gateways
    assert (tgw.default_route_table_association, tgw.default_route_table_propagation) == (
        False,
        True,
    )
    # both switches default to "enable" on a managed transit gateway
    assert (plain.default_route_table_association, plain.default_route_table_propagation) == (
        True,
        True,
    )
    (attachment,) = t.tgw_vpc_attachments
    assert (attachment.transit_gateway, attachment.vpc, attachment.subnets) == (
        "aws_ec2_transit_gateway.tgw",
        "aws_vpc.a",
        ("aws_subnet.s",),
    )
    assert t.tgw_route_tables[0].transit_gateway == "aws_ec2_transit_gateway.tgw"
    assert [
        (r.route_table, str(r.destination), r.attachment, r.blackhole) for r in t.tgw_routes
    ] == [
        (
            "aws_ec2_transit_gateway_route_table.rt",
            "10.0.0.0/16",
            "aws_ec2_transit_gateway_vpc_attachment.a",
            False,
        ),
        (
            "aws_ec2_transit_gateway_route_table.rt",
            "192.168.0.0/16",
            "aws_vpn_connection.vpn",
            False,
        ),
        ("aws_ec2_transit_gateway_route_table.rt", "0.0.0.0/0", None, True),
    ]
    (vpn,) = t.vpn_connections
    assert (vpn.transit_gateway, vpn.vpn_gateway, vpn.customer_gateway) == (
        "aws_ec2_transit_gateway.tgw",
        None,
        "aws_customer_gateway.cgw",
    )


# --- odd values -----------------------------------------------------------------------------


def test_odd_value_types_are_unknown_not_errors() -> None:
    t = topo(
        res(
            "aws_vpc.a",
            cidr_block=10,
            ipv6_cidr_block={"x": 1},
            instance_tenancy=3,
            enable_classiclink="yes",
        ),
        res("aws_subnet.s", vpc_id=42, cidr_block=("10.0.0.0/24",), availability_zone=1.5),
        res(
            "aws_route_table.rt",
            vpc_id={"id": "vpc-1"},
            route=({"cidr_block": 7, "gateway_id": 8}, "x", None),
        ),
        res(
            "aws_route.r",
            route_table_id=("rtb",),
            destination_cidr_block=cast(Value, [1]),
            vpc_peering_connection_id=ref(),
        ),
        res("aws_vpc_peering_connection.p", vpc_id=True, peer_vpc_id=1.0, peer_region=("x",)),
        res(
            "aws_instance.i", network_interface={"device_index": 0}, subnet_id=None, instance_type=5
        ),
        res(
            "aws_network_interface.e",
            attachment=({"instance": 5, "device_index": "x"},),
            subnet_id=(),
        ),
        res(
            "aws_vpc_endpoint.ep",
            subnet_ids="subnet-1",
            vpc_endpoint_type=1,
            private_dns_enabled="true",
        ),
        res("aws_ec2_transit_gateway_route.t", destination_cidr_block=None, blackhole="true"),
        res(
            "aws_default_route_table.d",
            default_route_table_id=Ref(("aws_vpc.a",), "default_route_table_id"),
        ),
        ResourceInstance(
            address="aws_subnet.bad_values",
            type="aws_subnet",
            name="bad",
            values=cast(Mapping[str, Value], ("not", "a", "mapping")),
        ),
    )
    assert t.resource_count == 11
    vpc = t.vpc("aws_vpc.a")
    assert vpc is not None and vpc.cidrs == () and not vpc.cidrs_complete
    assert vpc.instance_tenancy is None and vpc.classiclink is None
    subnet = t.subnet("aws_subnet.s")
    assert subnet is not None and (subnet.vpc, subnet.cidr, subnet.az.name) == (None, None, None)
    table = t.route_table("aws_route_table.rt")
    assert table is not None and table.vpc is None and not table.routes_complete
    assert t.endpoints[0].subnets_complete is False and t.endpoints[0].endpoint_type is None
    assert t.eni_attachments[0].device_index is None and t.eni_attachments[0].instance is None
    assert t.tgw_routes[0].blackhole is False
    # the default table still finds its VPC through the reference
    assert t.main_route_table == {"aws_vpc.a": "aws_default_route_table.d"}


def test_instances_with_odd_types_are_counted_and_skipped() -> None:
    odd = ResourceInstance(
        address="aws_vpc.odd", type=cast(str, ["aws_vpc"]), name="odd", values={"id": "vpc-1"}
    )
    t = topo(odd, res("aws_subnet.s", vpc_id="vpc-1"), kind="state")
    assert t.vpcs == () and t.subnets[0].vpc is None and t.resource_count == 2


def test_duplicate_addresses_keep_the_first() -> None:
    t = topo(res("aws_vpc.a", cidr_block="10.0.0.0/16"), res("aws_vpc.a", cidr_block="10.1.0.0/16"))
    assert [str(v.cidrs[0].network) for v in t.vpcs] == ["10.0.0.0/16"]
    assert t.resource_count == 2


_JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.sampled_from(
        ["", "10.0.0.0/16", "vpc-1", "subnet-1", "rtb-1", "pcx-1", "igw-1", "local", "::/0", "x"]
    )
    | st.just(UNKNOWN)
    | st.builds(
        Ref,
        st.lists(
            st.sampled_from(
                [
                    "aws_vpc.a",
                    "aws_subnet.s",
                    "aws_route_table.r",
                    "aws_vpc_peering_connection.p",
                    "nope",
                ]
            ),
            max_size=3,
        ).map(tuple),
        st.sampled_from(["id", "vpc_id", "cidr_block", "default_route_table_id", "arn", "route"]),
    ),
    lambda children: (
        st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(
            st.sampled_from(
                [
                    "cidr_block",
                    "gateway_id",
                    "vpc_peering_connection_id",
                    "instance",
                    "device_index",
                    "id",
                    "state",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)
_ATTRIBUTES = [
    "id",
    "vpc_id",
    "cidr_block",
    "ipv6_cidr_block",
    "route",
    "subnet_id",
    "route_table_id",
    "peer_vpc_id",
    "vpc_peering_connection_id",
    "default_route_table_id",
    "network_interface",
    "attachment",
    "subnet_ids",
    "device_index",
    "instance_id",
    "network_interface_id",
    "destination_cidr_block",
    "gateway_id",
    "cidr_block_associations",
    "vpc_endpoint_type",
]
_TYPES = [
    "aws_vpc",
    "aws_subnet",
    "aws_route_table",
    "aws_default_route_table",
    "aws_route",
    "aws_vpc_peering_connection",
    "aws_vpc_peering_connection_accepter",
    "aws_instance",
    "aws_network_interface",
    "aws_network_interface_attachment",
    "aws_vpc_endpoint",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_ec2_transit_gateway_route",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_TYPES) | st.just(cast(str, 5)) | st.just(cast(str, ("aws_vpc",))),
            st.sampled_from(["a", "s", "r", "p"]),
            st.booleans(),
            st.dictionaries(st.sampled_from(_ATTRIBUTES), _JSONISH, max_size=6),
        ),
        max_size=8,
    )
)
def test_build_never_raises(specs: list[tuple[str, str, bool, dict[str, Value]]]) -> None:
    instances = tuple(
        ResourceInstance(
            address=("data." if data else "")
            + f"{rtype if isinstance(rtype, str) else 'aws_vpc'}.{name}",
            type=rtype,
            name=name,
            mode="data" if data else "managed",
            values=values,
        )
        for rtype, name, data, values in specs
    )
    topology = build(Inventory(source="fuzz", kind="plan", instances=instances))
    assert topology.resource_count == len(instances)


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


def test_merged_inline_reference_needs_the_destination_even_with_one_candidate() -> None:
    def inventory(kind: str) -> Topology:
        # in a plan, route 1's real target may be a dead end (a local) the list lost
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

    plan = inventory("plan").routes_of("aws_route_table.a")
    assert [r.target for r in plan] == [
        "aws_vpc_peering_connection.ab",
        None,  # 10.7.0.0/16 is not b's: the route's real target is not in the list
        "aws_internet_gateway.igw",
    ]
    assert [r.target_kind for r in plan] == [
        TargetKind.PEERING,
        TargetKind.PEERING,
        TargetKind.INTERNET_GATEWAY,
    ]
    # HCL front ends resolve each block's own expression: the reference is the target
    hcl = inventory("hcl").routes_of("aws_route_table.a")
    assert [r.target for r in hcl][:2] == [
        "aws_vpc_peering_connection.ab",
        "aws_vpc_peering_connection.ab",
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


# --- the real front ends --------------------------------------------------------------------

_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plans"


@dataclass(frozen=True)
class _Links:
    """What the builder linked, without the ids and regions only some inputs know."""

    vpcs: list[tuple[str, tuple[str, ...]]]
    subnets: list[tuple[str, str | None, str]]
    tables: list[tuple[str, str | None, bool]]
    routes: list[tuple[str, str | None, str, str, str | None]]
    peerings: list[tuple[str, str | None, str | None, tuple[str, ...]]]
    main: dict[str, str]
    associations: dict[str, str]


def _links(t: Topology) -> _Links:
    return _Links(
        vpcs=sorted((v.address, tuple(str(c.network) for c in v.cidrs)) for v in t.vpcs),
        subnets=sorted((s.address, s.vpc, str(s.cidr)) for s in t.subnets),
        tables=sorted((r.address, r.vpc, r.default) for r in t.route_tables),
        routes=sorted(
            (r.address, r.route_table, str(r.destination), r.target_kind.value, r.target)
            for r in t.routes
        ),
        peerings=sorted(
            (p.address, p.requester, p.accepter, p.accepter_resources) for p in t.peerings
        ),
        main=dict(t.main_route_table),
        associations=dict(t.subnet_route_table),
    )


def test_plan_state_and_hcl_of_one_configuration_build_the_same_links() -> None:
    from tflint_vpc.api import load_json_input
    from tflint_vpc.hcl import load_hcl

    plan = _links(build(load_json_input(str(_FIXTURES / "peering_routes.json"))))
    state = _links(build(load_json_input(str(_FIXTURES / "peering_routes_state.json"))))
    (hcl_inventory,) = load_hcl([str(_FIXTURES / "peering_routes")]).inventories
    hcl = _links(build(hcl_inventory))
    assert plan == state == hcl
    # and the links are the right ones: inline routes of the merged list assigned by CIDR
    assert (
        "aws_route_table.hub.route[1]",
        "aws_route_table.hub",
        "10.2.0.0/16",
        "vpc_peering_connection",
        "aws_vpc_peering_connection.hub_b",
    ) in plan.routes
    assert plan.main == {"aws_vpc.hub": "aws_default_route_table.hub"}
    assert plan.associations == {"aws_subnet.hub": "aws_route_table.hub"}
    assert (
        "aws_vpc_peering_connection.hub_b",
        "aws_vpc.hub",
        "aws_vpc.spoke_b",
        ("aws_vpc_peering_connection_accepter.hub_b",),
    ) in plan.peerings
