"""Route to a destination inside its own VPC that AWS refuses.

## What it does
Flags a route (an `aws_route`, or an inline `route` block of `aws_route_table` /
`aws_default_route_table`) whose destination lies in the VPC of its route table:
- a destination equal to or inside one of the VPC's CIDR blocks, with a target other than
  `local`, a NAT gateway, a network interface or a Gateway Load Balancer endpoint (an
  internet gateway, a peering connection, a transit gateway...);
- a route to one of those three middlebox targets whose destination lies inside a VPC block
  but is neither exactly a block (replacing the local route's target is allowed) nor exactly
  the CIDR of a subnet of the VPC;
- a `gateway_id = "local"` route whose destination is not one of the VPC's blocks.

A route's VPC is its route table's `vpc_id`. A destination inside a known block is certain;
claims that a destination is *not* a block or *not* a subnet CIDR need every block (or every
subnet CIDR) of the VPC known, else the rule is silent.

## Why is this bad?
Every VPC route table has a local route for each VPC block, and AWS only lets a route be
"equal to or more specific than one of this VPC's CIDR blocks" when it targets a network
interface, a NAT gateway or a Gateway Load Balancer endpoint (middlebox routing), and then
only for the whole CIDR of a subnet ("The destination must match the entire IPv4 or IPv6 CIDR
block of a subnet in your VPC"). CreateRoute fails otherwise (`InvalidParameterValue`: "This
route can target only an interface or an instance"), so the apply stops half way. A route to
`local` can only adopt the local route of an existing block: the route must exist to be
adopted.

## Example
```hcl
resource "aws_vpc" "app" { cidr_block = "10.0.0.0/16" }
resource "aws_internet_gateway" "app" { vpc_id = aws_vpc.app.id }
resource "aws_route_table" "app" {
  vpc_id = aws_vpc.app.id
  route {
    cidr_block = "10.0.8.0/24"
    gateway_id = aws_internet_gateway.app.id
  }
}
```
reports that `10.0.8.0/24` lies inside `10.0.0.0/16` of `aws_vpc.app` and cannot target an
internet gateway.

## How to fix
Delete the route (the local route already delivers traffic inside the VPC), or, to send
traffic between subnets through an appliance, route exactly a subnet's CIDR to the
appliance's network interface or Gateway Load Balancer endpoint.

## References
- [Route tables: route priority and more specific routes](https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html)
- [Routing for a middlebox appliance](https://docs.aws.amazon.com/vpc/latest/userguide/gwlb-route.html)
- [EC2 API: CreateRoute](https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateRoute.html)
- [aws_route: adopting the local route](https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import Network, Route, Subnet, TargetKind, Topology, Vpc
from tflint_vpc.net import contains
from tflint_vpc.routing import MIDDLEBOX_TARGETS, route_label, routing_of
from tflint_vpc.rule import Finding, rule


def _is_subnet_cidr(
    topology: Topology, vpc: Vpc, destination: Network, placeless: tuple[Subnet, ...]
) -> bool | None:
    """Whether `destination` is exactly a subnet CIDR of the VPC; None when not certain.

    `placeless` are the subnets whose VPC is unknown: with the VPC's own, by the model's index,
    they are the only candidates (scanning the estate per route is routes x subnets)."""
    unsure = False
    for subnet in (*topology.subnets_of(vpc.address), *placeless):
        network = subnet.cidr if destination.version == 4 else subnet.ipv6_cidr
        if network is None:
            unsure = True  # unknown, or absent: the model cannot tell which
        elif network == destination:
            if subnet.vpc == vpc.address:
                return True
            unsure = True  # a subnet of unknown VPC may be this VPC's
    return None if unsure else False


def _target(route: Route) -> str:
    return f"{route.target_kind.value} {route.target or '(known after apply)'}"


def _check(
    topology: Topology,
    route: Route,
    vpc: Vpc,
    destination: Network,
    placeless: tuple[Subnet, ...],
) -> str | None:
    """What is wrong with the route, or None."""
    blocks = sorted(b.network for b in vpc.cidrs if b.network.version == destination.version)
    shown = ", ".join(str(b) for b in blocks)
    kind = route.target_kind
    if kind is TargetKind.LOCAL:
        if destination in blocks or not vpc.cidrs_complete:
            return None
        return (
            f"targets local but {destination} is not a CIDR block of {vpc.address} "
            f"({shown or 'no block of that version'}): only an existing local route can be "
            "adopted, so AWS refuses the route"
        )
    container = next((b for b in blocks if contains(b, destination)), None)
    if container is None or kind is TargetKind.UNKNOWN:
        return None
    where = "a CIDR block" if destination == container else f"inside {container}"
    if kind not in MIDDLEBOX_TARGETS:
        return (
            f"targets {_target(route)}, but {destination} is {where} of {vpc.address}: "
            "a route equal to or more specific than a VPC block can only "
            "target a NAT gateway, a network interface or a Gateway Load Balancer endpoint, "
            "so AWS refuses it and the local route keeps that traffic inside the VPC"
        )
    if destination in blocks or _is_subnet_cidr(topology, vpc, destination, placeless) is not False:
        return None
    return (
        f"targets {_target(route)}, but {destination} lies inside {container} of "
        f"{vpc.address} and is neither a VPC block nor a subnet CIDR of the VPC: a middlebox "
        "route must match a whole subnet, so AWS refuses it"
    )


@rule(code="TFVPC009")
def route_inside_own_vpc(topology: Topology) -> Iterator[Finding]:
    routing = routing_of(topology)
    placeless = tuple(s for s in topology.subnets if s.vpc is None)
    for route in topology.routes:
        destination = route.destination
        if destination is None:
            continue
        vpc = topology.vpc(routing.vpc_of_route(route))
        if vpc is None:
            continue
        problem = _check(topology, route, vpc, destination, placeless)
        if problem is None:
            continue
        yield Finding(
            route.declared_by,
            f"{route_label(route)} {problem}",
            related=tuple(dict.fromkeys(a for a in (route.route_table, vpc.address) if a)),
            values=(str(destination), route.target_kind.value),
        )
