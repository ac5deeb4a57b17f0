"""Subnet whose CIDR block is not inside any CIDR block of its VPC.

## What it does
Flags an `aws_subnet` whose `cidr_block` is not inside any IPv4 CIDR block of its VPC, or
whose `ipv6_cidr_block` is not inside any IPv6 block of its VPC. The VPC's blocks are its
primary `cidr_block`, the secondary blocks of `aws_vpc_ipv4_cidr_block_association` (a subnet
inside a secondary block is fine), its `ipv6_cidr_block` and the blocks of
`aws_vpc_ipv6_cidr_block_association`, plus the `cidr_block_associations` of a VPC read from
state or a data source. A subnet must lie wholly inside one block: a subnet spanning two
adjacent blocks is outside both.

The rule only claims an absence it can see: it stays silent when the subnet's CIDR is
unknown (computed, e.g. `cidrsubnet()` of an attribute known after apply), when the VPC is
not in the input, and when some block of the VPC is unknown (allocated from IPAM or by
Amazon, `assign_generated_ipv6_cidr_block`). The IPv6 check is also skipped for a VPC read
by a `data "aws_vpc"`, which exposes only one of its IPv6 blocks, and a subnet read by a
`data "aws_subnet"` is never reported: it exists, so it is inside a block of its VPC.

## Why is this bad?
A subnet's block "can be the same as the VPC's CIDR block ... or a subset of the VPC's CIDR
block" (`CreateSubnet`; with secondary blocks, a subset of one of them). Otherwise
`CreateSubnet` fails with `InvalidSubnet.Range` and the subnet is never created. The plan
looks fine; the apply stops half way, and every instance, interface, endpoint and route
table association that was meant for the subnet fails with it.

## Example
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.1.0.0/24"
}
```
reports `10.1.0.0/24 of aws_subnet.app is outside every IPv4 block of aws_vpc.main
(10.0.0.0/16)`.

## How to fix
Carve the subnet out of one of the VPC's blocks (`cidrsubnet(aws_vpc.main.cidr_block, 8, 1)`
keeps it inside by construction), or add the range to the VPC as a secondary block with
`aws_vpc_ipv4_cidr_block_association` and make the subnet depend on that association.

## References
- [Subnet CIDR blocks](https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html)
- [VPC CIDR blocks](https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html)
- [EC2 API: CreateSubnet](https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html)
- [EC2 API error codes (`InvalidSubnet.Range`)](https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.address import parse_instance_address
from tflint_vpc.model import CidrBlock, Network, Subnet, Topology, Vpc
from tflint_vpc.net import contains
from tflint_vpc.rule import Finding, Severity, rule


def _block_label(block: CidrBlock, vpc: Vpc) -> str:
    """`10.0.0.0/16`, or `10.2.0.0/16 from <association>` for a block another resource adds."""
    if block.declared_by == vpc.address:
        return str(block.network)
    return f"{block.network} from {block.declared_by}"


def _finding(subnet: Subnet, network: Network, vpc: Vpc, blocks: tuple[CidrBlock, ...]) -> Finding:
    family = f"IPv{network.version}"
    if blocks:
        where = (
            f"is outside every {family} block of {vpc.address} "
            f"({'; '.join(_block_label(b, vpc) for b in blocks)})"
        )
    else:
        where = f"cannot be placed: {vpc.address} has no {family} block"
    return Finding(
        subnet.address,
        f"{network} of {subnet.address} {where}: AWS refuses to create the subnet "
        f"(InvalidSubnet.Range), so nothing can be launched into it",
        related=tuple(dict.fromkeys((vpc.address, *(b.declared_by for b in blocks)))),
        values=(str(network), *(str(b.network) for b in blocks)),
    )


def _read_only(subnet: Subnet) -> bool:
    parsed = parse_instance_address(subnet.address)
    return parsed is not None and parsed.mode == "data"


@rule(code="TFVPC011", severity=Severity.ERROR)
def subnet_outside_vpc(topology: Topology) -> Iterator[Finding]:
    for subnet in topology.subnets:
        if _read_only(subnet):
            continue  # a subnet that exists is inside its VPC: a miss means blocks we cannot see
        vpc = topology.vpc(subnet.vpc)
        if vpc is None or not vpc.cidrs_complete:
            continue  # a block we cannot see might hold the subnet: no claim of absence
        if subnet.cidr is not None:
            blocks = vpc.ipv4
            if not any(contains(b.network, subnet.cidr) for b in blocks):
                yield _finding(subnet, subnet.cidr, vpc, blocks)
        if subnet.ipv6_cidr is not None and not vpc.data_source:
            # data "aws_vpc" exposes one IPv6 block only: its set is never known to be whole
            blocks = vpc.ipv6
            if not any(contains(b.network, subnet.ipv6_cidr) for b in blocks):
                yield _finding(subnet, subnet.ipv6_cidr, vpc, blocks)
