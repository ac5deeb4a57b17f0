"""The routing layer: where traffic goes, decided once for every rule.

The semantics are `rules.md`, "How traffic is routed" (AWS VPC User Guide: route tables and
route priority; VPC Peering Guide: unsupported configurations). Rules and the CLI ask this
module; none of them walks route tables on its own, so the semantics live in one place.

Three answers, never two: every question can come back *unknown* (a value the input does not
have), and a rule reports only certain outcomes. The transit-gateway hop is not modelled yet:
a trace that reaches a transit gateway ends *unknown*.

This module imports only the model and the CIDR helpers. `routing_of(topology)` builds the
indexes once per topology and memoises them.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_network

from tflint_vpc.model import Network, PeeringConnection, Route, Subnet, TargetKind, Topology, Vpc
from tflint_vpc.net import contains

Destination = Network  # an address is its /32 (or /128)

# Targets AWS accepts for a route more specific than a local block, and as the replacement
# target of the local route itself (middlebox insertion).
MIDDLEBOX_TARGETS = frozenset(
    {TargetKind.NAT_GATEWAY, TargetKind.NETWORK_INTERFACE, TargetKind.VPC_ENDPOINT}
)


class TableStatus(str, Enum):
    KNOWN = "known"  # the table the subnet uses is in the input
    NONE = "none"  # no table declared: the VPC's implicit main table (local routes only)
    UNKNOWN = "unknown"  # an association or a main table the input cannot resolve


@dataclass(frozen=True, slots=True)
class SubnetTable:
    """The route table of a subnet (rules.md: known / none / unknown, never a fallback guess)."""

    status: TableStatus
    table: str | None = None  # route table address when KNOWN
    vpc: str | None = None  # the subnet's VPC address when known
    reason: str = ""  # why UNKNOWN


class Priority(int, Enum):
    """For the same prefix: static beats prefix-list beats propagated (higher wins)."""

    PROPAGATED = 0
    PREFIX_LIST = 1
    STATIC = 2
    LOCAL = 3  # the local route wins over any route to the same or a larger prefix


@dataclass(frozen=True, slots=True)
class Choice:
    """The route longest-prefix match selects for a destination in one table.

    `route` is None with `local` set when the VPC's local route wins; both None when no route
    matches. `certain` is False when a route whose destination or target is unknown could have
    won instead; `reason` then says which.
    """

    route: Route | None
    local: Network | None = None  # the VPC block of the winning local route
    certain: bool = True
    reason: str = ""
    split: bool = False  # a more specific route covers part of the destination range

    @property
    def matched(self) -> bool:
        return self.route is not None or self.local is not None


class Outcome(str, Enum):
    DELIVERED = "delivered"
    LEAVES_INTERNET = "leaves via internet gateway"
    LEAVES_VPN = "leaves via VPN gateway"
    LEAVES_NAT = "leaves via NAT gateway"
    LEAVES_APPLIANCE = "handed to an appliance"  # ENI or Gateway Load Balancer endpoint
    LEAVES_OTHER = "leaves the VPC"  # carrier, local gateway, core network
    DROPPED_NO_ROUTE = "dropped: no route"
    DROPPED_BLACKHOLE = "dropped: blackhole"
    DROPPED_NOT_TRANSITIVE = "dropped: peering is not transitive"
    DROPPED_AZ_NOT_ATTACHED = "dropped: AZ not attached"
    UNKNOWN = "unknown"

    @property
    def certain(self) -> bool:
        return self is not Outcome.UNKNOWN

    @property
    def dropped(self) -> bool:
        return self.name.startswith("DROPPED")


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a trace; `address` is the resource that decided it (for file:line)."""

    kind: str  # "subnet" | "route_table" | "route" | "peering" | "vpc" | "gateway" | ...
    address: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Trace:
    hops: tuple[Hop, ...]
    outcome: Outcome
    reason: str = ""  # what dropped it, or which value is unknown
    delivered_to: str | None = None  # VPC (or subnet) address when DELIVERED

    @property
    def last(self) -> Hop | None:
        return self.hops[-1] if self.hops else None


