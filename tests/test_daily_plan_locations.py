"""Issue 14 item 11 (part): a plan-only finding in SARIF and GitLab Code Quality still points
at the plan file (both formats require a file and a line) but says it is not a source location."""

from __future__ import annotations

import json

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.inventory import Location
from tflint_vpc.registry import load
from tflint_vpc.report import gitlab, sarif
from tflint_vpc.rule import Severity


def _result(location: Location | None) -> LintResult:
    rule = next(r for r in load() if r.code == "TFVPC001")
    d = Diagnostic(
        rule_id=rule.code,
        rule=rule.name,
        severity=Severity.ERROR,
        address="aws_vpc_peering_connection.p",
        message="m",
        related=(),
        location=location,
        source="plan.json",
    )
    return LintResult(
        diagnostics=(d,), inputs=("plan.json",), resources=1, rules=(rule,), tool_version="0"
    )


def _sarif_location(result: LintResult) -> dict[str, object]:
    log = sarif.to_sarif(result)
    runs = log["runs"]
    assert isinstance(runs, list)
    location = runs[0]["results"][0]["locations"][0]
    assert isinstance(location, dict)
    return location


def test_sarif_marks_the_plan_file_as_not_a_source_location() -> None:
    location = _sarif_location(_result(None))
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "plan.json"},
        "region": {"startLine": 1},
    }
    assert location["properties"] == {"sourceLocation": False}
    message = location["message"]
    assert isinstance(message, dict)
    assert "not a source location" in message["text"]


def test_sarif_source_locations_are_unmarked() -> None:
    location = _sarif_location(_result(Location("main.tf", 3, 5)))
    assert "properties" not in location
    assert "message" not in location


def test_gitlab_says_a_plan_location_is_not_a_source_location() -> None:
    (issue,) = json.loads(gitlab.render(_result(None)))
    assert issue["location"] == {"path": "plan.json", "lines": {"begin": 1}}
    assert issue["description"].endswith("(from plan.json: not a source location)")
    (issue,) = json.loads(gitlab.render(_result(Location("main.tf", 3, 5))))
    assert "not a source location" not in issue["description"]
