"""Two subnets of one VPC have overlapping CIDR blocks.

## What it does
Flags two subnets of the same VPC whose IPv4 `cidr_block`s overlap, or whose
`ipv6_cidr_block`s overlap. Two blocks overlap when one contains the other; identical
blocks overlap. Each overlapping pair is reported once, on the subnet whose address sorts
later (`aws_subnet.app[10]` after `aws_subnet.app[2]`), naming the other.

Subnets whose CIDR is unknown (computed after apply) or whose VPC the input cannot resolve
are left alone, and so is a `data "aws_subnet"` with the same block as another subnet: it
may read that very subnet. Subnets of different VPCs may reuse ranges: not this rule's
concern.

## Why is this bad?
"A subnet CIDR block must not overlap the CIDR block of an existing subnet in the VPC":
`CreateSubnet` fails with `InvalidSubnet.Conflict` for whichever of the two subnets AWS is
asked to create second, so the apply stops half way, and everything meant to live in that
subnet (instances, interfaces, route table associations) fails with it. It typically comes
from a copied `cidrsubnet()` index or from two `count`/`for_each` maps cut from the same
range.

## Example
```hcl
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.0.0/20"
}

resource "aws_subnet" "db" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.8.0/24"
}
```
reports, on `aws_subnet.db`, `10.0.8.0/24 of aws_subnet.db overlaps 10.0.0.0/20 of
aws_subnet.app in aws_vpc.main`.

## How to fix
Give every subnet of a VPC its own range: derive them from one list with distinct
`cidrsubnet()` indexes (or `cidrsubnets()`), so that no two can collide.

## References
- [Subnet CIDR blocks](https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html)
- [EC2 API: CreateSubnet](https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateSubnet.html)
- [EC2 API error codes (`InvalidSubnet.Conflict`)](https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html)
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from tflint_vpc.address import natural_key, parse_instance_address
from tflint_vpc.model import Network, Subnet, Topology
from tflint_vpc.rule import Finding, Severity, rule

Entry = tuple[Network, Subnet]


def overlapping_pairs(entries: Sequence[Entry]) -> Iterator[tuple[Entry, Entry]]:
    """Every overlapping pair of one IP version, in O(n log n + pairs).

    Sorted by (start, prefix length), a prefix overlaps an earlier one only by lying inside
    it (CIDR blocks nest or are disjoint). The earlier blocks still open at a given start form
    a chain of nested prefixes, so a stack holds them: pop the ones that end before the
    current block starts, and every block left on the stack contains the current one.
    """
    ordered = sorted(entries, key=lambda e: (int(e[0].network_address), e[0].prefixlen))
    open_blocks: list[Entry] = []
    for entry in ordered:
        start = int(entry[0].network_address)
        while open_blocks and int(open_blocks[-1][0].broadcast_address) < start:
            open_blocks.pop()
        for earlier in open_blocks:
            yield earlier, entry
        open_blocks.append(entry)


def _read_only(subnet: Subnet) -> bool:
    parsed = parse_instance_address(subnet.address)
    return parsed is not None and parsed.mode == "data"


def _maybe_same_subnet(a: Entry, b: Entry) -> bool:
    """Whether the two entries may be one AWS subnet seen twice (never a conflict).

    A `data "aws_subnet"` may read the very subnet a resource manages; with identical blocks
    that is the likely story, unless both ids are known and differ.
    """
    (net_a, sub_a), (net_b, sub_b) = a, b
    if sub_a.id is not None and sub_a.id == sub_b.id:
        return True
    if net_a != net_b or not (_read_only(sub_a) or _read_only(sub_b)):
        return False
    return sub_a.id is None or sub_b.id is None


def _finding(vpc: str, a: Entry, b: Entry) -> Finding:
    earlier, later = sorted((a, b), key=lambda e: natural_key(e[1].address))
    (mine, subnet), (theirs, other) = later, earlier
    return Finding(
        subnet.address,
        f"{mine} of {subnet.address} overlaps {theirs} of {other.address} in {vpc}: AWS "
        f"refuses to create whichever of the two subnets comes second (InvalidSubnet.Conflict)",
        related=(other.address, vpc),
        # the kind of problem: this subnet overlaps that one (resizing either keeps it)
        values=(other.address, f"ipv{mine.version}"),
    )


@rule(code="TFVPC012", severity=Severity.ERROR)
def subnet_overlap(topology: Topology) -> Iterator[Finding]:
    for vpc in topology.vpcs:
        subnets = topology.subnets_of(vpc.address)
        ipv4 = [(s.cidr, s) for s in subnets if s.cidr is not None]
        ipv6 = [(s.ipv6_cidr, s) for s in subnets if s.ipv6_cidr is not None]
        for entries in (ipv4, ipv6):
            for a, b in overlapping_pairs(entries):
                if not _maybe_same_subnet(a, b):
                    yield _finding(vpc.address, a, b)
