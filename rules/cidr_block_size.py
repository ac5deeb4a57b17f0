"""IPv4 VPC block or subnet outside /16-/28, or with host bits set.

## What it does
Flags an IPv4 CIDR block that AWS refuses to create:

- a VPC block (the primary `cidr_block` of an `aws_vpc`, or the `cidr_block` of an
  `aws_vpc_ipv4_cidr_block_association`) or an `aws_subnet` `cidr_block` larger than /16
  (`10.0.0.0/15`) or smaller than /28 (`10.0.0.0/29`);
- such a block whose host bits are set (`10.0.1.0/16`, `10.0.1.7/24`): it is reported as
  written, never as the network AWS would have to guess from it.

Only values the configuration states are checked: a block that is unknown (computed from an
attribute known after apply, allocated from IPAM) gives nothing, and neither does a VPC or
subnet read by a data source or a block read from state (it exists, so AWS accepted it).
IPv6 blocks have fixed sizes chosen by AWS or IPAM and are not checked.

The AWS provider refuses a VPC block of the wrong size, and a VPC block or subnet with host
bits set, at plan time, so in a plan this rule finds the subnet sizes only (the provider does
not check those); linting the HCL finds all of them before `terraform plan` is run.

## Why is this bad?
"The allowed block size is between a /16 netmask (65,536 IP addresses) and /28 netmask (16 IP
addresses)" for a VPC's blocks and its subnets alike. `CreateVpc`, `AssociateVpcCidrBlock` and
`CreateSubnet` fail (`InvalidVpc.Range`, `InvalidSubnet.Range`) and nothing that depends on
the block is created: the apply stops half way. A block with host bits set is not a network
at all; the provider rejects it ("did you mean 10.0.1.0/24?"), and a guess at what was meant
is exactly the kind of mistake that then overlaps a peer.

## Example
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "tiny" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/29"
}
```
reports `10.0.0.0/29 of aws_subnet.tiny is smaller than /28 (8 addresses): AWS allows subnet
blocks from /16 to /28 with the host bits zero and refuses to create it (InvalidSubnet.Range)`.

Use instead (the smallest subnet AWS allows):
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "small" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/28"
}
```

## How to fix
Use a block between /16 and /28 whose host bits are zero (`cidrsubnet()` of the VPC's block
keeps both by construction). For more than a /16 of addresses, add secondary blocks with
`aws_vpc_ipv4_cidr_block_association`.

## References
- [VPC CIDR blocks](https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html)
- [Subnet CIDR blocks](https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html)
- [EC2 API: CreateSubnet](https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html)
- [EC2 API error codes](https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html)
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Network, ip_network

from tflint_vpc.address import parse_instance_address
from tflint_vpc.model import Topology
from tflint_vpc.rule import Finding, Severity, rule

_LARGEST = 16
_SMALLEST = 28


def _has_host_bits(written: str, network: IPv4Network) -> bool:
    if written == network.with_prefixlen:
        return False  # the usual spelling: no second parse for every subnet of a large plan
    try:
        ip_network(written.strip(), strict=True)
    except ValueError:
        return True  # it parsed without strict (the model holds it): only host bits fail
    return False


def _problem(written: str, network: IPv4Network) -> str | None:
    """What is wrong with the block, or None when AWS accepts it."""
    if _has_host_bits(written, network):
        return "has host bits set: it is not a network address"
    if network.prefixlen < _LARGEST:
        return f"is larger than /{_LARGEST} ({network.num_addresses:,} addresses)"
    if network.prefixlen > _SMALLEST:
        count = network.num_addresses
        return f"is smaller than /{_SMALLEST} ({count} address{'' if count == 1 else 'es'})"
    return None


def _managed(address: str) -> bool:
    parsed = parse_instance_address(address)
    return parsed is not None and parsed.mode != "data"


@rule(code="TFVPC013", severity=Severity.ERROR)
def cidr_block_size(topology: Topology) -> Iterator[Finding]:
    for vpc in topology.vpcs:
        if vpc.data_source:
            continue  # it exists: AWS accepted its blocks
        for block in vpc.ipv4:
            if block.written is None or not isinstance(block.network, IPv4Network):
                continue  # unknown: nothing the configuration states
            problem = _problem(block.written, block.network)
            if problem is None or not _managed(block.declared_by):
                continue  # accepted, or read from state (it exists)
            related = () if block.declared_by == vpc.address else (vpc.address,)
            yield Finding(
                block.declared_by,
                f"{block.written} of {block.declared_by} {problem}: AWS allows VPC blocks "
                f"from /{_LARGEST} to /{_SMALLEST} with the host bits zero and refuses to "
                f"create it (InvalidVpc.Range)",
                related=related,
                values=(block.written,),
            )
    for subnet in topology.subnets:
        if subnet.cidr is None or subnet.cidr_written is None:
            continue
        problem = _problem(subnet.cidr_written, subnet.cidr)
        if problem is None or not _managed(subnet.address):
            continue  # accepted, or a data source (it exists)
        yield Finding(
            subnet.address,
            f"{subnet.cidr_written} of {subnet.address} {problem}: AWS allows subnet blocks "
            f"from /{_LARGEST} to /{_SMALLEST} with the host bits zero and refuses to create "
            f"it (InvalidSubnet.Range)",
            related=(subnet.vpc,) if subnet.vpc else (),
            values=(subnet.cidr_written,),
        )
