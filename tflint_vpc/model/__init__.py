"""The typed, frozen network topology that rules read.

Every node is identified by the absolute Terraform instance address of the resource that
declares it (`aws_vpc.app`, `module.net["a"].aws_subnet.this[0]`, `data.aws_vpc.shared`).
Links between nodes are such addresses; a link that the input cannot resolve is `None` and a
rule must stay silent about it. Values that may be unknown at plan time are `None` when unknown,
and collections that may be partly unknown carry a `*_complete` flag: a rule may report what it
sees for certain, but must check completeness before claiming an absence.

This package imports nothing from the rest of tflint_vpc: it is the contract between builder
and rules. `nodes` holds a VPC estate's nodes, `transit` transit gateways and VPN, `dns` and
`clouds` DNS and other clouds' networks; the `Topology` here holds them all, with its indexes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from tflint_vpc.model.clouds import CloudNetwork, CloudVpnGateway, CloudVpnLink
from tflint_vpc.model.dns import PeeringDnsOptions, PrivateHostedZone, ResolverRule, VpcDns
from tflint_vpc.model.nodes import (
    AttachmentForm,
    AvailabilityZone,
    CidrBlock,
    EniAttachment,
    Instance,
    InstanceNic,
    Network,
    NetworkInterface,
    PeeringConnection,
    Route,
    RouteTable,
    Subnet,
    TargetKind,
    Vpc,
    VpcEndpoint,
    ZoneSymbol,
)
from tflint_vpc.model.transit import (
    TgwPeeringAttachment,
    TgwRoute,
    TgwRouteTable,
    TgwTableLink,
    TgwVpcAttachment,
    TransitGateway,
    VpnConnection,
    VpnConnectionRoute,
)

_T = TypeVar("_T")


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
    # transit gateways (issue 12): explicit route table associations and propagations, TGW
    # peering attachments, VPN connection routes
    tgw_associations: tuple[TgwTableLink, ...] = ()
    tgw_propagations: tuple[TgwTableLink, ...] = ()
    tgw_peering_attachments: tuple[TgwPeeringAttachment, ...] = ()
    vpn_connection_routes: tuple[VpnConnectionRoute, ...] = ()
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
            self.vpn_connections,
            self.tgw_peering_attachments,
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

    def tgw_vpc_attachment(self, address: str | None) -> TgwVpcAttachment | None:
        return self._get(address, TgwVpcAttachment)

    def tgw_route_table(self, address: str | None) -> TgwRouteTable | None:
        return self._get(address, TgwRouteTable)

    def vpn_connection(self, address: str | None) -> VpnConnection | None:
        return self._get(address, VpnConnection)

    def tgw_peering_attachment(self, address: str | None) -> TgwPeeringAttachment | None:
        return self._get(address, TgwPeeringAttachment)

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


__all__ = [
    "AttachmentForm",
    "AvailabilityZone",
    "CidrBlock",
    "CloudNetwork",
    "CloudVpnGateway",
    "CloudVpnLink",
    "EniAttachment",
    "Instance",
    "InstanceNic",
    "Network",
    "NetworkInterface",
    "PeeringConnection",
    "PeeringDnsOptions",
    "PrivateHostedZone",
    "ResolverRule",
    "Route",
    "RouteTable",
    "Subnet",
    "TargetKind",
    "TgwPeeringAttachment",
    "TgwRoute",
    "TgwRouteTable",
    "TgwTableLink",
    "TgwVpcAttachment",
    "Topology",
    "TransitGateway",
    "Vpc",
    "VpcDns",
    "VpcEndpoint",
    "VpnConnection",
    "VpnConnectionRoute",
    "ZoneSymbol",
]
