"""VPC attached to a transit gateway whose route tables have no route to it.

## What it does
Flags an `aws_ec2_transit_gateway_vpc_attachment` when no route table of its VPC has a route
whose target is that transit gateway (by reference or by id, as an `aws_route` or an inline
`route` block). The rule claims the absence only when it can see every route: the VPC is
managed in the input, its main table and every subnet's table are known with all their
routes, and no route whose table or target is unknown could be such a route.

## Why is this bad?
Attaching a VPC lets the transit gateway deliver *into* it, but nothing leaves the VPC toward
the gateway until a route table says so: "you must add a route to your subnet route table".
Traffic from the VPC's subnets to the other attached networks is dropped (or goes out by some
other route), and the replies of anything the gateway delivers into the VPC have no way back.

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
```
reports `no route table of aws_vpc.app has a route to aws_ec2_transit_gateway.hub`.

Use instead: a route to the gateway for the ranges behind it.
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
resource "aws_default_route_table" "app" {
  default_route_table_id = aws_vpc.app.default_route_table_id
  route {
    cidr_block         = "10.0.0.0/8"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}
```

## How to fix
Add a route for the ranges behind the transit gateway (the other VPCs, the VPN's networks)
with `transit_gateway_id` in the route tables of the subnets that use them, or remove the
attachment if the VPC should not be connected.

## References
- [Transit gateway VPC attachments](https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html)
- [Example: centralized router](https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-centralized-router.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import Route, TargetKind, Topology
from tflint_vpc.routing import routing_of
from tflint_vpc.routing.transit import TgwIndex, gateway_keys
from tflint_vpc.rule import Finding, Severity, rule


def _may_be_to_gateway(route: Route, index: TgwIndex) -> bool:
    """A route whose target may be a gateway: unknown, or a `transit_gateway_id` that is not a
    gateway (an attachment: TFVPC022 reports it)."""
    if route.target_kind is TargetKind.TRANSIT_GATEWAY:
        return index.gateway(route.target) is None
    return route.target_kind is TargetKind.UNKNOWN


@rule(code="TFVPC023", severity=Severity.WARNING)
def tgw_vpc_not_routed(topology: Topology) -> Iterator[Finding]:
    routing = routing_of(topology)
    index = routing.transit
    # the VPCs with a route that may be to a gateway (None: a route of unknown table), once
    uncertain = {routing.vpc_of_route(r) for r in topology.routes if _may_be_to_gateway(r, index)}
    for attachment in topology.tgw_vpc_attachments:
        vpc, gateway = attachment.vpc, index.gateway(attachment.transit_gateway)
        if vpc is None or gateway is None or not routing.tables_complete(vpc):
            continue
        keys = gateway_keys(gateway)
        if any(
            routing.vpc_of_route(r) == vpc for key in keys for r in routing.routes_targeting(key)
        ):
            continue
        if vpc in uncertain or None in uncertain:
            continue
        yield Finding(
            attachment.address,
            f"no route table of {vpc} has a route to {gateway.address}: the attachment "
            f"{attachment.address} carries nothing out of the VPC, so traffic from its "
            "subnets toward the transit gateway's networks (and replies to them) is dropped "
            "or leaves another way",
            related=(vpc, gateway.address),
            values=(vpc, gateway.address),
        )
