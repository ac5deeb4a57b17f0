"""Route over a VPC peering connection to addresses outside the peer VPC.

## What it does
Flags a route (an `aws_route`, or an inline `route` block of `aws_route_table` /
`aws_default_route_table`) whose target is a VPC peering connection and whose destination
the peer VPC cannot deliver:
- `0.0.0.0/0` or `::/0`: an error always, even when the peer VPC is not in the input;
- a destination disjoint from every CIDR block of the peer VPC (A routes C's range over the
  A-B peering): an error;
- a destination that covers the peer VPC's range and more (`10.0.0.0/8` to a `10.1.0.0/16`
  peer): a **warning**, since the peer's own range still arrives.

The peer is the other side of the connection, seen from the VPC of the route's table. A
destination that is disjoint from, or larger than, the peer's known blocks is only reported
when every block of the peer is known; a peer VPC the input does not describe (a literal
`vpc-...` id, another account) gives no finding except for the default route.

## Why is this bad?
VPC peering is neither transitive nor edge-to-edge: AWS delivers traffic that crosses a
peering connection only to addresses inside the peer VPC's CIDR blocks. It never forwards it
to the peer's internet gateway, NAT gateway, virtual private gateway, VPN, Direct Connect,
gateway endpoint or another peering connection. So a default route over a peering sends all
otherwise unrouted traffic into a connection that drops it, and a route for a third VPC's
range over the peering with the middle VPC drops everything it carries. AWS accepts such
routes; the failure shows up as traffic that silently goes nowhere.

## Example
```hcl
resource "aws_vpc" "a" { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "b" { cidr_block = "10.1.0.0/16" }
resource "aws_vpc_peering_connection" "a_b" {
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.b.id
  auto_accept = true
}
resource "aws_route_table" "a" { vpc_id = aws_vpc.a.id }
resource "aws_route" "a_to_c" {
  route_table_id            = aws_route_table.a.id
  destination_cidr_block    = "10.2.0.0/16" # VPC c, peered with b only
  vpc_peering_connection_id = aws_vpc_peering_connection.a_b.id
}
```
reports that `10.2.0.0/16` is outside `aws_vpc.b` (10.1.0.0/16) and its traffic is dropped.

## How to fix
Route only the peer VPC's own blocks (or parts of them) over a peering. To reach a third VPC,
peer with it directly or connect the VPCs through a transit gateway; to reach the internet,
give the VPC its own internet or NAT gateway, or use a transit gateway with a central egress
VPC.

## References
- [VPC peering limitations](https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations)
- [Unsupported VPC peering configurations](https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html)
- [Update your route tables for a VPC peering connection](https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html)
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Network, IPv6Network, collapse_addresses

from tflint_vpc.model import Network, TargetKind, Topology
from tflint_vpc.net import contains
from tflint_vpc.routing import peer_of, route_label, routing_of
from tflint_vpc.rule import Finding, Severity, rule


def _covered(destination: Network, blocks: list[Network]) -> bool:
    """Whether blocks inside `destination` fill it entirely (10.1.0.0/17 + 10.1.128.0/17)."""
    if isinstance(destination, IPv4Network):
        v4 = [b for b in blocks if isinstance(b, IPv4Network)]
        return list(collapse_addresses(v4)) == [destination]
    v6 = [b for b in blocks if isinstance(b, IPv6Network)]
    return list(collapse_addresses(v6)) == [destination]


@rule(code="TFVPC006", severity=Severity.ERROR)
def peering_route_outside_peer(topology: Topology) -> Iterator[Finding]:
    routing = routing_of(topology)
    for route in topology.routes:
        destination = route.destination
        if route.target_kind is not TargetKind.PEERING or destination is None:
            continue
        peering = routing.peering_of(route)
        label = route_label(route)
        related = tuple(r for r in (route.route_table,) if r is not None)
        if destination.prefixlen == 0:
            via = (
                peering.address
                if peering is not None
                else route.target or "a VPC peering connection"
            )
            yield Finding(
                route.declared_by,
                f"{label} targets {via}: a peering connection never "
                "forwards to the peer VPC's internet, NAT or VPN gateways (no edge-to-edge "
                "routing), so traffic to every address outside the peer VPC is dropped",
                related=(*related, via) if peering is not None else related,
                values=(str(destination), via),
            )
            continue
        if peering is None:
            continue  # a connection the input does not describe: its peer's ranges are unknown
        peer = topology.vpc(peer_of(peering, routing.vpc_of_route(route)))
        if peer is None:
            continue
        blocks = sorted(b.network for b in peer.cidrs if b.network.version == destination.version)
        if any(contains(block, destination) for block in blocks):
            continue  # inside the peer: delivered
        if not peer.cidrs_complete:
            continue  # an unknown block of the peer may hold the destination
        shown = ", ".join(str(b) for b in blocks) or f"no IPv{destination.version} block"
        inside = [b for b in blocks if contains(destination, b)]
        related = (*related, peering.address, peer.address)
        values = (str(destination), peering.address)
        if not inside:
            yield Finding(
                route.declared_by,
                f"{label} targets {peering.address}, but {destination} is "
                f"outside the peer {peer.address} ({shown}): peering is not transitive, so "
                f"traffic to {destination} is dropped",
                related=related,
                values=values,
            )
        elif not _covered(destination, inside):
            yield Finding(
                route.declared_by,
                f"{label} targets {peering.address}, but {destination} covers the peer "
                f"{peer.address} ({shown}) and more: traffic to the rest of {destination} "
                "is dropped, since a peering delivers only to the peer VPC's own ranges",
                related=related,
                values=values,
                severity=Severity.WARNING,
            )
