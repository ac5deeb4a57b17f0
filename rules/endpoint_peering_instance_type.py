"""Xen instance reaches an interface VPC endpoint over a VPC peering connection.

## What it does
Flags an `aws_instance` of a non-Nitro (Xen) instance type that reaches an interface VPC
endpoint (`aws_vpc_endpoint` with `vpc_endpoint_type = "Interface"`) of another VPC through
a VPC peering connection. The instance reaches the endpoint when the route table of its
subnet (the explicitly associated table, else the VPC's main route table) has a route whose
target is a peering connection between the instance's VPC and the endpoint's VPC, and whose
destination overlaps the endpoint VPC's CIDR blocks or one of the endpoint's subnets.

Gateway endpoints (S3, DynamoDB) never count: they cannot be used across a peering at all.
The instance family (the part of `instance_type` before the first dot) is looked up in the
packaged Nitro table; a family the table does not know gives no finding, and so does a
missing route, an unknown instance type or a peer VPC the input does not describe.

## Why is this bad?
History, told honestly: in April 2018 AWS documented that an interface endpoint could be
reached over an intra-Region VPC peering connection "from C5 and M5 instance types only".
Through 2018 the condition was widened to instances built on the Nitro System, and by March
2019 the documentation no longer had any instance-type condition. So on today's AWS a Xen
instance may well reach the endpoint; this rule is a **warning**, not an error. It keeps the
Nitro boundary by default because that is the platform boundary the restriction followed.
Treat a finding as a prompt to check that the path works as intended (and how the
endpoint's name resolves), not as a certain failure.

What still holds today is DNS: the endpoint's private DNS name does not resolve from a peered
VPC (private DNS is associated with the endpoint's own VPC only; "You cannot connect to or
query the Amazon DNS server in a peer VPC"). Clients in the peered VPC must use the
endpoint-specific DNS names or a Route 53 private hosted zone associated with their VPC.

## Example
```hcl
resource "aws_vpc" "app"    { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "shared" { cidr_block = "10.1.0.0/16" }
resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.app.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_subnet" "shared" {
  vpc_id     = aws_vpc.shared.id
  cidr_block = "10.1.1.0/24"
}
resource "aws_vpc_peering_connection" "app_shared" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.shared.id
}
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block                = "10.1.0.0/16"
    vpc_peering_connection_id = aws_vpc_peering_connection.app_shared.id
  }
}
resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}
resource "aws_vpc_endpoint" "ssm" {
  vpc_id            = aws_vpc.shared.id
  service_name      = "com.amazonaws.us-east-1.ssm"
  vpc_endpoint_type = "Interface"
  subnet_ids        = [aws_subnet.shared.id]
}
resource "aws_instance" "batch" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "m4.large"
  subnet_id     = aws_subnet.app.id
}
```
reports that `m4.large (Xen) reaches interface endpoint aws_vpc_endpoint.ssm` over the peering.

## How to fix
Use a Nitro instance type (`m5.large` instead of `m4.large`), or give the instance's VPC its
own interface endpoint. Either way, check how the instance resolves the endpoint's name.

## Options
- `original_2018_restriction` (default `false`): when `true`, only the `m5` and `c5` families
  count as allowed, the literal wording of the April 2018 restriction; every other family the
  Nitro table knows (Nitro or Xen) is reported.

## References
- [Interface VPC endpoints (AWS PrivateLink)](https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html)
- [Instances built on the Nitro System](https://docs.aws.amazon.com/ec2/latest/instancetypes/ec2-nitro-instances.html)
- [VPC peering limitations](https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations)
- [Centralized access to VPC private endpoints (private DNS)](https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-access-to-vpc-private-endpoints.html)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from tflint_vpc import nitro
from tflint_vpc.model import Network, PeeringConnection, TargetKind, Topology, VpcEndpoint
from tflint_vpc.net import overlaps
from tflint_vpc.rule import Finding, Severity, rule

# The families named by the April 2018 documentation ("C5 and M5 instance types only").
FAMILIES_2018 = frozenset({"c5", "m5"})


@dataclass(frozen=True)
class Options:
    original_2018_restriction: bool = False


def _allowed(instance_type: str, options: Options) -> bool | None:
    """Whether the type may use a peered interface endpoint; None when the table does not know."""
    hypervisor = nitro.hypervisor(instance_type)
    if hypervisor is None:
        return None
    if options.original_2018_restriction:
        return nitro.family(instance_type) in FAMILIES_2018
    return hypervisor is nitro.Hypervisor.NITRO


def _peer_of(peering: PeeringConnection, vpc: str) -> str | None:
    if peering.requester == vpc:
        return peering.accepter
    if peering.accepter == vpc:
        return peering.requester
    return None


def _endpoint_ranges(topology: Topology, endpoint: VpcEndpoint) -> list[Network]:
    vpc = topology.vpc(endpoint.vpc)
    ranges: list[Network] = [] if vpc is None else [b.network for b in vpc.cidrs]
    for address in endpoint.subnets:
        subnet = topology.subnet(address)
        if subnet is not None:
            ranges.extend(n for n in (subnet.cidr, subnet.ipv6_cidr) if n is not None)
    return ranges


def _interface_endpoints_by_vpc(topology: Topology) -> Mapping[str, list[VpcEndpoint]]:
    by_vpc: dict[str, list[VpcEndpoint]] = {}
    for endpoint in topology.endpoints:
        # Gateway endpoints (S3, DynamoDB) are never usable over a peering: not this rule's case.
        if endpoint.endpoint_type == "Interface" and endpoint.vpc is not None:
            by_vpc.setdefault(endpoint.vpc, []).append(endpoint)
    return by_vpc


@rule(code="TFVPC005", severity=Severity.WARNING, options=Options)
def endpoint_peering_instance_type(topology: Topology, options: Options) -> Iterator[Finding]:
    endpoints_by_vpc = _interface_endpoints_by_vpc(topology)
    if not endpoints_by_vpc:
        return
    for instance in topology.instances:
        if instance.instance_type is None:
            continue
        if _allowed(instance.instance_type, options) is not False:
            continue  # allowed, or a family the table does not know
        subnet = topology.instance_subnet(instance)
        if subnet is None or subnet.vpc is None:
            continue
        table = topology.route_table_of_subnet(subnet)
        if table is None:
            continue
        reported: set[str] = set()
        for route in topology.routes_of(table):
            if route.target_kind is not TargetKind.PEERING or route.destination is None:
                continue
            peering = topology.peering(route.target)
            peer_vpc = None if peering is None else _peer_of(peering, subnet.vpc)
            if peering is None or peer_vpc is None:
                continue
            for endpoint in endpoints_by_vpc.get(peer_vpc, ()):
                if endpoint.address in reported:
                    continue
                destination = route.destination
                if not any(overlaps(destination, r) for r in _endpoint_ranges(topology, endpoint)):
                    continue
                reported.add(endpoint.address)
                route_name = route.declared_by if route.inline else route.address
                via = f"route {destination} in {table}"
                if not route.inline:
                    via = f"route {destination} ({route.address}) in {table}"
                yield Finding(
                    instance.address,
                    f"{instance.instance_type} ({_family_label(instance.instance_type)}) "
                    f"reaches interface endpoint {endpoint.address} in {peer_vpc} over "
                    f"{peering.address} ({via}); {_restriction(options)}",
                    related=tuple(
                        dict.fromkeys((endpoint.address, peering.address, route_name, table))
                    ),
                    values=(instance.instance_type, endpoint.address, peering.address),
                )


def _family_label(instance_type: str) -> str:
    hypervisor = nitro.hypervisor(instance_type)
    return "Nitro" if hypervisor is nitro.Hypervisor.NITRO else "Xen"


def _restriction(options: Options) -> str:
    if options.original_2018_restriction:
        return "in April 2018 AWS allowed interface endpoints over peering from m5/c5 only"
    return "in 2018 AWS documented interface endpoints over peering for Nitro types only"
