"""Route table sends overlapping destinations to two different peering connections.

## What it does
Flags an `aws_route_table` (or `aws_default_route_table`) with two routes, inline or
`aws_route`, that target two different VPC peering connections with overlapping
destinations:
- the same destination twice (typically two peers that use the same range); or
- a destination inside the other route's destination, when it overlaps the CIDR blocks of
  the peer VPC of the wider route: that part of the wider route's peer is then sent to the
  other connection.

A wider route whose peer VPC the input does not describe gives no finding for nested
destinations (what the narrower route takes from it is unknown); identical destinations are
always reported.

## Why is this bad?
A route table picks one route per address, the longest prefix, and holds one route per
destination (CreateRoute answers `RouteAlreadyExists` for the second). So traffic for the
overlap goes to one peering only, and the hosts of the other peer in that range are
unreachable from every subnet that uses the table. Peering has no reverse-path check: when
the two peers use the same range, replies from one side may also be routed to the other
peer and go astray.

## Example
```hcl
resource "aws_vpc" "app"   { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "blue"  { cidr_block = "10.1.0.0/16" }
resource "aws_vpc" "green" { cidr_block = "10.1.0.0/16" } # green reuses blue's range
resource "aws_vpc_peering_connection" "app_blue" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.blue.id
}
resource "aws_vpc_peering_connection" "app_green" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.green.id
}
resource "aws_route_table" "app" { vpc_id = aws_vpc.app.id }
resource "aws_route" "to_blue" {
  route_table_id            = aws_route_table.app.id
  destination_cidr_block    = "10.1.0.0/16"
  vpc_peering_connection_id = aws_vpc_peering_connection.app_blue.id
}
resource "aws_route" "to_green" {
  route_table_id            = aws_route_table.app.id
  destination_cidr_block    = "10.1.0.0/16"
  vpc_peering_connection_id = aws_vpc_peering_connection.app_green.id
}
```
reports that `aws_route_table.app` routes `10.1.0.0/16` to both connections.

## How to fix
Give the peer VPCs disjoint ranges, or use separate route tables (separate subnets) for the
consumers of each peer, routing each peer's range to its own connection only.

## References
- [Peering configurations with specific routes](https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-partial-access.html)
- [Route priority](https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#route-tables-priority)
- [EC2 API: CreateRoute](https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRoute.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import Network, Route, TargetKind, Topology
from tflint_vpc.net import contains, overlaps
from tflint_vpc.routing import Routing, peer_of, routing_of
from tflint_vpc.rule import Finding, Severity, rule


def _connection(route: Route, routing: Routing) -> str | None:
    """The connection a route targets: its address when in the input, else its literal id."""
    if route.target_kind is not TargetKind.PEERING:
        return None
    peering = routing.peering_of(route)
    return peering.address if peering is not None else route.target


def _name(route: Route) -> str:
    """An `aws_route` by address; an inline block by what it is (its index differs by input)."""
    return "an inline route" if route.inline else route.address


def _taken(wide: Route, narrow: Network, routing: Routing) -> tuple[str, Network] | None:
    """The peer of the wider route and the part of its range the narrower route takes."""
    peering = routing.peering_of(wide)
    if peering is None:
        return None
    topology = routing.topology
    peer = topology.vpc(peer_of(peering, routing.vpc_of_route(wide)))
    if peer is None:
        return None
    for block in sorted(peer.cidrs, key=lambda b: (b.network.version, b.network)):
        if overlaps(block.network, narrow):
            return peer.address, narrow if contains(block.network, narrow) else block.network
    return None


def _overlapping_pairs(destinations: list[Network | None]) -> list[tuple[int, int]]:
    """The index pairs (i < j) whose destinations overlap, in the order of combinations().

    A sweep, not every pair: a hub's table holds a route per spoke, and comparing them all is
    quadratic (10,000 peered VPCs). CIDRs nest or are disjoint, so sorted by (version, first
    address, prefix length) a destination overlaps exactly the earlier ones that contain it,
    and those form a chain of nested networks (the stack): one that does not contain this
    destination ends before it and cannot reach any later one either.
    """
    known = [(i, d) for i, d in enumerate(destinations) if d is not None]
    known.sort(key=lambda item: (item[1].version, int(item[1].network_address), item[1].prefixlen))
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[int, Network]] = []
    for i, destination in known:
        while stack and not contains(stack[-1][1], destination):
            stack.pop()
        pairs.extend((min(i, j), max(i, j)) for j, _ in stack)
        stack.append((i, destination))
    return sorted(pairs)


@rule(code="TFVPC010", severity=Severity.WARNING)
def peering_destinations_overlap(topology: Topology) -> Iterator[Finding]:
    routing = routing_of(topology)
    for table in topology.route_tables:
        routes = [
            (route, connection)
            # by address: the pairs, and so the messages, must not depend on input order
            for route in sorted(topology.routes_of(table.address), key=lambda r: r.address)
            if route.destination is not None
            and (connection := _connection(route, routing)) is not None
        ]
        for i, j in _overlapping_pairs([route.destination for route, _ in routes]):
            (one, first), (two, second) = routes[i], routes[j]
            a, b = one.destination, two.destination
            if first == second or a is None or b is None:
                continue
            related = (first, second)
            values = tuple(sorted((f"{a} {first}", f"{b} {second}")))
            if a == b:
                yield Finding(
                    table.address,
                    f"routes {a} to both {first} ({_name(one)}) and {second} ({_name(two)}): "
                    "a table holds one route per destination (AWS refuses the second with "
                    f"RouteAlreadyExists), so one of the two peers is unreachable from this "
                    f"table for {a}",
                    related=related,
                    values=values,
                )
                continue
            (wide, wide_to), (narrow, narrow_to) = sorted(
                ((one, first), (two, second)),
                key=lambda pair: pair[0].destination.prefixlen if pair[0].destination else 0,
            )
            if narrow.destination is None:
                continue
            taken = _taken(wide, narrow.destination, routing)
            if taken is None:
                continue
            peer, part = taken
            yield Finding(
                table.address,
                f"routes {wide.destination} to {wide_to} ({_name(wide)}) and "
                f"{narrow.destination} to {narrow_to} ({_name(narrow)}): traffic to "
                f"{narrow.destination} takes the longer prefix to {narrow_to}, so the hosts "
                f"of {peer} in {part} are unreachable from this table",
                related=related,
                values=values,
            )
