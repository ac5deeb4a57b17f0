"""Traces: where traffic from a subnet to a destination goes, hop by hop."""

from __future__ import annotations

from dataclasses import replace

from tflint_vpc.model import PeeringConnection, Route, Subnet, TargetKind, Vpc
from tflint_vpc.net import contains
from tflint_vpc.routing.answers import Destination, Hop, Outcome, TableStatus, Trace
from tflint_vpc.routing.tables import Tables
from tflint_vpc.routing.transit import TgwIndex, cross

# Targets whose trace ends where the route hands the packet over.
_HANDED_OVER = {
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


class Routing(Tables):
    """Indexes over one topology and the questions rules ask of them."""

    _tgw: TgwIndex | None = None

    @property
    def transit(self) -> TgwIndex:
        """The transit-gateway tables, built on the first trace that reaches a TGW."""
        if self._tgw is None:
            self._tgw = TgwIndex(self.topology)
        return self._tgw

    def trace(self, source: Subnet, destination: Destination) -> Trace:
        """Where traffic from `source` to `destination` goes, hop by hop."""
        hops = [Hop("subnet", source.address)]
        return self._from_subnet(source, destination, hops)

    def reverse(self, source: Subnet, destination_subnet: Subnet) -> Trace | None:
        """The replies' trace: from the destination subnet back to the source's range."""
        back = _subnet_range(source, destination_subnet)
        if back is None:
            return None
        return self.trace(destination_subnet, back)

    def _from_subnet(self, subnet: Subnet, dst: Destination, hops: list[Hop]) -> Trace:
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
            trace = self._deliver(answer.vpc, dst, hops)
        elif choice.route is None:
            trace = Trace(
                tuple(hops),
                Outcome.DROPPED_NO_ROUTE,
                f"{answer.table or 'the main route table'} has no route to {dst}",
            )
        else:
            hops.append(Hop("route", choice.route.declared_by, _route_note(choice.route)))
            trace = self._follow(choice.route, answer.vpc, dst, hops, subnet)
        return replace(trace, split=True) if choice.split else trace

    def _follow(
        self,
        route: Route,
        vpc_address: str | None,
        dst: Destination,
        hops: list[Hop],
        subnet: Subnet | None = None,
    ) -> Trace:
        kind = route.target_kind
        target = route.target or "?"
        if kind is TargetKind.PEERING:
            if route.target is None and route.target_candidates:
                return self._cross_one_of(route, vpc_address, dst, hops)
            return self._cross_peering(route.target, route, vpc_address, dst, hops)
        if kind is TargetKind.TRANSIT_GATEWAY:
            return cross(self.transit, route.target, subnet, vpc_address, dst, hops, self._deliver)
        outcome = _HANDED_OVER.get(kind)
        if outcome is None:
            return Trace(tuple(hops), Outcome.UNKNOWN, f"the target of {route.address} is unknown")
        hops.append(Hop("gateway", target, kind.value))
        return Trace(tuple(hops), outcome, f"{route.address} sends {dst} to {target}")

    def _cross_one_of(
        self, route: Route, vpc_address: str | None, dst: Destination, hops: list[Hop]
    ) -> Trace:
        """A route whose peering is one of several candidates: the answer is certain only when
        every candidate that can be this VPC's peering gives the same one."""
        candidates = [c for c in route.target_candidates if self._may_peer(c, vpc_address)]
        traces = [self._cross_peering(c, route, vpc_address, dst, list(hops)) for c in candidates]
        if not traces:
            return Trace(
                tuple(hops), Outcome.UNKNOWN, f"the peering of {route.address} is not known"
            )
        first = traces[0]
        if len(traces) == 1 or all(t.hops == first.hops for t in traces):
            return first
        same = all(
            t.outcome is first.outcome and t.delivered_to == first.delivered_to for t in traces
        )
        if not same or not first.outcome.certain:
            return Trace(
                tuple(hops),
                Outcome.UNKNOWN,
                f"the peering of {route.address} is one of {', '.join(candidates)}, "
                f"which route {dst} differently",
            )
        # The same answer through different peerings: which one carries it is not known.
        note = "one of " + ", ".join(candidates)
        rest = first.hops[len(hops) + 1 :]
        return replace(first, hops=(*hops, Hop("peering", route.declared_by, note), *rest))

    def _may_peer(self, candidate: str, vpc_address: str | None) -> bool:
        """False only for a peering known to join two other VPCs (it cannot be this table's)."""
        peering = self.topology.peering(candidate)
        if peering is None or vpc_address is None:
            return True
        if peering.requester is None or peering.accepter is None:
            return True
        return vpc_address in (peering.requester, peering.accepter)

    def _cross_peering(
        self,
        target: str | None,
        route: Route,
        vpc_address: str | None,
        dst: Destination,
        hops: list[Hop],
    ) -> Trace:
        peering = self.topology.peering(target) or self.topology.peering(
            self._peering_by_id.get(target or "")
        )
        if peering is None:
            return Trace(
                tuple(hops),
                Outcome.UNKNOWN,
                f"peering {target or '?'} of {route.address} is not in the input",
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
        return self._deliver(peer_vpc.address, dst, hops)

    def _deliver(self, vpc_address: str | None, dst: Destination, hops: list[Hop]) -> Trace:
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


def _is_local(route: Route) -> bool:
    return route.target_kind is TargetKind.LOCAL


def _route_note(route: Route) -> str:
    destination = route.destination or route.destination_prefix_list or "?"
    target = route.target or " | ".join(route.target_candidates) or "?"
    return f"{destination} -> {route.target_kind.value} {target}"


def _blocks(vpc: Vpc) -> str:
    return ", ".join(str(b.network) for b in vpc.cidrs) or "no known block"


def _subnet_range(source: Subnet, destination: Subnet) -> Destination | None:
    """The source's range in the destination's IP version (replies go back to it)."""
    if destination.cidr is not None and source.cidr is not None:
        return source.cidr
    if destination.ipv6_cidr is not None and source.ipv6_cidr is not None:
        return source.ipv6_cidr
    return None
