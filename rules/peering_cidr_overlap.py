"""VPC peering connection between VPCs whose CIDR blocks overlap.

## What it does
Flags an `aws_vpc_peering_connection` whose requester and accepter VPCs share any address
range. Every CIDR block of each VPC counts: the primary `cidr_block`, secondary blocks from
`aws_vpc_ipv4_cidr_block_association` (and the `cidr_block_associations` of VPCs read from
state or a data source), and IPv6 blocks (`ipv6_cidr_block`,
`aws_vpc_ipv6_cidr_block_association`). IPv4 is compared with IPv4 and IPv6 with IPv6; two
blocks overlap when one contains the other (identical blocks overlap). Adjacent ranges such
as `10.0.0.0/16` and `10.1.0.0/16` do not. A peering gets one finding, naming up to three
overlapping pairs and counting the rest.

An `aws_vpc_peering_connection_accepter` is the accepter side of the same connection, not a
second one, so it is never reported separately.

## Why is this bad?
AWS cannot route between overlapping ranges, so it refuses the connection: the peering goes
straight to status `failed`, "if any of the CIDR blocks overlap, even if you intend to use
only the non-overlapping CIDR blocks". A secondary block that overlaps the peer, added while
the peering is active, is refused too. The mistake only surfaces at apply time, after the
rest of the change has been made.

When a side of the connection is a VPC the input does not describe (a literal `vpc-...` id,
a VPC of another account), its ranges are unknown and the rule stays silent.

## Example
```hcl
resource "aws_vpc" "app"  { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "data" { cidr_block = "10.0.128.0/17" }

resource "aws_vpc_peering_connection" "app_data" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.data.id
}
```
reports `10.0.0.0/16 (aws_vpc.app) overlaps 10.0.128.0/17 (aws_vpc.data)`.

Use instead: a range for `data` disjoint from every block of `app`.
```hcl
resource "aws_vpc" "app"  { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "data" { cidr_block = "10.1.0.0/17" }

resource "aws_vpc_peering_connection" "app_data" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.data.id
}
```

## How to fix
Give one of the VPCs (or the offending secondary block) a range disjoint from every block of
the other, e.g. `10.1.0.0/17` for `data`. Plan the address space of VPCs that may ever be
peered from one IPAM pool or allocation table. If the overlap cannot be removed, connect the
VPCs through AWS PrivateLink or a NAT layer instead of peering.

## References
- [VPC peering limitations](https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations)
- [Create a VPC peering connection](https://docs.aws.amazon.com/vpc/latest/peering/create-vpc-peering-connection.html)
- [EC2 API: CreateVpcPeeringConnection](https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcPeeringConnection.html)
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import Final

from tflint_vpc.model import CidrBlock, PeeringConnection, Topology, Vpc
from tflint_vpc.net import overlaps
from tflint_vpc.rule import Finding, Severity, Undecided, rule


def _label(block: CidrBlock, vpc: Vpc) -> str:
    """`10.0.0.0/16 (aws_vpc.app)`, naming the association for a secondary block."""
    if block.declared_by == vpc.address:
        # The VPC's own IPv6 block is its only one unless associations add more.
        secondary = not block.primary and block.network.version == 4
        where = f"secondary block of {vpc.address}" if secondary else vpc.address
    else:
        where = f"{block.declared_by} on {vpc.address}"
    return f"{block.network} ({where})"


MAX_PAIRS_SHOWN: Final = 3  # more would not help the reader; the count says how many


@rule(code="TFVPC001", severity=Severity.ERROR)
def peering_cidr_overlap(topology: Topology) -> Iterator[Finding | Undecided]:
    for peering in topology.peerings:
        requester = topology.vpc(peering.requester)
        accepter = topology.vpc(peering.accepter)
        if requester is None or accepter is None:
            # a side the input does not describe: its ranges are unknown (`-v` says which)
            yield Undecided(peering.address, _unknown_side(peering, requester is None))
            continue
        if requester.address == accepter.address:
            continue  # a VPC peered with itself is a different mistake, not an overlap
        pairs = [
            (mine, theirs)
            for mine, theirs in product(requester.cidrs, accepter.cidrs)
            if overlaps(mine.network, theirs.network)
        ]
        if pairs:
            # One finding per peering, whatever the number of pairs: a crafted input with
            # hundreds of blocks on each side must not multiply the report (and its size).
            yield _finding(peering.address, requester, accepter, pairs)


def _unknown_side(peering: PeeringConnection, requester_unknown: bool) -> str:
    side, vpc, literal, attribute = (
        ("requester", peering.requester, peering.requester_vpc_id, "vpc_id")
        if requester_unknown
        else ("accepter", peering.accepter, peering.accepter_vpc_id, "peer_vpc_id")
    )
    if vpc is not None:
        return f"the {side} VPC {vpc} is not in the input: its CIDR blocks are unknown"
    if literal is not None:
        return (
            f"the {side} VPC {literal} ({attribute}) is not in the input: "
            "its CIDR blocks are unknown"
        )
    return f"the {side} VPC ({attribute}) is not known"


def _finding(
    address: str, requester: Vpc, accepter: Vpc, pairs: list[tuple[CidrBlock, CidrBlock]]
) -> Finding:
    shown = pairs[:MAX_PAIRS_SHOWN]
    related = [requester.address, accepter.address]
    for mine, theirs in shown:
        related += (mine.declared_by, theirs.declared_by)
    text = "; ".join(
        f"{_label(mine, requester)} overlaps {_label(theirs, accepter)}" for mine, theirs in shown
    )
    if len(pairs) > len(shown):
        text += f"; and {len(pairs) - len(shown)} more overlapping pairs"
    # Every pair's networks: for one pair the same values as before, so baselines still match.
    values = [str(n) for pair in pairs for n in (pair[0].network, pair[1].network)]
    return Finding(
        address,
        f"{text}: AWS fails a peering between VPCs with overlapping CIDR blocks",
        related=tuple(dict.fromkeys(related)),
        values=tuple(values),
    )
