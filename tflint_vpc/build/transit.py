"""Transit gateways: the gateways and their default tables, VPC and peering attachments, route
tables, associations, propagations and static routes.

A gateway's default route table is created by AWS, not declared: it is named by the gateway's
own address (`TransitGateway.default_association_table`), and a reference to the gateway's
`association_default_route_table_id` / `propagation_default_route_table_id` links to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tflint_vpc.build.context import Context, flag, text
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.subnets import SUBNET_TYPES
from tflint_vpc.build.transit_types import (
    CUSTOMER_GATEWAY_TYPES,
    TGW_ASSOCIATION_TYPES,
    TGW_ATTACHMENT_TYPES,
    TGW_DEFAULT_ASSOCIATION_TYPES,
    TGW_DEFAULT_PROPAGATION_TYPES,
    TGW_PEERING_TYPES,
    TGW_PROPAGATION_TYPES,
    TGW_ROUTE_TABLE_TYPES,
    TGW_ROUTE_TYPES,
    TGW_TYPES,
    TGW_VPC_ATTACHMENT_TYPES,
    VPN_GATEWAY_TYPES,
    VPN_TYPES,
)
from tflint_vpc.build.vpcs import VPC_TYPES
from tflint_vpc.inventory import Ref, ResourceInstance, Unknown, Value
from tflint_vpc.model import (
    Route,
    TargetKind,
    TgwPeeringAttachment,
    TgwRoute,
    TgwRouteTable,
    TgwTableLink,
    TgwVpcAttachment,
    TransitGateway,
)
from tflint_vpc.net import parse_network

__all__ = [
    "CUSTOMER_GATEWAY_TYPES",
    "READS",
    "TGW_ATTACHMENT_TYPES",
    "TGW_TYPES",
    "VPN_GATEWAY_TYPES",
    "VPN_TYPES",
]

READS = (
    TGW_TYPES
    | TGW_ATTACHMENT_TYPES
    | TGW_ROUTE_TABLE_TYPES
    | TGW_ROUTE_TYPES
    | TGW_ASSOCIATION_TYPES
    | TGW_PROPAGATION_TYPES
    | TGW_DEFAULT_ASSOCIATION_TYPES
    | TGW_DEFAULT_PROPAGATION_TYPES
)
_DEFAULT_TABLE_ATTRIBUTES = frozenset(
    {"association_default_route_table_id", "propagation_default_route_table_id"}
)


def _enabled(value: Value, tgw: ResourceInstance) -> bool | None:
    """Transit gateway "enable"/"disable" switches; absent on a managed one: the default."""
    if value is None and tgw.mode != "data":
        return True
    if value == "enable":
        return True
    if value == "disable":
        return False
    return None


class TgwTables:
    """Resolves the route table a TGW resource names: a declared table, or a gateway's default
    table (by reference to its default-table attribute, or by the literal id state gives)."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._default_ids: dict[str, str] = {}
        for tgw in ctx.of(TGW_TYPES):
            for attribute in _DEFAULT_TABLE_ATTRIBUTES:
                table_id = text(instance_values(tgw).get(attribute))
                if table_id is not None:
                    self._default_ids.setdefault(table_id, tgw.address)

    def table(self, value: Value) -> str | None:
        ctx = self._ctx
        declared = ctx.node(value, TGW_ROUTE_TABLE_TYPES)
        if declared is not None:
            return declared
        if isinstance(value, Ref) and value.attribute in _DEFAULT_TABLE_ATTRIBUTES:
            return ctx.node(Ref(value.targets), TGW_TYPES)
        literal = text(ctx.resolver.literal(value))
        return None if literal is None else self._default_ids.get(literal)


def build_transit_gateways(ctx: Context, routes: Iterable[Route]) -> tuple[TransitGateway, ...]:
    """The gateways of the input, then those of other accounts that a VPC route or an
    attachment names only by a literal `tgw-` id."""
    tables = TgwTables(ctx)
    overrides: dict[tuple[str, str], str] = {}
    for types, kind in (
        (TGW_DEFAULT_ASSOCIATION_TYPES, "association"),
        (TGW_DEFAULT_PROPAGATION_TYPES, "propagation"),
    ):
        for link in ctx.of(types, data=False):
            values = instance_values(link)
            tgw_address = ctx.node(values.get("transit_gateway_id"), TGW_TYPES)
            table = tables.table(values.get("transit_gateway_route_table_id"))
            if tgw_address is not None and table is not None:
                overrides[(tgw_address, kind)] = table
    gateways: dict[str, TransitGateway] = {}
    for tgw in ctx.of(TGW_TYPES):
        values = instance_values(tgw)
        gateways[tgw.address] = TransitGateway(
            address=tgw.address,
            id=text(values.get("id")),
            default_route_table_association=_enabled(
                ctx.value(values, "default_route_table_association"), tgw
            ),
            default_route_table_propagation=_enabled(
                ctx.value(values, "default_route_table_propagation"), tgw
            ),
            association_default_route_table=overrides.get((tgw.address, "association"))
            or ctx.node(values.get("association_default_route_table_id"), TGW_ROUTE_TABLE_TYPES),
            propagation_default_route_table=overrides.get((tgw.address, "propagation"))
            or ctx.node(values.get("propagation_default_route_table_id"), TGW_ROUTE_TABLE_TYPES),
        )
    named = [r.target for r in routes if r.target_kind is TargetKind.TRANSIT_GATEWAY]
    named.extend(
        ctx.resolver.node_or_id(instance_values(attachment).get("transit_gateway_id"), TGW_TYPES)
        for attachment in ctx.of(TGW_VPC_ATTACHMENT_TYPES | TGW_PEERING_TYPES | VPN_TYPES)
    )
    for target in named:
        if target is not None and _is_gateway_id(target) and target not in gateways:
            gateways[target] = TransitGateway(address=target, id=target, external=True)
    return tuple(gateways.values())


