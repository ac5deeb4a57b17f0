"""VPN connections (to a transit gateway or a virtual private gateway) and their static routes."""

from __future__ import annotations

from tflint_vpc.build.context import Context, text
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.transit_types import (
    CUSTOMER_GATEWAY_TYPES,
    TGW_TYPES,
    VPN_GATEWAY_TYPES,
    VPN_TYPES,
)
from tflint_vpc.model import VpnConnection, VpnConnectionRoute
from tflint_vpc.net import parse_network

VPN_ROUTE_TYPES = frozenset({"aws_vpn_connection_route"})
READS = VPN_TYPES | VPN_GATEWAY_TYPES | CUSTOMER_GATEWAY_TYPES | VPN_ROUTE_TYPES


def register_vpn_attachments(ctx: Context) -> None:
    """A VPN connection's `transit_gateway_attachment_id` names the connection itself, so that
    a transit gateway route to it links to the VPN. Runs before any link is followed."""
    for vpn in ctx.of(VPN_TYPES, data=False):
        ctx.resolver.add_derived(vpn.address, "transit_gateway_attachment_id", vpn.address)
        attachment_id = text(instance_values(vpn).get("transit_gateway_attachment_id"))
        if attachment_id is not None:
            ctx.resolver.add_id(attachment_id, vpn)


def build_vpn_connections(ctx: Context) -> tuple[VpnConnection, ...]:
    connections = []
    for vpn in ctx.of(VPN_TYPES, data=False):
        values = instance_values(vpn)
        connections.append(
            VpnConnection(
                address=vpn.address,
                transit_gateway=ctx.resolver.node_or_id(
                    values.get("transit_gateway_id"), TGW_TYPES
                ),
                vpn_gateway=ctx.node(values.get("vpn_gateway_id"), VPN_GATEWAY_TYPES),
                customer_gateway=ctx.node(
                    values.get("customer_gateway_id"), CUSTOMER_GATEWAY_TYPES
                ),
                id=text(values.get("id")),
                # the provider's default is false: BGP (dynamic) routing
                static_routes_only=ctx.managed_default(vpn, "static_routes_only", False),
            )
        )
    return tuple(connections)


def build_vpn_connection_routes(ctx: Context) -> tuple[VpnConnectionRoute, ...]:
    return tuple(
        VpnConnectionRoute(
            address=route.address,
            vpn_connection=ctx.node(instance_values(route).get("vpn_connection_id"), VPN_TYPES),
            destination=parse_network(ctx.value(instance_values(route), "destination_cidr_block")),
        )
        for route in ctx.of(VPN_ROUTE_TYPES, data=False)
    )
