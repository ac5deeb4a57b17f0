"""A reachability intent from the configuration does not hold.

## What it does
Checks each intent of `[[tool.tfvpc.intents]]` (or `intents` in this rule's options) against
the routes: every subnet that `from` names is traced to every subnet (or range) that `to`
names, and the replies are traced back (rules.md, "How traffic is routed").

- `expect = "reachable"`: every such path must deliver the packets *and* bring the replies
  back. A path that is dropped, or whose replies are dropped (one-way), is reported.
- `expect = "isolated"`: no packet may arrive. A path that delivers them is reported, even
  when its replies are dropped (a one-way path still carries UDP and attacks).

`from` and `to` are Terraform addresses of subnets, instances, network interfaces, VPC
endpoints or VPCs (a VPC stands for each of its subnets), with `*` and `?` as wildcards
(brackets are literal: `module.net["a"].aws_subnet.*`), or `tag:Key=Value`, the VPCs, subnets
and instances whose `tags` hold that value (`*` allowed in the value). `to` may also be an IP
address or a CIDR. An intent whose answer is unknown (an unresolved route table, a route to a
prefix list, a transit gateway hop) gives no finding: the rule reports only what is certain,
and `tfvpc lint` prints a notice naming the undecided path and the unknown value instead.

## Why is this bad?
Network segmentation is usually stated in prose ("dev must never reach prod", "the batch
subnet needs the database") and checked by hand after apply. Written as intents, a peering or
a route added for another purpose that breaks them fails review before it reaches AWS.

## Example
```hcl
resource "aws_vpc" "dev" {
  cidr_block = "10.30.0.0/16"
  tags       = { env = "dev" }
}
resource "aws_vpc" "prod" {
  cidr_block = "10.40.0.0/16"
  tags       = { env = "prod" }
}
resource "aws_subnet" "dev" {
  vpc_id     = aws_vpc.dev.id
  cidr_block = "10.30.1.0/24"
}
resource "aws_subnet" "prod" {
  vpc_id     = aws_vpc.prod.id
  cidr_block = "10.40.1.0/24"
}
resource "aws_vpc_peering_connection" "dev_prod" {
  vpc_id      = aws_vpc.dev.id
  peer_vpc_id = aws_vpc.prod.id
}
resource "aws_route_table" "dev" {
  vpc_id = aws_vpc.dev.id
  route {
    cidr_block                = "10.40.0.0/16"
    vpc_peering_connection_id = aws_vpc_peering_connection.dev_prod.id
  }
}
resource "aws_route_table_association" "dev" {
  subnet_id      = aws_subnet.dev.id
  route_table_id = aws_route_table.dev.id
}
```
with the intent
```toml
[[tool.tfvpc.intents]]
name = "dev must never reach prod"
from = "tag:env=dev"
to = "tag:env=prod"
expect = "isolated"
```
reports that `aws_subnet.dev reaches aws_subnet.prod` (one-way: prod has no route back, but
the packets arrive).

## How to fix
Change the routes, not the intent: remove the route (or peering) that lets a forbidden path
through, or add the missing route (both directions) for a required one. `tfvpc reach FROM TO
INPUT` prints the path hop by hop with the file and line of each deciding resource.

## Options
- `intents` (default none): a list of tables with `from`, `to`, `expect` (`"reachable"` or
  `"isolated"`) and an optional `name`. `[[tool.tfvpc.intents]]` is the same list.

## References
- [VPC peering limitations](https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations)
- [Route tables: route priority](https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from tflint_vpc.model import Topology
from tflint_vpc.reachability import Path, Verdict, describe, intent_paths
from tflint_vpc.routing import routing_of
from tflint_vpc.rule import Finding, Severity, Undecided, rule


@dataclass(frozen=True)
class Intent:
    """One `[[tool.tfvpc.intents]]` entry (`from` is a Python keyword: the field is `from_`)."""

    from_: str
    to: str
    expect: Literal["reachable", "isolated"]
    name: str = ""

    def __post_init__(self) -> None:
        for key, pattern in (("from", self.from_), ("to", self.to)):
            if not pattern.strip():
                raise ValueError(f"'{key}' must not be empty")
            if pattern.startswith("tag:") and "=" not in pattern:
                raise ValueError(f"'{key}' = {pattern!r}: write tag:Key=Value")

    @property
    def label(self) -> str:
        shown = f"{self.from_} -> {self.to}, expect {self.expect}"
        return f"'{self.name}' ({shown})" if self.name else f"({shown})"


@dataclass(frozen=True)
class Options:
    intents: tuple[Intent, ...] = ()


@rule(code="TFVPC015", severity=Severity.ERROR, options=Options)
def reachability_intent(topology: Topology, options: Options) -> Iterator[Finding | Undecided]:
    if not options.intents:
        return
    routing = routing_of(topology)
    for intent in options.intents:
        for found in intent_paths(topology, routing, intent.from_, intent.to):
            if found.verdict is Verdict.UNKNOWN:
                name = intent.name or f"{intent.from_} -> {intent.to}"
                yield Undecided(found.source.address, f"intent {name}: {found.reason}")
            elif _violates(intent, found):
                yield _finding(intent, found)


def _violates(intent: Intent, found: Path) -> bool:
    if found.verdict is Verdict.UNKNOWN:
        return False  # never guess: an undecided intent is not a finding
    if intent.expect == "isolated":
        return found.verdict.arrives
    return found.verdict is not Verdict.REACHABLE


def _finding(intent: Intent, found: Path) -> Finding:
    target = found.target
    shown = target.label if target.label == str(target.network) else f"{target.label} "
    shown += "" if target.label == str(target.network) else f"({target.network})"
    if intent.expect == "isolated":
        what = f"{found.source.address} reaches {shown}"
        if found.verdict is Verdict.ONE_WAY:
            what += " (one-way: " + found.reason + ")"
    else:
        what = f"{found.source.address} does not reach {shown}: {found.reason}"
    via = f"; path: {describe(found.forward)}" if found.forward is not None else ""
    hops = () if found.forward is None else tuple(h.address for h in found.forward.hops[1:])
    return Finding(
        found.source.address,
        f"intent {intent.label} violated: {what}{via}",
        related=tuple(dict.fromkeys(hops)),
        values=(intent.name or f"{intent.from_}->{intent.to}", intent.expect, target.label),
    )