def _is_gateway_id(value: str) -> bool:
    """A literal transit gateway id (`tgw-0abc`), not an attachment or route table id."""
    return value.startswith("tgw-") and not value.startswith(("tgw-attach-", "tgw-rtb-"))


def _attachment_default(ctx: Context, attachment: ResourceInstance, attribute: str) -> bool | None:
    """The attachment's transit_gateway_default_route_table_* flag: true or false as written;
    left out, the gateway's default applies (true here; the gateway's own switch decides).

    The argument is optional and computed: a plan gives an argument the configuration leaves
    out as a bare unknown, and the HCL front end does the same, so a bare unknown is read as
    "left out" (reading it as unknown would leave every transit gateway undecided). An
    expression the input cannot evaluate arrives as a reference: that one is unknown.
    """
    raw = instance_values(attachment).get(attribute)
    if raw is None or (isinstance(raw, Unknown) and not raw.sensitive):
        return True
    return flag(ctx.value(instance_values(attachment), attribute))


def build_tgw_vpc_attachments(ctx: Context) -> tuple[TgwVpcAttachment, ...]:
    attachments = []
    for attachment in ctx.of(TGW_VPC_ATTACHMENT_TYPES):
        values = instance_values(attachment)
        raw_subnets = values.get("subnet_ids")
        subnets, complete = ctx.nodes(raw_subnets, SUBNET_TYPES)
        candidates: tuple[str, ...] = ()
        if isinstance(raw_subnets, Ref):
            # a plan gives a list built from references as one Ref to the instances it names
            resolution = ctx.resolver.resolve(raw_subnets, SUBNET_TYPES)
            if resolution.address is not None:
                subnets, complete = (resolution.address,), True
            elif not resolution.literals and not resolution.opaque:
                candidates = resolution.addresses
        attachments.append(
            TgwVpcAttachment(
                address=attachment.address,
                id=text(values.get("id")),
                transit_gateway=ctx.resolver.node_or_id(
                    values.get("transit_gateway_id"), TGW_TYPES
                ),
                vpc=ctx.node(values.get("vpc_id"), VPC_TYPES),
                subnets=subnets,
                subnets_complete=complete,
                subnet_candidates=candidates,
                default_association=_attachment_default(
                    ctx, attachment, "transit_gateway_default_route_table_association"
                ),
                default_propagation=_attachment_default(
                    ctx, attachment, "transit_gateway_default_route_table_propagation"
                ),
            )
        )
    return tuple(attachments)


def build_tgw_peering_attachments(ctx: Context) -> tuple[TgwPeeringAttachment, ...]:
    return tuple(
        TgwPeeringAttachment(
            address=peering.address,
            id=text(instance_values(peering).get("id")),
            transit_gateway=ctx.resolver.node_or_id(
                instance_values(peering).get("transit_gateway_id"), TGW_TYPES
            ),
            peer_transit_gateway=ctx.resolver.node_or_id(
                instance_values(peering).get("peer_transit_gateway_id"), TGW_TYPES
            ),
        )
        for peering in ctx.of(TGW_PEERING_TYPES)
    )


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
    tables = TgwTables(ctx)
    routes = []
    for route in ctx.of(TGW_ROUTE_TYPES, data=False):
        values = instance_values(route)
        table = tables.table(values.get("transit_gateway_route_table_id"))
        routes.append(
            TgwRoute(
                address=route.address,
                route_table=table,
                destination=parse_network(ctx.value(values, "destination_cidr_block")),
                attachment=ctx.resolver.node_or_id(
                    values.get("transit_gateway_attachment_id"), TGW_ATTACHMENT_TYPES
                ),
                blackhole=ctx.value(values, "blackhole") is True,
                route_table_known=table is not None,
            )
        )
    return tuple(routes)


def build_tgw_table_links(ctx: Context) -> Mapping[str, tuple[TgwTableLink, ...]]:
    """Explicit associations and propagations, by kind ("association", "propagation")."""
    tables = TgwTables(ctx)
    found: dict[str, tuple[TgwTableLink, ...]] = {}
    for kind, types in (
        ("association", TGW_ASSOCIATION_TYPES),
        ("propagation", TGW_PROPAGATION_TYPES),
    ):
        found[kind] = tuple(
            TgwTableLink(
                address=link.address,
                route_table=tables.table(
                    instance_values(link).get("transit_gateway_route_table_id")
                ),
                attachment=ctx.node(
                    instance_values(link).get("transit_gateway_attachment_id"),
                    TGW_ATTACHMENT_TYPES,
                ),
            )
            for link in ctx.of(types, data=False)
        )
    return found
