"""SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer).

Choices, for what GitHub does with them (inputs-and-outputs.md §6.2):

* One run, `tool.driver.name` "tfvpc", `rules[]` = the rules that ran, in code order, so
  `ruleIndex` is stable for a given selection and `ruleId` is the stable rule code.
* No `security-severity`. Its presence makes GitHub file a rule under *security* alerts with a
  CVSS-like rating; these rules catch availability and misconfiguration mistakes (an apply that
  fails, a route that cannot work), not vulnerabilities. They are quality alerts, so each rule
  carries `properties.problem.severity` (error / warning / recommendation) instead.
* `artifactLocation.uri` is repository-relative with forward slashes: the location's file made
  relative to the working directory (or `root`). A plan-only finding has no `.tf` line, and
  GitHub code scanning requires a physical location with a start line, so it points at the
  plan JSON, line 1, and says so: the location carries a `message` ("not a source location")
  and `properties.sourceLocation: false`, and the Terraform address is in the message and in
  `logicalLocations`. `--source-dir` (or linting the HCL) gives the real file and line.
* `partialFingerprints` carries our own `tfvpc/v1` key (the diagnostic fingerprint: rule id +
  address + values, stable across runs and edits). GitHub only uses `primaryLocationLineHash`,
  which `github/codeql-action/upload-sarif` computes from the file when it is missing, so we do
  not compute it (it needs the source file, which a plan-only run does not have).
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.report import ReportOptions
from tflint_vpc.report._common import (
    PROJECT_URL,
    in_report_order,
    place_of,
    rule_doc_url,
    rules_for,
)
from tflint_vpc.rule import Rule, Severity

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "tfvpc/v1"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
_PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.NOTICE: "recommendation",
}
_TAGS = ("terraform", "aws", "vpc", "networking")
_MAX_DESCRIPTION = 1024  # GitHub's limit for short and full descriptions

JSON = dict[str, object]


def _clip(text: str, limit: int = _MAX_DESCRIPTION) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _doc_sections(doc: str) -> tuple[str, str]:
    """(summary line, body) of a rule docstring in ruff's section style."""
    lines = doc.strip().splitlines()
    if not lines:
        return "", ""
    return lines[0].strip(), "\n".join(lines[1:]).strip()


def _what_it_does(body: str) -> str:
    """The text of the `## What it does` section, or the first paragraph of the body."""
    paragraphs: list[str] = []
    capture = False
    for line in body.splitlines():
        if line.startswith("## "):
            if capture:
                break
            capture = line[3:].strip().lower() == "what it does"
            continue
        if capture:
            paragraphs.append(line)
    text = " ".join(" ".join(paragraphs).split())
    if text:
        return text
    first = body.split("\n\n", 1)[0]
    return " ".join(first.split())


def _rule_descriptor(rule: Rule) -> JSON:
    summary, body = _doc_sections(rule.doc)
    summary = summary or rule.name
    full = _what_it_does(body) or summary
    title = f"{rule.code} {rule.name}"
    help_text = f"{title}: {summary}\n\n{body}".strip() if body else f"{title}: {summary}"
    help_markdown = f"# {rule.name} ({rule.code})\n\n{summary}\n\n{body}".strip()
    descriptor: JSON = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": _clip(summary)},
        "fullDescription": {"text": _clip(full)},
        "help": {"text": help_text, "markdown": help_markdown},
    }
    url = rule_doc_url(rule)
    if url is not None:
        descriptor["helpUri"] = url
    descriptor["defaultConfiguration"] = {"level": _LEVEL[rule.severity]}
    descriptor["properties"] = {
        "tags": list(_TAGS),
        "problem.severity": _PROBLEM_SEVERITY[rule.severity],
    }
    return descriptor


def _logical(address: str) -> JSON:
    return {"fullyQualifiedName": address, "kind": "resource"}


def _result(diagnostic: Diagnostic, rule_index: int, root: Path | None) -> JSON:
    place = place_of(diagnostic, root)
    region: JSON = {"startLine": place.line}
    if place.end_line > place.line:
        region["endLine"] = place.end_line
    location: JSON = {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(place.path, safe="/")},
            "region": region,
        },
        "logicalLocations": [_logical(diagnostic.address)],
    }
    if not place.exact:
        # the plan file stands in for a source location it does not have: say so
        location["message"] = {
            "text": f"not a source location: {diagnostic.address} is from the plan "
            "(lint with --source-dir for its file and line)"
        }
        location["properties"] = {"sourceLocation": False}
    result: JSON = {
        "ruleId": diagnostic.rule_id,
        "ruleIndex": rule_index,
        "level": _LEVEL[diagnostic.severity],
        # GitHub shows the first sentence as the alert title: lead with the resource, since
        # one file holds many resources and a plan-only finding has no line to point at.
        "message": {"text": f"{diagnostic.address}: {diagnostic.message}"},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: diagnostic.fingerprint},
    }
    if diagnostic.related:
        result["relatedLocations"] = [
            {"id": i, "message": {"text": address}, "logicalLocations": [_logical(address)]}
            for i, address in enumerate(diagnostic.related, start=1)
        ]
    return result


def _notification(level: str, text: str) -> JSON:
    return {"level": level, "message": {"text": text}}


def to_sarif(result: LintResult, *, root: Path | None = None, category: str | None = None) -> JSON:
    """The SARIF log as a JSON-ready dict.

    `root` is the repository root paths are made relative to (default: the working directory).
    `category` sets `automationDetails.id` ("category/") to keep separate uploads apart, e.g.
    one for plans and one for HCL directories on the same commit.
    """
    rules = rules_for(result)
    index = {r.code: i for i, r in enumerate(rules)}
    run: JSON = {
        "tool": {
            "driver": {
                "name": "tfvpc",
                "semanticVersion": result.tool_version,
                "informationUri": PROJECT_URL,
                "rules": [_rule_descriptor(r) for r in rules],
            }
        },
    }
    notifications = [_notification("error", e) for e in result.errors]
    notifications += [_notification("note", n) for n in result.notices]
    if notifications:
        # Inputs that could not be read (and front-end notes) belong to the invocation, not to
        # the results: they are not findings about the code.
        run["invocations"] = [
            {
                "executionSuccessful": not result.errors,
                "toolExecutionNotifications": notifications,
            }
        ]
    if category:
        run["automationDetails"] = {"id": category.rstrip("/") + "/"}
    run["results"] = [
        _result(d, index[d.rule_id], root) for d in in_report_order(result.diagnostics)
    ]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(result: LintResult, *, root: Path | None = None, category: str | None = None) -> str:
    return json.dumps(to_sarif(result, root=root, category=category), indent=2) + "\n"


def report(result: LintResult, options: ReportOptions) -> str:
    return render(result, root=options.root)
