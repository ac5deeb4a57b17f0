"""The transit-gateway hop (rules.md, "How traffic is routed", the transit-gateway part).

From a VPC route to a TGW: the source's AZ must hold a subnet of the VPC's attachment; the
packet is looked up in the TGW route table associated with that attachment (explicit
association, else the gateway's default association table when enabled on both sides);
longest prefix match over static routes and propagated VPC blocks (static wins for the same
prefix); a blackhole drops it; a VPC attachment delivers into its VPC when the destination is
one of its blocks; a VPN attachment hands it to the VPN. A VPN with dynamic routing propagating
into the table brings BGP routes nobody knows before apply: a miss there is unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tflint_vpc.model import (
    Network,
    Subnet,
    TgwRoute,
    TgwVpcAttachment,
    Topology,
    TransitGateway,
)
from tflint_vpc.net import contains
from tflint_vpc.routing.answers import Destination, Hop, Outcome, Trace

Deliver = Callable[[str | None, Destination, list[Hop]], Trace]


@dataclass(frozen=True, slots=True)
class TgwEntry:
    """One route of a TGW route table: static (`route` set) or propagated from `attachment`."""

    destination: Network
    attachment: str | None  # the attachment the route sends to (None: a blackhole)
    route: TgwRoute | None = None  # the static route; None when propagated

    @property
    def static(self) -> bool:
        return self.route is not None


@dataclass(frozen=True, slots=True)
class TgwLookup:
    """What one TGW route table answers for a destination."""

    entry: TgwEntry | None  # None: no route (or `reason` says why it is unknown)
    certain: bool = True
    reason: str = ""


class TgwIndex:
    """Associations, propagations and routes of every TGW route table, built once."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology
        self.gateways = {g.address: g for g in topology.transit_gateways}
        for gateway in topology.transit_gateways:
            if gateway.id:
                self.gateways.setdefault(gateway.id, gateway)
        self.vpc_attachments: dict[str, list[TgwVpcAttachment]] = {}
        for attachment in topology.tgw_vpc_attachments:
            if attachment.vpc is not None:
                self.vpc_attachments.setdefault(attachment.vpc, []).append(attachment)
        # attachments whose VPC is not known may be any VPC's
        self.unplaced_attachments = any(a.vpc is None for a in topology.tgw_vpc_attachments)
        self.explicit: dict[str, str] = {}
        self.unknown_associations = False
        for link in topology.tgw_associations:
            if link.attachment is None or link.route_table is None:
                self.unknown_associations = True
            else:
                self.explicit[link.attachment] = link.route_table
        self.unknown_propagations = any(
            p.attachment is None or p.route_table is None for p in topology.tgw_propagations
        )
        self.unknown_routes = any(not r.route_table_known for r in topology.tgw_routes)
        self._tables: dict[str, tuple[list[TgwEntry], list[str]]] = {}
        self._propagators: dict[str, tuple[list[str], str]] = {}
        self._default_tables: dict[str, list[TransitGateway]] = {}
        for gateway in topology.transit_gateways:
            self._default_tables.setdefault(gateway.default_propagation_table, []).append(gateway)
        self._by_gateway: dict[str, list[str]] = {}
        for vpc_attachment in topology.tgw_vpc_attachments:
            if vpc_attachment.transit_gateway is not None:
                self._by_gateway.setdefault(vpc_attachment.transit_gateway, []).append(
                    vpc_attachment.address
                )
        for vpn in topology.vpn_connections:
            if vpn.transit_gateway is not None:
                self._by_gateway.setdefault(vpn.transit_gateway, []).append(vpn.address)

    # --- which gateway, which attachment, which table ------------------------------------

    def gateway(self, target: str | None) -> TransitGateway | None:
        return None if target is None else self.gateways.get(target)

    def attachment_of(self, vpc: str, gateway: TransitGateway) -> TgwVpcAttachment | None:
        for attachment in self.vpc_attachments.get(vpc, ()):
            if attachment.transit_gateway in (gateway.address, gateway.id):
                return attachment
        return None

    def association(self, attachment: str, gateway: TransitGateway) -> tuple[str | None, str]:
        """The table associated with an attachment, or None with why ("" = none for certain)."""
        explicit = self.explicit.get(attachment)
        if explicit is not None:
            return explicit, ""
        if self.unknown_associations:
            return None, "an association's attachment or table is not known"
        own = _own_default(self.topology, attachment, "association")
        if own is None or gateway.default_route_table_association is None:
            return None, f"whether {attachment} uses the default association table is not known"
        if own and gateway.default_route_table_association:
            return gateway.default_association_table, ""
        return None, ""

    def propagators(self, table: str) -> tuple[list[str], str]:
        """Attachments propagating into a table (explicit, and the default propagation), and
        why that list may be incomplete ("" when it is not)."""
        cached = self._propagators.get(table)
        if cached is None:
            cached = self._find_propagators(table)
            self._propagators[table] = cached
        return list(cached[0]), cached[1]

    def _find_propagators(self, table: str) -> tuple[list[str], str]:
        found = [p.attachment for p in self.topology.tgw_propagations if p.route_table == table]
        attachments = [a for a in found if a is not None]
        if self.unknown_propagations:
            return attachments, "a propagation's attachment or table is not known"
        for gateway in self._defaults_into(table):
            if gateway.default_route_table_propagation is None:
                return attachments, f"whether {gateway.address} propagates by default is unknown"
            if not gateway.default_route_table_propagation:
                continue
            for attachment in self._attachments_of_gateway(gateway):
                own = _own_default(self.topology, attachment, "propagation")
                if own is None:
                    return attachments, f"whether {attachment} propagates by default is unknown"
                if own and attachment not in attachments:
                    attachments.append(attachment)
        return attachments, ""

    def _defaults_into(self, table: str) -> list[TransitGateway]:
        """The gateways whose default propagation table is `table`."""
        return self._default_tables.get(table, [])

    def _attachments_of_gateway(self, gateway: TransitGateway) -> list[str]:
        found = list(self._by_gateway.get(gateway.address, ()))
        if gateway.id:
            found += self._by_gateway.get(gateway.id, ())
        return found

    # --- the table's routes and the lookup -------------------------------------------------

    def entries(self, table: str) -> tuple[list[TgwEntry], str]:
        """Every route of a table, and why the list may be incomplete ("" when it is not)."""
        cached = self._tables.get(table)
        if cached is None:
            cached = self._entries(table)
            self._tables[table] = cached
        entries, reasons = cached
        return entries, reasons[0] if reasons else ""

    def dynamic(self, table: str) -> str | None:
        """A VPN with BGP routing propagating into `table`: its address (routes unknown)."""
        for attachment in self.propagators(table)[0]:
            vpn = self.topology.vpn_connection(attachment)
            if vpn is not None and vpn.static_routes_only is not True:
                return vpn.address
        return None

    def _entries(self, table: str) -> tuple[list[TgwEntry], list[str]]:
        topology = self.topology
        entries: list[TgwEntry] = []
        reasons: list[str] = []
        if self.unknown_routes:
            reasons.append("the route table of a transit gateway route is not known")
        for route in topology.tgw_routes:
            if route.route_table != table:
                continue
            if route.destination is None:
                reasons.append(f"the destination of {route.address} is not known")
                continue
            target = None if route.blackhole else route.attachment
            entries.append(TgwEntry(route.destination, target, route))
        attachments, why = self.propagators(table)
        if why:
            reasons.append(why)
        for address in attachments:
            attachment = topology.tgw_vpc_attachment(address)
            if attachment is None:
                continue  # VPN (dynamic: see `dynamic`) and peering attachments propagate no VPC
            vpc = topology.vpc(attachment.vpc)
            if vpc is None:
                reasons.append(f"the VPC of {address} is not known")
                continue
            if not vpc.cidrs_complete:
                reasons.append(f"some CIDR blocks of {vpc.address} are not known")
            entries.extend(TgwEntry(block.network, address) for block in vpc.cidrs)
        return entries, reasons

    def lookup(self, table: str, dst: Destination) -> TgwLookup:
        entries, why = self.entries(table)
        if why:
            return TgwLookup(None, False, why)
        matching = [e for e in entries if contains(e.destination, dst)]
        if not matching:
            dynamic = self.dynamic(table)
            if dynamic is not None:
                return TgwLookup(None, False, f"{dynamic} may propagate a route by BGP")
            return TgwLookup(None)
        longest = max(e.destination.prefixlen for e in matching)
        best = [e for e in matching if e.destination.prefixlen == longest]
        static = [e for e in best if e.static]
        best = static or best
        if len({e.attachment for e in best}) > 1:
            return TgwLookup(None, False, f"{table} has several routes for {best[0].destination}")
        return TgwLookup(best[0])


