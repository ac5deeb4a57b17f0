"""The Mermaid picture of the findings' neighbourhood in the Markdown report (PR comment).

Reporters see diagnostics, not the topology, so the picture is drawn from what the findings
themselves name: each finding's address is a node marked with its rule ids and severity, linked
to the addresses it relates (the other VPC of an overlap, the route tables of a missing return
route). `tfvpc graph --around ADDRESS` draws the full topology around one of them. Kept small
(`MAX_CHARS`): the comment has a 65,536-character limit of its own.
"""

from __future__ import annotations

from collections.abc import Sequence

from tflint_vpc.diagnostic import Diagnostic
from tflint_vpc.graph import mermaid
from tflint_vpc.graph.types import (
    ENDPOINT,
    SUBNET,
    TRANSIT_GATEWAY,
    VPC,
    Edge,
    Finding,
    Graph,
    Node,
)

MAX_CHARS = 12_000
MAX_EDGES = 120
RELATED = "related"
_KINDS = (  # resource type -> node kind, longest type first
    ("aws_ec2_transit_gateway.", TRANSIT_GATEWAY),
    ("aws_vpc_endpoint.", ENDPOINT),
    ("aws_default_vpc.", VPC),
    ("aws_subnet.", SUBNET),
    ("aws_vpc.", VPC),
)


def _kind(address: str) -> str:
    resource = address.rsplit("module.", 1)[-1].split("]", 1)[-1].lstrip(".")
    return next((kind for prefix, kind in _KINDS if resource.startswith(prefix)), "resource")


def findings_graph(diagnostics: Sequence[Diagnostic]) -> Graph:
    nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str], Edge] = {}
    for d in diagnostics:
        for address in (d.address, *d.related):
            nodes.setdefault(address, Node(address, _kind(address), address))
        for other in d.related:
            if other != d.address and (other, d.address) not in edges:
                edges.setdefault(
                    (d.address, other), Edge(f"{d.address}->{other}", RELATED, d.address, other)
                )
    findings = tuple(
        Finding(d.rule_id, d.severity.value, d.address, "", d.address) for d in diagnostics
    )
    return Graph(tuple(nodes.values()), tuple(edges.values()), findings)


def findings_picture(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """Markdown lines: a collapsed `<details>` with the Mermaid picture; none without findings."""
    if not diagnostics:
        return []
    picture = mermaid.render_fitting(findings_graph(diagnostics), MAX_CHARS, MAX_EDGES)
    return [
        "",
        "<details>",
        "<summary>Picture of the findings and what they relate to</summary>",
        "",
        "```mermaid",
        picture.rstrip("\n"),
        "```",
        "",
        "`tfvpc graph INPUT --around ADDRESS` draws the network around one of them.",
        "",
        "</details>",
    ]
