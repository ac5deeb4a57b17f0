"""Xen instance reaches an interface VPC endpoint over a VPC peering connection.

## What it does
Flags an `aws_instance` of a non-Nitro (Xen) instance type that reaches an interface VPC
endpoint (`aws_vpc_endpoint` with `vpc_endpoint_type = "Interface"`) of another VPC through
a VPC peering connection. The instance reaches the endpoint when traffic from its subnet to
the endpoint's subnets (or, when those are not known, to the endpoint VPC's CIDR blocks)
crosses a peering connection and is delivered into the endpoint's VPC. The route that
counts is the one longest-prefix match selects in the subnet's route table (the explicitly
associated table, else the VPC's main route table): a more specific route to a transit gateway
takes the traffic away from a wider peering route.

Gateway endpoints (S3, DynamoDB) never count: they cannot be used across a peering at all.
The instance family (the part of `instance_type` before the first dot) is looked up in the
packaged Nitro table; a family the table does not know gives no finding, and so does a
missing route, an unknown instance type, a peer VPC the input does not describe, a route table
the input cannot resolve (never assumed to be the main table) or a route that another route of
unknown destination or target could override.

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
- `original-2018-restriction` (default `false`): when `true`, only the `m5` and `c5` families
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
from tflint_vpc.model import Network, Route, Subnet, TargetKind, Topology, VpcEndpoint
from tflint_vpc.routing import Routing, TableStatus, peer_of, routing_of
from tflint_vpc.rule import Finding, Severity, Undecided, rule

# The families named by the April 2018 documentation ("C5 and M5 instance types only").
FAMILIES_2018 = frozenset({"c5", "m5"})


@dataclass(frozen=True)
class Options:
    original_2018_restriction: bool = False


@dataclass(frozen=True, slots=True)
class _Reach:
    """An interface endpoint a subnet reaches over a peering, and the path's deciding parts."""

    endpoint: VpcEndpoint
    peering: str
    route: Route
    table: str


def _allowed(instance_type: str, options: Options) -> bool | None:
    """Whether the type may use a peered interface endpoint; None when the table does not know."""
    hypervisor = nitro.hypervisor(instance_type)
    if hypervisor is None:
        return None
    if options.original_2018_restriction:
        return nitro.family(instance_type) in FAMILIES_2018
    return hypervisor is nitro.Hypervisor.NITRO


def _interface_endpoints_by_vpc(topology: Topology) -> Mapping[str, list[VpcEndpoint]]:
    by_vpc: dict[str, list[VpcEndpoint]] = {}
    for endpoint in topology.endpoints:
        # Gateway endpoints (S3, DynamoDB) are never usable over a peering: not this rule's case.
        if endpoint.endpoint_type == "Interface" and endpoint.vpc is not None:
            by_vpc.setdefault(endpoint.vpc, []).append(endpoint)
    return by_vpc


class _Reachability:
    """Which interface endpoints each subnet reaches over a peering, found once per subnet.

    Only endpoints in a VPC that a peering route of the subnet's table leads to are traced, and
    answers are kept per (table, destination): no instance x route x endpoint product."""

    def __init__(self, topology: Topology) -> None:
        self._topology = topology
        self._layer: Routing = routing_of(topology)
        self._endpoints = _interface_endpoints_by_vpc(topology)
        self._peering_by_id = {p.id: p.address for p in topology.peerings if p.id}
        self._by_subnet: dict[str, tuple[_Reach, ...]] = {}
        self._peers_of_table: dict[tuple[str, str], frozenset[str]] = {}
        self._paths: dict[tuple[str, str, Network, str], tuple[str, Route] | None] = {}
        # why a subnet's reach is not known (its table, or a trace over an unknown value)
        self._doubts: dict[str, str] = {}

    @property
    def empty(self) -> bool:
        return not self._endpoints

    def doubt(self, subnet: Subnet) -> str | None:
        """Why `of(subnet)` may miss an endpoint (after `of`), or None when it is certain."""
        return self._doubts.get(subnet.address)

    def of(self, subnet: Subnet) -> tuple[_Reach, ...]:
        found = self._by_subnet.get(subnet.address)
        if found is None:
            found = self._by_subnet[subnet.address] = tuple(self._reach(subnet))
        return found

    def _reach(self, subnet: Subnet) -> Iterator[_Reach]:
        answer = self._layer.table_of(subnet)
        # an unknown table is silence; the implicit main table has local routes only
        if answer.status is not TableStatus.KNOWN or answer.table is None or answer.vpc is None:
            if answer.status is TableStatus.UNKNOWN and answer.reason:
                self._doubts[subnet.address] = answer.reason
            return
        table, vpc = answer.table, answer.vpc
        for peer_vpc in sorted(self._peers(table, vpc)):
            for endpoint in self._endpoints.get(peer_vpc, ()):
                destinations, every = _destinations(self._topology, endpoint)
                paths = [
                    self._path(subnet, table, vpc, d, peer_vpc, endpoint.address)
                    for d in destinations
                ]
                found = [p for p in paths if p is not None]
                if found and (not every or len(found) == len(paths)):
                    yield _Reach(endpoint, found[0][0], found[0][1], table)

    def _peers(self, table: str, vpc: str) -> frozenset[str]:
        """The VPCs a peering route of `table` may lead to that hold an interface endpoint."""
        key = (table, vpc)
        peers = self._peers_of_table.get(key)
        if peers is None:
            found: set[str] = set()
            for route in self._topology.routes_of(table):
                if route.target_kind is not TargetKind.PEERING:
                    continue
                for target in (route.target, *route.target_candidates):
                    address = self._peering_by_id.get(target or "", target)
                    peering = self._topology.peering(address)
                    peer = None if peering is None else peer_of(peering, vpc)
                    if peer is not None and peer in self._endpoints:
                        found.add(peer)
            peers = self._peers_of_table[key] = frozenset(found)
        return peers

    def _path(
        self,
        subnet: Subnet,
        table: str,
        vpc: str,
        destination: Network,
        peer_vpc: str,
        endpoint: str,
    ) -> tuple[str, Route] | None:
        """(peering, route) when traffic to `destination` certainly crosses a peering into
        `peer_vpc` by the route longest-prefix match selects; None otherwise."""
        key = (table, vpc, destination, peer_vpc)
        if key in self._paths:
            return self._paths[key]
        path: tuple[str, Route] | None = None
        trace = self._layer.trace(subnet, destination)
        if not trace.outcome.certain and trace.reason:
            self._doubts.setdefault(
                subnet.address, f"the path to {endpoint} ({destination}): {trace.reason}"
            )
        if trace.outcome.certain and not trace.split:
            kinds = [hop.kind for hop in trace.hops]
            if "peering" in kinds:
                at = kinds.index("peering")
                peering = trace.hops[at].address
                into = trace.hops[at + 1] if at + 1 < len(trace.hops) else None
                route = self._layer.lookup(table, vpc, destination).route
                known = self._topology.peering(peering) is not None
                if known and into is not None and into.address == peer_vpc and route is not None:
                    path = (peering, route)
        self._paths[key] = path
        return path


