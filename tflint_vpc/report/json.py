"""The JSON report: a stable contract that other tools read (README "JSON output")."""

from __future__ import annotations

import json
from pathlib import Path

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.report import ReportOptions
from tflint_vpc.report._common import relative_path

FORMAT_VERSION = 1


def _finding(d: Diagnostic, root: Path | None = None) -> dict[str, object]:
    loc = d.location
    file = None if loc is None else (loc.file if root is None else relative_path(loc.file, root))
    return {
        "rule_id": d.rule_id,
        "rule": d.rule,
        "severity": d.severity.value,
        "address": d.address,
        "message": d.message,
        "related": list(d.related),
        "location": None
        if loc is None
        else {"file": file, "line": loc.line, "end_line": loc.end_line},
        "source": d.source,  # the input as the user named it
        "fingerprint": d.fingerprint,
    }


def to_document(result: LintResult, root: Path | None = None) -> dict[str, object]:
    counts = result.counts()
    document: dict[str, object] = {
        "version": FORMAT_VERSION,
        "tool": {"name": "tfvpc", "version": result.tool_version},
        "findings": [_finding(d, root) for d in result.diagnostics],
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


def render(result: LintResult, root: Path | None = None) -> str:
    return json.dumps(to_document(result, root), indent=2) + "\n"


def report(result: LintResult, options: ReportOptions) -> str:
    # repository-relative when the CLI gives a root, as the CI formats are
    return render(result, options.root)
