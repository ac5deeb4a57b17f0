"""`tfvpc graph`: lint the inputs through `api`, draw them, group to stay readable."""

from __future__ import annotations

from collections.abc import Sequence

from tflint_vpc.diagnostic import Diagnostic
from tflint_vpc.errors import UsageError
from tflint_vpc.graph import dot, json, mermaid
from tflint_vpc.graph.model import build_graph
from tflint_vpc.graph.shrink import around as cut_around
from tflint_vpc.graph.shrink import fitting
from tflint_vpc.graph.types import Edge, Finding, Graph, Node
from tflint_vpc.model import Topology

GRAPH_FORMATS = ("mermaid", "dot", "json")
DOT_MAX_NODES = 300  # beyond, a DOT picture is grouped like a Mermaid one
DOT_MAX_EDGES = 500


def check_format(name: str) -> None:
    if name not in GRAPH_FORMATS:
        raise UsageError(f"unknown graph format {name!r} (choose from {', '.join(GRAPH_FORMATS)})")


def merged(drawn: Sequence[tuple[Topology, Sequence[Diagnostic]]]) -> Graph:
    """One graph of every input (an address in two inputs is drawn once, as the first)."""
    graphs = [build_graph(topology, diagnostics) for topology, diagnostics in drawn]
    if len(graphs) == 1:
        return graphs[0]
    nodes: dict[str, Node] = {}
    edges: dict[str, Edge] = {}
    places: dict[str, str] = {}
    findings: list[Finding] = []
    for g in graphs:
        for n in g.nodes:
            nodes.setdefault(n.id, n)
        for e in g.edges:
            edges.setdefault(e.id, e)
        for a, p in g.places.items():
            places.setdefault(a, p)
        findings.extend(g.findings)
    return Graph(
        tuple(nodes.values()),
        tuple(edges.values()),
        tuple(findings),
        places=places,
    )


def draw(graph: Graph, format: str, around: str | None = None, depth: int = 2) -> str:
    check_format(format)
    if around is not None:
        if depth < 0:
            raise UsageError("--depth must be 0 or more")
        cut = cut_around(graph, around, depth)
        if cut is None:
            raise UsageError(f"--around {around}: no such node or link in the picture")
        graph = cut
    if format == "json":
        return json.render(graph)
    if format == "dot":
        shown = fitting(
            graph, lambda g: len(g.nodes) <= DOT_MAX_NODES and len(g.edges) <= DOT_MAX_EDGES
        )
        return dot.render(shown)
    return mermaid.render_fitting(graph)
