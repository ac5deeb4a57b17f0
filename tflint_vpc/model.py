"""The typed, frozen network topology that rules read.

Every node is identified by the absolute Terraform instance address of the resource that
declares it (`aws_vpc.app`, `module.net["a"].aws_subnet.this[0]`, `data.aws_vpc.shared`).
Links between nodes are such addresses; a link that the input cannot resolve is `None` and a
rule must stay silent about it. Values that may be unknown at plan time are `None` when unknown,
and collections that may be partly unknown carry a `*_complete` flag: a rule may report what it
sees for certain, but must check completeness before claiming an absence.

This module imports nothing from the package: it is the contract between builder and rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from ipaddress import IPv4Network, IPv6Network
from types import MappingProxyType
from typing import TypeAlias, TypeVar

Network: TypeAlias = IPv4Network | IPv6Network
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class CidrBlock:
    """One CIDR block of a VPC and the resource that declares it (the VPC or an association)."""

    network: Network
    declared_by: str
    primary: bool  # the primary IPv4 `cidr_block` (IPv6 and association blocks are not)


@dataclass(frozen=True, slots=True)
class Vpc:
    address: str
    id: str | None = None
    cidrs: tuple[CidrBlock, ...] = ()  # IPv4 and IPv6, primary first
    cidrs_complete: bool = True  # False when some block (primary or secondary) is unknown
    instance_tenancy: str | None = None  # "default" | "dedicated" | "host"
    classiclink: bool | None = None  # enable_classiclink (provider 4.x and older)
    region: str | None = None
    default: bool = False  # aws_default_vpc
    data_source: bool = False  # data "aws_vpc": exists, not managed here
    tags: Mapping[str, str] = field(default_factory=dict, hash=False)  # the known `tags`

    @property
    def ipv4(self) -> tuple[CidrBlock, ...]:
        return tuple(c for c in self.cidrs if c.network.version == 4)

    @property
    def ipv6(self) -> tuple[CidrBlock, ...]:
        return tuple(c for c in self.cidrs if c.network.version == 6)


@dataclass(frozen=True, slots=True)
class ZoneSymbol:
    """An unknown zone known as element `index` of list `attribute` (`names` or `zone_ids`) of
    the `data "aws_availability_zones"` instance at `source`.

    One data source instance lists each zone of the region once, in one order: equal indexes
    of one list are one zone and distinct indexes distinct zones. Nothing is known between
    two data sources (their arguments may filter differently), between its two lists, or
    against a literal zone.
    """

    source: str
    attribute: str
    index: int

    def differs_from(self, other: ZoneSymbol) -> bool | None:
        if (self.source, self.attribute) != (other.source, other.attribute):
            return None
        return self.index != other.index

    def __str__(self) -> str:
        return f"{self.source}.{self.attribute}[{self.index}]"


@dataclass(frozen=True, slots=True)
class AvailabilityZone:
    """A zone as far as it is known: name (account-specific) and/or id (global), or else a
    symbolic zone (`symbol`) that compares only with its siblings."""

    name: str | None = None
    id: str | None = None
    symbol: ZoneSymbol | None = None

    def differs_from(self, other: AvailabilityZone) -> bool | None:
        """True/False when comparable (ids first, then names, then symbols), None when not."""
        if self.id is not None and other.id is not None:
            return self.id != other.id
        if self.id is None and other.id is None and self.name is not None and other.name:
            return self.name != other.name
        if self.symbol is not None and other.symbol is not None:
            return self.symbol.differs_from(other.symbol)
        return None

    def __str__(self) -> str:
        if self.name and self.id:
            return f"{self.name} ({self.id})"
        if self.name or self.id:
            return self.name or self.id or ""
        return str(self.symbol) if self.symbol is not None else "unknown"


@dataclass(frozen=True, slots=True)
class Subnet:
    address: str
    id: str | None = None
    vpc: str | None = None
    cidr: IPv4Network | None = None
    ipv6_cidr: IPv6Network | None = None
    az: AvailabilityZone = field(default_factory=AvailabilityZone)
    tags: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class RouteTable:
    address: str
    id: str | None = None
    vpc: str | None = None
    default: bool = False  # aws_default_route_table: the VPC's main table
    routes_complete: bool = True  # False when inline routes or their targets are unknown


class TargetKind(str, Enum):
    LOCAL = "local"
    PEERING = "vpc_peering_connection"
    TRANSIT_GATEWAY = "transit_gateway"
    INTERNET_GATEWAY = "internet_gateway"  # includes VGW ids passed as gateway_id
    VPN_GATEWAY = "vpn_gateway"
    NAT_GATEWAY = "nat_gateway"
    EGRESS_ONLY_GATEWAY = "egress_only_gateway"
    NETWORK_INTERFACE = "network_interface"
    VPC_ENDPOINT = "vpc_endpoint"
    CARRIER_GATEWAY = "carrier_gateway"
    LOCAL_GATEWAY = "local_gateway"
    CORE_NETWORK = "core_network"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Route:
    """A route: an inline `route` block (address `<table>.route[i]`) or an `aws_route`."""

    address: str
    declared_by: str  # the aws_route or the table that holds the inline block
    route_table: str | None
    destination: Network | None  # None when unknown or a prefix list
    destination_prefix_list: str | None = None
    target_kind: TargetKind = TargetKind.UNKNOWN
    target: str | None = None  # address of the target node when in the input, else its id
    inline: bool = False
    # When `target` is None but the target is known to be one of a few nodes (a plan merges the
    # references of all inline routes of a table into one list): those nodes. The routing layer
    # answers for certain only when every candidate gives the same answer.
    target_candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PeeringConnection:
    address: str
    id: str | None = None
    requester: str | None = None  # VPC address
    accepter: str | None = None  # VPC address
    requester_vpc_id: str | None = None  # literal ids, when the VPC is not in the input
    accepter_vpc_id: str | None = None
    peer_region: str | None = None
    peer_owner_id: str | None = None
    accepter_resources: tuple[str, ...] = ()  # aws_vpc_peering_connection_accepter addresses


@dataclass(frozen=True, slots=True)
class InstanceNic:
    """A `network_interface` block of an `aws_instance`."""

    device_index: int | None
    network_interface: str | None  # ENI address


@dataclass(frozen=True, slots=True)
class Instance:
    address: str
    id: str | None = None
    instance_type: str | None = None
    subnet: str | None = None
    availability_zone: str | None = None  # the instance's own argument
    availability_zone_symbol: ZoneSymbol | None = None  # ... when only that is known of it
    network_interfaces: tuple[InstanceNic, ...] = ()
    tags: Mapping[str, str] = field(default_factory=dict, hash=False)


@dataclass(frozen=True, slots=True)
class NetworkInterface:
    address: str
    id: str | None = None
    subnet: str | None = None


class AttachmentForm(str, Enum):
    RESOURCE = "aws_network_interface_attachment"
    ENI_BLOCK = "aws_network_interface.attachment"
    INSTANCE_BLOCK = "aws_instance.network_interface"


@dataclass(frozen=True, slots=True)
class EniAttachment:
    declared_by: str  # the resource that declares the attachment
    network_interface: str | None
    instance: str | None
    device_index: int | None
    form: AttachmentForm


@dataclass(frozen=True, slots=True)
class VpcEndpoint:
    address: str
    id: str | None = None
    vpc: str | None = None
    endpoint_type: str | None = None  # "Interface" | "Gateway" | "GatewayLoadBalancer"
    service_name: str | None = None
    subnets: tuple[str, ...] = ()
    subnets_complete: bool = True
    private_dns: bool | None = None
    # When a plan gives `subnet_ids` as one reference to several subnets (`aws_subnet.x[*].id`,
    # a conditional): the endpoint's subnets are some of these, which ones is not known.
    subnet_candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TransitGateway:
    address: str
    id: str | None = None
    default_route_table_association: bool | None = None
    default_route_table_propagation: bool | None = None


@dataclass(frozen=True, slots=True)
class TgwVpcAttachment:
    address: str
    id: str | None = None
    transit_gateway: str | None = None
    vpc: str | None = None
    subnets: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TgwRouteTable:
    address: str
    id: str | None = None
    transit_gateway: str | None = None


@dataclass(frozen=True, slots=True)
class TgwRoute:
    address: str
    route_table: str | None = None
    destination: Network | None = None
    attachment: str | None = None
    blackhole: bool = False


@dataclass(frozen=True, slots=True)
class VpnConnection:
    address: str
    transit_gateway: str | None = None
    vpn_gateway: str | None = None
    customer_gateway: str | None = None


# --- DNS: VPC attributes, private hosted zones, Resolver rules, peering options -------------


@dataclass(frozen=True, slots=True)
class VpcDns:
    """A VPC's DNS attributes; None when unknown (a computed value, or a data source)."""

    vpc: str
    support: bool | None = None  # enable_dns_support (provider default true)
    hostnames: bool | None = None  # enable_dns_hostnames
    # DHCP options with name servers other than AmazonProvidedDNS: the VPC's instances ask
    # other resolvers (which may forward anything). None when an association is not known.
    custom_dns: bool | None = False


