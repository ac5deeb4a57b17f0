"""Transit gateways, their route tables, attachments and routes, and VPN connections."""

from __future__ import annotations

from dataclasses import dataclass

from tflint_vpc.model.nodes import Network


@dataclass(frozen=True, slots=True)
class TransitGateway:
    """A transit gateway. Its default route table (the one AWS creates when default association
    or propagation is enabled) is not a resource: the routing layer names it by `default_table`.

    `external` is a gateway of another account known only by its `tgw-` id (a VPC route or an
    attachment names it): traffic can be routed to it, but its tables cannot be looked into.
    """

    address: str
    id: str | None = None
    default_route_table_association: bool | None = None
    default_route_table_propagation: bool | None = None
    # the aws_ec2_transit_gateway_route_table the defaults point to, when the input says so
    # (state, or an aws_ec2_transit_gateway_default_route_table_* resource); else the implicit
    # default table, named by the gateway's own address
    association_default_route_table: str | None = None
    propagation_default_route_table: str | None = None
    external: bool = False

    @property
    def default_association_table(self) -> str:
        return self.association_default_route_table or self.address

    @property
    def default_propagation_table(self) -> str:
        return self.propagation_default_route_table or self.address


@dataclass(frozen=True, slots=True)
class TgwVpcAttachment:
    address: str
    id: str | None = None
    transit_gateway: str | None = None
    vpc: str | None = None
    subnets: tuple[str, ...] = ()
    subnets_complete: bool = True  # False when some of `subnet_ids` is unknown
    # When a plan gives `subnet_ids` as one reference to several subnets: the attachment's
    # subnets are some of these (which ones is not known), and no others.
    subnet_candidates: tuple[str, ...] = ()
    # transit_gateway_default_route_table_association / _propagation (None: unknown)
    default_association: bool | None = True
    default_propagation: bool | None = True


@dataclass(frozen=True, slots=True)
class TgwRouteTable:
    address: str
    id: str | None = None
    transit_gateway: str | None = None


@dataclass(frozen=True, slots=True)
class TgwRoute:
    address: str
    route_table: str | None = None  # a TgwRouteTable, or a gateway's address (its default table)
    destination: Network | None = None
    attachment: str | None = None  # the attachment's address when in the input, else its id
    blackhole: bool = False
    route_table_known: bool = True  # False when the route's table cannot be resolved


@dataclass(frozen=True, slots=True)
class TgwTableLink:
    """An explicit `aws_ec2_transit_gateway_route_table_association` or `_propagation`."""

    address: str
    route_table: str | None = None  # as TgwRoute.route_table
    attachment: str | None = None  # attachment address (VPC, VPN, peering) when resolvable


@dataclass(frozen=True, slots=True)
class TgwPeeringAttachment:
    """A TGW peering attachment: only static routes cross it (no propagation)."""

    address: str
    id: str | None = None
    transit_gateway: str | None = None
    peer_transit_gateway: str | None = None  # address, or the literal id


@dataclass(frozen=True, slots=True)
class VpnConnection:
    address: str
    transit_gateway: str | None = None
    vpn_gateway: str | None = None
    customer_gateway: str | None = None
    id: str | None = None
    static_routes_only: bool | None = False  # None: unknown (then routes may come from BGP)


@dataclass(frozen=True, slots=True)
class VpnConnectionRoute:
    """An `aws_vpn_connection_route`: a static route of a VGW VPN toward the customer side."""

    address: str
    vpn_connection: str | None = None
    destination: Network | None = None
