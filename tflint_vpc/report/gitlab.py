"""GitLab Code Quality JSON (`artifacts: reports: codequality:`).

A list of issues with exactly the fields GitLab reads (docs.gitlab.com/ci/testing/code_quality,
"Code Quality report format"): `description`, `check_name`, `fingerprint`, `severity` (one of
info, minor, major, critical, blocker) and `location.path` + `location.lines.begin`.

* Severity: error -> critical (the apply fails or the network does not work), warning -> major,
  notice -> info. `blocker` is left for nothing: no lint finding should outrank a failing build.
* GitLab shows only the first issue of a given fingerprint, so a repeated identical finding gets
  its occurrence number mixed in; the first occurrence keeps the plain diagnostic fingerprint,
  which stays stable across runs (rule id + address + values).
* A plan-only finding points at its plan file, line 1 (GitLab requires `location.path` and
  `lines.begin` and has no field for "not a source location"), and its description says so
  after the address.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

from tflint_vpc.diagnostic import LintResult
from tflint_vpc.report import ReportOptions
from tflint_vpc.report._common import in_report_order, place_of
from tflint_vpc.rule import Severity

SEVERITY = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.NOTICE: "info"}

JSON = dict[str, object]


def to_issues(result: LintResult, *, root: Path | None = None) -> list[JSON]:
    issues: list[JSON] = []
    seen: Counter[str] = Counter()
    for d in in_report_order(result.diagnostics):
        fingerprint = d.fingerprint
        seen[fingerprint] += 1
        if seen[fingerprint] > 1:
            key = f"{fingerprint}\x1f{seen[fingerprint]}"
            fingerprint = hashlib.sha256(key.encode()).hexdigest()[:32]
        place = place_of(d, root)
        issues.append(
            {
                "description": f"{d.address}: {d.message}"
                + ("" if place.exact else f" (from {place.path}: not a source location)"),
                "check_name": d.rule_id,
                "fingerprint": fingerprint,
                "severity": SEVERITY[d.severity],
                "location": {"path": place.path, "lines": {"begin": place.line}},
            }
        )
    return issues


def render(result: LintResult, *, root: Path | None = None) -> str:
    return json.dumps(to_issues(result, root=root), indent=2, ensure_ascii=False) + "\n"


def report(result: LintResult, options: ReportOptions) -> str:
    return render(result, root=options.root)
