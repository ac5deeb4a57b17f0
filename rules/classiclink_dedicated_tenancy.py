"""ClassicLink enabled on a VPC with dedicated instance tenancy.

## What it does
Flags an `aws_vpc` with `enable_classiclink = true` and `instance_tenancy = "dedicated"`.
Only `true` counts: plans from provider 4.x show `enable_classiclink = false` on every VPC by
default.

## Why is this bad?
AWS: "You cannot enable a VPC for ClassicLink if it has dedicated hardware tenancy." The
apply fails when it tries to enable ClassicLink.

EC2-Classic was retired (completed 2023-08-23): provider 4.29.0 refuses to create new
ClassicLink VPCs and provider 5.0.0 removed the attribute, so this rule matters for plans and
states made with older providers.

## Example
```hcl
resource "aws_vpc" "isolated" {
  cidr_block         = "10.0.0.0/16"
  instance_tenancy   = "dedicated"
  enable_classiclink = true
}
```

Use instead: default tenancy on the linked VPC (dedicated instances are set per instance).
```hcl
resource "aws_vpc" "isolated" {
  cidr_block         = "10.0.0.0/16"
  instance_tenancy   = "default"
  enable_classiclink = true
}
```

## How to fix
Remove `enable_classiclink` (EC2-Classic no longer exists). If you still need a linked VPC,
use `instance_tenancy = "default"` and launch dedicated instances individually
(`tenancy = "dedicated"` on `aws_instance`).

## References
- [ClassicLink limitations (EC2 User Guide, Classic)](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/vpc-classiclink.html#classiclink-limitations)
- [EC2-Classic networking is retiring](https://aws.amazon.com/blogs/aws/ec2-classic-is-retiring-heres-how-to-prepare/)
- [Terraform AWS provider version 5 upgrade guide](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-5-upgrade)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import Topology
from tflint_vpc.rule import Finding, Severity, rule


@rule(code="TFVPC003", severity=Severity.ERROR)
def classiclink_dedicated_tenancy(topology: Topology) -> Iterator[Finding]:
    for vpc in topology.vpcs:
        if vpc.classiclink is True and vpc.instance_tenancy == "dedicated":
            yield Finding(
                vpc.address,
                'ClassicLink is enabled on a VPC with instance_tenancy = "dedicated": '
                "AWS cannot link a dedicated-tenancy VPC",
                values=("dedicated",),
            )