@dataclass(frozen=True, slots=True)
class PrivateHostedZone:
    """A Route 53 zone with VPC associations (`vpc` blocks and `aws_route53_zone_association`).

    `name` is lower case without the trailing dot; None when unknown. `vpcs_complete` is False
    when some association's VPC is unknown (it may be any VPC)."""

    address: str
    name: str | None = None
    vpcs: tuple[str, ...] = ()
    vpcs_complete: bool = True


@dataclass(frozen=True, slots=True)
class ResolverRule:
    """A Route 53 Resolver rule and the VPCs associated with it."""

    address: str
    domain_name: str | None = None  # lower case, no trailing dot ("" is the root ".")
    rule_type: str | None = None  # "FORWARD" | "SYSTEM" | "RECURSIVE"
    vpcs: tuple[str, ...] = ()
    vpcs_complete: bool = True


@dataclass(frozen=True, slots=True)
class PeeringDnsOptions:
    """`allow_remote_vpc_dns_resolution` of a peering (inline or `..._options`): whether each
    side's VPC resolves the other side's public DNS hostnames to private addresses."""

    declared_by: str
    peering: str | None = None
    requester: bool | None = None
    accepter: bool | None = None


# --- other clouds' networks, and the VPNs that join them to AWS -----------------------------


@dataclass(frozen=True, slots=True)
class CloudNetwork:
    """A network of another cloud: an Alibaba Cloud VPC or vSwitch, an Azure VNet or subnet, a
    GCP network (no range of its own) or subnetwork. `parent` is the VPC / VNet / network of a
    vSwitch / subnet / subnetwork; `ranges_complete` is False when some range is unknown."""

    address: str
    cloud: str  # "alicloud" | "azurerm" | "google"
    ranges: tuple[Network, ...] = ()
    ranges_complete: bool = True
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class CloudVpnGateway:
    """Another cloud's VPN gateway: the networks behind it and the resources whose attributes
    are its public address (the gateway itself, a public IP), with the address when known."""

    address: str
    cloud: str
    networks: tuple[str, ...] = ()  # CloudNetwork addresses it serves (CEN-joined included)
    address_sources: tuple[str, ...] = ()
    ip_addresses: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CloudVpnLink:
    """An AWS VPN connection whose customer gateway is another cloud's VPN gateway."""

    vpn_connection: str
    customer_gateway: str
    gateway: str  # CloudVpnGateway address
    aws_vpcs: tuple[str, ...] = ()  # VPCs behind the VPN's TGW or VGW


