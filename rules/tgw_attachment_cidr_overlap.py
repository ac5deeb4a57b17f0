"""Overlapping VPCs propagate into one transit gateway route table.

## What it does
Flags an `aws_ec2_transit_gateway_vpc_attachment` that propagates into a transit gateway route
table into which another attachment propagates too, when the two VPCs have identical or
overlapping CIDR blocks (IPv4 with IPv4, IPv6 with IPv6; every known block of each VPC).
Propagation is explicit (`aws_ec2_transit_gateway_route_table_propagation`) or the gateway's
default propagation table (`default_route_table_propagation` enabled on the gateway and
`transit_gateway_default_route_table_propagation` not false on the attachment). The finding is
on the attachment of the pair whose address sorts later (which one AWS leaves out depends
on the order of creation, which a plan does not say). Silent when a propagation, a VPC or its
blocks are not known.

## Why is this bad?
A transit gateway route table holds one route per prefix: "you cannot have identical or
overlapping CIDR blocks" across propagating VPC attachments, and a route that overlaps one
already propagated is silently not propagated. Which VPC the overlapping range reaches then
depends on the order of creation: traffic for the other VPC goes to the wrong one or nowhere.

## Example
```hcl
resource "aws_ec2_transit_gateway" "hub" {}
resource "aws_vpc" "app"  { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "data" { cidr_block = "10.0.128.0/17" }
resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_subnet" "data" {
  vpc_id            = aws_vpc.data.id
  cidr_block        = "10.0.129.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_ec2_transit_gateway_vpc_attachment" "app" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.app.id
  subnet_ids         = [aws_subnet.app.id]
}
resource "aws_ec2_transit_gateway_vpc_attachment" "data" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.data.id
  subnet_ids         = [aws_subnet.data.id]
}
```
reports `10.0.128.0/17 of aws_vpc.data overlaps 10.0.0.0/16 of aws_vpc.app`.

Use instead: disjoint ranges for the VPCs behind one transit gateway.
```hcl
resource "aws_ec2_transit_gateway" "hub" {}
resource "aws_vpc" "app"  { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "data" { cidr_block = "10.1.0.0/17" }
resource "aws_subnet" "app" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_subnet" "data" {
  vpc_id            = aws_vpc.data.id
  cidr_block        = "10.1.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_ec2_transit_gateway_vpc_attachment" "app" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.app.id
  subnet_ids         = [aws_subnet.app.id]
}
resource "aws_ec2_transit_gateway_vpc_attachment" "data" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.data.id
  subnet_ids         = [aws_subnet.data.id]
}
```

## How to fix
Give the VPCs disjoint ranges (plan them from one IPAM pool), or keep the overlapping VPCs in
separate transit gateway route tables (explicit associations and propagations, default
propagation disabled) so that no table receives both.

## References
- [Transit gateway VPC attachments](https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html)
- [Transit gateway route tables](https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import Network, TgwVpcAttachment, Topology
from tflint_vpc.net import overlaps
from tflint_vpc.routing import routing_of
from tflint_vpc.routing.transit import all_tables, table_name
from tflint_vpc.rule import Finding, Severity, rule


def _blocks(topology: Topology, attachment: TgwVpcAttachment) -> list[Network]:
    vpc = topology.vpc(attachment.vpc)
    return [] if vpc is None else [b.network for b in vpc.cidrs]


@rule(code="TFVPC020", severity=Severity.ERROR)
def tgw_attachment_cidr_overlap(topology: Topology) -> Iterator[Finding]:
    index = routing_of(topology).transit
    # by address, not input order: a plan's order is not the creation order either
    order = {a: i for i, a in enumerate(sorted(x.address for x in topology.tgw_vpc_attachments))}
    reported: set[tuple[str, str]] = set()
    for table, gateway in sorted(all_tables(index), key=lambda item: item[0]):
        attachments = [
            a
            for a in (topology.tgw_vpc_attachment(x) for x in index.propagators(table)[0])
            if a is not None and a.vpc is not None
        ]
        attachments.sort(key=lambda a: order[a.address])
        # sorted by start address, an overlap is with a block whose range is still open
        blocks = sorted(
            ((n, a) for a in attachments for n in _blocks(topology, a)),
            key=lambda item: (item[0].version, int(item[0].network_address), item[0].prefixlen),
        )
        open_blocks: list[tuple[Network, TgwVpcAttachment]] = []
        for network, attachment in blocks:
            open_blocks = [
                (n, a)
                for n, a in open_blocks
                if n.version == network.version
                and int(n.broadcast_address) >= int(network.network_address)
            ]
            for other_network, other in open_blocks:
                if other.vpc == attachment.vpc or not overlaps(network, other_network):
                    continue
                first, later = sorted((other, attachment), key=lambda a: order[a.address])
                if (first.address, later.address) in reported:
                    continue
                reported.add((first.address, later.address))
                mine, theirs = (
                    (network, other_network) if later is attachment else (other_network, network)
                )
                name = table_name(gateway, table) if gateway is not None else table
                yield Finding(
                    later.address,
                    f"{mine} of {later.vpc} overlaps {theirs} of {first.vpc}, and both "
                    f"attachments ({later.address}, {first.address}) propagate into {name}: "
                    "a transit gateway does not propagate a route that overlaps one it already "
                    "has, so traffic for the overlapping range reaches only one of the VPCs",
                    related=(first.address, later.vpc or "", first.vpc or "", table),
                    values=(str(mine), str(theirs)),
                )
            open_blocks.append((network, attachment))
