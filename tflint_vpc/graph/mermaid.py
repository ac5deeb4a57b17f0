"""The graph as a Mermaid flowchart, within GitHub's limits for a diagram in a comment.

GitHub renders at most 50,000 characters and 500 edges per diagram (GitLab inline: 2,000
characters); `render_fitting` groups (shrink.py) until the text is within the limit it is
given, and as a last resort draws only the nodes that carry findings.
"""

from __future__ import annotations

from tflint_vpc.graph.shrink import fitting, restricted
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

MAX_CHARS = 50_000
MAX_EDGES = 500
_SHAPES = {  # kind -> (open, close)
    TRANSIT_GATEWAY: ("{{", "}}"),
    TGW_ROUTE_TABLE: ("[(", ")]"),
    VPN: (">", "]"),
    ENDPOINT: ("([", "])"),
    EXTERNAL: ("[/", "/]"),
    GROUP: ("[[", "]]"),
}


def text(label: str) -> str:
    """A quoted Mermaid label: entity codes for what would end or mark up the string."""
    out = []
    for ch in printable(label, keep="\n"):  # no terminal escapes or bidi overrides
        if ch == "\n":
            out.append("<br/>")
        elif ch in '"<>#&;`' or ord(ch) < 32 or ord(ch) == 127:
            out.append(f"#{ord(ch)};")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def render(graph: Graph) -> str:
    marks = graph.marks()
    ids, children = graph.layout()
    by_id = {n.id: n for n in graph.nodes}
    out = ["flowchart LR"]

    def label_of(node_id: str) -> str:
        node = by_id[node_id]
        label = node.label
        if node_id in marks:
            label += "\n" + mark_line(*marks[node_id])
        return label

    def node_line(node_id: str, indent: str) -> str:
        opening, closing = _SHAPES.get(by_id[node_id].kind, ("[", "]"))
        return f"{indent}{ids[node_id]}{opening}{text(label_of(node_id))}{closing}"

    out.append(f"  subgraph legend[{text('Legend')}]")
    for i, (style, line) in enumerate(legend_lines(graph)):
        out.append(f"    legend{i}[{text(line)}]:::{style}")
    out.append("  end")
    for n in graph.nodes:
        if n.parent is not None and n.parent in ids:
            continue
        if n.id in children:
            # one line: Mermaid draws a subgraph's title over its first child when it wraps
            title = label_of(n.id).replace("\n", " · ")
            out.append(f"  subgraph {ids[n.id]}[{text(title)}]")
            out += [node_line(c, "    ") for c in children[n.id]]
            out.append("  end")
        else:
            out.append(node_line(n.id, "  "))
    styled: list[str] = []
    for i, e in enumerate(graph.edges):
        a, b = ids[e.source], ids[e.target]
        label = e.label
        if e.count > 1:
            label = f"{e.count} x {e.kind.replace('_', ' ')}" + (f"\n{label}" if label else "")
        if e.id in marks:
            label = (label + "\n" if label else "") + mark_line(*marks[e.id])
            styled.append(f"  linkStyle {i} stroke:{COLOURS[marks[e.id][0]][1]},stroke-width:4px")
        arrow = {
            CONTAINS: "-.-",
            TGW_ROUTE_TABLE_OF: "-.-",
            TGW_ATTACHMENT: "===",
            VPN_ATTACHMENT: "===",
        }.get(e.kind, "---")
        out.append(f"  {a} {arrow}|{text(label)}| {b}" if label else f"  {a} {arrow} {b}")
    for sev, (fill, stroke) in COLOURS.items():
        out.append(f"  classDef {sev} fill:{fill},stroke:{stroke},stroke-width:3px,color:#000")
    out.append("  classDef note fill:#f4f4f4,stroke:#888,color:#000")
    for node_id, (sev, _) in marks.items():
        if node_id in ids:
            out.append(f"  class {ids[node_id]} {sev}")
    out += styled
    return "\n".join(out) + "\n"


def render_fitting(graph: Graph, max_chars: int = MAX_CHARS, max_edges: int = MAX_EDGES) -> str:
    """`render` of the least grouped form within `max_chars` and `max_edges`."""

    def fits(g: Graph) -> bool:
        return len(g.edges) <= max_edges and len(render(g)) <= max_chars

    shown = fitting(graph, fits)
    if fits(shown):
        return render(shown)
    # Too many findings on distinct nodes to draw them all with their links: only the nodes
    # on findings, as many as fit, and the count of the rest in the legend.
    marks = shown.marks()
    on_nodes = [n.id for n in shown.nodes if n.id in marks]
    keep = len(on_nodes)
    while keep > 0:
        cut = restricted(shown, on_nodes[:keep])
        if fits(cut):
            return render(cut)
        keep //= 2
    return render(restricted(shown, ()))
