"""The graph as JSON: a documented, stable format other tools can draw (README, "tfvpc graph").

    {"version": 1,
     "nodes": [{"id", "kind", "label", "parent", "members", "member_kind"}],
     "edges": [{"id", "kind", "source", "target", "label", "count"}],
     "findings": [{"rule_id", "severity", "address", "message", "on"}],
     "notes": ["..."]}

`id`s are Terraform addresses (`group:<kind>:<pattern>` for a group, `external:<id>` for a VPC
outside the input); `on` is the id of the node or edge a finding is drawn on, or null. Fields
are only ever added (with `version` unchanged); a rename or removal would bump `version`.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from tflint_vpc.graph.types import Graph

VERSION = 1


def render(graph: Graph) -> str:
    document = {
        "version": VERSION,
        "nodes": [asdict(n) for n in graph.nodes],
        "edges": [asdict(e) for e in graph.edges],
        "findings": [asdict(f) for f in graph.findings],
        "notes": list(graph.notes),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
