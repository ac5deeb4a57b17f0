"""Reachability between resources: the subnets an address stands for, and whether traffic from
one gets to the other *and back*.

`tfvpc reach` and the reachability-intent rule (TFVPC015) both ask this module, so "reachable"
means one thing everywhere. It sits on the routing layer (rules.md, "How traffic is routed"):
a path is traced forward from the source subnet, then the replies are traced from the subnet
the packets arrived in back to the source's range. A path whose replies are dropped is
*one-way*: it carries no TCP, so it does not count as reachable.

Like the routing layer, this module imports only the model, the routing layer and the CIDR
helpers (rules may use it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from fnmatch import fnmatchcase
from typing import Protocol

from tflint_vpc.model import Network, Subnet, Topology
from tflint_vpc.net import contains
from tflint_vpc.routing import Outcome, Routing, Trace, as_destination, routing_of

# What `reach` and intents accept as an endpoint, by node kind (for messages).
ENDPOINT_KINDS = "a subnet, instance, network interface, VPC endpoint or VPC"


class Verdict(str, Enum):
    REACHABLE = "reachable"
    ONE_WAY = "one-way"  # packets arrive, replies are dropped
    UNREACHABLE = "unreachable"
    UNKNOWN = "unknown"  # a value the answer needs is not known

    @property
    def arrives(self) -> bool:
        """Whether packets get to the destination (what an `isolated` intent forbids)."""
        return self in (Verdict.REACHABLE, Verdict.ONE_WAY)


@dataclass(frozen=True, slots=True)
class Target:
    """A destination: the range traced to, and the subnet it stands for when it is one."""

    label: str  # what names it: a subnet address, an instance's, or the CIDR as written
    network: Network
    subnet: Subnet | None = None


@dataclass(frozen=True, slots=True)
class Side:
    """What an address stands for: its subnets, or why they are not known."""

    address: str
    subnets: tuple[Subnet, ...] = ()
    unknown: str = ""  # non-empty when the subnets cannot be told


@dataclass(frozen=True, slots=True)
class Path:
    """One source subnet to one target, both directions."""

    source: Subnet
    target: Target
    forward: Trace | None
    back: Trace | None
    verdict: Verdict
    reason: str  # why not reachable, or which value is unknown; "" when reachable


def known_addresses(topology: Topology) -> list[str]:
    """Addresses `side_of` accepts, in input order (for close-match suggestions and globs)."""
    groups: Iterable[Iterable[object]] = (
        topology.subnets,
        topology.instances,
        topology.network_interfaces,
        topology.endpoints,
        topology.vpcs,
    )
    return [str(getattr(node, "address")) for group in groups for node in group]  # noqa: B009


def side_of(topology: Topology, address: str) -> Side | None:
    """The subnets `address` stands for; None when it is not one of ENDPOINT_KINDS."""
    subnet = topology.subnet(address)
    if subnet is not None:
        return Side(address, (subnet,))
    instance = topology.instance(address)
    if instance is not None:
        found = topology.instance_subnet(instance)
        if found is None:
            return Side(address, unknown=f"the subnet of {address} is not known")
        return Side(address, (found,))
    eni = topology.network_interface(address)
    if eni is not None:
        found = topology.subnet(eni.subnet)
        if found is None:
            return Side(address, unknown=f"the subnet of {address} is not known")
        return Side(address, (found,))
    endpoint = topology.endpoint(address)
    if endpoint is not None:
        subnets = tuple(s for s in map(topology.subnet, endpoint.subnets) if s is not None)
        if not subnets or not endpoint.subnets_complete or len(subnets) < len(endpoint.subnets):
            return Side(address, subnets, f"the subnets of {address} are not all known")
        return Side(address, subnets)
    vpc = topology.vpc(address)
    if vpc is not None:
        subnets = topology.subnets_of(vpc.address)
        if not subnets:
            return Side(address, unknown=f"{address} has no subnet in the input")
        return Side(address, subnets)
    return None


def select(topology: Topology, pattern: str) -> list[Side]:
    """The sides a pattern names: an address (`*` and `?` match anything, brackets are literal)
    or `tag:Key=Value` over the tags of VPCs, subnets and instances."""
    if pattern.startswith("tag:"):
        key, _, value = pattern[4:].partition("=")
        tagged: Iterable[tuple[str, object]] = (
            (node.address, node.tags.get(key))
            for group in (topology.vpcs, topology.subnets, topology.instances)
            for node in group
        )
        names = [a for a, v in tagged if isinstance(v, str) and fnmatchcase(v, _glob(value))]
    else:
        names = [a for a in known_addresses(topology) if fnmatchcase(a, _glob(pattern))]
    return [s for s in (side_of(topology, a) for a in names) if s is not None]


def targets_of(side: Side, version: int | None = None) -> list[Target]:
    """A side as destinations: each subnet's range (IPv4 first, or `version` when given)."""
    out: list[Target] = []
    for subnet in side.subnets:
        networks = [n for n in (subnet.cidr, subnet.ipv6_cidr) if n is not None]
        chosen = [n for n in networks if version is None or n.version == version][:1]
        out.extend(Target(subnet.address, n, subnet) for n in chosen)
    return out


