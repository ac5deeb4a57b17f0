"""What the renderers share: colours by severity, the legend's lines, label text."""

from __future__ import annotations

from tflint_vpc.graph.types import Graph

COLOURS = {  # fill, stroke
    "error": ("#ffd6d6", "#c00000"),
    "warning": ("#ffe9b3", "#c07000"),
    "notice": ("#d6e8ff", "#0050c0"),
}
MAX_RULES_ON_LABEL = 4
MAX_UNPLACED = 10  # findings listed in the note of findings drawn on nothing


def mark_line(severity: str, rules: tuple[str, ...]) -> str:
    shown = ", ".join(rules[:MAX_RULES_ON_LABEL])
    if len(rules) > MAX_RULES_ON_LABEL:
        shown += f" +{len(rules) - MAX_RULES_ON_LABEL}"
    return f"⚠ {severity}: {shown}"


def legend_lines(graph: Graph) -> list[tuple[str, str]]:
    """(style, text) lines of the legend: the severities present, notes, unplaced findings."""
    present = {sev for sev, _ in graph.marks().values()} | {f.severity for f in graph.findings}
    lines = [
        (sev, f"{sev}: finding on this node or link (rule ids)")
        for sev in COLOURS
        if sev in present
    ]
    if not graph.findings:
        lines.append(("note", "no findings"))
    lines += [("note", note) for note in graph.notes]
    unplaced = graph.unplaced()
    if unplaced:
        text = "findings on nothing drawn: " + "; ".join(
            f"{f.rule_id} {f.address}" for f in unplaced[:MAX_UNPLACED]
        )
        if len(unplaced) > MAX_UNPLACED:
            text += f" +{len(unplaced) - MAX_UNPLACED} more"
        worst = min(
            (f.severity for f in unplaced),
            key=lambda s: list(COLOURS).index(s) if s in COLOURS else 9,
        )
        lines.append((worst, text))
    return lines
