"""VPC peering connection that no route of either VPC targets.

## What it does
Flags an `aws_vpc_peering_connection` when no route in the route tables of the requester VPC
or the accepter VPC sends traffic to it. A route counts whether it names the connection, its
id, or the id of its `aws_vpc_peering_connection_accepter` (the same connection), and whether
it is an `aws_route` or an inline `route` block.

The rule only claims an absence it can see: both VPCs must be managed in the input, every
route table of each must be known with all its routes (no table, route list or route target
that is unknown at plan time, no main route table the input cannot resolve), and no route
whose table or target is unknown may be a route to this connection. Otherwise it is silent.

## Why is this bad?
A peering connection carries traffic only for destinations that a route table sends to it:
AWS does not add routes for a peering by itself: "the owner of each VPC in the VPC peering
connection must manually add a route to one or more of their VPC route tables that points to
the IP address range of the other VPC". A connection without
routes usually means the routes were forgotten, or were written for another connection (a
copy-paste of the `vpc_peering_connection_id`). If it is really unused, it still counts
toward the VPC's quota of active peering connections.

## Example
```hcl
resource "aws_vpc" "app"  { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "data" { cidr_block = "10.1.0.0/16" }
resource "aws_vpc_peering_connection" "app_data" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.data.id
  auto_accept = true
}
```
(each VPC has only its main route table, with its local route).
reports that no route of `aws_vpc.app` or `aws_vpc.data` targets
`aws_vpc_peering_connection.app_data`.

## How to fix
Add routes for the peer's range in the route tables of the subnets that should use the
connection, on both sides (requests and replies), or remove the connection.

## References
- [Update your route tables for a VPC peering connection](https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html)
- [VPC peering quotas](https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-connection-quotas.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import TargetKind, Topology
from tflint_vpc.routing import Routing, routing_of
from tflint_vpc.rule import Finding, Severity, rule


def _uncertain_by_vpc(topology: Topology, routing: Routing) -> set[str | None]:
    """The VPCs (None: a table we cannot place) holding a route that may target a peering.

    A route to a known peering or a literal id does not (a literal cannot name a connection
    whose id is not known, and `routes_to_peering` already matched its id); a route of unknown
    target may target any peering of its table's VPC, or any at all from an unknown table.
    Collected once: scanning every route for each peering is quadratic on a large estate.
    """
    found: set[str | None] = set()
    for route in topology.routes:
        if route.target_kind is TargetKind.PEERING:
            if route.target is not None:
                continue
        elif route.target_kind is not TargetKind.UNKNOWN:
            continue
        found.add(routing.vpc_of_route(route))
    return found


@rule(code="TFVPC008", severity=Severity.NOTICE)
def peering_unused(topology: Topology) -> Iterator[Finding]:
    routing = routing_of(topology)
    uncertain: set[str | None] | None = None
    tables_by_vpc: dict[str, list[str]] | None = None
    for peering in topology.peerings:
        requester, accepter = peering.requester, peering.accepter
        if requester is None or accepter is None or requester == accepter:
            continue
        if routing.routes_to_peering(peering) or routing.routes_maybe_to_peering(peering):
            continue  # used, or maybe used by a route whose peering is one of several
        if not (routing.tables_complete(requester) and routing.tables_complete(accepter)):
            continue
        if uncertain is None:
            uncertain = _uncertain_by_vpc(topology, routing)
        if uncertain & {None, requester, accepter}:
            continue  # a route of unknown target may be this peering's
        if tables_by_vpc is None:
            tables_by_vpc = {}
            for table in topology.route_tables:
                if table.vpc is not None:
                    tables_by_vpc.setdefault(table.vpc, []).append(table.address)
        tables = sorted((*tables_by_vpc.get(requester, ()), *tables_by_vpc.get(accepter, ())))
        checked = ", ".join(tables) if tables else "only the VPCs' implicit main tables"
        yield Finding(
            peering.address,
            f"no route of {requester} or {accepter} targets {peering.address} (route tables: "
            f"{checked}): no traffic crosses the connection, since AWS sends traffic to a "
            "peering only where a route table says so",
            related=(requester, accepter, *peering.accepter_resources),
            values=(requester, accepter),
        )