def cidr_target(text: str) -> Target | None:
    """An IP address or CIDR as a target (`10.0.0.5` is `10.0.0.5/32`); None when neither."""
    try:
        return Target(text, as_destination(text))
    except ValueError:
        return None


def path(routing: Routing, source: Subnet, target: Target) -> Path:
    """Trace `source` -> `target` and the replies back; the verdict and its reason."""
    if target.subnet is None:
        # an address or range: the subnet the input says holds it, if any, takes the replies
        in_vpcs = [
            s for s in routing.topology.subnets if s.cidr is not None or s.ipv6_cidr is not None
        ]
        holder = next((s for s in in_vpcs if _holds(s, target.network)), None)
        if holder is not None:
            target = Target(target.label, target.network, holder)
    forward = routing.trace(source, target.network)
    outcome = forward.outcome
    if outcome is Outcome.UNKNOWN:
        return Path(source, target, forward, None, Verdict.UNKNOWN, forward.reason)
    if outcome.dropped:
        return Path(source, target, forward, None, Verdict.UNREACHABLE, forward.reason)
    if outcome is not Outcome.DELIVERED:
        return _left(routing, source, target, forward)
    arrived = routing.topology.subnet(forward.delivered_to) or target.subnet
    if arrived is None:
        reason = f"no subnet of {forward.delivered_to} in the input holds {target.network}"
        return Path(source, target, forward, None, Verdict.UNKNOWN, reason)
    if target.subnet is not None and arrived.address != target.subnet.address:
        reason = f"traffic for {target.network} is delivered to {arrived.address} instead"
        return Path(source, target, forward, None, Verdict.UNREACHABLE, reason)
    back = routing.reverse(source, arrived)
    if back is None:
        reason = f"{source.address} and {arrived.address} share no IP version"
        return Path(source, target, forward, None, Verdict.UNKNOWN, reason)
    if back.outcome is Outcome.UNKNOWN:
        return Path(source, target, forward, back, Verdict.UNKNOWN, f"replies: {back.reason}")
    if back.outcome is Outcome.DELIVERED and back.delivered_to == source.address:
        return Path(source, target, forward, back, Verdict.REACHABLE, "")
    if back.outcome is Outcome.DELIVERED:
        reason = f"replies are delivered to {back.delivered_to}, not {source.address}"
    else:
        reason = f"replies {back.outcome.value}: {back.reason}"
    return Path(source, target, forward, back, Verdict.ONE_WAY, reason)