def _destinations(topology: Topology, endpoint: VpcEndpoint) -> tuple[list[Network], bool]:
    """Where the endpoint's network interfaces are, and whether all of those places must be
    reached (True when the interfaces are in *some* of them, which ones unknown).

    Its subnets' ranges (reaching one interface is reaching the endpoint); else the subnets it
    may have; else its VPC's blocks (the interfaces are somewhere in them)."""
    known = _ranges(topology, endpoint.subnets)
    if known:
        return known, False
    candidates = [_ranges(topology, (address,)) for address in endpoint.subnet_candidates]
    if candidates and all(candidates):
        return [network for ranges in candidates for network in ranges], True
    vpc = topology.vpc(endpoint.vpc)
    return ([] if vpc is None else [block.network for block in vpc.cidrs]), True


def _ranges(topology: Topology, subnets: tuple[str, ...]) -> list[Network]:
    ranges: list[Network] = []
    for address in subnets:
        subnet = topology.subnet(address)
        if subnet is not None:
            ranges.extend(n for n in (subnet.cidr, subnet.ipv6_cidr) if n is not None)
    return ranges


@rule(code="TFVPC005", severity=Severity.WARNING, options=Options)
def endpoint_peering_instance_type(
    topology: Topology, options: Options
) -> Iterator[Finding | Undecided]:
    reachability = _Reachability(topology)
    if reachability.empty:
        return
    for instance in topology.instances:
        if instance.instance_type is None:
            continue
        if _allowed(instance.instance_type, options) is not False:
            continue  # allowed, or a family the table does not know
        subnet = topology.instance_subnet(instance)
        if subnet is None or subnet.vpc is None:
            continue
        reaches = reachability.of(subnet)
        doubt = reachability.doubt(subnet)
        if not reaches and doubt is not None:
            yield Undecided(
                instance.address, f"{instance.instance_type} in {subnet.address}: {doubt}"
            )
        for reach in reaches:
            route, endpoint = reach.route, reach.endpoint
            via = f"route {route.destination} in {reach.table}"
            if not route.inline:
                via = f"route {route.destination} ({route.address}) in {reach.table}"
            yield Finding(
                instance.address,
                f"{instance.instance_type} ({_family_label(instance.instance_type)}) "
                f"reaches interface endpoint {endpoint.address} in {endpoint.vpc} over "
                f"{reach.peering} ({via}); {_restriction(options)}",
                related=tuple(
                    dict.fromkeys((endpoint.address, reach.peering, route.declared_by, reach.table))
                ),
                # the kind of problem is the hypervisor class, not the size or generation:
                # m4.large -> m4.xlarge is the same finding (baseline fingerprint)
                values=(
                    _family_label(instance.instance_type).lower(),
                    endpoint.address,
                    reach.peering,
                ),
            )


def _family_label(instance_type: str) -> str:
    hypervisor = nitro.hypervisor(instance_type)
    return "Nitro" if hypervisor is nitro.Hypervisor.NITRO else "Xen"


def _restriction(options: Options) -> str:
    if options.original_2018_restriction:
        return "in April 2018 AWS allowed interface endpoints over peering from m5/c5 only"
    return "in 2018 AWS documented interface endpoints over peering for Nitro types only"
