"""Two VPC peering connections between the same pair of VPCs.

## What it does
Flags an `aws_vpc_peering_connection` that connects the same two VPCs as another one in the
input, in either direction (`a` to `b` and `b` to `a` are the same pair). A VPC in the input
is identified by its address (a literal id of such a VPC counts as that VPC), which also fixes
its region and account. A VPC given only by a literal `vpc-...` id is identified by the id
together with its region and owner: the accepter's are `peer_region` and `peer_owner_id`, the
requester's are the provider's; an unset `peer_region` means the provider's region and an
unset `peer_owner_id` the provider's account, so two unset values are the same. Each
duplicate is reported on the connection whose address sorts later, naming the first one.

An `aws_vpc_peering_connection_accepter` is the accepter side of the same connection, not a
second one, and a `data "aws_vpc_peering_connection"` only reads a connection: neither is
ever counted. A side whose VPC is unknown (computed after apply, with no address to go by)
makes the connection incomparable, and one side with an explicit region or owner against an
unset one is not assumed equal: no finding.

## Why is this bad?
AWS keeps one peering connection per pair of VPCs: "You cannot have more than one VPC
peering connection between the same two VPCs at the same time" (VPC Peering Guide,
limitations). Two resources for one pair make Terraform manage one AWS connection twice: the
second request cannot become a second active connection, so the apply fails or leaves a
connection that never carries traffic, and routes, options and tags written through one
resource are fought over by the other. Routes that name the connection that is not active
drop the traffic sent over them.

## Example
```hcl
resource "aws_vpc" "app"    { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "shared" { cidr_block = "10.1.0.0/16" }

resource "aws_vpc_peering_connection" "app_shared" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.shared.id
  auto_accept = true
}

resource "aws_vpc_peering_connection" "shared_app" {
  vpc_id      = aws_vpc.shared.id
  peer_vpc_id = aws_vpc.app.id
  auto_accept = true
}
```
reports, on `aws_vpc_peering_connection.shared_app`, that it peers `aws_vpc.shared` and
`aws_vpc.app` like `aws_vpc_peering_connection.app_shared`.

## How to fix
Keep one `aws_vpc_peering_connection` per pair of VPCs and point every route of both sides
at it. To accept a connection from the other side (or another account), use
`aws_vpc_peering_connection_accepter` rather than a second connection.

## References
- [VPC peering limitations](https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations)
- [Create a VPC peering connection](https://docs.aws.amazon.com/vpc/latest/peering/create-vpc-peering-connection.html)
- [Terraform: aws_vpc_peering_connection_accepter](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_peering_connection_accepter)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from tflint_vpc.address import natural_key, parse_instance_address
from tflint_vpc.model import PeeringConnection, Topology
from tflint_vpc.rule import Finding, Severity, rule

# One side of a connection: (VPC, region, owner). A VPC in the input is its address, and its
# region and owner are its own ("" below); a literal `vpc-...` id names a VPC only together with
# the region and account it lives in, None meaning the provider's own.
Side = tuple[str, str | None, str | None]
PairKey = frozenset[Side]
_OWN = ""


def _side(
    address: str | None,
    literal: str | None,
    where: tuple[str | None, str | None],
    by_id: Mapping[str, str],
) -> Side | None:
    if address is None and literal is not None:
        address = by_id.get(literal)  # a literal id of a VPC the input holds is that VPC
    if address is not None:
        return address, _OWN, _OWN
    if literal is None:
        return None  # computed after apply, with no address to go by: not comparable
    return literal, *where


def _key(
    peering: PeeringConnection, topology: Topology, by_id: Mapping[str, str]
) -> PairKey | None:
    requester_vpc = topology.vpc(peering.requester)
    # The requester lives where the provider is; name that region when its VPC tells us.
    home = None if requester_vpc is None else requester_vpc.region
    requester = _side(peering.requester, peering.requester_vpc_id, (home, None), by_id)
    accepter = _side(
        peering.accepter,
        peering.accepter_vpc_id,
        (peering.peer_region or home, peering.peer_owner_id),
        by_id,
    )
    if requester is None or accepter is None:
        return None
    return frozenset((requester, accepter))


def _managed(peering: PeeringConnection) -> bool:
    parsed = parse_instance_address(peering.address)
    return parsed is None or parsed.mode == "managed"


def _vpcs(key: PairKey) -> list[str]:
    return sorted((side[0] for side in key), key=natural_key)


def _pair_label(key: PairKey) -> str:
    vpcs = _vpcs(key)
    return " and ".join(vpcs) if len(vpcs) == 2 else f"{vpcs[0]} with itself"


@rule(code="TFVPC014", severity=Severity.WARNING)
def duplicate_peering(topology: Topology) -> Iterator[Finding]:
    by_id = {vpc.id: vpc.address for vpc in topology.vpcs if vpc.id}
    groups: dict[PairKey, list[PeeringConnection]] = {}
    for peering in topology.peerings:
        if not _managed(peering):
            continue  # a data source reads a connection; it does not make one
        key = _key(peering, topology, by_id)
        if key is not None:
            groups.setdefault(key, []).append(peering)
    for key, peerings in groups.items():
        first, *others = sorted(peerings, key=lambda p: natural_key(p.address))
        vpcs = _vpcs(key)
        in_input = tuple(v for v in vpcs if topology.vpc(v) is not None)
        for peering in others:
            yield Finding(
                peering.address,
                f"{peering.address} peers {_pair_label(key)}, already peered by "
                f"{first.address}: AWS allows one active peering connection between two VPCs, "
                f"so Terraform manages one AWS connection twice; only one of them can carry "
                f"traffic, and routes that name the other lead nowhere",
                related=(first.address, *in_input),
                values=(*vpcs, first.address),
            )
