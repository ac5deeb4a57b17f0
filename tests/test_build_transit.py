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
