"""Traffic sent over a VPC peering has no route back: the replies are dropped.

## What it does
Flags an `aws_vpc_peering_connection` when a subnet S of one VPC sends traffic for a range D
over it (the route that longest-prefix match selects in S's route table targets the peering)
and a subnet of the peer VPC inside D has no route back to S's range over the same peering:
its route table (the associated one, else the VPC's main table) drops the replies, or sends
them out of the VPC some other way (an internet gateway, another target). Replies delivered to
another VPC need overlapping ranges, which `peering-cidr-overlap` (TFVPC001) reports.

The rule asks the routing layer for both traces: S to the peer subnet, then the peer subnet
back to S's CIDR. It stays silent when anything on the way back is unknown: a route table the
input cannot resolve, routes or destinations that are unknown (a prefix list's entries), or a
peer VPC whose CIDR blocks are not all known.

## Why is this bad?
A VPC peering connection carries traffic only where *both* route tables send it: AWS does not
add return routes ("you must add a route to the route tables in both VPCs"). With a route on
one side only, packets reach the peer but the replies never come back, so TCP connections
hang in SYN-SENT and the mistake looks like a firewall problem. Security groups and network
ACLs are checked last; routing is the first thing that drops the reply.

## Example
```hcl
resource "aws_vpc" "app"  { cidr_block = "10.10.0.0/16" }
resource "aws_vpc" "data" { cidr_block = "10.20.0.0/16" }
resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.app.id
  cidr_block = "10.10.1.0/24"
}
resource "aws_subnet" "data" {
  vpc_id     = aws_vpc.data.id
  cidr_block = "10.20.1.0/24"
}
resource "aws_vpc_peering_connection" "app_data" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.data.id
}
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block                = "10.20.0.0/16"
    vpc_peering_connection_id = aws_vpc_peering_connection.app_data.id
  }
}
resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}
```
reports that `aws_subnet.data (10.20.1.0/24) has no route back` over the peering:
`aws_subnet.data` uses its VPC's main route table, which holds only the local route, so the
replies to 10.10.1.0/24 are dropped.

Use instead: a route in `data`'s route table for `10.10.0.0/16` (or the subnet's range) over
the same peering:
```hcl
resource "aws_vpc" "app"  { cidr_block = "10.10.0.0/16" }
resource "aws_vpc" "data" { cidr_block = "10.20.0.0/16" }
resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.app.id
  cidr_block = "10.10.1.0/24"
}
resource "aws_subnet" "data" {
  vpc_id     = aws_vpc.data.id
  cidr_block = "10.20.1.0/24"
}
resource "aws_vpc_peering_connection" "app_data" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.data.id
}
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block                = "10.20.0.0/16"
    vpc_peering_connection_id = aws_vpc_peering_connection.app_data.id
  }
}
resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}
resource "aws_route_table" "data" {
  vpc_id = aws_vpc.data.id
  route {
    cidr_block                = "10.10.0.0/16"
    vpc_peering_connection_id = aws_vpc_peering_connection.app_data.id
  }
}
resource "aws_route_table_association" "data" {
  subnet_id      = aws_subnet.data.id
  route_table_id = aws_route_table.data.id
}
```

## How to fix
Add the return route on the peer's side: in the route table of every peer subnet that should
answer, a route for the sender's range (its subnet or its VPC block) targeting the same
peering connection. `tfvpc reach FROM TO INPUT` shows both directions hop by hop.

## References
- [Update your route tables for a VPC peering connection](https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html)
- [VPC peering limitations](https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import Network, Subnet, TargetKind, Topology
from tflint_vpc.net import contains
from tflint_vpc.routing import Outcome, TableStatus, Trace, peer_of, routing_of
from tflint_vpc.rule import Finding, Severity, Undecided, rule


@rule(code="TFVPC007", severity=Severity.WARNING)
def peering_return_route_missing(topology: Topology) -> Iterator[Finding | Undecided]:
    routing = routing_of(topology)
    reported: set[tuple[str, str, str]] = set()
    for source in topology.subnets:
        answer = routing.table_of(source)
        if answer.status is not TableStatus.KNOWN or answer.table is None:
            continue
        for route in topology.routes_of(answer.table):
            peering = topology.peering(route.target)
            if route.target_kind is not TargetKind.PEERING or peering is None:
                continue
            peer = topology.vpc(peer_of(peering, source.vpc))
            if route.destination is None or peer is None:
                continue
            for far in topology.subnets_of(peer.address):
                network = _inside(far, route.destination)
                if network is None:
                    continue
                forward = routing.trace(source, network)
                crossed = any(
                    h.kind == "peering" and h.address == peering.address for h in forward.hops
                )
                if forward.outcome is not Outcome.DELIVERED or not crossed:
                    continue  # a more specific route wins, or it never arrives: not this rule
                back = routing.reverse(source, far)
                if back is not None and not back.outcome.certain and back.reason:
                    yield Undecided(
                        peering.address,
                        f"replies from {far.address} to {source.address}: {back.reason}",
                    )
                    continue
                if back is None or not back.outcome.certain or back.outcome is Outcome.DELIVERED:
                    # delivered elsewhere needs overlapping ranges: TFVPC001's finding, not ours
                    continue
                far_table = _table_name(back, far)
                key = (peering.address, answer.table, far_table)
                if key in reported:
                    continue
                reported.add(key)
                yield Finding(
                    peering.address,
                    f"{source.address} ({_range(source, network)}) sends {route.destination} "
                    f"over {peering.address} to {peer.address}, but {far.address} ({network}) "
                    f"has no route back over it in {far_table}: replies {_fate(back)}",
                    related=(answer.table, back.hops[1].address),
                    values=(answer.table, far_table),
                )


def _table_name(back: Trace, far: Subnet) -> str:
    """The route table the replies start from, as a message names it."""
    hop = back.hops[1]  # every trace from a subnet has its table as the second hop
    if hop.note == "implicit main table":
        return f"the main route table of {far.vpc}"
    return hop.address


def _inside(subnet: Subnet, destination: Network) -> Network | None:
    """The subnet's range of the destination's IP version, when it lies inside it."""
    network = subnet.cidr if destination.version == 4 else subnet.ipv6_cidr
    return network if network is not None and contains(destination, network) else None


def _range(subnet: Subnet, like: Network) -> str:
    network = subnet.cidr if like.version == 4 else subnet.ipv6_cidr
    return str(network)


def _fate(back: Trace) -> str:
    if back.outcome.dropped:
        return f"are {back.outcome.value} ({back.reason})"
    return f"are sent elsewhere: {back.outcome.value} ({back.reason})"