def as_destination(value: str | Network | IPv4Address | IPv6Address) -> Destination:
    """An address or CIDR as a network (`10.0.0.5` -> `10.0.0.5/32`); ValueError when neither."""
    if isinstance(value, IPv4Network | IPv6Network):
        return value
    if isinstance(value, IPv4Address | IPv6Address):
        return ip_network(value)
    return ip_network(value.strip(), strict=False)


class Routing:
    """Indexes over one topology and the questions rules ask of them."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        by_target: dict[str, list[Route]] = {}
        for route in topology.routes:
            if route.target is not None:
                by_target.setdefault(route.target, []).append(route)
        self._by_target = {k: tuple(v) for k, v in by_target.items()}
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
        """Routes whose target is `target` (an address in the input, or a literal id)."""
        return self._by_target.get(target, ())

    # --- traces --------------------------------------------------------------------------

    def trace(self, source: Subnet, destination: Destination) -> Trace:
        """Where traffic from `source` to `destination` goes, hop by hop."""
        hops = [Hop("subnet", source.address)]
        return self._from_subnet(source, destination, hops, seen=frozenset())

    def reverse(self, source: Subnet, destination_subnet: Subnet) -> Trace | None:
        """The replies' trace: from the destination subnet back to the source's range."""
        back = _subnet_range(source, destination_subnet)
        if back is None:
            return None
        return self.trace(destination_subnet, back)

    def _from_subnet(
        self, subnet: Subnet, dst: Destination, hops: list[Hop], seen: frozenset[str]
    ) -> Trace:
        answer = self.table_of(subnet)
        if answer.status is TableStatus.UNKNOWN:
            return Trace(tuple(hops), Outcome.UNKNOWN, answer.reason)
        if answer.table is not None:
            hops.append(Hop("route_table", answer.table))
        else:
            hops.append(Hop("route_table", subnet.vpc or subnet.address, "implicit main table"))
        choice = self.lookup(answer.table, answer.vpc, dst)
        if not choice.certain:
            return Trace(tuple(hops), Outcome.UNKNOWN, choice.reason)
        if choice.local is not None and (choice.route is None or _is_local(choice.route)):
            if choice.route is not None:
                hops.append(Hop("route", choice.route.declared_by, f"{choice.local} local"))
            return self._deliver(answer.vpc, dst, hops, subnet)
        route = choice.route
        if route is None:
            return Trace(
                tuple(hops),
                Outcome.DROPPED_NO_ROUTE,
                f"{answer.table or 'the main route table'} has no route to {dst}",
            )
        hops.append(Hop("route", route.declared_by, _route_note(route)))
        return self._follow(route, answer.vpc, subnet, dst, hops, seen)

    def _follow(
        self,
        route: Route,
        vpc_address: str | None,
        subnet: Subnet,
        dst: Destination,
        hops: list[Hop],
        seen: frozenset[str],
    ) -> Trace:
        kind = route.target_kind
        target = route.target or "?"
        if kind is TargetKind.PEERING:
            return self._cross_peering(route, vpc_address, dst, hops)
        if kind is TargetKind.TRANSIT_GATEWAY:
            hops.append(Hop("transit_gateway", target))
            return Trace(
                tuple(hops),
                Outcome.UNKNOWN,
                f"routing through transit gateway {target} is not modelled yet",
            )
        simple = {
            TargetKind.INTERNET_GATEWAY: Outcome.LEAVES_INTERNET,
            TargetKind.EGRESS_ONLY_GATEWAY: Outcome.LEAVES_INTERNET,
            TargetKind.VPN_GATEWAY: Outcome.LEAVES_VPN,
            TargetKind.NAT_GATEWAY: Outcome.LEAVES_NAT,
            TargetKind.NETWORK_INTERFACE: Outcome.LEAVES_APPLIANCE,
            TargetKind.VPC_ENDPOINT: Outcome.LEAVES_APPLIANCE,
            TargetKind.CARRIER_GATEWAY: Outcome.LEAVES_OTHER,
            TargetKind.LOCAL_GATEWAY: Outcome.LEAVES_OTHER,
            TargetKind.CORE_NETWORK: Outcome.LEAVES_OTHER,
        }
        outcome = simple.get(kind)
        if outcome is None:
            return Trace(tuple(hops), Outcome.UNKNOWN, f"the target of {route.address} is unknown")
        hops.append(Hop("gateway", target, kind.value))
        return Trace(tuple(hops), outcome, f"{route.address} sends {dst} to {target}")

    def _cross_peering(
        self, route: Route, vpc_address: str | None, dst: Destination, hops: list[Hop]
    ) -> Trace:
        peering = self.topology.peering(route.target) or self.topology.peering(
            self._peering_by_id.get(route.target or "")
        )
        if peering is None:
            return Trace(
                tuple(hops),
                Outcome.UNKNOWN,
                f"peering {route.target or '?'} of {route.address} is not in the input",
            )
        hops.append(Hop("peering", peering.address))
        peer = peer_of(peering, vpc_address)
        peer_vpc = self.topology.vpc(peer)
        if peer_vpc is None:
            return Trace(
                tuple(hops), Outcome.UNKNOWN, f"the peer VPC of {peering.address} is not known"
            )
        inside = any(contains(block.network, dst) for block in peer_vpc.cidrs)
        if not inside:
            if not peer_vpc.cidrs_complete:
                return Trace(
                    tuple(hops),
                    Outcome.UNKNOWN,
                    f"some CIDR blocks of {peer_vpc.address} are not known",
                )
            return Trace(
                tuple(hops),
                Outcome.DROPPED_NOT_TRANSITIVE,
                f"{dst} is outside {peer_vpc.address} ({_blocks(peer_vpc)}); a peering "
                "delivers only to the peer VPC's own ranges",
            )
        hops.append(Hop("vpc", peer_vpc.address))
        return self._deliver(peer_vpc.address, dst, hops, None)

    def _deliver(
        self, vpc_address: str | None, dst: Destination, hops: list[Hop], _from: Subnet | None
    ) -> Trace:
        subnet = self.subnet_containing(vpc_address, dst)
        if subnet is not None:
            hops.append(Hop("subnet", subnet.address))
            return Trace(tuple(hops), Outcome.DELIVERED, delivered_to=subnet.address)
        return Trace(tuple(hops), Outcome.DELIVERED, delivered_to=vpc_address)

    def subnet_containing(self, vpc_address: str | None, dst: Destination) -> Subnet | None:
        if vpc_address is None:
            return None
        for subnet in self.topology.subnets_of(vpc_address):
            for network in (subnet.cidr, subnet.ipv6_cidr):
                if network is not None and contains(network, dst):
                    return subnet
        return None


def peer_of(peering: PeeringConnection, vpc_address: str | None) -> str | None:
    """The other side of a peering seen from `vpc_address` (None when it is neither side)."""
    if vpc_address is None:
        return None
    if vpc_address == peering.requester:
        return peering.accepter
    if vpc_address == peering.accepter:
        return peering.requester
    return None


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


def _is_local(route: Route) -> bool:
    return route.target_kind is TargetKind.LOCAL


def _route_note(route: Route) -> str:
    destination = route.destination or route.destination_prefix_list or "?"
    return f"{destination} -> {route.target_kind.value} {route.target or '?'}"


def _blocks(vpc: Vpc) -> str:
    return ", ".join(str(b.network) for b in vpc.cidrs) or "no known block"


def _subnet_range(source: Subnet, destination: Subnet) -> Destination | None:
    """The source's range in the destination's IP version (replies go back to it)."""
    if destination.cidr is not None and source.cidr is not None:
        return source.cidr
    if destination.ipv6_cidr is not None and source.ipv6_cidr is not None:
        return source.ipv6_cidr
    return None


_MEMO: dict[int, tuple[weakref.ref[Topology], Routing]] = {}


def routing_of(topology: Topology) -> Routing:
    """The routing layer of a topology, built once and kept as long as the topology lives."""
    key = id(topology)
    entry = _MEMO.get(key)
    if entry is not None and entry[0]() is topology:
        return entry[1]
    layer = Routing(topology)

    def forget(_ref: weakref.ref[Topology]) -> None:
        _MEMO.pop(key, None)

    _MEMO[key] = (weakref.ref(topology, forget), layer)
    return layer


__all__ = [
    "Choice",
    "Hop",
    "Outcome",
    "Routing",
    "SubnetTable",
    "TableStatus",
    "Trace",
    "as_destination",
    "peer_of",
    "routing_of",
]
