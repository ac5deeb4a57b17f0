"""Issue 14 item 9: natural address order, and caps that fill round-robin by rule."""

from __future__ import annotations

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.inventory import Location
from tflint_vpc.registry import load
from tflint_vpc.report import github, markdown
from tflint_vpc.rule import Severity


def _diag(rule_id: str, address: str, line: int = 3) -> Diagnostic:
    rule = next(r for r in load() if r.code == rule_id)
    return Diagnostic(
        rule_id=rule_id,
        rule=rule.name,
        severity=Severity.ERROR,
        address=address,
        message="m",
        related=(),
        location=Location("main.tf", line, line + 2),
        source="main.tf",
    )


def _result(diagnostics: list[Diagnostic]) -> LintResult:
    return LintResult(
        diagnostics=tuple(sorted(diagnostics, key=Diagnostic.sort_key)),
        inputs=("main.tf",),
        resources=len(diagnostics),
        rules=tuple(load()),
        tool_version="0",
    )


def test_addresses_sort_naturally() -> None:
    ds = [_diag("TFVPC001", f"aws_vpc_peering_connection.p[{i}]") for i in (10, 2, 1)]
    ordered = [d.address for d in sorted(ds, key=Diagnostic.sort_key)]
    assert ordered == [
        "aws_vpc_peering_connection.p[1]",
        "aws_vpc_peering_connection.p[2]",
        "aws_vpc_peering_connection.p[10]",
    ]


def _noisy() -> LintResult:
    # 250 TFVPC001 on early lines, then 3 TFVPC004 further down the file
    many = [_diag("TFVPC001", f"aws_vpc_peering_connection.p[{i}]") for i in range(250)]
    few = [_diag("TFVPC004", f"aws_network_interface_attachment.a[{i}]", 90) for i in range(3)]
    return _result(many + few)


def test_github_annotations_show_every_rule() -> None:
    lines = github.workflow_commands(_noisy()).splitlines()
    annotated = [ln for ln in lines if ln.startswith("::error ")]
    assert len(annotated) == github.ANNOTATIONS_PER_LEVEL
    assert sum("TFVPC004" in ln for ln in annotated) == 3
    # the rest are still in the log, as plain lines
    assert sum(ln.startswith("error TFVPC001") for ln in lines) == 250 - 7


def test_markdown_rows_show_every_rule() -> None:
    text = markdown.render(_noisy())
    rows = [ln for ln in text.splitlines() if ln.startswith("| error")]
    assert len(rows) == markdown.MAX_ROWS
    assert sum("TFVPC004" in r for r in rows) == 3
    assert "153 more findings" in text
