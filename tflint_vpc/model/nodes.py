"""VPCs, CIDR blocks, zones, subnets, route tables and routes, peerings, instances, ENIs,
endpoints: the nodes of one VPC estate.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from ipaddress import IPv4Network, IPv6Network
from typing import TypeAlias

Network: TypeAlias = IPv4Network | IPv6Network


@dataclass(frozen=True, slots=True)
class CidrBlock:
    """One CIDR block of a VPC and the resource that declares it (the VPC or an association)."""

    network: Network
    declared_by: str
    primary: bool  # the primary IPv4 `cidr_block` (IPv6 and association blocks are not)
    # The value as the configuration wrote it: `network` drops host bits (`10.0.1.0/16` ->
    # `10.0.0.0/16`), and a rule reporting the refused value must quote the original.
    written: str | None = None


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
    cidr_written: str | None = None  # `cidr_block` as written (`cidr` drops host bits)
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
