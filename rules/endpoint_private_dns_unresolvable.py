"""Interface endpoint private DNS name does not resolve in a VPC routed to it.

## What it does
Flags an interface VPC endpoint (`aws_vpc_endpoint` with `vpc_endpoint_type = "Interface"`)
with `private_dns_enabled = true` that a subnet of another VPC reaches by route (the routing
layer's trace from that subnet to one of the endpoint's subnets ends, for certain, delivered in
the endpoint's VPC, over a VPC peering connection; a path through a transit gateway is not
decided yet and gives no finding), when that consuming VPC has neither a Route 53
private hosted zone for the service's DNS name associated with it (`aws_route53_zone` `vpc`
blocks, `aws_route53_zone_association`) nor a Route 53 Resolver forwarding rule for that name
associated with it (`aws_route53_resolver_rule` with `rule_type = "FORWARD"` and its
`aws_route53_resolver_rule_association`).

The service's DNS name is derived from an AWS service name (`com.amazonaws.us-east-1.ssm` ->
`ssm.us-east-1.amazonaws.com`); for other services (endpoint services, marketplace) the name is
not known, and the consuming VPC must then have no private zone and no forwarding rule at all.
The rule stays silent when anything deciding is unknown: a zone or rule whose name or VPCs are
unknown, a zone or rule association outside the input, a consuming VPC whose DNS support is not
known to be on or that uses DHCP options with other name servers, an endpoint whose subnets are
unknown, or a trace that is not certain.

## Why is this bad?
Private DNS is associated with the endpoint's own VPC only. In any other VPC the service name
still resolves to the service's public addresses, so clients there either fail (no internet
path) or silently go over the public endpoint rather than the one routed to: "You cannot
connect to or query the Amazon DNS server in a peer VPC".

## Example
```hcl
resource "aws_vpc" "shared" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
}
resource "aws_vpc" "app" { cidr_block = "172.16.0.0/16" }
resource "aws_subnet" "shared" {
  vpc_id     = aws_vpc.shared.id
  cidr_block = "10.0.1.0/24"
}
resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.app.id
  cidr_block = "172.16.1.0/24"
}
resource "aws_vpc_peering_connection" "app_shared" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.shared.id
}
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block                = "10.0.0.0/16"
    vpc_peering_connection_id = aws_vpc_peering_connection.app_shared.id
  }
}
resource "aws_route_table_association" "app" {
  subnet_id      = aws_subnet.app.id
  route_table_id = aws_route_table.app.id
}
resource "aws_vpc_endpoint" "ssm" {
  vpc_id              = aws_vpc.shared.id
  service_name        = "com.amazonaws.us-east-1.ssm"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = [aws_subnet.shared.id]
  private_dns_enabled = true
}
```
reports that `ssm.us-east-1.amazonaws.com` does not resolve to `aws_vpc_endpoint.ssm` from
`aws_vpc.app`, which routes to it.

## How to fix
Create a Route 53 private hosted zone for the service name (an alias record to the endpoint's
regional DNS name) and associate it with the consuming VPC, or forward the name to a Resolver
inbound endpoint in the endpoint's VPC; or give the consuming VPC its own endpoint.

## Use instead
```hcl
resource "aws_route53_zone" "ssm" {
  name = "ssm.us-east-1.amazonaws.com"
  vpc { vpc_id = aws_vpc.app.id }
}
```

## References
- [Centralized access to VPC private endpoints](https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-access-to-vpc-private-endpoints.html)
- [VPC peering limitations](https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations)
- [Private DNS for interface endpoints](https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#private-dns)
- [Forwarding outbound DNS queries to your network](https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-outbound-queries.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import Network, Subnet, Topology, VpcEndpoint
from tflint_vpc.routing import Outcome, Routing, routing_of
from tflint_vpc.rule import Finding, Severity, rule

_AWS_SERVICE_PREFIX = "com.amazonaws."


def service_dns_name(service_name: str | None) -> str | None:
    """The private DNS name of an AWS service (`com.amazonaws.us-east-1.ecr.api` ->
    `api.ecr.us-east-1.amazonaws.com`); None for other services (their names are not known)."""
    if service_name is None or not service_name.startswith(_AWS_SERVICE_PREFIX):
        return None
    parts = service_name[len(_AWS_SERVICE_PREFIX) :].lower().split(".")
    if len(parts) < 2 or not all(parts):
        return None
    region, service = parts[0], parts[1:]
    return ".".join([*reversed(service), region, "amazonaws", "com"])


def _covers(zone: str | None, name: str | None) -> bool:
    """Whether a zone (or forwarded domain) may answer `name`; unknowns count as covering."""
    if zone is None or name is None:
        return True
    return zone == "" or name == zone or name.endswith("." + zone)


def _resolves(topology: Topology, vpc: str, name: str | None) -> bool:
    """Whether the name may resolve privately in `vpc` (True unless certainly not)."""
    dns = topology.vpc_dns.get(vpc)
    if dns is None or dns.support is not True or dns.custom_dns is not False:
        return True
    for zone in topology.private_hosted_zones:
        if (vpc in zone.vpcs or not zone.vpcs_complete) and _covers(zone.name, name):
            return True
    for resolver_rule in topology.resolver_rules:
        if resolver_rule.rule_type not in (None, "FORWARD"):
            continue
        associated = vpc in resolver_rule.vpcs or not resolver_rule.vpcs_complete
        if associated and _covers(resolver_rule.domain_name, name):
            return True
    return False


def _destinations(topology: Topology, endpoint: VpcEndpoint) -> list[Network]:
    ranges: list[Network] = []
    for address in endpoint.subnets:
        subnet = topology.subnet(address)
        if subnet is not None and subnet.vpc == endpoint.vpc:
            ranges.extend(n for n in (subnet.cidr, subnet.ipv6_cidr) if n is not None)
    return ranges


def _reaching_subnet(
    topology: Topology, layer: Routing, vpc: str, endpoint: VpcEndpoint, ranges: list[Network]
) -> Subnet | None:
    """A subnet of `vpc` whose traffic to one of the endpoint's subnets is certainly delivered
    in the endpoint's VPC."""
    for subnet in topology.subnets_of(vpc):
        for destination in ranges:
            trace = layer.trace(subnet, destination)
            if trace.outcome is not Outcome.DELIVERED or trace.split:
                continue
            into = topology.subnet(trace.delivered_to)
            if trace.delivered_to == endpoint.vpc or (
                into is not None and into.vpc == endpoint.vpc
            ):
                return subnet
    return None


