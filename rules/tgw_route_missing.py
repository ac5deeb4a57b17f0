"""Traffic sent to a transit gateway that its route table, or the way back, drops.

## What it does
For a subnet whose route table sends a destination D to a transit gateway (the route that
longest-prefix match selects), asks the routing layer where the gateway sends it, and flags
the route when:

- the transit gateway route table associated with the subnet VPC's attachment has no route for
  any part of D, or a blackhole route for it: the traffic is dropped at the gateway; or
- the traffic is delivered to a subnet of an attached VPC, but the replies are dropped on the
  way back: the destination subnet's route table has no route to the source's range, or the
  gateway's table associated with the destination's attachment has none.

A destination VPC with no route to the gateway at all is `tgw-vpc-not-routed` (TFVPC023), not
reported here. Silent whenever the trace is unknown: an association, a propagation, a route
table or a route the input cannot resolve, an AZ or an attachment subnet that is not known, or
a VPN with dynamic (BGP) routing propagating into the table (its routes are learned after
apply).

## Why is this bad?
A transit gateway forwards only what its route table associated with the entering attachment
holds: a VPC route to the gateway is not enough, and AWS adds no return routes. The packets
(or their replies) are dropped at the gateway or in the far VPC, so connections hang while
every route table on its own looks right.

## Example
```hcl
resource "aws_ec2_transit_gateway" "hub" {}
resource "aws_vpc" "app" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_ec2_transit_gateway_vpc_attachment" "app" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.app.id
  subnet_ids         = [aws_subnet.app.id]
}
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block         = "192.168.0.0/16"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}
resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}
```
reports `aws_subnet.app (10.0.1.0/24) sends 192.168.0.0/16 to aws_ec2_transit_gateway.hub`:
its default route table has no route for it.

Use instead: a transit gateway route for the destination (here to a VPN attachment).
```hcl
resource "aws_ec2_transit_gateway" "hub" {}
resource "aws_vpc" "app" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_ec2_transit_gateway_vpc_attachment" "app" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.app.id
  subnet_ids         = [aws_subnet.app.id]
}
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block         = "192.168.0.0/16"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}
resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}
resource "aws_customer_gateway" "office" {
  bgp_asn    = 65000
  ip_address = "203.0.113.10"
  type       = "ipsec.1"
}
resource "aws_vpn_connection" "office" {
  customer_gateway_id = aws_customer_gateway.office.id
  transit_gateway_id  = aws_ec2_transit_gateway.hub.id
  type                = "ipsec.1"
  static_routes_only  = true
}
resource "aws_ec2_transit_gateway_route" "office" {
  destination_cidr_block         = "192.168.0.0/16"
  transit_gateway_attachment_id  = aws_vpn_connection.office.transit_gateway_attachment_id
  transit_gateway_route_table_id = aws_ec2_transit_gateway.hub.association_default_route_table_id
}
```

## How to fix
Add the missing route to the transit gateway route table associated with the attachment
(`aws_ec2_transit_gateway_route`, or a propagation from the destination's attachment), remove
a blackhole that covers the destination, and give the destination VPC's subnets a route back
to the source's range through the gateway. `tfvpc reach FROM TO INPUT` shows both directions
hop by hop.

## References
- [Transit gateway route tables](https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html)
- [How transit gateways work](https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import Network, Route, Subnet, TargetKind, Topology
from tflint_vpc.net import contains, overlaps
from tflint_vpc.routing import Outcome, Routing, TableStatus, Trace, routing_of
from tflint_vpc.routing.transit import gateway_keys
from tflint_vpc.rule import Finding, Severity, rule


def _through(trace: Trace, route: Route) -> bool:
    """Whether the trace leaves the source table by `route` to a transit gateway."""
    kinds = [h.kind for h in trace.hops]
    return "transit_gateway" in kinds and any(
        h.kind == "route" and h.address == route.declared_by for h in trace.hops
    )


def _tgw_table(trace: Trace) -> str | None:
    return next((h.address for h in trace.hops if h.kind == "tgw_route_table"), None)


def _nothing_for(routing: Routing, table: str, destination: Network) -> bool:
    """No route of the gateway table covers any part of the destination (or a blackhole
    covers it): a miss for a smaller part is not claimed for the whole."""
    entries, why = routing.transit.entries(table)
    if why:
        return False
    covering = [e for e in entries if overlaps(e.destination, destination)]
    return not covering or all(e.attachment is None for e in covering)


def _routes_to_gateway(routing: Routing, vpc: str | None, trace: Trace) -> bool:
    """Whether the destination VPC has any route to the gateway the trace crossed."""
    gateway = routing.transit.gateway(
        next((h.address for h in trace.hops if h.kind == "transit_gateway"), None)
    )
    if gateway is None or vpc is None:
        return True  # not known: assume it does (then the way back is this rule's to judge)
    return any(
        routing.vpc_of_route(r) == vpc
        for key in gateway_keys(gateway)
        for r in routing.routes_targeting(key)
    )


def _far_subnets(topology: Topology, vpc: str | None, destination: Network) -> list[Subnet]:
    """The subnets of the VPC the traffic was delivered to that lie inside the destination
    (one VPC's subnets, not the estate's: the rule stays linear)."""
    if vpc is None:
        return []
    return [
        s
        for s in topology.subnets_of(vpc)
        if (network := s.cidr if destination.version == 4 else s.ipv6_cidr) is not None
        and contains(destination, network)
    ]


@rule(code="TFVPC024", severity=Severity.WARNING)
def tgw_route_missing(topology: Topology) -> Iterator[Finding]:
    routing = routing_of(topology)
    reported: set[tuple[str, str]] = set()
    # by address: which source a finding names must not depend on the input's order
    for source in sorted(topology.subnets, key=lambda s: s.address):
        answer = routing.table_of(source)
        if answer.status is not TableStatus.KNOWN or answer.table is None:
            continue
        for route in topology.routes_of(answer.table):
            destination = route.destination
            if route.target_kind is not TargetKind.TRANSIT_GATEWAY or destination is None:
                continue
            forward = routing.trace(source, destination)
            if not _through(forward, route):
                continue
            table = _tgw_table(forward)
            key = (route.address, str(destination))
            if (
                forward.outcome in (Outcome.DROPPED_NO_ROUTE, Outcome.DROPPED_BLACKHOLE)
                and table is not None
                and _nothing_for(routing, table, destination)
                and key not in reported
            ):
                reported.add(key)
                yield Finding(
                    route.declared_by,
                    f"{source.address} ({source.cidr}) sends {destination} to "
                    f"{forward.hops[_index_of(forward, 'transit_gateway')].address}, but "
                    f"{forward.reason}: the traffic is dropped at the transit gateway",
                    related=(table,),
                    values=(str(destination), table),
                )
                continue
            if forward.outcome is Outcome.DELIVERED:
                yield from _replies(routing, source, route, forward, destination, reported)


def _replies(
    routing: Routing,
    source: Subnet,
    route: Route,
    delivered: Trace,
    destination: Network,
    reported: set[tuple[str, str]],
) -> Iterator[Finding]:
    topology = routing.topology
    vpc = next((h.address for h in reversed(delivered.hops) if h.kind == "vpc"), None)
    for far in _far_subnets(topology, vpc, destination):
        network = far.cidr if destination.version == 4 else far.ipv6_cidr
        if network is None or far.vpc == source.vpc:
            continue
        forward = routing.trace(source, network)
        if forward.outcome is not Outcome.DELIVERED or not _through(forward, route):
            continue
        back = routing.reverse(source, far)
        if back is None or not back.outcome.certain or not back.outcome.dropped:
            continue
        if back.outcome is Outcome.DROPPED_AZ_NOT_ATTACHED:
            continue  # TFVPC021's finding
        if not _routes_to_gateway(routing, far.vpc, forward):
            continue  # TFVPC023's finding: the far VPC has no route to the gateway at all
        key = (route.address, far.address)
        if key in reported:
            continue
        reported.add(key)
        stop = back.hops[-1].address
        yield Finding(
            route.declared_by,
            f"{source.address} ({source.cidr}) reaches {far.address} ({network}) through the "
            f"transit gateway, but the replies are {back.outcome.value} ({back.reason})",
            related=(stop,),
            values=(str(destination), far.address),
        )


def _index_of(trace: Trace, kind: str) -> int:
    return next(i for i, h in enumerate(trace.hops) if h.kind == kind)
