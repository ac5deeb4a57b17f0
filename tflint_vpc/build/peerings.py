"""VPC peering connections and their accepters."""

from __future__ import annotations

from tflint_vpc.build.context import Context, text
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.vpcs import VPC_TYPES
from tflint_vpc.model import PeeringConnection

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
