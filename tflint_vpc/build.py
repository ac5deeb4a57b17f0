"""Inventory -> Topology: the one builder every front end goes through.

Reads the resource instances of an `Inventory` (values shaped like plan JSON `after` values, with
`UNKNOWN` and `Ref` markers) and builds the frozen `Topology` the rules read. Links between
nodes go through one resolver (`resolve.Resolver`) that never guesses: an unknown or ambiguous
link is `None`. Every step is a pass over the instances of a few types plus dict lookups, so the
build is linear in the number of instances (apart from sorting); no pairwise scans. Values of
the wrong shape (a number where a string is expected, a mapping where a list is) are treated as
unknown, never raised on.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from tflint_vpc.gc_pause import collector_paused
from tflint_vpc.inventory import Inventory, Ref, ResourceInstance, Unknown, Value
from tflint_vpc.model import (
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
    TgwRoute,
    TgwRouteTable,
    TgwVpcAttachment,
    Topology,
    TransitGateway,
    Vpc,
    VpcEndpoint,
    VpnConnection,
)
from tflint_vpc.net import parse_ipv4, parse_ipv6, parse_network
from tflint_vpc.resolve import Resolver, instance_values

VPC_TYPES = frozenset({"aws_vpc", "aws_default_vpc"})
SUBNET_TYPES = frozenset({"aws_subnet", "aws_default_subnet"})
ROUTE_TABLE_TYPES = frozenset({"aws_route_table", "aws_default_route_table"})
PEERING_TYPES = frozenset({"aws_vpc_peering_connection"})
INSTANCE_TYPES = frozenset({"aws_instance"})
ENI_TYPES = frozenset({"aws_network_interface"})
ENDPOINT_TYPES = frozenset({"aws_vpc_endpoint"})
TGW_TYPES = frozenset({"aws_ec2_transit_gateway"})
TGW_VPC_ATTACHMENT_TYPES = frozenset({"aws_ec2_transit_gateway_vpc_attachment"})
TGW_ROUTE_TABLE_TYPES = frozenset({"aws_ec2_transit_gateway_route_table"})
# Everything a transit gateway route may send traffic to (a VPN connection through its
# `transit_gateway_attachment_id`).
TGW_ATTACHMENT_TYPES = TGW_VPC_ATTACHMENT_TYPES | {
    "aws_ec2_transit_gateway_peering_attachment",
    "aws_ec2_transit_gateway_connect",
    "aws_vpn_connection",
}
GATEWAY_TYPES = frozenset({"aws_internet_gateway", "aws_vpn_gateway"})
PREFIX_LIST_TYPES = frozenset({"aws_ec2_managed_prefix_list"})

# Route target attributes, in the order they are tried, with the kind and the resource types
# each one can name.
_ROUTE_TARGETS: tuple[tuple[str, TargetKind, frozenset[str]], ...] = (
    ("vpc_peering_connection_id", TargetKind.PEERING, PEERING_TYPES),
    ("transit_gateway_id", TargetKind.TRANSIT_GATEWAY, TGW_TYPES),
    ("gateway_id", TargetKind.UNKNOWN, GATEWAY_TYPES),  # kind from the id prefix or target type
    ("nat_gateway_id", TargetKind.NAT_GATEWAY, frozenset({"aws_nat_gateway"})),
    (
        "egress_only_gateway_id",
        TargetKind.EGRESS_ONLY_GATEWAY,
        frozenset({"aws_egress_only_internet_gateway"}),
    ),
    ("network_interface_id", TargetKind.NETWORK_INTERFACE, ENI_TYPES),
    ("vpc_endpoint_id", TargetKind.VPC_ENDPOINT, ENDPOINT_TYPES),
    ("carrier_gateway_id", TargetKind.CARRIER_GATEWAY, frozenset({"aws_ec2_carrier_gateway"})),
    ("local_gateway_id", TargetKind.LOCAL_GATEWAY, frozenset({"aws_ec2_local_gateway"})),
    (
        "core_network_arn",
        TargetKind.CORE_NETWORK,
        frozenset({"aws_networkmanager_core_network"}),
    ),
)
_GATEWAY_PREFIXES = {"igw-": TargetKind.INTERNET_GATEWAY, "vgw-": TargetKind.VPN_GATEWAY}
_GATEWAY_KIND_BY_TYPE = {
    "aws_internet_gateway": TargetKind.INTERNET_GATEWAY,
    "aws_vpn_gateway": TargetKind.VPN_GATEWAY,
}
# Destination attributes: `aws_route` uses the destination_* names, inline blocks the short ones.
_DESTINATIONS = (
    "destination_cidr_block",
    "cidr_block",
    "destination_ipv6_cidr_block",
    "ipv6_cidr_block",
)
_GONE_ASSOCIATION_STATES = frozenset({"disassociating", "disassociated", "failed"})

Block = Mapping[str, Value]


@collector_paused()  # the topology is acyclic and lives until the end of the lint
def build(inventory: Inventory) -> Topology:
    """Build the topology of one input. Never raises on odd values; unknown stays unknown."""
    return _Builder(inventory).build()


# --- reading values -------------------------------------------------------------------------


def _text(value: Value) -> str | None:
    return value if isinstance(value, str) and value else None


def _flag(value: Value) -> bool | None:
    return value if isinstance(value, bool) else None


def _integer(value: Value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _is_set(value: Value) -> bool:
    """A route target attribute that holds something: a non-empty literal or a reference."""
    return isinstance(value, Ref) or (isinstance(value, str) and value != "")


def _blocks(value: Value) -> tuple[tuple[Block, ...], bool]:
    """Nested blocks and whether that list is complete (None: no blocks; odd shapes: unknown)."""
    if value is None:
        return (), True
    if not isinstance(value, tuple | list):
        return (), False
    blocks = tuple(item for item in value if isinstance(item, Mapping))
    return blocks, len(blocks) == len(value)


def _items(value: Value) -> tuple[tuple[Value, ...], bool]:
    """List elements and whether the list itself is known."""
    if value is None:
        return (), True
    if not isinstance(value, tuple | list):
        return (), False
    return tuple(value), True


def _enabled(value: Value, tgw: ResourceInstance) -> bool | None:
    """Transit gateway "enable"/"disable" switches; absent on a managed one: the default."""
    if value is None and tgw.mode != "data":
        return True
    if value == "enable":
        return True
    if value == "disable":
        return False
    return None


@dataclass(frozen=True, slots=True)
class _Sides:
    requester: str | None
    accepter: str | None


@dataclass(frozen=True, slots=True)
class _PeerIndex:
    """The peer CIDR blocks of a route table's candidate peerings, by network, so that the
    peering of a destination is a handful of dict lookups (one per prefix length present)."""

    blocked: bool  # a candidate's peer cannot be known: no destination can be assigned
    by_network: Mapping[Network, frozenset[str]] = field(default_factory=dict)
    prefix_lengths: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # by IP version
    incomplete: frozenset[str] = frozenset()  # candidates whose peer has unknown blocks

    def pick(self, destination: Network) -> str | None:
        if self.blocked:
            return None
        found: set[str] = set()
        for length in self.prefix_lengths.get(destination.version, ()):
            if length <= destination.prefixlen:
                block = destination.supernet(new_prefix=length)
                found.update(self.by_network.get(block, ()))
        if self.incomplete - found:
            return None  # an incomplete peer might hold the destination too
        return next(iter(found)) if len(found) == 1 else None


# --- the builder ----------------------------------------------------------------------------


class _Builder:
    def __init__(self, inventory: Inventory) -> None:
        raw = inventory.instances if isinstance(inventory.instances, tuple | list) else ()
        self._count = len(raw)
        # Plan JSON merges the references of all inline blocks of an attribute into one list,
        # so there a Ref in an inline route names candidates, not the target (rules.md,
        # "Routes of a table"). HCL and state name the exact target.
        self._merged_inline_refs = inventory.kind == "plan"
        self._instances: dict[str, ResourceInstance] = {}
        self._order: dict[str, int] = {}
        self._by_type: dict[str, list[ResourceInstance]] = {}
        for position, instance in enumerate(raw):
            if not isinstance(instance, ResourceInstance):
                continue
            address = instance.address
            if not isinstance(address, str) or address in self._instances:
                continue  # a repeated address is a front-end slip: the first one wins
            if not isinstance(instance.type, str) or not isinstance(instance.mode, str):
                continue  # counted, but it cannot be a node or a link target
            self._instances[address] = instance
            self._order[address] = position
            self._by_type.setdefault(instance.type, []).append(instance)
        self._resolver = Resolver(self._instances)
        self._vpcs: dict[str, Vpc] = {}
        self._sides: dict[str, _Sides] = {}
        self._peer_indexes: dict[tuple[tuple[str, ...], str], _PeerIndex] = {}

    # helpers

    def _of(self, types: Collection[str], *, data: bool = True) -> list[ResourceInstance]:
        """Instances of `types` in input order (data sources only when `data`)."""
        found = [i for t in types for i in self._by_type.get(t, ())]
        if len(types) > 1:
            found.sort(key=lambda i: self._order[i.address])
        return [i for i in found if data or i.mode != "data"]

    def _value(self, values: Block, attribute: str) -> Value:
        """An attribute with references followed to a known value where possible."""
        return self._resolver.literal(values.get(attribute))

    def _managed_default(
        self, instance: ResourceInstance, attribute: str, default: bool
    ) -> bool | None:
        """A boolean argument; when a managed resource leaves it out, the provider default (a
        plan spells defaults out, HCL does not: both must build the same topology)."""
        raw = self._value(instance_values(instance), attribute)
        if raw is None and instance.mode != "data":
            return default
        return _flag(raw)

    def _str(self, values: Block, attribute: str) -> str | None:
        return _text(self._value(values, attribute))

    def _node(self, value: Value, types: Collection[str]) -> str | None:
        return self._resolver.node(value, types)

    def _nodes(self, value: Value, types: Collection[str]) -> tuple[tuple[str, ...], bool]:
        """A list of links: the nodes found, and False when some element is unknown."""
        items, complete = _items(value)
        found: dict[str, None] = {}
        for item in items:
            node = self._node(item, types)
            if node is None:
                complete = False
            else:
                found[node] = None
        return tuple(found), complete

    # the build

    def build(self) -> Topology:
        # A VPN connection's `transit_gateway_attachment_id` names the connection itself.
        for vpn in self._of({"aws_vpn_connection"}, data=False):
            self._resolver.add_derived(vpn.address, "transit_gateway_attachment_id", vpn.address)
            attachment_id = _text(instance_values(vpn).get("transit_gateway_attachment_id"))
            if attachment_id is not None:
                self._resolver.add_id(attachment_id, vpn)
        default_tables = self._default_tables()
        self._vpcs = {vpc.address: vpc for vpc in self._build_vpcs()}
        subnets = self._build_subnets()
        peerings = self._build_peerings()
        route_tables, routes = self._build_route_tables(default_tables)
        instances, nics_attachments = self._build_instances()
        enis, eni_attachments = self._build_enis(nics_attachments)
        return Topology(
            vpcs=tuple(self._vpcs.values()),
            subnets=subnets,
            route_tables=route_tables,
            routes=routes,
            peerings=peerings,
            instances=instances,
            network_interfaces=enis,
            eni_attachments=eni_attachments,
            endpoints=self._build_endpoints(),
            transit_gateways=self._build_transit_gateways(),
            tgw_vpc_attachments=self._build_tgw_vpc_attachments(),
            tgw_route_tables=self._build_tgw_route_tables(),
            tgw_routes=self._build_tgw_routes(),
            vpn_connections=self._build_vpn_connections(),
            subnet_route_table=self._subnet_route_tables(),
            main_route_table=self._main_route_tables(default_tables),
            resource_count=self._count,
        )

    # VPCs and their CIDR sets

    def _default_tables(self) -> dict[str, str]:
        """VPC address -> its aws_default_route_table, registered with the resolver first so
        that `aws_vpc.x.default_route_table_id` resolves to the table everywhere."""
        by_default_id: dict[str, list[str]] = {}
        for vpc in self._of(VPC_TYPES):
            table_id = _text(instance_values(vpc).get("default_route_table_id"))
            if table_id is not None:
                by_default_id.setdefault(table_id, []).append(vpc.address)
        tables: dict[str, str] = {}
        for table in self._of({"aws_default_route_table"}, data=False):
            vpc_address = self._default_table_vpc(instance_values(table), by_default_id)
            if vpc_address is not None and vpc_address not in tables:
                tables[vpc_address] = table.address
                self._resolver.add_derived(vpc_address, "default_route_table_id", table.address)
        # Until an aws_main_route_table_association moves it, the main table is the default one.
        reassigned = {
            self._node(instance_values(association).get("vpc_id"), VPC_TYPES)
            for association in self._of({"aws_main_route_table_association"}, data=False)
        }
        for vpc_address, table_address in tables.items():
            if vpc_address not in reassigned:
                self._resolver.add_derived(vpc_address, "main_route_table_id", table_address)
        return tables

    def _default_table_vpc(
        self, values: Block, by_default_id: Mapping[str, list[str]]
    ) -> str | None:
        table_id = values.get("default_route_table_id")
        if isinstance(table_id, Ref) and table_id.attribute == "default_route_table_id":
            # `aws_vpc.x.default_route_table_id`: the VPC itself is the target
            vpc = self._node(Ref(table_id.targets), VPC_TYPES)
            if vpc is not None:
                return vpc
        literal = _text(self._resolver.literal(table_id))
        if literal is not None:
            vpcs = by_default_id.get(literal, [])
            if len(vpcs) == 1:
                return vpcs[0]
        return self._node(values.get("vpc_id"), VPC_TYPES)

    def _build_vpcs(self) -> list[Vpc]:
        blocks: dict[str, list[CidrBlock]] = {}
        incomplete: set[str] = set()
        vpcs = self._of(VPC_TYPES)
        for vpc in vpcs:
            own, complete = self._own_cidrs(vpc)
            blocks[vpc.address] = own
            if not complete:
                incomplete.add(vpc.address)
        for association_type, parse in (
            ("aws_vpc_ipv4_cidr_block_association", "cidr_block"),
            ("aws_vpc_ipv6_cidr_block_association", "ipv6_cidr_block"),
        ):
            for association in self._of({association_type}, data=False):
                self._add_association(association, parse, blocks, incomplete)
        return [
            Vpc(
                address=vpc.address,
                id=_text(instance_values(vpc).get("id")),
                cidrs=tuple(blocks[vpc.address]),
                cidrs_complete=vpc.address not in incomplete,
                instance_tenancy=self._tenancy(vpc),
                classiclink=_flag(self._value(instance_values(vpc), "enable_classiclink")),
                region=_text(vpc.region),
                default=vpc.type == "aws_default_vpc",
                data_source=vpc.mode == "data",
            )
            for vpc in vpcs
        ]

    def _tenancy(self, vpc: ResourceInstance) -> str | None:
        raw = self._value(instance_values(vpc), "instance_tenancy")
        if raw is None and vpc.mode != "data":
            # The provider default, which a plan spells out and HCL leaves implicit: both
            # front ends must give the same topology.
            return "default"
        return _text(raw)

    def _own_cidrs(self, vpc: ResourceInstance) -> tuple[list[CidrBlock], bool]:
        """The blocks a VPC resource or data source states itself; whether they are all known."""
        values = instance_values(vpc)
        own: list[CidrBlock] = []
        complete = True
        primary = parse_ipv4(self._value(values, "cidr_block"))
        if primary is None:
            complete = False  # every VPC has a primary IPv4 block: not knowing it is a gap
        else:
            own.append(CidrBlock(primary, vpc.address, True))
        raw_ipv6 = self._value(values, "ipv6_cidr_block")
        ipv6 = parse_ipv6(raw_ipv6)
        if ipv6 is not None:
            own.append(CidrBlock(ipv6, vpc.address, False))
        elif self._ipv6_pending(vpc, values, raw_ipv6):
            complete = False
        associations, known = _blocks(values.get("cidr_block_associations"))
        complete = complete and known
        seen = {block.network for block in own}
        for association in associations:
            if _text(association.get("state")) in _GONE_ASSOCIATION_STATES:
                continue
            network = parse_network(self._resolver.literal(association.get("cidr_block")))
            if network is None:
                complete = False
            elif network not in seen:
                seen.add(network)
                own.append(CidrBlock(network, vpc.address, False))
        return own, complete

    def _ipv6_pending(self, vpc: ResourceInstance, values: Block, raw: Value) -> bool:
        """Whether an unparsed `ipv6_cidr_block` hides a block (rather than meaning "none").

        In a plan `ipv6_cidr_block` is computed, so it is unknown for every new VPC, and HCL
        leaves it out: it only hides a block when IPv6 was asked for.
        """
        if not (raw is None or raw == "" or isinstance(raw, Unknown)):
            return True  # a value that does not parse
        if vpc.mode == "data":
            return isinstance(raw, Unknown)
        generated = values.get("assign_generated_ipv6_cidr_block")
        if generated is True or isinstance(generated, Unknown | Ref):
            return True
        return values.get("ipv6_ipam_pool_id") not in (None, "")

    def _add_association(
        self,
        association: ResourceInstance,
        attribute: str,
        blocks: dict[str, list[CidrBlock]],
        incomplete: set[str],
    ) -> None:
        values = instance_values(association)
        resolution = self._resolver.resolve(values.get("vpc_id"), VPC_TYPES)
        vpc = resolution.address
        if vpc is None:
            # The block belongs to one of these VPCs, and we cannot tell which: none of their
            # sets is known to be complete any more.
            incomplete.update(resolution.addresses)
            return
        raw = self._value(values, attribute)
        network = parse_ipv4(raw) if attribute == "cidr_block" else parse_ipv6(raw)
        if network is None:
            incomplete.add(vpc)  # allocated from IPAM / Amazon, known after apply
            return
        own = blocks.setdefault(vpc, [])
        if all(block.network != network for block in own):
            own.append(CidrBlock(network, association.address, False))

    # subnets

    def _build_subnets(self) -> tuple[Subnet, ...]:
        subnets = []
        for subnet in self._of(SUBNET_TYPES):
            values = instance_values(subnet)
            subnets.append(
                Subnet(
                    address=subnet.address,
                    id=_text(values.get("id")),
                    vpc=self._node(values.get("vpc_id"), VPC_TYPES),
                    cidr=parse_ipv4(self._value(values, "cidr_block")),
                    ipv6_cidr=parse_ipv6(self._value(values, "ipv6_cidr_block")),
                    az=AvailabilityZone(
                        name=self._str(values, "availability_zone"),
                        id=self._str(values, "availability_zone_id"),
                    ),
                )
            )
        return tuple(subnets)

    # peering connections

    def _build_peerings(self) -> tuple[PeeringConnection, ...]:
        accepters: dict[str, list[str]] = {}
        for accepter in self._of({"aws_vpc_peering_connection_accepter"}, data=False):
            connection = self._node(
                instance_values(accepter).get("vpc_peering_connection_id"), PEERING_TYPES
            )
            if connection is not None:
                accepters.setdefault(connection, []).append(accepter.address)
        peerings = []
        for peering in self._of(PEERING_TYPES):
            values = instance_values(peering)
            requester = self._resolver.resolve(values.get("vpc_id"), VPC_TYPES)
            peer = self._resolver.resolve(values.get("peer_vpc_id"), VPC_TYPES)
            self._sides[peering.address] = _Sides(requester.address, peer.address)
            peerings.append(
                PeeringConnection(
                    address=peering.address,
                    id=_text(values.get("id")),
                    requester=requester.address,
                    accepter=peer.address,
                    requester_vpc_id=requester.literal,
                    accepter_vpc_id=peer.literal,
                    peer_region=self._str(values, "peer_region"),
                    peer_owner_id=self._str(values, "peer_owner_id"),
                    accepter_resources=tuple(accepters.get(peering.address, ())),
                )
            )
        return tuple(peerings)

    # route tables and routes

    def _build_route_tables(
        self, default_tables: Mapping[str, str]
    ) -> tuple[tuple[RouteTable, ...], tuple[Route, ...]]:
        vpc_of_default = {table: vpc for vpc, table in default_tables.items()}
        tables = self._of(ROUTE_TABLE_TYPES)
        table_vpc: dict[str, str | None] = {}
        for table in tables:
            if table.address in vpc_of_default:
                table_vpc[table.address] = vpc_of_default[table.address]
            else:
                table_vpc[table.address] = self._node(
                    instance_values(table).get("vpc_id"), VPC_TYPES
                )
        routes: list[Route] = []
        incomplete: set[str] = set()
        for table in tables:
            # data "aws_route_table" lists the table's routes in `routes`, same block shape
            attribute = "routes" if table.mode == "data" else "route"
            blocks, known = _blocks(instance_values(table).get(attribute))
            if not known:
                incomplete.add(table.address)
            for index, block in enumerate(blocks):
                route = self._route(
                    f"{table.address}.{attribute}[{index}]",
                    table.address,
                    table.address,
                    block,
                    inline=True,
                    table_vpc=table_vpc[table.address],
                )
                routes.append(route)
                if not _route_known(route):
                    incomplete.add(table.address)
        for standalone in self._of({"aws_route"}, data=False):
            values = instance_values(standalone)
            table_address = self._node(values.get("route_table_id"), ROUTE_TABLE_TYPES)
            route = self._route(
                standalone.address,
                standalone.address,
                table_address,
                values,
                inline=False,
                table_vpc=None if table_address is None else table_vpc.get(table_address),
            )
            routes.append(route)
            if table_address is not None and not _route_known(route):
                incomplete.add(table_address)
        route_tables = tuple(
            RouteTable(
                address=table.address,
                id=_text(instance_values(table).get("id")),
                vpc=table_vpc[table.address],
                default=table.type == "aws_default_route_table",
                routes_complete=table.address not in incomplete,
            )
            for table in tables
        )
        return route_tables, tuple(routes)

    def _route(
        self,
        address: str,
        declared_by: str,
        table: str | None,
        values: Block,
        *,
        inline: bool,
        table_vpc: str | None,
    ) -> Route:
        destination, prefix_list = self._destination(values)
        kind, target = self._route_target(values, inline, table_vpc, destination)
        return Route(
            address=address,
            declared_by=declared_by,
            route_table=table,
            destination=destination,
            destination_prefix_list=prefix_list,
            target_kind=kind,
            target=target,
            inline=inline,
        )

    def _destination(self, values: Block) -> tuple[Network | None, str | None]:
        for attribute in _DESTINATIONS:
            raw = values.get(attribute)
            if raw is None or raw == "":
                continue
            return parse_network(self._resolver.literal(raw)), None
        prefix_list = values.get("destination_prefix_list_id")
        if prefix_list is None or prefix_list == "":
            return None, None
        return None, self._resolver.node_or_id(prefix_list, PREFIX_LIST_TYPES)

    def _route_target(
        self,
        values: Block,
        inline: bool,
        table_vpc: str | None,
        destination: Network | None,
    ) -> tuple[TargetKind, str | None]:
        unknown: list[tuple[str, TargetKind]] = []
        for attribute, kind, types in _ROUTE_TARGETS:
            value = values.get(attribute)
            if _is_set(value):
                if attribute == "gateway_id":
                    return self._gateway_target(value)
                if attribute == "vpc_peering_connection_id":
                    merged = inline and self._merged_inline_refs and isinstance(value, Ref)
                    return kind, self._peering_target(value, table_vpc, destination, merged)
                return kind, self._resolver.node_or_id(value, types)
            if isinstance(value, Unknown):
                unknown.append((attribute, kind))
        # Inline route attributes are not computed: an unknown one is set, to a value known
        # after apply. Standalone aws_route target attributes are computed, so an unknown one
        # says nothing.
        if inline and len(unknown) == 1:
            return unknown[0][1], None
        return TargetKind.UNKNOWN, None

    def _gateway_target(self, value: Value) -> tuple[TargetKind, str | None]:
        if value == "local":
            return TargetKind.LOCAL, "local"
        resolution = self._resolver.resolve(value, GATEWAY_TYPES)
        if resolution.address is not None:
            gateway = self._instances[resolution.address]
            return _GATEWAY_KIND_BY_TYPE.get(gateway.type, TargetKind.UNKNOWN), gateway.address
        if resolution.literal is not None:
            for prefix, kind in _GATEWAY_PREFIXES.items():
                if resolution.literal.startswith(prefix):
                    return kind, resolution.literal
            return TargetKind.UNKNOWN, resolution.literal
        kinds = {
            _GATEWAY_KIND_BY_TYPE.get(self._instances[a].type, TargetKind.UNKNOWN)
            for a in resolution.addresses
        }
        if len(kinds) == 1 and not resolution.literals and not resolution.opaque:
            return kinds.pop(), None
        return TargetKind.UNKNOWN, None

    def _peering_target(
        self, value: Value, table_vpc: str | None, destination: Network | None, merged: bool
    ) -> str | None:
        """The peering a route targets. From a merged reference list even a single candidate
        must be confirmed by the destination: the list may have lost the real target."""
        resolution = self._resolver.resolve(value, PEERING_TYPES)
        if merged:
            if resolution.addresses and not resolution.literals and not resolution.opaque:
                return self._pick_peering(resolution.addresses, table_vpc, destination)
            return None
        if resolution.address is not None or resolution.literal is not None:
            return resolution.address or resolution.literal
        if len(resolution.addresses) > 1 and not resolution.literals and not resolution.opaque:
            return self._pick_peering(resolution.addresses, table_vpc, destination)
        return None

    def _pick_peering(
        self, candidates: Sequence[str], table_vpc: str | None, destination: Network | None
    ) -> str | None:
        """The one candidate whose peer VPC's CIDR set contains the destination (rules.md,
        "Routes of a table"), when no other candidate could also be the one."""
        if table_vpc is None or destination is None:
            return None
        key = (tuple(candidates), table_vpc)
        index = self._peer_indexes.get(key)
        if index is None:
            # built once per (table VPC, candidate list): a table's routes share the list
            index = self._peer_indexes[key] = self._peer_index(candidates, table_vpc)
        return index.pick(destination)

    def _peer_index(self, candidates: Sequence[str], table_vpc: str) -> _PeerIndex:
        by_network: dict[Network, set[str]] = {}
        incomplete: set[str] = set()
        for candidate in candidates:
            sides = self._sides.get(candidate)
            if sides is None:
                return _PeerIndex(blocked=True)
            if sides.requester == table_vpc:
                peer = sides.accepter
            elif sides.accepter == table_vpc:
                peer = sides.requester
            elif sides.requester is not None and sides.accepter is not None:
                continue  # a connection between two other VPCs cannot be this table's target
            else:
                return _PeerIndex(blocked=True)  # an unknown side might be this VPC
            vpc = self._vpcs.get(peer) if peer is not None else None
            if vpc is None:
                # the peer is outside the input: its CIDRs might contain any destination
                return _PeerIndex(blocked=True)
            for block in vpc.cidrs:
                by_network.setdefault(block.network, set()).add(candidate)
            if not vpc.cidrs_complete:
                incomplete.add(candidate)
        lengths: dict[int, set[int]] = {}
        for network in by_network:
            lengths.setdefault(network.version, set()).add(network.prefixlen)
        return _PeerIndex(
            blocked=False,
            by_network={n: frozenset(c) for n, c in by_network.items()},
            prefix_lengths={v: tuple(sorted(ls)) for v, ls in lengths.items()},
            incomplete=frozenset(incomplete),
        )

    # associations

    def _subnet_route_tables(self) -> dict[str, str]:
        associations: dict[str, str] = {}
        for association in self._of({"aws_route_table_association"}, data=False):
            values = instance_values(association)
            # gateway_id associations (edge associations) have no subnet and are skipped
            subnet = self._node(values.get("subnet_id"), SUBNET_TYPES)
            table = self._node(values.get("route_table_id"), ROUTE_TABLE_TYPES)
            if subnet is not None and table is not None:
                associations.setdefault(subnet, table)
        # a data "aws_route_table" lists the table's existing associations
        for data_table in self._of({"aws_route_table"}):
            if data_table.mode != "data":
                continue
            blocks, _ = _blocks(instance_values(data_table).get("associations"))
            for block in blocks:
                subnet = self._node(block.get("subnet_id"), SUBNET_TYPES)
                if subnet is not None:
                    associations.setdefault(subnet, data_table.address)
        return associations

    def _main_route_tables(self, default_tables: Mapping[str, str]) -> dict[str, str]:
        """Weakest source first: the default table, the VPC's own `main_route_table_id` (state),
        a data route table marked main, then an explicit aws_main_route_table_association."""
        main = dict(default_tables)
        for vpc in self._of(VPC_TYPES):
            table = self._node(instance_values(vpc).get("main_route_table_id"), ROUTE_TABLE_TYPES)
            if table is not None:
                main[vpc.address] = table
        for data_table in self._of({"aws_route_table"}):
            if data_table.mode != "data":
                continue
            values = instance_values(data_table)
            blocks, _ = _blocks(values.get("associations"))
            if any(block.get("main") is True for block in blocks):
                vpc_address = self._node(values.get("vpc_id"), VPC_TYPES)
                if vpc_address is not None:
                    main[vpc_address] = data_table.address
        explicit: dict[str, str] = {}
        for association in self._of({"aws_main_route_table_association"}, data=False):
            values = instance_values(association)
            vpc_address = self._node(values.get("vpc_id"), VPC_TYPES)
            table_address = self._node(values.get("route_table_id"), ROUTE_TABLE_TYPES)
            if vpc_address is not None and table_address is not None:
                explicit.setdefault(vpc_address, table_address)
        main.update(explicit)
        return main

    # instances, network interfaces, attachments

    def _build_instances(self) -> tuple[tuple[Instance, ...], list[EniAttachment]]:
        instances = []
        attachments: list[EniAttachment] = []
        for instance in self._of(INSTANCE_TYPES):
            values = instance_values(instance)
            nics: list[InstanceNic] = []
            blocks, _ = _blocks(values.get("network_interface"))
            for block in blocks:
                device_index = _integer(self._resolver.literal(block.get("device_index")))
                eni = self._node(block.get("network_interface_id"), ENI_TYPES)
                nics.append(InstanceNic(device_index, eni))
                if device_index is not None and device_index >= 1 and instance.mode != "data":
                    attachments.append(
                        EniAttachment(
                            declared_by=instance.address,
                            network_interface=eni,
                            instance=instance.address,
                            device_index=device_index,
                            form=AttachmentForm.INSTANCE_BLOCK,
                        )
                    )
            if all(nic.device_index != 0 for nic in nics):
                primary = self._primary_eni(values)
                if primary is not None:
                    nics.insert(0, InstanceNic(0, primary))
            instances.append(
                Instance(
                    address=instance.address,
                    id=_text(values.get("id")),
                    instance_type=self._str(values, "instance_type"),
                    subnet=self._node(values.get("subnet_id"), SUBNET_TYPES),
                    availability_zone=self._str(values, "availability_zone"),
                    network_interfaces=tuple(nics),
                )
            )
        return tuple(instances), attachments

    def _primary_eni(self, values: Block) -> str | None:
        primary = self._node(values.get("primary_network_interface_id"), ENI_TYPES)
        if primary is not None:
            return primary
        # provider 6.x: a `primary_network_interface { network_interface_id }` block
        blocks, _ = _blocks(values.get("primary_network_interface"))
        for block in blocks:
            primary = self._node(block.get("network_interface_id"), ENI_TYPES)
            if primary is not None:
                return primary
        return None

    def _build_enis(
        self, instance_attachments: list[EniAttachment]
    ) -> tuple[tuple[NetworkInterface, ...], tuple[EniAttachment, ...]]:
        attachments: list[EniAttachment] = []
        for resource in self._of({"aws_network_interface_attachment"}, data=False):
            values = instance_values(resource)
            attachments.append(
                EniAttachment(
                    declared_by=resource.address,
                    network_interface=self._node(values.get("network_interface_id"), ENI_TYPES),
                    instance=self._node(values.get("instance_id"), INSTANCE_TYPES),
                    device_index=_integer(self._resolver.literal(values.get("device_index"))),
                    form=AttachmentForm.RESOURCE,
                )
            )
        attachments.extend(instance_attachments)
        # In state an ENI's `attachment` blocks also list the attachments the other two forms
        # made (the attribute is computed): those are not declared by the ENI.
        declared = {(a.network_interface, a.instance) for a in attachments}
        declared.update(self._instance_primary_pairs())
        enis = []
        for eni in self._of(ENI_TYPES):
            values = instance_values(eni)
            enis.append(
                NetworkInterface(
                    address=eni.address,
                    id=_text(values.get("id")),
                    subnet=self._node(values.get("subnet_id"), SUBNET_TYPES),
                )
            )
            if eni.mode == "data":
                continue
            blocks, _ = _blocks(values.get("attachment"))
            for block in blocks:
                instance = self._node(block.get("instance"), INSTANCE_TYPES)
                if instance is not None and (eni.address, instance) in declared:
                    continue
                attachments.append(
                    EniAttachment(
                        declared_by=eni.address,
                        network_interface=eni.address,
                        instance=instance,
                        device_index=_integer(self._resolver.literal(block.get("device_index"))),
                        form=AttachmentForm.ENI_BLOCK,
                    )
                )
        return tuple(enis), tuple(attachments)

    def _instance_primary_pairs(self) -> set[tuple[str | None, str | None]]:
        """(ENI, instance) for every instance's device-index-0 interface."""
        pairs: set[tuple[str | None, str | None]] = set()
        for instance in self._of(INSTANCE_TYPES, data=False):
            values = instance_values(instance)
            blocks, _ = _blocks(values.get("network_interface"))
            for block in blocks:
                if _integer(self._resolver.literal(block.get("device_index"))) == 0:
                    pairs.add(
                        (self._node(block.get("network_interface_id"), ENI_TYPES), instance.address)
                    )
            primary = self._primary_eni(values)
            if primary is not None:
                pairs.add((primary, instance.address))
        return pairs

    # VPC endpoints

    def _build_endpoints(self) -> tuple[VpcEndpoint, ...]:
        extra: dict[str, dict[str, None]] = {}
        partial: set[str] = set()
        for association in self._of({"aws_vpc_endpoint_subnet_association"}, data=False):
            values = instance_values(association)
            endpoint_address = self._node(values.get("vpc_endpoint_id"), ENDPOINT_TYPES)
            if endpoint_address is None:
                continue
            subnet = self._node(values.get("subnet_id"), SUBNET_TYPES)
            if subnet is None:
                partial.add(endpoint_address)
            else:
                extra.setdefault(endpoint_address, {})[subnet] = None
        endpoints = []
        for endpoint in self._of(ENDPOINT_TYPES):
            values = instance_values(endpoint)
            raw_type = self._value(values, "vpc_endpoint_type")
            endpoint_type = _text(raw_type)
            if raw_type is None and endpoint.mode != "data":
                endpoint_type = "Gateway"  # the AWS and provider default
            subnets, complete = self._nodes(values.get("subnet_ids"), SUBNET_TYPES)
            merged = dict.fromkeys(subnets)
            merged.update(extra.get(endpoint.address, {}))
            endpoints.append(
                VpcEndpoint(
                    address=endpoint.address,
                    id=_text(values.get("id")),
                    vpc=self._node(values.get("vpc_id"), VPC_TYPES),
                    endpoint_type=endpoint_type,
                    service_name=self._str(values, "service_name"),
                    subnets=tuple(merged),
                    subnets_complete=complete and endpoint.address not in partial,
                    private_dns=self._managed_default(endpoint, "private_dns_enabled", False),
                )
            )
        return tuple(endpoints)

    # transit gateways and VPN

    def _build_transit_gateways(self) -> tuple[TransitGateway, ...]:
        return tuple(
            TransitGateway(
                address=tgw.address,
                id=_text(instance_values(tgw).get("id")),
                default_route_table_association=_enabled(
                    self._value(instance_values(tgw), "default_route_table_association"), tgw
                ),
                default_route_table_propagation=_enabled(
                    self._value(instance_values(tgw), "default_route_table_propagation"), tgw
                ),
            )
            for tgw in self._of(TGW_TYPES)
        )

    def _build_tgw_vpc_attachments(self) -> tuple[TgwVpcAttachment, ...]:
        attachments = []
        for attachment in self._of(TGW_VPC_ATTACHMENT_TYPES):
            values = instance_values(attachment)
            attachments.append(
                TgwVpcAttachment(
                    address=attachment.address,
                    id=_text(values.get("id")),
                    transit_gateway=self._node(values.get("transit_gateway_id"), TGW_TYPES),
                    vpc=self._node(values.get("vpc_id"), VPC_TYPES),
                    subnets=self._nodes(values.get("subnet_ids"), SUBNET_TYPES)[0],
                )
            )
        return tuple(attachments)

    def _build_tgw_route_tables(self) -> tuple[TgwRouteTable, ...]:
        return tuple(
            TgwRouteTable(
                address=table.address,
                id=_text(instance_values(table).get("id")),
                transit_gateway=self._node(
                    instance_values(table).get("transit_gateway_id"), TGW_TYPES
                ),
            )
            for table in self._of(TGW_ROUTE_TABLE_TYPES)
        )

    def _build_tgw_routes(self) -> tuple[TgwRoute, ...]:
        routes = []
        for route in self._of({"aws_ec2_transit_gateway_route"}, data=False):
            values = instance_values(route)
            routes.append(
                TgwRoute(
                    address=route.address,
                    route_table=self._node(
                        values.get("transit_gateway_route_table_id"), TGW_ROUTE_TABLE_TYPES
                    ),
                    destination=parse_network(self._value(values, "destination_cidr_block")),
                    attachment=self._node(
                        values.get("transit_gateway_attachment_id"), TGW_ATTACHMENT_TYPES
                    ),
                    blackhole=self._value(values, "blackhole") is True,
                )
            )
        return tuple(routes)

    def _build_vpn_connections(self) -> tuple[VpnConnection, ...]:
        connections = []
        for vpn in self._of({"aws_vpn_connection"}, data=False):
            values = instance_values(vpn)
            connections.append(
                VpnConnection(
                    address=vpn.address,
                    transit_gateway=self._node(values.get("transit_gateway_id"), TGW_TYPES),
                    vpn_gateway=self._node(
                        values.get("vpn_gateway_id"), frozenset({"aws_vpn_gateway"})
                    ),
                    customer_gateway=self._node(
                        values.get("customer_gateway_id"), frozenset({"aws_customer_gateway"})
                    ),
                )
            )
        return tuple(connections)


def _route_known(route: Route) -> bool:
    """Whether a route's destination and target are both known."""
    destination_known = route.destination is not None or route.destination_prefix_list is not None
    return (
        destination_known
        and route.target_kind is not TargetKind.UNKNOWN
        and route.target is not None
    )
