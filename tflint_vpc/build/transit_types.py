"""The resource types of the transit-gateway and VPN domains (shared by several builders)."""

from __future__ import annotations

TGW_TYPES = frozenset({"aws_ec2_transit_gateway"})
TGW_VPC_ATTACHMENT_TYPES = frozenset({"aws_ec2_transit_gateway_vpc_attachment"})
TGW_PEERING_TYPES = frozenset({"aws_ec2_transit_gateway_peering_attachment"})
TGW_ROUTE_TABLE_TYPES = frozenset({"aws_ec2_transit_gateway_route_table"})
TGW_ROUTE_TYPES = frozenset({"aws_ec2_transit_gateway_route"})
TGW_ASSOCIATION_TYPES = frozenset({"aws_ec2_transit_gateway_route_table_association"})
TGW_PROPAGATION_TYPES = frozenset({"aws_ec2_transit_gateway_route_table_propagation"})
# resources that replace a gateway's default association / propagation table
TGW_DEFAULT_ASSOCIATION_TYPES = frozenset(
    {"aws_ec2_transit_gateway_default_route_table_association"}
)
TGW_DEFAULT_PROPAGATION_TYPES = frozenset(
    {"aws_ec2_transit_gateway_default_route_table_propagation"}
)
VPN_TYPES = frozenset({"aws_vpn_connection"})
VPN_GATEWAY_TYPES = frozenset({"aws_vpn_gateway"})
CUSTOMER_GATEWAY_TYPES = frozenset({"aws_customer_gateway"})
# Everything a transit gateway route may send traffic to (a VPN connection through its
# `transit_gateway_attachment_id`).
TGW_ATTACHMENT_TYPES = (
    TGW_VPC_ATTACHMENT_TYPES | VPN_TYPES | TGW_PEERING_TYPES | {"aws_ec2_transit_gateway_connect"}
)
