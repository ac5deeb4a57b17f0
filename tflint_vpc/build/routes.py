"""Route tables and their routes (destinations, targets), subnet associations, main tables."""

from __future__ import annotations

from collections.abc import Mapping

from tflint_vpc.build.context import Block, Context, blocks, is_set, text
from tflint_vpc.build.endpoints import ENDPOINT_TYPES
from tflint_vpc.build.instances import ENI_TYPES
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.peerings import PEERING_TYPES
from tflint_vpc.build.subnets import SUBNET_TYPES
from tflint_vpc.build.transit_types import TGW_ATTACHMENT_TYPES, TGW_TYPES, VPN_GATEWAY_TYPES
from tflint_vpc.build.vpcs import VPC_TYPES
from tflint_vpc.inventory import Ref, Unknown, Value
from tflint_vpc.model import Network, Route, RouteTable, TargetKind
from tflint_vpc.net import parse_network

ROUTE_TABLE_TYPES = frozenset({"aws_route_table", "aws_default_route_table"})
_ROUTE_TYPES = frozenset({"aws_route"})
_ASSOCIATION_TYPES = frozenset({"aws_route_table_association"})
_MAIN_ASSOCIATION_TYPES = frozenset({"aws_main_route_table_association"})
GATEWAY_TYPES = frozenset({"aws_internet_gateway"}) | VPN_GATEWAY_TYPES
PREFIX_LIST_TYPES = frozenset({"aws_ec2_managed_prefix_list"})

