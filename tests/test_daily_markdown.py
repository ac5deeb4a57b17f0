"""Issue 14 item 10: the Markdown PR comment links locations to the forge, links rule names to
their documentation in the comment (once per rule, folded, unwrapped), never to a `.py` file."""

from __future__ import annotations

import re

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.inventory import Location
from tflint_vpc.registry import load
from tflint_vpc.report import markdown
from tflint_vpc.rule import Severity

GITHUB = {
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "acme/infra",
    "GITHUB_SHA": "0123abc",
}
GITLAB = {"CI_PROJECT_URL": "https://gitlab.example.com/acme/infra", "CI_COMMIT_SHA": "0123abc"}


def _diag(rule_id: str, address: str, location: Location | None) -> Diagnostic:
    rule = next(r for r in load() if r.code == rule_id)
    return Diagnostic(
        rule_id=rule_id,
        rule=rule.name,
        severity=Severity.ERROR,
        address=address,
        message="m",
        related=(),
        location=location,
        source="plan.json",
    )


def _result() -> LintResult:
    return LintResult(
        diagnostics=(
            _diag("TFVPC001", "aws_vpc_peering_connection.a", Location("net/main.tf", 3, 7)),
            _diag("TFVPC001", "aws_vpc_peering_connection.b", Location("net/main.tf", 9, 9)),
            _diag("TFVPC004", "aws_network_interface_attachment.x", None),
        ),
        inputs=("plan.json",),
        resources=3,
        rules=tuple(load()),
        tool_version="0",
    )


def test_github_locations_link_to_file_and_lines() -> None:
    text = markdown.render(_result(), environ=GITHUB)
    assert "(https://github.com/acme/infra/blob/0123abc/net/main.tf#L3-L7)" in text
    assert "(https://github.com/acme/infra/blob/0123abc/net/main.tf#L9)" in text
    # a plan-only finding has no line in the repository: no link
    assert "`plan.json (plan)` |" in text


def test_gitlab_locations_link_to_file_and_lines() -> None:
    text = markdown.render(_result(), environ=GITLAB)
    assert "(https://gitlab.example.com/acme/infra/-/blob/0123abc/net/main.tf#L3-7)" in text


def test_no_forge_no_links() -> None:
    text = markdown.render(_result(), environ={})
    assert "/blob/" not in text


def test_rules_link_to_their_documentation_once_folded_without_py_links() -> None:
    text = markdown.render(_result(), environ={})
    assert "[TFVPC001](#tfvpc-tfvpc001)" in text
    assert text.count('<a name="tfvpc-tfvpc001"></a>') == 1
    assert text.count('<a name="tfvpc-tfvpc004"></a>') == 1
    assert text.count("<details>") == 3  # one per rule that fired, and the picture
    assert ".py" not in text
    assert "tfvpc explain TFVPC001" in text


def test_rule_docs_are_not_hard_wrapped() -> None:
    text = markdown.render(_result(), environ={})
    docs = text.split("### Rules", 1)[1]
    fenced = False
    for previous, line in zip(docs.splitlines(), docs.splitlines()[1:], strict=False):
        if previous.startswith("```"):
            fenced = not fenced
        if fenced or not previous.strip() or not line.strip():
            continue
        # two consecutive prose lines would render with a line break between them on GitHub
        starts_block = re.match(r"(#|[-*+] |\d+[.)] |\||<|```)", line.strip())
        ends_block = previous.strip().startswith(("#", "|", "<", "```"))
        assert starts_block or ends_block, (previous, line)


def test_unwrap_keeps_lists_code_and_headings() -> None:
    text = "#### Why\nOne\ntwo.\n\n- a\n  b\n- c\n```hcl\nx = 1\ny = 2\n```\nend"
    assert (
        markdown.unwrap(text) == "#### Why\nOne two.\n\n- a b\n- c\n```hcl\nx = 1\ny = 2\n```\nend"
    )
