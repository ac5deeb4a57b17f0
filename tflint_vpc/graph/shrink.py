"""Keep a picture readable: group what repeats, cut the neighbourhood of one address.

Grouping merges nodes of one kind whose addresses differ only in instance keys (the instances
of one `count`/`for_each`, the VPCs of one module call's instances: `module.spokes["a"]
.aws_vpc.this` and `module.spokes["b"].aws_vpc.this`), then, if that is not enough, also in
module names, then every node of a kind. A node that carries a finding, or ends an edge that
does, is never grouped. Edges between groups merge and count; edges inside a group are
counted in its label. What was grouped is said in the graph's notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable

from tflint_vpc.graph.types import CONTAINS, ENDPOINT, EXTERNAL, GROUP, Edge, Finding, Graph, Node

_INDEX = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]')
_MODULE = re.compile(r"module\.[^.\[]+")
GROUPABLE = ("vpc", "endpoint", "subnet", EXTERNAL)
LEVELS = 3


def _pattern(address: str, level: int, kind: str) -> str:
    if level >= 3:
        return f"every {kind}"
    pattern = _INDEX.sub("[*]", address)
    if level >= 2:
        pattern = _MODULE.sub("module.*", pattern)
    return pattern


def grouped(graph: Graph, level: int) -> Graph:
    """`graph` with its repeating nodes grouped at `level` (1: instance keys, 2: and module
    names, 3: whole kinds); level 0 is the graph itself."""
    if level <= 0:
        return graph
    marks = graph.marks()
    keep = {n.id for n in graph.nodes if n.id in marks}
    for e in graph.edges:
        if e.id in marks:
            keep |= {e.source, e.target}
    parents = {n.id: n.parent for n in graph.nodes}
    keep |= {p for n, p in parents.items() if n in keep and p is not None}
    rep: dict[str, str] = {}
    groups: dict[str, tuple[str, str, list[Node]]] = {}
    grouping = [n for n in graph.nodes if n.id not in keep and n.kind in GROUPABLE]
    _group([n for n in grouping if n.kind != ENDPOINT], level, rep, groups)
    # an endpoint of a grouped VPC goes into the VPC's group, a subnet too (drawn apart they
    # would repeat the group once more, or dangle)
    container = {e.target: e.source for e in graph.edges if e.kind == CONTAINS}
    absorbed: dict[str, int] = {}
    rest = []
    for n in grouping:
        home = container.get(n.id) if n.kind == ENDPOINT else n.parent
        if home is not None and home in rep:
            rep[n.id] = rep[home]
            absorbed[rep[home]] = absorbed.get(rep[home], 0) + (n.kind == ENDPOINT)
        elif n.kind == ENDPOINT:
            rest.append(n)
    _group(rest, level, rep, groups)
    inner: dict[str, int] = {}
    merged: dict[tuple[str, str, str], Edge] = {}
    for e in graph.edges:
        s, t = rep.get(e.source, e.source), rep.get(e.target, e.target)
        if s == t:
            if e.kind != CONTAINS:
                inner[s] = inner.get(s, 0) + e.count
            continue
        key = (e.kind, s, t)
        old = merged.get(key)
        if old is None:
            merged[key] = Edge(
                e.id, e.kind, s, t, e.label if s == e.source and t == e.target else "", e.count
            )
        else:
            merged[key] = Edge(f"{old.id}+", e.kind, s, t, "", old.count + e.count)
    nodes: list[Node] = []
    done: set[str] = set()
    for n in graph.nodes:
        into = rep.get(n.id)
        if into is None:
            nodes.append(n)
        elif into not in done and into in groups:
            done.add(into)
            kind, pattern, members = groups[into]
            label = f"{len(members)} x {pattern}"
            if absorbed.get(into):
                label += f" with {absorbed[into]} endpoints"
            if inner.get(into):
                label += f"\n{inner[into]} links inside"
            nodes.append(
                Node(into, GROUP, label, members=tuple(m.id for m in members), member_kind=kind)
            )
    places = {a: rep.get(p, p) for a, p in graph.places.items()}
    findings = tuple(_move(f, rep) for f in graph.findings)
    notes = (*graph.notes, *_notes(groups, len(keep)))
    return Graph(tuple(nodes), tuple(merged.values()), findings, notes, places)


def _group(
    nodes: list[Node],
    level: int,
    rep: dict[str, str],
    groups: dict[str, tuple[str, str, list[Node]]],
) -> None:
    """Group `nodes` by kind and pattern at `level` (a pattern of one node stays the node)."""
    by_key: dict[tuple[str, str], list[Node]] = {}
    for n in nodes:
        by_key.setdefault((n.kind, _pattern(n.id, level, n.kind)), []).append(n)
    for (kind, pattern), members in by_key.items():
        if len(members) < 2:
            continue
        gid = f"group:{kind}:{pattern}"
        groups[gid] = (kind, pattern, members)
        for m in members:
            rep[m.id] = gid


def _move(f: Finding, rep: dict[str, str]) -> Finding:
    if f.on is None or f.on not in rep:
        return f
    return Finding(f.rule_id, f.severity, f.address, f.message, rep[f.on])


def _notes(groups: dict[str, tuple[str, str, list[Node]]], kept: int) -> list[str]:
    if not groups:
        return []
    by_kind: dict[str, tuple[int, int]] = {}
    for kind, _, members in groups.values():
        g, m = by_kind.get(kind, (0, 0))
        by_kind[kind] = (g + 1, m + len(members))
    parts = [f"{m} {k}s into {g} groups" for k, (g, m) in sorted(by_kind.items())]
    return [
        "grouped " + ", ".join(parts) + " (instances of one count/for_each or module call);"
        f" the {kept} nodes on a finding are drawn apart"
    ]


def fitting(graph: Graph, fits: Callable[[Graph], bool]) -> Graph:
    """The least grouped form of `graph` that `fits`; the most grouped one if none does."""
    shown = graph
    for level in range(LEVELS + 1):
        shown = grouped(graph, level)
        if fits(shown):
            return shown
    return shown


def around(graph: Graph, address: str, depth: int) -> Graph | None:
    """The nodes within `depth` edges of `address` (None when the picture does not show it)."""
    place = graph.places.get(address, address)
    ids = {n.id for n in graph.nodes}
    edge = next((e for e in graph.edges if e.id == place), None)
    if edge is not None:
        start = {edge.source, edge.target}
    elif place in ids:
        start = {place}
    else:
        return None
    return restricted(graph, neighbourhood(graph, start, depth))


def restricted(graph: Graph, keep: Collection[str]) -> Graph:
    """Only the nodes in `keep` (a subnet with its VPC), the edges between them and their
    findings; says how many findings were left out."""
    keep = set(keep)
    keep |= {n.parent for n in graph.nodes if n.id in keep and n.parent is not None}
    nodes = tuple(n for n in graph.nodes if n.id in keep)
    edges = tuple(e for e in graph.edges if e.source in keep and e.target in keep)
    shown = keep | {e.id for e in edges}
    findings = tuple(f for f in graph.findings if f.on in shown)
    notes = list(graph.notes)
    left = len(graph.findings) - len(findings)
    if left:
        notes.append(f"{left} findings elsewhere not shown (outside this neighbourhood)")
    places = {a: p for a, p in graph.places.items() if p in shown}
    return Graph(nodes, edges, findings, tuple(notes), places)


def neighbourhood(graph: Graph, start: Iterable[str], depth: int) -> set[str]:
    """Node ids within `depth` edges of the `start` nodes (children follow their parent)."""
    adjacent: dict[str, set[str]] = {}
    for e in graph.edges:
        adjacent.setdefault(e.source, set()).add(e.target)
        adjacent.setdefault(e.target, set()).add(e.source)
    for n in graph.nodes:
        if n.parent is not None:
            adjacent.setdefault(n.parent, set()).add(n.id)
            adjacent.setdefault(n.id, set()).add(n.parent)
    seen = set(start)
    frontier = set(seen)
    for _ in range(depth):
        frontier = {m for n in frontier for m in adjacent.get(n, ()) if m not in seen}
        seen |= frontier
    return seen


__all__ = ["around", "fitting", "grouped", "neighbourhood", "restricted"]
