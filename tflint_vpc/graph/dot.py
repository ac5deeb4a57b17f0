"""The graph in Graphviz DOT (`tfvpc graph ... --format dot | dot -Tpng`).

A VPC drawn with its subnets is a cluster holding a node for the VPC itself (edges end on
nodes, not clusters). DOT has no size limit of its own; the CLI groups it like Mermaid so a
large estate stays readable.
"""

from __future__ import annotations

from tflint_vpc.graph.style import COLOURS, legend_lines, mark_line
from tflint_vpc.graph.types import (
    CONTAINS,
    ENDPOINT,
    EXTERNAL,
    GROUP,
    TGW_ATTACHMENT,
    TGW_ROUTE_TABLE,
    TGW_ROUTE_TABLE_OF,
    TRANSIT_GATEWAY,
    VPN,
    VPN_ATTACHMENT,
    Graph,
)
from tflint_vpc.printable import printable

_SHAPES = {
    TRANSIT_GATEWAY: "hexagon",
    TGW_ROUTE_TABLE: "cylinder",
    VPN: "cds",
    ENDPOINT: "oval",
    EXTERNAL: "parallelogram",
    GROUP: "box3d",
}


def quote(label: str) -> str:
    """A DOT string: backslashes and quotes escaped, newlines as centred line breaks."""
    out = []
    for ch in printable(label, keep="\n"):
        if ch == "\n":
            out.append("\\n")
        elif ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\\\x{ord(ch):02x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def render(graph: Graph) -> str:
    marks = graph.marks()
    ids, children = graph.layout()
    out = [
        "graph tfvpc {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=11];',
        '  node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=9];',
        '  subgraph cluster_legend { label="Legend"; style=dashed;',
    ]
    for i, (style, line) in enumerate(legend_lines(graph)):
        fill, stroke = COLOURS.get(style, ("#f4f4f4", "#888888"))
        out.append(
            f"    legend{i} [label={quote(line)}, shape=note, "
            f'fillcolor="{fill}", color="{stroke}"];'
        )
    out.append("  }")

    def node_line(node_id: str, indent: str) -> str:
        node = by_id[node_id]
        label = node.label
        attrs = [f"shape={_SHAPES.get(node.kind, 'box')}"]
        if node_id in marks:
            sev, rules = marks[node_id]
            label += "\n" + mark_line(sev, rules)
            fill, stroke = COLOURS[sev]
            attrs += [f'fillcolor="{fill}"', f'color="{stroke}"', "penwidth=3"]
        return f"{indent}{ids[node_id]} [label={quote(label)}, {', '.join(attrs)}];"

    by_id = {n.id: n for n in graph.nodes}
    for n in graph.nodes:
        if n.parent is not None and n.parent in ids:
            continue
        if n.id in children:
            out.append(
                f'  subgraph cluster_{ids[n.id]} {{ style=rounded; color="#888888"; label="";'
            )
            out.append(node_line(n.id, "    "))
            out += [node_line(c, "    ") for c in children[n.id]]
            out += [f"    {ids[n.id]} -- {ids[c]} [style=invis];" for c in children[n.id]]
            out.append("  }")
        else:
            out.append(node_line(n.id, "  "))
    for e in graph.edges:
        label = e.label
        if e.count > 1:
            label = f"{e.count} x {e.kind.replace('_', ' ')}" + (f"\n{label}" if label else "")
        attrs = []
        if e.kind in (CONTAINS, TGW_ROUTE_TABLE_OF):
            attrs.append("style=dashed")
        elif e.kind in (TGW_ATTACHMENT, VPN_ATTACHMENT):
            attrs.append("penwidth=2")
        if e.id in marks:
            sev, rules = marks[e.id]
            label = (label + "\n" if label else "") + mark_line(sev, rules)
            attrs += [f'color="{COLOURS[sev][1]}"', f'fontcolor="{COLOURS[sev][1]}"', "penwidth=3"]
        if label:
            attrs.insert(0, f"label={quote(label)}")
        tail = f" [{', '.join(attrs)}]" if attrs else ""
        out.append(f"  {ids[e.source]} -- {ids[e.target]}{tail};")
    out.append("}")
    return "\n".join(out) + "\n"