def _own_default(topology: Topology, attachment: str, kind: str) -> bool | None:
    """The attachment's transit_gateway_default_route_table_* flag; a VPN has none (true)."""
    vpc_attachment = topology.tgw_vpc_attachment(attachment)
    if vpc_attachment is None:
        return True
    if kind == "association":
        return vpc_attachment.default_association
    return vpc_attachment.default_propagation


def same_zone_attached(
    topology: Topology, attachment: TgwVpcAttachment, subnet: Subnet
) -> bool | None:
    """Whether the attachment has a subnet in `subnet`'s AZ (None: not known)."""
    if not attachment.subnets_complete and attachment.subnet_candidates:
        # some of the candidates: certain only when they all agree
        answers = {_same_zone(topology, c, subnet) for c in attachment.subnet_candidates}
        return answers.pop() if len(answers) == 1 else None
    unknown = not attachment.subnets_complete
    for address in attachment.subnets:
        same = _same_zone(topology, address, subnet)
        if same is True:
            return True
        if same is None:
            unknown = True
    return None if unknown else False


def _same_zone(topology: Topology, address: str, subnet: Subnet) -> bool | None:
    other = topology.subnet(address)
    differs = None if other is None else subnet.az.differs_from(other.az)
    return None if differs is None else not differs


def cross(
    index: TgwIndex,
    target: str | None,
    subnet: Subnet | None,
    vpc_address: str | None,
    dst: Destination,
    hops: list[Hop],
    deliver: Deliver,
) -> Trace:
    """From a VPC route to transit gateway `target` on to where the TGW sends `dst`."""
    topology = index.topology
    gateway = index.gateway(target)
    if gateway is None:
        hops.append(Hop("transit_gateway", target or "?"))
        return Trace(
            tuple(hops), Outcome.UNKNOWN, f"transit gateway {target or '?'} is not in the input"
        )
    hops.append(Hop("transit_gateway", gateway.address))
    if gateway.external:
        return Trace(
            tuple(hops),
            Outcome.UNKNOWN,
            f"transit gateway {gateway.address} is not in the input (another account's): its "
            "route tables are not known",
        )
    attachment = None if vpc_address is None else index.attachment_of(vpc_address, gateway)
    if attachment is None:
        return Trace(
            tuple(hops),
            Outcome.UNKNOWN,
            f"the attachment of {vpc_address or 'the VPC'} to {gateway.address} is not known",
        )
    hops.append(Hop("tgw_attachment", attachment.address))
    if subnet is not None:
        attached = same_zone_attached(topology, attachment, subnet)
        if attached is None:
            return Trace(
                tuple(hops),
                Outcome.UNKNOWN,
                f"whether {attachment.address} has a subnet in the AZ of {subnet.address} is "
                "not known",
            )
        if not attached:
            return Trace(
                tuple(hops),
                Outcome.DROPPED_AZ_NOT_ATTACHED,
                f"{attachment.address} has no subnet in {subnet.az}, the AZ of "
                f"{subnet.address}: traffic from there cannot reach {gateway.address}",
            )
    table, why = index.association(attachment.address, gateway)
    if table is None:
        if why:
            return Trace(tuple(hops), Outcome.UNKNOWN, why)
        return Trace(
            tuple(hops),
            Outcome.DROPPED_NO_ROUTE,
            f"{attachment.address} is associated with no route table of {gateway.address}",
        )
    label = "default route table" if table == gateway.address else ""
    hops.append(Hop("tgw_route_table", table, label))
    found = index.lookup(table, dst)
    if not found.certain:
        return Trace(tuple(hops), Outcome.UNKNOWN, found.reason)
    entry = found.entry
    name = table_name(gateway, table)
    if entry is None:
        return Trace(tuple(hops), Outcome.DROPPED_NO_ROUTE, f"{name} has no route to {dst}")
    if entry.route is not None:
        hops.append(Hop("tgw_route", entry.route.address, str(entry.destination)))
    else:
        hops.append(Hop("tgw_route", entry.attachment or "?", f"{entry.destination} propagated"))
    if entry.attachment is None:
        return Trace(
            tuple(hops),
            Outcome.DROPPED_BLACKHOLE,
            f"{name} has a blackhole route {entry.destination} for {dst}",
        )
    return _exit(index, entry.attachment, dst, hops, deliver)


