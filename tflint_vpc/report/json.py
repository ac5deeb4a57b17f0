"""The JSON report: a stable contract that other tools read (README "JSON output")."""

from __future__ import annotations

import json

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.report import ReportOptions

FORMAT_VERSION = 1


def _finding(d: Diagnostic) -> dict[str, object]:
    loc = d.location
    return {
        "rule_id": d.rule_id,
        "rule": d.rule,
        "severity": d.severity.value,
        "address": d.address,
        "message": d.message,
        "related": list(d.related),
        "location": None
        if loc is None
        else {"file": loc.file, "line": loc.line, "end_line": loc.end_line},
        "source": d.source,
        "fingerprint": d.fingerprint,
    }


def to_document(result: LintResult) -> dict[str, object]:
    counts = result.counts()
    document: dict[str, object] = {
        "version": FORMAT_VERSION,
        "tool": {"name": "tfvpc", "version": result.tool_version},
        "findings": [_finding(d) for d in result.diagnostics],
        "summary": {
            "errors": counts["error"],
            "warnings": counts["warning"],
            "notices": counts["notice"],
            "inputs": len(result.inputs),
            "resources": result.resources,
            # resources some rule could not judge (an unknown value); `tfvpc lint -v` lists them
            "undecided": result.undecidable_resources,
        },
    }
    if result.fixed:
        document["fixed"] = [
            {"fingerprint": e.fingerprint, "rule_id": e.rule_id, "address": e.address}
            for e in result.fixed
        ]
    if result.errors:
        document["errors"] = list(result.errors)
    return document


def render(result: LintResult) -> str:
    return json.dumps(to_document(result), indent=2) + "\n"


def report(result: LintResult, options: ReportOptions) -> str:
    return render(result)  # paths as the engine reports them: machine readers resolve them
