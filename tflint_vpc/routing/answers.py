"""What the routing layer answers: a subnet's table, the route a lookup selects, a trace."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_network

from tflint_vpc.model import Network, Route, TargetKind

Destination = Network  # an address is its /32 (or /128)

# Targets AWS accepts for a route more specific than a local block, and as the replacement
# target of the local route itself (middlebox insertion).
MIDDLEBOX_TARGETS = frozenset(
    {TargetKind.NAT_GATEWAY, TargetKind.NETWORK_INTERFACE, TargetKind.VPC_ENDPOINT}
)


class TableStatus(str, Enum):
    KNOWN = "known"  # the table the subnet uses is in the input
    NONE = "none"  # no table declared: the VPC's implicit main table (local routes only)
    UNKNOWN = "unknown"  # an association or a main table the input cannot resolve


@dataclass(frozen=True, slots=True)
class SubnetTable:
    """The route table of a subnet (rules.md: known / none / unknown, never a fallback guess)."""

    status: TableStatus
    table: str | None = None  # route table address when KNOWN
    vpc: str | None = None  # the subnet's VPC address when known
    reason: str = ""  # why UNKNOWN


class Priority(int, Enum):
    """For the same prefix: static beats prefix-list beats propagated (higher wins)."""

    PROPAGATED = 0
    PREFIX_LIST = 1
    STATIC = 2
    LOCAL = 3  # the local route wins over any route to the same or a larger prefix


@dataclass(frozen=True, slots=True)
class Choice:
    """The route longest-prefix match selects for a destination in one table.

    `route` is None with `local` set when the VPC's local route wins; both None when no route
    matches. `certain` is False when a route whose destination or target is unknown could have
    won instead; `reason` then says which.
    """

    route: Route | None
    local: Network | None = None  # the VPC block of the winning local route
    certain: bool = True
    reason: str = ""
    split: bool = False  # a more specific route covers part of the destination range

    @property
    def matched(self) -> bool:
        return self.route is not None or self.local is not None


class Outcome(str, Enum):
    DELIVERED = "delivered"
    LEAVES_INTERNET = "leaves via internet gateway"
    LEAVES_VPN = "leaves via VPN gateway"
    LEAVES_NAT = "leaves via NAT gateway"
    LEAVES_APPLIANCE = "handed to an appliance"  # ENI or Gateway Load Balancer endpoint
    LEAVES_OTHER = "leaves the VPC"  # carrier, local gateway, core network
    DROPPED_NO_ROUTE = "dropped: no route"
    DROPPED_BLACKHOLE = "dropped: blackhole"
    DROPPED_NOT_TRANSITIVE = "dropped: peering is not transitive"
    DROPPED_AZ_NOT_ATTACHED = "dropped: AZ not attached"
    UNKNOWN = "unknown"

    @property
    def certain(self) -> bool:
        return self is not Outcome.UNKNOWN

    @property
    def dropped(self) -> bool:
        return self.name.startswith("DROPPED")


@dataclass(frozen=True, slots=True)
class Hop:
    """One step of a trace; `address` is the resource that decided it (for file:line)."""

    kind: str  # "subnet" | "route_table" | "route" | "peering" | "vpc" | "gateway" | ...
    address: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Trace:
    hops: tuple[Hop, ...]
    outcome: Outcome
    reason: str = ""  # what dropped it, or which value is unknown
    delivered_to: str | None = None  # VPC (or subnet) address when DELIVERED
    # A more specific route of the source's table sends part of the destination range
    # elsewhere: the outcome holds for the rest of the range only.
    split: bool = False

    @property
    def last(self) -> Hop | None:
        return self.hops[-1] if self.hops else None


def as_destination(value: str | Network | IPv4Address | IPv6Address) -> Destination:
    """An address or CIDR as a network (`10.0.0.5` -> `10.0.0.5/32`); ValueError when neither."""
    if isinstance(value, IPv4Network | IPv6Network):
        return value
    if isinstance(value, IPv4Address | IPv6Address):
        return ip_network(value)
    return ip_network(value.strip(), strict=False)


def route_label(route: Route) -> str:
    """`route 10.1.0.0/16 (aws_route.x) in aws_route_table.y`; an inline route by its table.

    An inline block is named by its destination, not its index: plan JSON orders a table's
    `route` set differently from the HCL.
    """
    destination = route.destination or route.destination_prefix_list or "of unknown destination"
    table = route.route_table or "an unknown route table"
    if route.inline:
        return f"inline route {destination} in {table}"
    return f"route {destination} ({route.address}) in {table}"
