"""Transit gateways, their VPC attachments, route tables and routes, and VPN connections."""

from __future__ import annotations

from tflint_vpc.build.context import Context, text
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.subnets import SUBNET_TYPES
from tflint_vpc.build.vpcs import VPC_TYPES
from tflint_vpc.inventory import ResourceInstance, Value
from tflint_vpc.model import (
    TgwRoute,
    TgwRouteTable,
    TgwVpcAttachment,
    TransitGateway,
    VpnConnection,
)
from tflint_vpc.net import parse_network

TGW_TYPES = frozenset({"aws_ec2_transit_gateway"})
TGW_VPC_ATTACHMENT_TYPES = frozenset({"aws_ec2_transit_gateway_vpc_attachment"})
TGW_ROUTE_TABLE_TYPES = frozenset({"aws_ec2_transit_gateway_route_table"})
VPN_TYPES = frozenset({"aws_vpn_connection"})
VPN_GATEWAY_TYPES = frozenset({"aws_vpn_gateway"})
CUSTOMER_GATEWAY_TYPES = frozenset({"aws_customer_gateway"})
# Everything a transit gateway route may send traffic to (a VPN connection through its
# `transit_gateway_attachment_id`).
TGW_ATTACHMENT_TYPES = (
    TGW_VPC_ATTACHMENT_TYPES
    | VPN_TYPES
    | {"aws_ec2_transit_gateway_peering_attachment", "aws_ec2_transit_gateway_connect"}
)
TGW_ROUTE_TYPES = frozenset({"aws_ec2_transit_gateway_route"})
READS = (
    TGW_TYPES
    | TGW_ATTACHMENT_TYPES
    | TGW_ROUTE_TABLE_TYPES
    | TGW_ROUTE_TYPES
    | VPN_GATEWAY_TYPES
    | CUSTOMER_GATEWAY_TYPES
)


def register_vpn_attachments(ctx: Context) -> None:
    """A VPN connection's `transit_gateway_attachment_id` names the connection itself, so that
    a transit gateway route to it links to the VPN. Runs before any link is followed."""
    for vpn in ctx.of(VPN_TYPES, data=False):
        ctx.resolver.add_derived(vpn.address, "transit_gateway_attachment_id", vpn.address)
        attachment_id = text(instance_values(vpn).get("transit_gateway_attachment_id"))
        if attachment_id is not None:
            ctx.resolver.add_id(attachment_id, vpn)


def _enabled(value: Value, tgw: ResourceInstance) -> bool | None:
    """Transit gateway "enable"/"disable" switches; absent on a managed one: the default."""
    if value is None and tgw.mode != "data":
        return True
    if value == "enable":
        return True
    if value == "disable":
        return False
    return None


def build_transit_gateways(ctx: Context) -> tuple[TransitGateway, ...]:
    return tuple(
        TransitGateway(
            address=tgw.address,
            id=text(instance_values(tgw).get("id")),
            default_route_table_association=_enabled(
                ctx.value(instance_values(tgw), "default_route_table_association"), tgw
            ),
            default_route_table_propagation=_enabled(
                ctx.value(instance_values(tgw), "default_route_table_propagation"), tgw
            ),
        )
        for tgw in ctx.of(TGW_TYPES)
    )


def build_tgw_vpc_attachments(ctx: Context) -> tuple[TgwVpcAttachment, ...]:
    attachments = []
    for attachment in ctx.of(TGW_VPC_ATTACHMENT_TYPES):
        values = instance_values(attachment)
        attachments.append(
            TgwVpcAttachment(
                address=attachment.address,
                id=text(values.get("id")),
                transit_gateway=ctx.node(values.get("transit_gateway_id"), TGW_TYPES),
                vpc=ctx.node(values.get("vpc_id"), VPC_TYPES),
                subnets=ctx.nodes(values.get("subnet_ids"), SUBNET_TYPES)[0],
            )
        )
    return tuple(attachments)


def build_tgw_route_tables(ctx: Context) -> tuple[TgwRouteTable, ...]:
    return tuple(
        TgwRouteTable(
            address=table.address,
            id=text(instance_values(table).get("id")),
            transit_gateway=ctx.node(instance_values(table).get("transit_gateway_id"), TGW_TYPES),
        )
        for table in ctx.of(TGW_ROUTE_TABLE_TYPES)
    )


def build_tgw_routes(ctx: Context) -> tuple[TgwRoute, ...]:
    routes = []
    for route in ctx.of(TGW_ROUTE_TYPES, data=False):
        values = instance_values(route)
        routes.append(
            TgwRoute(
                address=route.address,
                route_table=ctx.node(
                    values.get("transit_gateway_route_table_id"), TGW_ROUTE_TABLE_TYPES
                ),
                destination=parse_network(ctx.value(values, "destination_cidr_block")),
                attachment=ctx.node(
                    values.get("transit_gateway_attachment_id"), TGW_ATTACHMENT_TYPES
                ),
                blackhole=ctx.value(values, "blackhole") is True,
            )
        )
    return tuple(routes)


def build_vpn_connections(ctx: Context) -> tuple[VpnConnection, ...]:
    connections = []
    for vpn in ctx.of(VPN_TYPES, data=False):
        values = instance_values(vpn)
        connections.append(
            VpnConnection(
                address=vpn.address,
                transit_gateway=ctx.node(values.get("transit_gateway_id"), TGW_TYPES),
                vpn_gateway=ctx.node(values.get("vpn_gateway_id"), VPN_GATEWAY_TYPES),
                customer_gateway=ctx.node(
                    values.get("customer_gateway_id"), CUSTOMER_GATEWAY_TYPES
                ),
            )
        )
    return tuple(connections)
