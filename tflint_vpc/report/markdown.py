"""A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.

Counts, one table row per finding (most severe first, capped so a comment stays under GitHub's
65,536-character limit), and the documentation of each rule that fired in collapsed
`<details>` blocks. Cell text is escaped: pipes, HTML and newlines cannot break the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.printable import is_printable, printable
from tflint_vpc.report import ReportOptions
from tflint_vpc.report._common import (
    count_by_severity,
    most_severe_first,
    place_of,
    round_robin,
    rule_doc_url,
    rules_for,
)
from tflint_vpc.rule import Rule, Severity

MAX_ROWS = 100


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def escape_cell(text: str) -> str:
    """Plain text for a table cell: no HTML, no column breaks, no line breaks, no controls."""
    text = printable(text.replace("\r\n", "\n"), keep="\n")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return "<br>".join(text.split("\n"))


def code_cell(text: str) -> str:
    """`text` as inline code in a table cell (GFM still needs the pipes escaped there)."""
    if "`" in text or not is_printable(text):
        return escape_cell(text)
    return "`" + text.replace("|", "\\|") + "`"


def _headline(diagnostics: Sequence[Diagnostic]) -> str:
    if not diagnostics:
        return "## tfvpc: no findings"
    counts = count_by_severity(diagnostics)
    parts = [_plural(counts[s], s.value) for s in Severity if counts[s]]
    return f"## tfvpc: {_plural(len(diagnostics), 'finding')} ({', '.join(parts)})"


def _scope(result: LintResult) -> str:
    inputs = ", ".join(code_cell(i) for i in result.inputs) or "no inputs"
    return (
        f"Linted {_plural(result.resources, 'resource')} in {inputs} "
        f"with {_plural(len(result.rules), 'rule')} (tfvpc {result.tool_version})."
    )


def _row(d: Diagnostic, root: Path | None) -> str:
    place = place_of(d, root)
    where = f"{place.path}:{place.line}" if place.exact else f"{place.path} (plan)"
    cells = (
        d.severity.value,
        f"{d.rule_id} {code_cell(d.rule)}",
        code_cell(d.address),
        code_cell(where),
        escape_cell(d.message),
    )
    return "| " + " | ".join(cells) + " |"


def _rule_details(rule: Rule) -> list[str]:
    lines = rule.doc.strip().splitlines()
    summary = lines[0].strip() if lines else rule.name
    body = "\n".join(lines[1:]).strip()
    out = [
        "<details>",
        f"<summary>{rule.code} <code>{rule.name}</code>: {escape_cell(summary)}</summary>",
        "",
    ]
    if body:
        # The docs use `##` sections; nest them under this summary's `### Rules` heading.
        body = "\n".join("##" + ln if ln.startswith("## ") else ln for ln in body.splitlines())
        out += [body, ""]
    url = rule_doc_url(rule)
    if url:
        out += [f"[Rule documentation]({url})", ""]
    out.append("</details>")
    return out


def render(result: LintResult, *, root: Path | None = None) -> str:
    diagnostics = most_severe_first(result.diagnostics)
    out = [_headline(diagnostics), "", _scope(result)]
    if result.errors:
        out += ["", f"**{_plural(len(result.errors), 'input')} could not be linted:**", ""]
        out += [f"- {escape_cell(e)}" for e in result.errors]
    if result.fixed:
        out += ["", f"{_plural(len(result.fixed), 'baseline finding')} no longer found (fixed)."]
    if diagnostics:
        out += [
            "",
            "| Severity | Rule | Address | Location | Message |",
            "| --- | --- | --- | --- | --- |",
        ]
        # rows picked round-robin by rule: 250 of one rule must not hide the 3 of another
        shown, hidden = round_robin(diagnostics, MAX_ROWS)
        out += [_row(d, root) for d in shown]
        if hidden:
            out += ["", f"… and {_plural(len(hidden), 'more finding')} (see the full report)."]
        fired = {d.rule_id for d in diagnostics}
        out += ["", "### Rules"]
        for rule in sorted(rules_for(result), key=lambda r: r.code):
            if rule.code in fired and rule.doc.strip():
                out += ["", *_rule_details(rule)]
    return "\n".join(out) + "\n"


def report(result: LintResult, options: ReportOptions) -> str:
    return render(result, root=options.root)