# Route target attributes, in the order they are tried, with the kind and the resource types
# each one can name.
_ROUTE_TARGETS: tuple[tuple[str, TargetKind, frozenset[str]], ...] = (
    ("vpc_peering_connection_id", TargetKind.PEERING, PEERING_TYPES),
    # an attachment there is a mistake (TFVPC022), kept as the target so a rule can say so
    ("transit_gateway_id", TargetKind.TRANSIT_GATEWAY, TGW_TYPES | TGW_ATTACHMENT_TYPES),
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
_GATEWAY_PREFIXES = {
    "igw-": TargetKind.INTERNET_GATEWAY,
    "vgw-": TargetKind.VPN_GATEWAY,
    "tgw-": TargetKind.TRANSIT_GATEWAY,
}
_GATEWAY_KIND_BY_TYPE = {
    "aws_internet_gateway": TargetKind.INTERNET_GATEWAY,
    "aws_vpn_gateway": TargetKind.VPN_GATEWAY,
    "aws_ec2_transit_gateway": TargetKind.TRANSIT_GATEWAY,
}
# What `gateway_id` may name: the provider accepts a transit gateway's id there too.
_GATEWAY_ID_TYPES = GATEWAY_TYPES | TGW_TYPES
# Destination attributes: `aws_route` uses the destination_* names, inline blocks the short ones.
_DESTINATIONS = (
    "destination_cidr_block",
    "cidr_block",
    "destination_ipv6_cidr_block",
    "ipv6_cidr_block",
)

READS = (
    ROUTE_TABLE_TYPES
    | _ROUTE_TYPES
    | _ASSOCIATION_TYPES
    | _MAIN_ASSOCIATION_TYPES
    | PREFIX_LIST_TYPES
    | frozenset(t for _, _, types in _ROUTE_TARGETS for t in types)
)


# --- default and main tables ----------------------------------------------------------------


def register_default_tables(ctx: Context) -> dict[str, str]:
    """VPC address -> its aws_default_route_table, registered with the resolver first so
    that `aws_vpc.x.default_route_table_id` resolves to the table everywhere."""
    by_default_id: dict[str, list[str]] = {}
    for vpc in ctx.of(VPC_TYPES):
        table_id = text(instance_values(vpc).get("default_route_table_id"))
        if table_id is not None:
            by_default_id.setdefault(table_id, []).append(vpc.address)
    tables: dict[str, str] = {}
    for table in ctx.of({"aws_default_route_table"}, data=False):
        vpc_address = _default_table_vpc(ctx, instance_values(table), by_default_id)
        if vpc_address is not None and vpc_address not in tables:
            tables[vpc_address] = table.address
            ctx.resolver.add_derived(vpc_address, "default_route_table_id", table.address)
    # Until an aws_main_route_table_association moves it, the main table is the default one.
    reassigned = {
        ctx.node(instance_values(association).get("vpc_id"), VPC_TYPES)
        for association in ctx.of(_MAIN_ASSOCIATION_TYPES, data=False)
    }
    for vpc_address, table_address in tables.items():
        if vpc_address not in reassigned:
            ctx.resolver.add_derived(vpc_address, "main_route_table_id", table_address)
    return tables


def _default_table_vpc(
    ctx: Context, values: Block, by_default_id: Mapping[str, list[str]]
) -> str | None:
    table_id = values.get("default_route_table_id")
    if isinstance(table_id, Ref) and table_id.attribute == "default_route_table_id":
        # `aws_vpc.x.default_route_table_id`: the VPC itself is the target
        vpc = ctx.node(Ref(table_id.targets), VPC_TYPES)
        if vpc is not None:
            return vpc
    literal = text(ctx.resolver.literal(table_id))
    if literal is not None:
        vpcs = by_default_id.get(literal, [])
        if len(vpcs) == 1:
            return vpcs[0]
    return ctx.node(values.get("vpc_id"), VPC_TYPES)


def main_route_tables(
    ctx: Context, default_tables: Mapping[str, str]
) -> tuple[dict[str, str], frozenset[str]]:
    """VPC address -> its main route table, and the VPCs whose main table is unknown.

    Weakest source first: the default table, the VPC's own `main_route_table_id` (state), a data
    route table marked main, then an explicit aws_main_route_table_association. An explicit
    association whose table the input cannot resolve makes the main table unknown (the
    association moved it away from the default one, to a table we cannot see)."""
    main = dict(default_tables)
    for vpc in ctx.of(VPC_TYPES):
        table = ctx.node(instance_values(vpc).get("main_route_table_id"), ROUTE_TABLE_TYPES)
        if table is not None:
            main[vpc.address] = table
    for data_table in ctx.of({"aws_route_table"}):
        if data_table.mode != "data":
            continue
        values = instance_values(data_table)
        association_blocks, _ = blocks(values.get("associations"))
        if any(block.get("main") is True for block in association_blocks):
            vpc_address = ctx.node(values.get("vpc_id"), VPC_TYPES)
            if vpc_address is not None:
                main[vpc_address] = data_table.address
    # an unknown table, or an ambiguous VPC, makes the main table of the candidates unknown
    explicit, unknown = _associations(ctx, _MAIN_ASSOCIATION_TYPES, "vpc_id", VPC_TYPES)
    main.update(explicit)
    return main, frozenset(unknown - explicit.keys())


def _associations(
    ctx: Context, types: frozenset[str], owner: str, owner_types: frozenset[str]
) -> tuple[dict[str, str], set[str]]:
    """Owner (subnet or VPC) address -> the route table an association gives it, and the owners
    whose association cannot be resolved: the table is unknown, or the owner link ambiguous
    (then every candidate owner is unknown)."""
    found: dict[str, str] = {}
    unknown: set[str] = set()
    for association in ctx.of(types, data=False):
        values = instance_values(association)
        owners = ctx.resolver.resolve(values.get(owner), owner_types)
        table = ctx.node(values.get("route_table_id"), ROUTE_TABLE_TYPES)
        if owners.address is not None and table is not None:
            found.setdefault(owners.address, table)
        else:
            unknown.update(owners.addresses)
    return found, unknown


def subnet_route_tables(ctx: Context) -> tuple[dict[str, str], frozenset[str]]:
    """Subnet address -> the route table explicitly associated with it, and the subnets whose
    association names a table the input cannot resolve (their table is unknown, never the
    main one). An association whose subnet link is ambiguous makes every candidate unknown."""
    # gateway_id associations (edge associations) have no subnet: no candidate, skipped
    associations, unknown = _associations(ctx, _ASSOCIATION_TYPES, "subnet_id", SUBNET_TYPES)
    # a data "aws_route_table" lists the table's existing associations
    for data_table in ctx.of({"aws_route_table"}):
        if data_table.mode != "data":
            continue
        association_blocks, _ = blocks(instance_values(data_table).get("associations"))
        for block in association_blocks:
            subnet = ctx.node(block.get("subnet_id"), SUBNET_TYPES)
            if subnet is not None:
                associations.setdefault(subnet, data_table.address)
    # A subnet has one association (AWS refuses a second), so an ambiguous association is not
    # one of a subnet that has a known one.
    return associations, frozenset(unknown - associations.keys())


# --- tables and routes ----------------------------------------------------------------------


def build_route_tables(
    ctx: Context, default_tables: Mapping[str, str]
) -> tuple[tuple[RouteTable, ...], tuple[Route, ...]]:
    """The tables and every route, inline or standalone."""
    vpc_of_default = {table: vpc for vpc, table in default_tables.items()}
    tables = ctx.of(ROUTE_TABLE_TYPES)
    table_vpc: dict[str, str | None] = {}
    for table in tables:
        if table.address in vpc_of_default:
            table_vpc[table.address] = vpc_of_default[table.address]
        else:
            table_vpc[table.address] = ctx.node(instance_values(table).get("vpc_id"), VPC_TYPES)
    reader = _RouteReader(ctx)
    routes: list[Route] = []
    incomplete: set[str] = set()
    for table in tables:
        # data "aws_route_table" lists the table's routes in `routes`, same block shape
        attribute = "routes" if table.mode == "data" else "route"
        raw = instance_values(table).get(attribute)
        if table.mode != "data" and isinstance(raw, Unknown) and not raw.sensitive:
            # `route` is optional and computed: a plan (and the HCL front end, which mirrors
            # plans) shows it unknown when the configuration has no route blocks, and AWS then
            # fills it with the aws_route resources' routes, which are read on their own.
            # Limitation: a `dynamic "route"` over an unknown collection looks the same (a
            # plan does not record dynamic blocks), and is read as no inline routes too.
            raw = None
        route_blocks, known = blocks(raw)
        if not known:
            incomplete.add(table.address)
        for index, block in enumerate(route_blocks):
            route = reader.route(
                f"{table.address}.{attribute}[{index}]",
                table.address,
                table.address,
                block,
                inline=True,
            )
            routes.append(route)
            if not _route_known(route):
                incomplete.add(table.address)
    for standalone in ctx.of(_ROUTE_TYPES, data=False):
        values = instance_values(standalone)
        table_address = ctx.node(values.get("route_table_id"), ROUTE_TABLE_TYPES)
        route = reader.route(
            standalone.address, standalone.address, table_address, values, inline=False
        )
        routes.append(route)
        if table_address is not None and not _route_known(route):
            incomplete.add(table_address)
    route_tables = tuple(
        RouteTable(
            address=table.address,
            id=text(instance_values(table).get("id")),
            vpc=table_vpc[table.address],
            default=table.type == "aws_default_route_table",
            routes_complete=table.address not in incomplete,
        )
        for table in tables
    )
    return route_tables, tuple(routes)


def _route_known(route: Route) -> bool:
    """Whether a route's destination and target are both known (a target known to be one of a
    few candidates counts: the routing layer decides whether the difference matters)."""
    destination_known = route.destination is not None or route.destination_prefix_list is not None
    return (
        destination_known
        and route.target_kind is not TargetKind.UNKNOWN
        and (route.target is not None or bool(route.target_candidates))
    )


class _RouteReader:
    """Reads one route block or `aws_route` into a `Route`: its destination and target."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._resolver = ctx.resolver

    def route(
        self, address: str, declared_by: str, table: str | None, values: Block, *, inline: bool
    ) -> Route:
        destination, prefix_list = self._destination(values)
        kind, target, candidates = self._target(values, inline)
        return Route(
            address=address,
            declared_by=declared_by,
            route_table=table,
            destination=destination,
            destination_prefix_list=prefix_list,
            target_kind=kind,
            target=target,
            inline=inline,
            target_candidates=candidates,
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

    def _target(
        self, values: Block, inline: bool
    ) -> tuple[TargetKind, str | None, tuple[str, ...]]:
        unknown: list[tuple[str, TargetKind]] = []
        for attribute, kind, types in _ROUTE_TARGETS:
            value = values.get(attribute)
            if is_set(value):
                if attribute == "gateway_id":
                    return (*self._gateway(value), ())
                if attribute == "vpc_peering_connection_id":
                    return (kind, *self._peering(value))
                return kind, self._resolver.node_or_id(value, types), ()
            if isinstance(value, Unknown):
                unknown.append((attribute, kind))
        # Inline route attributes are not computed: an unknown one is set, to a value known
        # after apply. Standalone aws_route target attributes are computed, so an unknown one
        # says nothing.
        if inline and len(unknown) == 1:
            return unknown[0][1], None, ()
        return TargetKind.UNKNOWN, None, ()

    def _gateway(self, value: Value) -> tuple[TargetKind, str | None]:
        """`gateway_id`: an internet or VPN gateway, `local`, or (the provider accepts it) a
        transit gateway's id."""
        if value == "local":
            return TargetKind.LOCAL, "local"
        instances = self._ctx.instances
        resolution = self._resolver.resolve(value, _GATEWAY_ID_TYPES)
        if resolution.address is not None:
            gateway = instances[resolution.address]
            return _GATEWAY_KIND_BY_TYPE.get(gateway.type, TargetKind.UNKNOWN), gateway.address
        if resolution.literal is not None:
            for prefix, kind in _GATEWAY_PREFIXES.items():
                if resolution.literal.startswith(prefix):
                    return kind, resolution.literal
            return TargetKind.UNKNOWN, resolution.literal
        kinds = {
            _GATEWAY_KIND_BY_TYPE.get(instances[a].type, TargetKind.UNKNOWN)
            for a in resolution.addresses
        }
        if len(kinds) == 1 and not resolution.literals and not resolution.opaque:
            return kinds.pop(), None
        return TargetKind.UNKNOWN, None

    def _peering(self, value: Value) -> tuple[str | None, tuple[str, ...]]:
        """The peering a route targets, or the candidates it is one of.

        In a plan, an inline route's reference is the list merged over all inline routes of the
        table: filtered to peering connections, one candidate is the target (it is the only
        peering the table's routes name), several stay candidates. An HCL or state value names
        its target, unless a reference is ambiguous (then its candidates, too)."""
        resolution = self._resolver.resolve(value, PEERING_TYPES)
        if resolution.address is not None or resolution.literal is not None:
            return resolution.address or resolution.literal, ()
        if len(resolution.addresses) > 1 and not resolution.literals and not resolution.opaque:
            return None, resolution.addresses
        return None, ()