def _left(routing: Routing, source: Subnet, target: Target, forward: Trace) -> Path:
    """The trace left the VPC (gateway, appliance): what that means for this target."""
    outcome = forward.outcome
    if outcome is Outcome.LEAVES_APPLIANCE:
        reason = f"{forward.reason}: what the appliance does with it is not in the input"
        return Path(source, target, forward, None, Verdict.UNKNOWN, reason)
    inside = any(
        contains(block.network, target.network) or contains(target.network, block.network)
        for vpc in routing.topology.vpcs
        for block in vpc.cidrs
    )
    if not inside:
        # a range outside every VPC of the input: leaving toward it is as far as the input goes
        return Path(source, target, forward, None, Verdict.REACHABLE, "")
    if outcome in (Outcome.LEAVES_INTERNET, Outcome.LEAVES_NAT):
        reason = f"{forward.reason}, away from {target.label}"
        return Path(source, target, forward, None, Verdict.UNREACHABLE, reason)
    reason = f"{forward.reason}: where it goes from there is not in the input"
    return Path(source, target, forward, None, Verdict.UNKNOWN, reason)


def _holds(subnet: Subnet, network: Network) -> bool:
    return any(n is not None and contains(n, network) for n in (subnet.cidr, subnet.ipv6_cidr))


def _glob(pattern: str) -> str:
    """`pattern` for fnmatch with brackets literal: instance keys read as written."""
    return "".join({"[": "[[]", "]": "[]]"}.get(ch, ch) for ch in pattern)


def intent_paths(topology: Topology, routing: Routing, source: str, to: str) -> Iterator[Path]:
    """Every path a reachability intent covers: each subnet `source` names (patterns as in
    `select`) to each target `to` names (the same, or an IP address / CIDR); a subnet is not
    traced to itself."""
    sources = {s.address: s for side in select(topology, source) for s in side.subnets}
    cidr = None if to.startswith("tag:") else cidr_target(to)
    if cidr is not None:
        targets = [cidr]
    else:
        found = {t.label: t for side in select(topology, to) for t in targets_of(side)}
        targets = list(found.values())
    for subnet in sources.values():
        for target in targets:
            if target.subnet is None or target.subnet.address != subnet.address:
                yield path(routing, subnet, target)


class Intent(Protocol):
    """What `undecided` needs of an intent (the rule's options class has these)."""

    @property
    def from_(self) -> str: ...
    @property
    def to(self) -> str: ...
    @property
    def label(self) -> str: ...


def undecided(topology: Topology, intents: Iterable[Intent]) -> list[str]:
    """One line per intent whose answer is unknown on some path (TFVPC015 is silent there)."""
    routing = routing_of(topology)
    lines = []
    for intent in intents:
        unknown = [
            p
            for p in intent_paths(topology, routing, intent.from_, intent.to)
            if p.verdict is Verdict.UNKNOWN
        ]
        if unknown:
            first = unknown[0]
            more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
            lines.append(
                f"intent {intent.label} is undecided for {first.source.address} -> "
                f"{first.target.label}{more}: {first.reason}"
            )
    return lines


def overall(paths: Iterable[Path]) -> Verdict:
    """Every path counted: unreachable (or one-way) if one is, else unknown if one is."""
    verdicts = [p.verdict for p in paths]
    for worst in (Verdict.UNREACHABLE, Verdict.ONE_WAY, Verdict.UNKNOWN):
        if worst in verdicts:
            return worst
    return Verdict.REACHABLE if verdicts else Verdict.UNKNOWN


def describe(trace: Trace) -> str:
    """A trace on one line: `a -> b -> c`, then the outcome."""
    shown: list[str] = []
    for hop in trace.hops:
        if hop.kind == "route":  # the route by its destination; an aws_route also by name
            route = f"route {hop.note.split(' -> ')[0]}"
            shown.append(
                route if shown and shown[-1] == hop.address else f"{route} ({hop.address})"
            )
        else:
            shown.append(hop.address)
    return f"{' -> '.join(shown)} ({trace.outcome.value})"


__all__ = [
    "ENDPOINT_KINDS",
    "Intent",
    "Path",
    "Side",
    "Target",
    "Verdict",
    "cidr_target",
    "describe",
    "intent_paths",
    "known_addresses",
    "overall",
    "path",
    "select",
    "side_of",
    "targets_of",
    "undecided",
]
