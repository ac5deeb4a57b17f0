"""`tfvpc graph`: every VPC, peering and finding is drawn; big estates stay within GitHub's
Mermaid limits with every finding's node visible; DOT and Mermaid render with the real tools
(skipped when Graphviz or mermaid-cli and Chromium are missing)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tflint_vpc.api import LintRequest, lint, lint_topologies
from tflint_vpc.graph import mermaid
from tflint_vpc.graph.command import draw, merged
from tflint_vpc.graph.shrink import grouped
from tflint_vpc.graph.types import GROUP, VPC, Edge, Finding, Graph, Node
from tflint_vpc.testing import run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "hub-and-spoke.plan.json"
GENERATOR = ROOT / "benchmarks" / "generate_plan.py"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _request(path: Path) -> LintRequest:
    return LintRequest(paths=(str(path),), find_source_dir=False)


def _graph(path: Path) -> Graph:
    drawn, errors = lint_topologies(_request(path))
    assert not errors
    return merged(drawn)


def test_example_draws_every_vpc_peering_and_finding() -> None:
    drawn, _ = lint_topologies(_request(EXAMPLE))
    (topology, _diagnostics) = drawn[0]
    text = run_cli("graph", str(EXAMPLE), "--no-source-dir").stdout
    for vpc in topology.vpcs:
        assert f'["{vpc.address}<br/>' in text or f'["{vpc.address} · ' in text
    for peering in topology.peerings:
        assert re.search(rf'\|"{re.escape(peering.address)}<br/>', text)
    result = lint(_request(EXAMPLE))
    assert result.diagnostics
    for d in result.diagnostics:
        assert d.rule_id in text
    graph = _graph(EXAMPLE)
    assert {(f.rule_id, f.address) for f in graph.findings} == {
        (d.rule_id, d.address) for d in result.diagnostics
    }
    assert all(f.on is not None for f in graph.findings)  # each drawn on a node or an edge


def test_peering_edge_carries_its_routed_prefixes() -> None:
    graph = _graph(EXAMPLE)
    edge = next(e for e in graph.edges if e.id == "aws_vpc_peering_connection.app_shared")
    assert "10.20.0.0/16" in edge.label  # aws_route_table.app's route to the peering
    unused = next(e for e in graph.edges if e.id == "aws_vpc_peering_connection.app_analytics")
    assert "no known route" in unused.label


def test_json_is_the_documented_shape() -> None:
    document = json.loads(run_cli("graph", str(EXAMPLE), "-f", "json", "--no-source-dir").stdout)
    assert document["version"] == 1
    assert set(document) == {"version", "nodes", "edges", "findings", "notes"}
    assert set(document["nodes"][0]) == {"id", "kind", "label", "parent", "members", "member_kind"}
    assert set(document["edges"][0]) == {"id", "kind", "source", "target", "label", "count"}
    assert set(document["findings"][0]) == {"rule_id", "severity", "address", "message", "on"}
    ids = {n["id"] for n in document["nodes"]} | {e["id"] for e in document["edges"]}
    assert all(f["on"] in ids for f in document["findings"])
    nodes = {n["id"] for n in document["nodes"]}
    assert all(e["source"] in nodes and e["target"] in nodes for e in document["edges"])


def test_around_keeps_the_neighbourhood_only() -> None:
    out = run_cli(
        "graph",
        str(EXAMPLE),
        "--no-source-dir",
        "-f",
        "json",
        "--around",
        "aws_vpc.analytics",
        "--depth",
        "1",
    )
    assert out.code == 0, out.stderr
    ids = {n["id"] for n in json.loads(out.stdout)["nodes"]}
    assert {"aws_vpc.analytics", "aws_vpc.app"} <= ids
    assert "aws_vpc.shared_services" not in ids  # two links away
    zero = run_cli(
        "graph",
        str(EXAMPLE),
        "--no-source-dir",
        "-f",
        "json",
        "--around",
        "aws_vpc.analytics",
        "--depth",
        "0",
    )
    assert {n["id"] for n in json.loads(zero.stdout)["nodes"]} == {"aws_vpc.analytics"}


def test_usage_errors_are_one_line() -> None:
    bad = run_cli("graph", str(EXAMPLE), "--no-source-dir", "--around", "aws_vpc.nope")
    assert bad.code == 2 and len(bad.error_lines) == 1 and "aws_vpc.nope" in bad.stderr
    fmt = run_cli("graph", str(EXAMPLE), "-f", "png")
    assert fmt.code == 2 and len(fmt.error_lines) == 1
    missing = run_cli("graph", "/nonexistent/plan.json")
    assert missing.code == 2 and len(missing.error_lines) == 1


def test_labels_cannot_break_out_of_mermaid_or_dot() -> None:
    label = 'a"]\nb<script>`#x;\x1b[2K\u202e'
    graph = Graph((Node("aws_vpc.x", VPC, label),), (), ())
    text = mermaid.render(graph)
    line = next(ln for ln in text.splitlines() if ln.startswith("  n0"))
    assert line.count('"') == 2 and "<script>" not in line and "\x1b" not in line
    assert "\u202e" not in text
    dot_text = draw(graph, "dot")
    assert 'label="a\\"]\\nb<script>`#x;' in dot_text  # the quote escaped, the newline a \n
    assert "\x1b" not in dot_text and "\u202e" not in dot_text


def _star(spokes: int, hubs: int, marked: int) -> Graph:
    """`hubs` hubs, each with `spokes` spokes of one module call; `marked` spokes on findings."""
    nodes: list[Node] = []
    edges: list[Edge] = []
    findings: list[Finding] = []
    for h in range(hubs):
        hub = f"aws_vpc.hub[{h}]"
        nodes.append(Node(hub, VPC, f"{hub}\n10.{h}.0.0/16"))
        for s in range(spokes):
            spoke = f'module.spokes_{h}["s{s}"].aws_vpc.this'
            nodes.append(Node(spoke, VPC, f"{spoke}\n10.{h}.{s}.0/24"))
            edges.append(Edge(f"{spoke}.peer", "peering", spoke, hub, "10.0.0.0/8"))
            if len(findings) < marked and s % 3 == 0:
                findings.append(Finding("TFVPC001", "error", spoke, "m", spoke))
    return Graph(tuple(nodes), tuple(edges), tuple(findings))


def test_grouping_keeps_marked_nodes_and_says_what_was_grouped() -> None:
    graph = _star(spokes=50, hubs=4, marked=7)
    shown = grouped(graph, 1)
    ids = {n.id for n in shown.nodes}
    assert all(f.on in ids for f in graph.findings)
    groups = [n for n in shown.nodes if n.kind == GROUP]
    assert groups and all(n.members for n in groups)
    assert sum(len(n.members) for n in groups) + len(ids) - len(groups) == len(graph.nodes)
    assert shown.notes and "grouped" in shown.notes[0]


def test_mermaid_fits_even_when_every_node_carries_a_finding() -> None:
    graph = _star(spokes=400, hubs=10, marked=10**6)  # 1,340 marked spokes
    text = mermaid.render_fitting(graph)
    assert len(text) <= mermaid.MAX_CHARS
    assert len(re.findall(r" (?:---|===|-\.-)", text)) <= mermaid.MAX_EDGES


@pytest.fixture(scope="module")
def big_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("graph") / "plan-2000.json"
    subprocess.run([sys.executable, str(GENERATOR), "--vpcs", "2000", str(out)], check=True)
    return out


def test_generated_estate_fits_github_and_shows_every_finding(big_plan: Path) -> None:
    graph = _graph(big_plan)
    text = run_cli("graph", str(big_plan), "--no-source-dir").stdout
    assert len(text) <= mermaid.MAX_CHARS
    assert len(re.findall(r" (?:---|===|-\.-)", text)) <= mermaid.MAX_EDGES
    assert "grouped" in text  # said in the picture
    edges = {e.id: e for e in graph.edges}
    for f in graph.findings:
        assert f.on is not None
        shown = [f.on] if f.on not in edges else [edges[f.on].source, edges[f.on].target]
        for node in shown:
            label = next(n.label for n in graph.nodes if n.id == node).split("\n")[0]
            assert mermaid.text(label)[1:-1] in text, (f, label)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")
def test_dot_renders_with_graphviz(tmp_path: Path) -> None:
    source = run_cli("graph", str(EXAMPLE), "--no-source-dir", "-f", "dot").stdout
    png = tmp_path / "example.png"
    subprocess.run(["dot", "-Tpng", "-o", str(png)], input=source.encode(), check=True)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(
    shutil.which("mmdc") is None or CHROMIUM is None,
    reason="mermaid-cli (`mmdc`) or Chromium is not installed",
)
def test_mermaid_renders_with_mermaid_cli(tmp_path: Path) -> None:
    source = tmp_path / "example.mmd"
    source.write_text(run_cli("graph", str(EXAMPLE), "--no-source-dir").stdout, encoding="utf-8")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": CHROMIUM, "args": ["--no-sandbox"]}))
    svg = tmp_path / "example.svg"
    subprocess.run(
        ["mmdc", "-q", "-p", str(config), "-i", str(source), "-o", str(svg)],
        check=True,
        timeout=180,
        capture_output=True,
    )
    drawn = svg.read_text(encoding="utf-8")
    assert "Syntax error" not in drawn
    assert "aws_vpc_peering_connection.app_analytics" in drawn and "TFVPC004" in drawn


def test_markdown_picture_is_small_and_collapsed() -> None:
    from tflint_vpc.diagnostic import Diagnostic
    from tflint_vpc.report._picture import MAX_CHARS, findings_picture
    from tflint_vpc.rule import Severity

    many = [
        Diagnostic(
            "TFVPC001",
            "x",
            Severity.ERROR,
            f"aws_vpc_peering_connection.p{i}",
            "m",
            (f"aws_vpc.a{i}", f"aws_vpc.b{i}"),
            None,
            "plan.json",
        )
        for i in range(600)
    ]
    lines = findings_picture(many)
    assert lines[1] == "<details>" and lines[-1] == "</details>"
    assert len("\n".join(lines)) <= MAX_CHARS + 300
    assert findings_picture([]) == []
