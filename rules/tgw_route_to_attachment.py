"""VPC route whose `transit_gateway_id` is an attachment, not the gateway.

## What it does
Flags a VPC route (`aws_route`, or an inline `route` block of an `aws_route_table`) whose
`transit_gateway_id` names a transit gateway attachment: the `id` of an
`aws_ec2_transit_gateway_vpc_attachment` or `aws_ec2_transit_gateway_peering_attachment`, a VPN
connection's `transit_gateway_attachment_id`, or a literal `tgw-attach-...` id.
`aws_ec2_transit_gateway_vpc_attachment.x.transit_gateway_id` is the gateway's id and is fine.
A route whose target is unknown at plan time is not reported.

## Why is this bad?
A VPC route targets the transit gateway itself (`tgw-...`); the attachment is chosen by the
gateway. AWS refuses an attachment id there (`CreateRoute`: "The transitGatewayId ... is not
valid"), so the apply fails half-way and no traffic for the destination is routed.

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
resource "aws_route_table" "app" { vpc_id = aws_vpc.app.id }
resource "aws_route" "to_hub" {
  route_table_id         = aws_route_table.app.id
  destination_cidr_block = "10.0.0.0/8"
  transit_gateway_id     = aws_ec2_transit_gateway_vpc_attachment.app.id
}
```
reports `transit_gateway_id of route 10.0.0.0/8 (aws_route.to_hub) in aws_route_table.app
is the attachment aws_ec2_transit_gateway_vpc_attachment.app`.

Use instead: the gateway's id (here through the attachment's `transit_gateway_id`).
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
resource "aws_route_table" "app" { vpc_id = aws_vpc.app.id }
resource "aws_route" "to_hub" {
  route_table_id         = aws_route_table.app.id
  destination_cidr_block = "10.0.0.0/8"
  transit_gateway_id     = aws_ec2_transit_gateway_vpc_attachment.app.transit_gateway_id
}
```

## How to fix
Set `transit_gateway_id` to the transit gateway's `id` (`aws_ec2_transit_gateway.x.id`, or
the attachment's `transit_gateway_id` attribute). Which attachment the traffic leaves by is
decided by the transit gateway's route tables.

## References
- [Transit gateway VPC attachments](https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html)
- [EC2 API: CreateRoute](https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRoute.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import TargetKind, Topology
from tflint_vpc.routing import route_label
from tflint_vpc.rule import Finding, Severity, rule


def _is_attachment(topology: Topology, target: str) -> bool:
    return (
        target.startswith("tgw-attach-")
        or topology.tgw_vpc_attachment(target) is not None
        or topology.vpn_connection(target) is not None
        or topology.tgw_peering_attachment(target) is not None
    )


@rule(code="TFVPC022", severity=Severity.ERROR)
def tgw_route_to_attachment(topology: Topology) -> Iterator[Finding]:
    for route in topology.routes:
        target = route.target
        if route.target_kind is not TargetKind.TRANSIT_GATEWAY or target is None:
            continue
        if not _is_attachment(topology, target):
            continue
        yield Finding(
            route.declared_by,
            f"transit_gateway_id of {route_label(route)} is the attachment {target}, not a "
            "transit gateway: AWS refuses the route (CreateRoute), so traffic for "
            f"{route.destination or route.destination_prefix_list or 'its destination'} is "
            "not routed to the transit gateway",
            related=(target,),
            values=(str(route.destination or route.destination_prefix_list or ""), target),
        )
