"""Route tables: the table of a subnet (known / none / unknown) and longest-prefix match."""

from __future__ import annotations

from collections.abc import Iterable

from tflint_vpc.model import Network, PeeringConnection, Route, Subnet, TargetKind, Topology, Vpc
from tflint_vpc.net import contains
from tflint_vpc.routing.answers import (
    MIDDLEBOX_TARGETS,
    Choice,
    Destination,
    Priority,
    SubnetTable,
    TableStatus,
)


class Tables:
    """Indexes over one topology's route tables and the lookups rules ask of them."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        by_target: dict[str, list[Route]] = {}
        by_candidate: dict[str, list[Route]] = {}
        for route in topology.routes:
            if route.target is not None:
                by_target.setdefault(route.target, []).append(route)
            for candidate in route.target_candidates:
                by_candidate.setdefault(candidate, []).append(route)
        self._by_target = {k: tuple(v) for k, v in by_target.items()}
        self._by_candidate = {k: tuple(v) for k, v in by_candidate.items()}
        # peering and VPC lookups by id as well as by address: routes may name a target by id
        self._peering_by_id = {p.id: p.address for p in topology.peerings if p.id}
        self._vpc_of_table = {t.address: t.vpc for t in topology.route_tables}
        self._orphan_routes = any(r.route_table is None for r in topology.routes)
        self._choice_memo: dict[tuple[str | None, str | None, Destination], Choice] = {}

    # --- route table of a subnet -------------------------------------------------------

    def table_of(self, subnet: Subnet) -> SubnetTable:
        topology = self.topology
        if subnet.address in topology.unknown_route_table_subnets:
            return SubnetTable(
                TableStatus.UNKNOWN,
                vpc=subnet.vpc,
                reason=f"the route table associated with {subnet.address} is not known",
            )
        explicit = topology.subnet_route_table.get(subnet.address)
        if explicit is not None:
            return SubnetTable(TableStatus.KNOWN, explicit, subnet.vpc)
        if subnet.vpc is None:
            return SubnetTable(
                TableStatus.UNKNOWN, reason=f"the VPC of {subnet.address} is not known"
            )
        if subnet.vpc in topology.unknown_main_route_table_vpcs:
            return SubnetTable(
                TableStatus.UNKNOWN,
                vpc=subnet.vpc,
                reason=f"the main route table of {subnet.vpc} is not known",
            )
        main = topology.main_route_table.get(subnet.vpc)
        if main is not None:
            return SubnetTable(TableStatus.KNOWN, main, subnet.vpc)
        vpc = topology.vpc(subnet.vpc)
        if vpc is None or vpc.data_source or self._orphan_routes:
            # A VPC this input does not manage may have routes in its main table; and a route
            # whose table is unresolved (`route_table_id = aws_vpc.x.main_route_table_id`)
            # may be one of them.
            return SubnetTable(
                TableStatus.UNKNOWN,
                vpc=subnet.vpc,
                reason=f"the main route table of {subnet.vpc} is not in the input",
            )
        return SubnetTable(TableStatus.NONE, None, subnet.vpc)

    # --- longest prefix match ------------------------------------------------------------

    def lookup(self, table: str | None, vpc: str | None, destination: Destination) -> Choice:
        """The route that `table` (None: the implicit main table) of `vpc` selects."""
        key = (table, vpc, destination)
        memo = self._choice_memo.get(key)
        if memo is None:
            memo = self._lookup(table, vpc, destination)
            self._choice_memo[key] = memo
        return memo

    def _lookup(self, table: str | None, vpc_address: str | None, dst: Destination) -> Choice:
        topology = self.topology
        if table is not None and vpc_address is None:
            vpc_address = self._vpc_of_table.get(table)
        vpc = topology.vpc(vpc_address)
        local = _local_block(vpc, dst)
        routes = topology.routes_of(table) if table is not None else ()
        node = topology.route_table(table)
        complete = node.routes_complete if node is not None else table is None
        best: tuple[int, int, Route | None] | None = None  # (prefixlen, priority, route)
        if local is not None:
            best = (local.prefixlen, Priority.LOCAL, None)
        doubts: list[str] = []
        split = False
        for route in routes:
            network = route.destination
            if network is None:
                if route.destination_prefix_list is not None:
                    doubts.append(
                        f"{route.address} goes to prefix list {route.destination_prefix_list},"
                        " whose entries are not known"
                    )
                else:
                    doubts.append(f"the destination of {route.address} is not known")
                continue
            if network.version != dst.version:
                continue
            if not contains(network, dst):
                if contains(dst, network) and network != dst:
                    split = True
                continue
            # `gateway_id = "local"` adopts the local route: it is the local route
            local_route = route.target_kind is TargetKind.LOCAL
            priority = Priority.LOCAL if local_route else Priority.STATIC
            candidate = (network.prefixlen, priority, route)
            if best is None or _better(candidate, best, local):
                best = candidate
        if not complete:
            doubts.append(f"some routes of {table} are not known")
        chosen = None if best is None else best[2]
        chosen_local = local if best is not None and best[2] is None else None
        if chosen is not None and chosen.target_kind is TargetKind.LOCAL:
            chosen_local = chosen.destination
        certain = True
        reason = ""
        # An unknown route can only win over the local route as a middlebox route more
        # specific than the block; over anything else it could win outright.
        if doubts and (chosen_local is None or _could_be_middlebox(routes)):
            certain, reason = False, doubts[0]
        if vpc is None and (chosen is None or chosen_local is not None):
            certain = False
            reason = reason or f"the VPC of {table} is not known"
        elif vpc is not None and not vpc.cidrs_complete and chosen_local is None:
            certain = False
            reason = reason or f"some CIDR blocks of {vpc.address} are not known"
        return Choice(chosen, chosen_local, certain, reason, split)

    # --- reverse index -------------------------------------------------------------------

    def routes_targeting(self, target: str) -> tuple[Route, ...]:
        """Routes whose target is `target` (an address in the input, or a literal id).

        A route whose target is only known to be one of several candidates is not listed."""
        return self._by_target.get(target, ())

    def routes_maybe_targeting(self, target: str) -> tuple[Route, ...]:
        """Routes whose target is only known to be one of several, `target` among them (a rule
        that claims no route targets something must look here too)."""
        return self._by_candidate.get(target, ())

    def peering_of(self, route: Route) -> PeeringConnection | None:
        """The peering connection a route targets, by address or id; None when not in the input
        (or when the route's target is only known to be one of several)."""
        if route.target_kind is not TargetKind.PEERING or route.target is None:
            return None
        return self.topology.peering(route.target) or self.topology.peering(
            self._peering_by_id.get(route.target)
        )

    def routes_to_peering(self, peering: PeeringConnection) -> tuple[Route, ...]:
        """Routes that target `peering`, named by its address or by its id."""
        found = self.routes_targeting(peering.address)
        if peering.id:
            found += tuple(r for r in self.routes_targeting(peering.id) if r not in found)
        return found

    def routes_maybe_to_peering(self, peering: PeeringConnection) -> tuple[Route, ...]:
        """Routes whose target is one of several peerings, `peering` among them."""
        found = self.routes_maybe_targeting(peering.address)
        if peering.id:
            found += tuple(r for r in self.routes_maybe_targeting(peering.id) if r not in found)
        return found

    def vpc_of_route(self, route: Route) -> str | None:
        """The VPC a route belongs to: its route table's VPC."""
        return None if route.route_table is None else self._vpc_of_table.get(route.route_table)

    def tables_complete(self, vpc_address: str) -> bool:
        """Whether every route the route tables of a VPC may hold is in the input and known.

        False for a VPC the input does not manage (its tables may have routes made elsewhere),
        a main table or a subnet's associated table that the input cannot resolve, or an
        incomplete table that is, or may be (its VPC unknown), one of the VPC's tables.
        """
        topology = self.topology
        vpc = topology.vpc(vpc_address)
        if vpc is None or vpc.data_source:
            return False
        if vpc_address in topology.unknown_main_route_table_vpcs:
            return False
        for address in topology.unknown_route_table_subnets:
            subnet = topology.subnet(address)
            if subnet is None or subnet.vpc in (vpc_address, None):
                return False
        return all(
            table.routes_complete
            for table in topology.route_tables
            if table.vpc == vpc_address or table.vpc is None
        )


def _better(
    candidate: tuple[int, int, Route | None],
    best: tuple[int, int, Route | None],
    local: Network | None,
) -> bool:
    length, priority, _ = candidate
    best_length, best_priority, _ = best
    if local is not None and best[2] is None and length <= local.prefixlen:
        return False  # the local route wins over routes to the same or a larger prefix
    if length != best_length:
        return length > best_length
    return priority > best_priority


def _local_block(vpc: Vpc | None, dst: Destination) -> Network | None:
    if vpc is None:
        return None
    blocks = [b.network for b in vpc.cidrs if contains(b.network, dst)]
    return max(blocks, key=lambda n: n.prefixlen) if blocks else None


def _could_be_middlebox(routes: Iterable[Route]) -> bool:
    """Whether a route of unknown destination may be a middlebox route inside a local block."""
    return any(
        r.destination is None
        and (r.target_kind in MIDDLEBOX_TARGETS or r.target_kind is TargetKind.UNKNOWN)
        for r in routes
    )
