"""ClassicLink-enabled VPC whose addresses conflict with EC2-Classic's 10.0.0.0/8.

## What it does
Flags an `aws_vpc` or `aws_default_vpc` with `enable_classiclink = true` when
- one of its IPv4 CIDR blocks (primary or secondary) lies in `10.0.0.0/8` but not inside
  `10.0.0.0/16` or `10.1.0.0/16` (a `10.2.0.0/16` VPC cannot be linked; `10.1.128.0/17` can),
  or
- one of its route tables has a non-local route whose destination overlaps `10.0.0.0/8`.

Only `true` counts: plans from provider 4.x show `enable_classiclink = false` on every VPC by
default. VPCs wholly outside `10.0.0.0/8` (`172.31.0.0/16`, `192.168.0.0/16`) are never
flagged. A block or route whose value is not known at plan time is skipped.

## Why is this bad?
EC2-Classic instances use private addresses in `10.0.0.0/8`. AWS refuses to enable
ClassicLink on a VPC whose CIDR blocks conflict with that range (except `10.0.0.0/16` and
`10.1.0.0/16`, whose local routes AWS accepts), and on a VPC "with routes that conflict with
the EC2-Classic private IP address range of 10/8". The apply fails.

EC2-Classic itself was retired (completed 2023-08-23): provider 4.29.0 refuses to create new
ClassicLink VPCs and provider 5.0.0 removed the attribute, so this rule matters for plans and
states made with older providers.

## Example
```hcl
resource "aws_vpc" "legacy" {
  cidr_block         = "10.2.0.0/16"
  enable_classiclink = true
}
```
reports `10.2.0.0/16 (aws_vpc.legacy) lies in EC2-Classic's 10.0.0.0/8 outside 10.0.0.0/16
and 10.1.0.0/16`.

Use instead: a block outside `10.0.0.0/8` (or inside `10.0.0.0/16` or `10.1.0.0/16`).
```hcl
resource "aws_vpc" "legacy" {
  cidr_block         = "172.16.0.0/16"
  enable_classiclink = true
}
```

## How to fix
Remove `enable_classiclink` (EC2-Classic no longer exists, and provider 5 has no such
argument). If the VPC must still be linked, use a block inside `10.0.0.0/16` or
`10.1.0.0/16`, or outside `10.0.0.0/8`, and remove non-local routes into `10.0.0.0/8`.

## References
- [ClassicLink (EC2 User Guide, Classic)](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/vpc-classiclink.html)
- [VPC CIDR blocks: ClassicLink restrictions](https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html)
- [EC2-Classic networking is retiring](https://aws.amazon.com/blogs/aws/ec2-classic-is-retiring-heres-how-to-prepare/)
- [Terraform AWS provider version 5 upgrade guide](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-5-upgrade)
"""

from __future__ import annotations

from collections.abc import Iterator
from ipaddress import IPv4Network

from tflint_vpc.model import Route, TargetKind, Topology, Vpc
from tflint_vpc.net import contains, overlaps
from tflint_vpc.rule import Finding, Severity, rule

CLASSIC_RANGE = IPv4Network("10.0.0.0/8")
LINKABLE = (IPv4Network("10.0.0.0/16"), IPv4Network("10.1.0.0/16"))


def _route_tables(topology: Topology, vpc: Vpc) -> tuple[str, ...]:
    tables = [t.address for t in topology.route_tables_of(vpc.address)]
    main = topology.main_route_table.get(vpc.address)
    if main is not None:
        tables.append(main)
    return tuple(dict.fromkeys(tables))


def _describe(route: Route) -> str:
    target = route.target or route.target_kind.value
    where = route.declared_by if route.inline else route.address
    return f"route {route.destination} -> {target} ({where})"


@rule(code="TFVPC002", severity=Severity.ERROR)
def classiclink_cidr_range(topology: Topology) -> Iterator[Finding]:
    for vpc in topology.vpcs:
        if vpc.classiclink is not True:
            continue
        in_classic_range = [b for b in vpc.ipv4 if overlaps(b.network, CLASSIC_RANGE)]
        if not in_classic_range:
            continue  # wholly outside 10.0.0.0/8 (as far as known): never flagged
        for block in in_classic_range:
            if any(contains(linkable, block.network) for linkable in LINKABLE):
                continue
            where = vpc.address if block.declared_by == vpc.address else block.declared_by
            yield Finding(
                vpc.address,
                f"ClassicLink is enabled but {block.network} ({where}) lies in EC2-Classic's "
                f"{CLASSIC_RANGE} outside 10.0.0.0/16 and 10.1.0.0/16",
                related=() if where == vpc.address else (where,),
                values=(str(block.network),),
            )
        for table in _route_tables(topology, vpc):
            for route in topology.routes_of(table):
                if route.target_kind is TargetKind.LOCAL or route.destination is None:
                    continue
                if not overlaps(route.destination, CLASSIC_RANGE):
                    continue
                yield Finding(
                    vpc.address,
                    f"ClassicLink is enabled but {_describe(route)} in {table} overlaps "
                    f"EC2-Classic's {CLASSIC_RANGE}",
                    related=tuple(dict.fromkeys((route.declared_by, table))),
                    values=(str(route.destination), route.target or route.target_kind.value),
                )
