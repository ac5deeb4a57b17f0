"""The drawable graph: what `model` builds and the renderers draw. Imports nothing.

The JSON form of these classes (`graph.json`) is a documented, stable format: fields are only
added, never renamed or removed (README, "tfvpc graph").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# Node kinds, in the order the legend lists them.
VPC = "vpc"
SUBNET = "subnet"
TRANSIT_GATEWAY = "transit_gateway"
TGW_ROUTE_TABLE = "tgw_route_table"
VPN = "vpn"
ENDPOINT = "endpoint"
EXTERNAL = "external"  # a VPC or gateway named by id only: not in the input
GROUP = "group"  # several nodes of one kind drawn as one (`members`)
FINDINGS = "findings"  # findings placed on nothing drawn, listed in one note

# Edge kinds
PEERING = "peering"
TGW_ATTACHMENT = "tgw_attachment"
TGW_ROUTE_TABLE_OF = "tgw_route_table_of"
VPN_ATTACHMENT = "vpn_attachment"
CONTAINS = "contains"  # an endpoint (or subnet drawn apart) inside its VPC


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    severity: str  # error | warning | notice
    address: str  # the address the finding is reported on
    message: str
    on: str | None  # the id of the node or edge it is drawn on; None when on the note


@dataclass(frozen=True, slots=True)
class Node:
    id: str  # the Terraform address, or `group:<pattern>` for a group
    kind: str
    label: str  # first line: a name; further lines: CIDRs, services
    parent: str | None = None  # a subnet's VPC, drawn inside it
    members: tuple[str, ...] = ()  # the addresses a group stands for
    member_kind: str | None = None  # the kind of a group's members


@dataclass(frozen=True, slots=True)
class Edge:
    id: str  # the address of the resource that makes the edge (peering, attachment)
    kind: str
    source: str  # node ids
    target: str
    label: str = ""
    count: int = 1  # edges merged into this one by grouping


@dataclass(frozen=True, slots=True)
class Graph:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()  # what was grouped or left out, said in the picture
    # any address the picture shows (a route, an instance, a hidden subnet) -> its node or edge
    places: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    def layout(self) -> tuple[dict[str, str], dict[str, list[str]]]:
        """Short drawing ids (`n0`, `n1`, ...) by node id, and each drawn parent's children."""
        ids = {n.id: f"n{i}" for i, n in enumerate(self.nodes)}
        children: dict[str, list[str]] = {}
        for n in self.nodes:
            if n.parent is not None and n.parent in ids:
                children.setdefault(n.parent, []).append(n.id)
        return ids, children

    def marks(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Node or edge id -> (worst severity, rule ids) of the findings drawn on it."""
        order = {"error": 0, "warning": 1, "notice": 2}
        found: dict[str, tuple[str, list[str]]] = {}
        for f in self.findings:
            if f.on is None:
                continue
            worst, rules = found.get(f.on, (f.severity, []))
            if order.get(f.severity, 3) < order.get(worst, 3):
                worst = f.severity
            if f.rule_id not in rules:
                rules.append(f.rule_id)
            found[f.on] = (worst, rules)
        return {k: (sev, tuple(sorted(rules))) for k, (sev, rules) in found.items()}

    def unplaced(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.on is None)