@dataclass(frozen=True)
class Topology:
    """All nodes of one input, with indexes built once by the builder."""

    vpcs: tuple[Vpc, ...] = ()
    subnets: tuple[Subnet, ...] = ()
    route_tables: tuple[RouteTable, ...] = ()
    routes: tuple[Route, ...] = ()
    peerings: tuple[PeeringConnection, ...] = ()
    instances: tuple[Instance, ...] = ()
    network_interfaces: tuple[NetworkInterface, ...] = ()
    eni_attachments: tuple[EniAttachment, ...] = ()
    endpoints: tuple[VpcEndpoint, ...] = ()
    transit_gateways: tuple[TransitGateway, ...] = ()
    tgw_vpc_attachments: tuple[TgwVpcAttachment, ...] = ()
    tgw_route_tables: tuple[TgwRouteTable, ...] = ()
    tgw_routes: tuple[TgwRoute, ...] = ()
    vpn_connections: tuple[VpnConnection, ...] = ()
    # subnet address -> route table address (explicit aws_route_table_association)
    subnet_route_table: Mapping[str, str] = field(default_factory=dict)
    # VPC address -> main route table address (aws_main_route_table_association or default table)
    main_route_table: Mapping[str, str] = field(default_factory=dict)
    # subnets with an aws_route_table_association whose table the input cannot resolve: their
    # route table is unknown (never the main table: that would be a guess)
    unknown_route_table_subnets: frozenset[str] = frozenset()
    # VPCs with an aws_main_route_table_association whose table the input cannot resolve
    unknown_main_route_table_vpcs: frozenset[str] = frozenset()
    # the number of resource instances the topology was built from
    resource_count: int = 0
    # DNS (issue 12): VPC attributes by VPC address, private zones, Resolver rules, peering options
    vpc_dns: Mapping[str, VpcDns] = field(default_factory=dict)
    private_hosted_zones: tuple[PrivateHostedZone, ...] = ()
    resolver_rules: tuple[ResolverRule, ...] = ()
    peering_dns_options: tuple[PeeringDnsOptions, ...] = ()
    # other clouds (issue 12): their networks, VPN gateways, and the VPNs joining them to AWS
    cloud_networks: tuple[CloudNetwork, ...] = ()
    cloud_vpn_gateways: tuple[CloudVpnGateway, ...] = ()
    cloud_vpn_links: tuple[CloudVpnLink, ...] = ()
    # indexes, derived in __post_init__ so that lookups stay O(1)
    _by_address: Mapping[str, object] = field(init=False, repr=False, compare=False)
    _routes_by_table: Mapping[str, tuple[Route, ...]] = field(init=False, repr=False, compare=False)
    _subnets_by_vpc: Mapping[str, tuple[Subnet, ...]] = field(init=False, repr=False, compare=False)
    _tables_by_vpc: Mapping[str, tuple[RouteTable, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        by_address: dict[str, object] = {}
        for group in (
            self.vpcs,
            self.subnets,
            self.route_tables,
            self.peerings,
            self.instances,
            self.network_interfaces,
            self.endpoints,
            self.transit_gateways,
            self.tgw_vpc_attachments,
            self.tgw_route_tables,
            self.cloud_networks,
            self.cloud_vpn_gateways,
        ):
            for node in group:
                by_address[node.address] = node
        routes_by_table: dict[str, list[Route]] = {}
        for route in self.routes:
            if route.route_table is not None:
                routes_by_table.setdefault(route.route_table, []).append(route)
        subnets_by_vpc: dict[str, list[Subnet]] = {}
        for subnet in self.subnets:
            if subnet.vpc is not None:
                subnets_by_vpc.setdefault(subnet.vpc, []).append(subnet)
        tables_by_vpc: dict[str, list[RouteTable]] = {}
        for table in self.route_tables:
            if table.vpc is not None:
                tables_by_vpc.setdefault(table.vpc, []).append(table)
        object.__setattr__(self, "_by_address", MappingProxyType(by_address))
        object.__setattr__(
            self,
            "_routes_by_table",
            MappingProxyType({k: tuple(v) for k, v in routes_by_table.items()}),
        )
        object.__setattr__(
            self,
            "_subnets_by_vpc",
            MappingProxyType({k: tuple(v) for k, v in subnets_by_vpc.items()}),
        )
        object.__setattr__(
            self,
            "_tables_by_vpc",
            MappingProxyType({k: tuple(v) for k, v in tables_by_vpc.items()}),
        )

    def _get(self, address: str | None, kind: type[_T]) -> _T | None:
        if address is None:
            return None
        node = self._by_address.get(address)
        return node if isinstance(node, kind) else None

    # Lookups by address; None when the address is None or names another kind of node.
    def vpc(self, address: str | None) -> Vpc | None:
        return self._get(address, Vpc)

    def subnet(self, address: str | None) -> Subnet | None:
        return self._get(address, Subnet)

    def route_table(self, address: str | None) -> RouteTable | None:
        return self._get(address, RouteTable)

    def peering(self, address: str | None) -> PeeringConnection | None:
        return self._get(address, PeeringConnection)

    def instance(self, address: str | None) -> Instance | None:
        return self._get(address, Instance)

    def network_interface(self, address: str | None) -> NetworkInterface | None:
        return self._get(address, NetworkInterface)

    def endpoint(self, address: str | None) -> VpcEndpoint | None:
        return self._get(address, VpcEndpoint)

    def transit_gateway(self, address: str | None) -> TransitGateway | None:
        return self._get(address, TransitGateway)

    def cloud_network(self, address: str | None) -> CloudNetwork | None:
        return self._get(address, CloudNetwork)

    def cloud_vpn_gateway(self, address: str | None) -> CloudVpnGateway | None:
        return self._get(address, CloudVpnGateway)

    def routes_of(self, route_table: str) -> tuple[Route, ...]:
        """Inline and standalone routes of a table."""
        return self._routes_by_table.get(route_table, ())

    def subnets_of(self, vpc: str) -> tuple[Subnet, ...]:
        return self._subnets_by_vpc.get(vpc, ())

    def route_tables_of(self, vpc: str) -> tuple[RouteTable, ...]:
        return self._tables_by_vpc.get(vpc, ())

    def route_table_of_subnet(self, subnet: Subnet) -> str | None:
        """The explicit association, else the VPC's main route table, else None (unknown).

        An association or main-table association whose table is unknown makes the answer None:
        falling back to the main table would be a guess.
        """
        if subnet.address in self.unknown_route_table_subnets:
            return None
        explicit = self.subnet_route_table.get(subnet.address)
        if explicit is not None:
            return explicit
        if subnet.vpc is None or subnet.vpc in self.unknown_main_route_table_vpcs:
            return None
        return self.main_route_table.get(subnet.vpc)

    def vpc_of_subnet(self, subnet_address: str | None) -> Vpc | None:
        subnet = self.subnet(subnet_address)
        return None if subnet is None else self.vpc(subnet.vpc)

    def instance_subnet(self, instance: Instance) -> Subnet | None:
        """The instance's subnet: `subnet_id`, else the subnet of its primary network interface."""
        if instance.subnet is not None:
            return self.subnet(instance.subnet)
        for nic in instance.network_interfaces:
            if nic.device_index == 0:
                eni = self.network_interface(nic.network_interface)
                return None if eni is None else self.subnet(eni.subnet)
        return None

    def instance_az(self, instance: Instance) -> AvailabilityZone:
        """AZ of an instance: its own argument, else its subnet's (rules.md shared definitions)."""
        if instance.availability_zone is not None or instance.availability_zone_symbol:
            return AvailabilityZone(
                name=instance.availability_zone, symbol=instance.availability_zone_symbol
            )
        subnet = self.instance_subnet(instance)
        return AvailabilityZone() if subnet is None else subnet.az

    def eni_az(self, eni_address: str | None) -> AvailabilityZone:
        eni = self.network_interface(eni_address)
        subnet = None if eni is None else self.subnet(eni.subnet)
        return AvailabilityZone() if subnet is None else subnet.az