def _peers(topology: Topology) -> dict[str, set[str]]:
    """VPC -> the VPCs peered with it: the only VPCs whose routes can deliver into it today
    (the routing layer ends a transit-gateway path unknown). Indexed once, so the rule stays
    linear in the number of endpoints and peerings, not endpoints x VPCs."""
    peers: dict[str, set[str]] = {}
    for peering in topology.peerings:
        if peering.requester is not None and peering.accepter is not None:
            peers.setdefault(peering.requester, set()).add(peering.accepter)
            peers.setdefault(peering.accepter, set()).add(peering.requester)
    return peers


@rule(code="TFVPC025", severity=Severity.WARNING)
def endpoint_private_dns_unresolvable(topology: Topology) -> Iterator[Finding]:
    endpoints = [
        e
        for e in topology.endpoints
        if e.endpoint_type == "Interface" and e.private_dns is True and e.vpc is not None
    ]
    if not endpoints:
        return
    layer = routing_of(topology)
    peers = _peers(topology)
    for endpoint in endpoints:
        ranges = _destinations(topology, endpoint)
        if not ranges:
            continue
        name = service_dns_name(endpoint.service_name)
        for vpc in sorted(peers.get(endpoint.vpc or "", ())):
            if vpc == endpoint.vpc or _resolves(topology, vpc, name):
                continue
            subnet = _reaching_subnet(topology, layer, vpc, endpoint, ranges)
            if subnet is None:
                continue
            consumer = topology.vpc(vpc)
            if consumer is None:
                continue
            shown = name or f"the private DNS name of {endpoint.service_name}"
            yield Finding(
                endpoint.address,
                f"{consumer.address} routes to interface endpoint {endpoint.address} in "
                f"{endpoint.vpc} (from {subnet.address}), but {shown} resolves there to the "
                f"service's public addresses: private DNS serves the endpoint's own VPC only, "
                f"and {consumer.address} has no private hosted zone or Resolver forwarding rule "
                f"for it",
                related=(consumer.address, subnet.address),
                values=(consumer.address, name or endpoint.service_name or ""),
            )
