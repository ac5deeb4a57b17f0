"""Interface endpoint with private DNS in a VPC whose DNS attributes are off.

## What it does
Flags an interface VPC endpoint (`aws_vpc_endpoint` with `vpc_endpoint_type = "Interface"`)
with `private_dns_enabled = true` whose VPC has `enable_dns_support = false` or
`enable_dns_hostnames = false`. `enable_dns_support` defaults to true. In provider 5.x
`enable_dns_hostnames` is optional and computed: when the configuration leaves it out, a plan
shows it as unknown, and so the rule stays silent about it (it never assumes the AWS default).
An endpoint whose VPC is not in the input, or whose attribute values are unknown, gives no
finding.

## Why is this bad?
AWS refuses the endpoint: "Enabling private DNS requires both enableDnsSupport and
enableDnsHostnames VPC attributes set to true". The apply fails on the endpoint.

## Example
```hcl
resource "aws_vpc" "app" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = false
}
resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = aws_vpc.app.id
  service_name        = "com.amazonaws.us-east-1.ssm"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
}
```
reports that private DNS on `aws_vpc_endpoint.ssm` needs `enable_dns_hostnames` on
`aws_vpc.app`.

## How to fix
Set both attributes on the endpoint's VPC, or turn private DNS off on the endpoint.

## Use instead
```hcl
resource "aws_vpc" "app" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
}
```

## References
- [DNS attributes for your VPC](https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html#vpc-dns-support)
- [Access an AWS service using an interface VPC endpoint: private DNS](https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html)
- [Terraform: aws_vpc](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import Topology
from tflint_vpc.rule import Finding, Severity, rule


@rule(code="TFVPC026", severity=Severity.ERROR)
def endpoint_private_dns_vpc_attributes(topology: Topology) -> Iterator[Finding]:
    for endpoint in topology.endpoints:
        if endpoint.endpoint_type != "Interface" or endpoint.private_dns is not True:
            continue
        dns = topology.vpc_dns.get(endpoint.vpc or "")
        if dns is None:
            continue
        off = [
            name
            for name, value in (
                ("enable_dns_support", dns.support),
                ("enable_dns_hostnames", dns.hostnames),
            )
            if value is False
        ]
        if not off:
            continue
        yield Finding(
            endpoint.address,
            f"private_dns_enabled on {endpoint.address} needs {' and '.join(off)} on "
            f"{dns.vpc} (false): AWS refuses the endpoint (enabling private DNS "
            f"requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true)",
            related=(dns.vpc,),
            values=tuple(off),
        )
