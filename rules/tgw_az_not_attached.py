"""Subnet routes to a transit gateway from an AZ its VPC's attachment lacks.

## What it does
Flags a subnet whose route table (the associated one, else its VPC's main table) has a route
to a transit gateway while the VPC's `aws_ec2_transit_gateway_vpc_attachment` to that gateway
has no subnet in the subnet's Availability Zone. Every subnet of the attachment's `subnet_ids`
counts. Silent when the subnet's table, its AZ, the attachment's subnets or their AZs are not
known (a plan that builds `subnet_ids` from several references names only candidates: the
rule reports only when none of them is in the AZ).

## Why is this bad?
A VPC reaches a transit gateway through the network interfaces of its attachment, one per
attachment subnet, and only from their AZs: "resources in Availability Zones where there is no
transit gateway attachment cannot reach the transit gateway". Traffic from this subnet to the
gateway is dropped, while the same route works from the other AZs: a failure that shows only
for some instances.

## Example
```hcl
resource "aws_ec2_transit_gateway" "hub" {}
resource "aws_vpc" "app" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}
resource "aws_ec2_transit_gateway_vpc_attachment" "app" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.app.id
  subnet_ids         = [aws_subnet.a.id]
}
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block         = "10.0.0.0/8"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}
resource "aws_main_route_table_association" "app" {
  vpc_id         = aws_vpc.app.id
  route_table_id = aws_route_table.app.id
}
```
reports `aws_subnet.b (us-east-1b) routes 10.0.0.0/8 to aws_ec2_transit_gateway.hub`: the
attachment has a subnet in us-east-1a only.

Use instead: an attachment subnet in every AZ whose subnets route to the gateway.
```hcl
resource "aws_ec2_transit_gateway" "hub" {}
resource "aws_vpc" "app" { cidr_block = "10.0.0.0/16" }
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}
resource "aws_ec2_transit_gateway_vpc_attachment" "app" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.app.id
  subnet_ids         = [aws_subnet.a.id, aws_subnet.b.id]
}
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block         = "10.0.0.0/8"
    transit_gateway_id = aws_ec2_transit_gateway.hub.id
  }
}
resource "aws_main_route_table_association" "app" {
  vpc_id         = aws_vpc.app.id
  route_table_id = aws_route_table.app.id
}
```

## How to fix
Add a subnet in that AZ to the attachment's `subnet_ids` (one per AZ; a small dedicated /28
is the usual choice), or stop routing to the gateway from subnets in that AZ.

## References
- [Transit gateway VPC attachments](https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html)
- [How transit gateways work](https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import TargetKind, Topology
from tflint_vpc.routing import TableStatus, routing_of
from tflint_vpc.routing.transit import same_zone_attached
from tflint_vpc.rule import Finding, Severity, rule


@rule(code="TFVPC021", severity=Severity.ERROR)
def tgw_az_not_attached(topology: Topology) -> Iterator[Finding]:
    routing = routing_of(topology)
    index = routing.transit
    for subnet in topology.subnets:
        answer = routing.table_of(subnet)
        if answer.status is not TableStatus.KNOWN or answer.table is None or subnet.vpc is None:
            continue
        reported: set[str] = set()
        for route in topology.routes_of(answer.table):
            gateway = index.gateway(route.target)
            if route.target_kind is not TargetKind.TRANSIT_GATEWAY or gateway is None:
                continue
            attachment = index.attachment_of(subnet.vpc, gateway)
            if attachment is None or attachment.address in reported:
                continue
            if same_zone_attached(topology, attachment, subnet) is not False:
                continue
            reported.add(attachment.address)
            destination = route.destination or route.destination_prefix_list or "traffic"
            yield Finding(
                subnet.address,
                f"{subnet.address} ({subnet.az}) routes {destination} to {gateway.address} "
                f"in {answer.table}, but {attachment.address} has no subnet in {subnet.az}: "
                "traffic from this subnet to the transit gateway is dropped (an AZ can reach "
                "the gateway only through an attachment subnet of its own)",
                related=(answer.table, attachment.address),
                values=(str(subnet.az), attachment.address),
            )
