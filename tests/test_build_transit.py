"""Transit gateways, their attachments, route tables and routes, and VPN connections.

Hand-made inventories in the shapes front ends produce (tests/build_helpers.py); nothing may be
guessed.
"""

from __future__ import annotations

from build_helpers import ref, res, topo

from tflint_vpc.inventory import UNKNOWN


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


def test_associations_propagations_defaults_and_peering() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_subnet.s", vpc_id=ref("aws_vpc.a")),
        res("aws_ec2_transit_gateway.tgw"),
        res(
            "aws_ec2_transit_gateway_vpc_attachment.a",
            transit_gateway_id=ref("aws_ec2_transit_gateway.tgw"),
            vpc_id=ref("aws_vpc.a"),
            subnet_ids=(ref("aws_subnet.s"), UNKNOWN),
            transit_gateway_default_route_table_association=False,
            transit_gateway_default_route_table_propagation=ref("aws_vpc.a", attribute="arn"),
        ),
        res(
            "aws_ec2_transit_gateway_route_table.rt",
            transit_gateway_id=ref("aws_ec2_transit_gateway.tgw"),
        ),
        res(
            "aws_ec2_transit_gateway_route_table_association.a",
            transit_gateway_attachment_id=ref("aws_ec2_transit_gateway_vpc_attachment.a"),
            transit_gateway_route_table_id=ref("aws_ec2_transit_gateway_route_table.rt"),
        ),
        res(
            "aws_ec2_transit_gateway_route_table_propagation.a",
            transit_gateway_attachment_id=ref("aws_ec2_transit_gateway_vpc_attachment.a"),
            transit_gateway_route_table_id=ref(
                "aws_ec2_transit_gateway.tgw", attribute="propagation_default_route_table_id"
            ),
        ),
        res(
            "aws_ec2_transit_gateway_route.unknown_table",
            transit_gateway_route_table_id=UNKNOWN,
            destination_cidr_block="10.9.0.0/16",
            blackhole=True,
        ),
        res(
            "aws_ec2_transit_gateway_peering_attachment.p",
            transit_gateway_id=ref("aws_ec2_transit_gateway.tgw"),
            peer_transit_gateway_id="tgw-0peer",
        ),
        res("aws_vpn_connection.v", transit_gateway_id="tgw-0shared", static_routes_only=UNKNOWN),
        res(
            "aws_vpn_connection_route.r",
            vpn_connection_id=ref("aws_vpn_connection.v"),
            destination_cidr_block="192.168.0.0/16",
        ),
    )
    (attachment,) = t.tgw_vpc_attachments
    assert attachment.subnets == ("aws_subnet.s",) and not attachment.subnets_complete
    assert attachment.default_association is False
    assert attachment.default_propagation is None  # an expression the input cannot evaluate
    (association,) = t.tgw_associations
    assert association.route_table == "aws_ec2_transit_gateway_route_table.rt"
    assert association.attachment == attachment.address
    (propagation,) = t.tgw_propagations
    # the gateway's default table is named by the gateway's address
    assert propagation.route_table == "aws_ec2_transit_gateway.tgw"
    (route,) = t.tgw_routes
    assert route.route_table is None and not route.route_table_known and route.blackhole
    (peering,) = t.tgw_peering_attachments
    assert peering.transit_gateway == "aws_ec2_transit_gateway.tgw"
    assert peering.peer_transit_gateway == "tgw-0peer"
    (vpn,) = t.vpn_connections
    assert vpn.static_routes_only is None and vpn.transit_gateway == "tgw-0shared"
    (vpn_route,) = t.vpn_connection_routes
    assert (
        vpn_route.vpn_connection == vpn.address and str(vpn_route.destination) == "192.168.0.0/16"
    )
    gateways = {g.address: g for g in t.transit_gateways}
    # a gateway of another account, known only by the id the VPN names
    assert gateways["tgw-0shared"].external and not gateways["aws_ec2_transit_gateway.tgw"].external


def test_a_default_route_table_resource_moves_the_default_table() -> None:
    t = topo(
        res("aws_ec2_transit_gateway.tgw"),
        res(
            "aws_ec2_transit_gateway_route_table.main",
            transit_gateway_id=ref("aws_ec2_transit_gateway.tgw"),
        ),
        res(
            "aws_ec2_transit_gateway_default_route_table_association.d",
            transit_gateway_id=ref("aws_ec2_transit_gateway.tgw"),
            transit_gateway_route_table_id=ref("aws_ec2_transit_gateway_route_table.main"),
        ),
    )
    (gateway,) = t.transit_gateways
    assert gateway.default_association_table == "aws_ec2_transit_gateway_route_table.main"
    assert gateway.default_propagation_table == "aws_ec2_transit_gateway.tgw"


def test_a_vpc_route_to_an_attachment_keeps_the_attachment_as_target() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_ec2_transit_gateway.tgw"),
        res(
            "aws_ec2_transit_gateway_vpc_attachment.a",
            transit_gateway_id=ref("aws_ec2_transit_gateway.tgw"),
            vpc_id=ref("aws_vpc.a"),
        ),
        res("aws_route_table.a", vpc_id=ref("aws_vpc.a")),
        res(
            "aws_route.bad",
            route_table_id=ref("aws_route_table.a"),
            destination_cidr_block="10.1.0.0/16",
            transit_gateway_id=ref("aws_ec2_transit_gateway_vpc_attachment.a"),
        ),
        res(
            "aws_route.good",
            route_table_id=ref("aws_route_table.a"),
            destination_cidr_block="10.2.0.0/16",
            transit_gateway_id=ref(
                "aws_ec2_transit_gateway_vpc_attachment.a", attribute="transit_gateway_id"
            ),
        ),
    )
    targets = {r.address: r.target for r in t.routes}
    assert targets == {
        "aws_route.bad": "aws_ec2_transit_gateway_vpc_attachment.a",
        "aws_route.good": "aws_ec2_transit_gateway.tgw",
    }
