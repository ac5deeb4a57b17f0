"""VPC peering connections, and picking the peering a merged inline route reference means."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tflint_vpc.build.context import Context, text
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.vpcs import VPC_TYPES
from tflint_vpc.model import Network, PeeringConnection, Vpc

PEERING_TYPES = frozenset({"aws_vpc_peering_connection"})
READS = PEERING_TYPES | {"aws_vpc_peering_connection_accepter"}


def build_peerings(ctx: Context) -> tuple[PeeringConnection, ...]:
    accepters: dict[str, list[str]] = {}
    for accepter in ctx.of({"aws_vpc_peering_connection_accepter"}, data=False):
        connection = ctx.node(
            instance_values(accepter).get("vpc_peering_connection_id"), PEERING_TYPES
        )
        if connection is not None:
            accepters.setdefault(connection, []).append(accepter.address)
    peerings = []
    for peering in ctx.of(PEERING_TYPES):
        values = instance_values(peering)
        requester = ctx.resolver.resolve(values.get("vpc_id"), VPC_TYPES)
        peer = ctx.resolver.resolve(values.get("peer_vpc_id"), VPC_TYPES)
        peerings.append(
            PeeringConnection(
                address=peering.address,
                id=text(values.get("id")),
                requester=requester.address,
                accepter=peer.address,
                requester_vpc_id=requester.literal,
                accepter_vpc_id=peer.literal,
                peer_region=ctx.text(values, "peer_region"),
                peer_owner_id=ctx.text(values, "peer_owner_id"),
                accepter_resources=tuple(accepters.get(peering.address, ())),
            )
        )
    return tuple(peerings)


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


class PeeringPicker:
    """Which of several candidate peerings a route to a destination goes through (rules.md,
    "Routes of a table"): the one whose peer VPC's CIDR set contains the destination, when no
    other candidate could also be the one. Indexes are built once per (table VPC, candidates)."""

    def __init__(self, peerings: Sequence[PeeringConnection], vpcs: Mapping[str, Vpc]) -> None:
        self._peerings = {peering.address: peering for peering in peerings}
        self._vpcs = vpcs
        self._indexes: dict[tuple[tuple[str, ...], str], _PeerIndex] = {}

    def pick(
        self, candidates: Sequence[str], table_vpc: str | None, destination: Network | None
    ) -> str | None:
        if table_vpc is None or destination is None:
            return None
        key = (tuple(candidates), table_vpc)
        index = self._indexes.get(key)
        if index is None:
            # a table's routes share the candidate list: one index serves them all
            index = self._indexes[key] = self._index(candidates, table_vpc)
        return index.pick(destination)

    def _index(self, candidates: Sequence[str], table_vpc: str) -> _PeerIndex:
        by_network: dict[Network, set[str]] = {}
        incomplete: set[str] = set()
        for candidate in candidates:
            sides = self._peerings.get(candidate)
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