def _exit(
    index: TgwIndex, attachment: str, dst: Destination, hops: list[Hop], deliver: Deliver
) -> Trace:
    topology = index.topology
    vpn = topology.vpn_connection(attachment)
    if vpn is not None:
        hops.append(Hop("vpn_connection", vpn.address))
        return Trace(tuple(hops), Outcome.LEAVES_VPN, f"{vpn.address} carries {dst} out")
    out = topology.tgw_vpc_attachment(attachment)
    vpc = None if out is None else topology.vpc(out.vpc)
    if out is None or vpc is None:
        return Trace(
            tuple(hops),
            Outcome.UNKNOWN,
            f"where attachment {attachment} leads is not followed",
        )
    hops.append(Hop("tgw_attachment", out.address))
    if any(contains(block.network, dst) for block in vpc.cidrs):
        hops.append(Hop("vpc", vpc.address))
        return deliver(vpc.address, dst, hops)
    # Outside the VPC's blocks the attachment subnets' route tables decide (an egress or
    # inspection VPC): not followed.
    return Trace(
        tuple(hops),
        Outcome.UNKNOWN,
        f"{dst} is outside {vpc.address}: its attachment subnets' routes are not followed",
    )


def table_name(gateway: TransitGateway, table: str) -> str:
    if table == gateway.address:
        return f"the default route table of {gateway.address}"
    return table


def gateway_keys(gateway: TransitGateway) -> tuple[str, ...]:
    """What a VPC route's target may be for this gateway: its address or its id."""
    return (gateway.address, gateway.id) if gateway.id else (gateway.address,)


def all_tables(index: TgwIndex) -> list[tuple[str, TransitGateway | None]]:
    """Every TGW route table: the declared ones and the default table of each gateway of the
    input (it exists when default association or propagation is not disabled)."""
    topology = index.topology
    found: list[tuple[str, TransitGateway | None]] = [
        (t.address, index.gateway(t.transit_gateway)) for t in topology.tgw_route_tables
    ]
    for gateway in topology.transit_gateways:
        if gateway.external:
            continue
        if (
            gateway.default_route_table_association is not False
            or gateway.default_route_table_propagation is not False
        ):
            found.append((gateway.address, gateway))
    return found
