"""JUnit XML for Jenkins, GitLab and other CI test-report views.

One `<testsuite>` per rule that ran; each finding is a `<testcase>` (named after the Terraform
address) with a `<failure>` whose `type` is the severity. A rule without findings gets one
passing testcase, so the report shows which checks ran. The tree is built with `xml.etree`, which
escapes text and attributes; control characters are first made visible (`\\x1b`, see
`tflint_vpc.printable`), and what XML 1.0 still cannot carry (lone surrogates) becomes U+FFFD.
No timestamps or durations, so the output is reproducible.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.printable import printable
from tflint_vpc.report import ReportOptions
from tflint_vpc.report._common import in_report_order, place_of, rules_for
from tflint_vpc.rule import Rule

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str, keep: str = "") -> str:
    # Control characters become visible escapes (XML 1.0 cannot carry most of them, and CI
    # views show the rest raw); what remains outside XML (lone surrogates) becomes U+FFFD.
    return _NOT_XML.sub("\ufffd", printable(text, keep=keep))


def _failure_text(d: Diagnostic, root: Path | None) -> str:
    place = place_of(d, root)
    where = f"{place.path}:{place.line}" if place.exact else f"{place.path} (plan, no source line)"
    lines = [f"{d.severity.value} {d.rule_id} {d.rule}", f"{d.address}: {d.message}", where]
    if d.related:
        lines.append("related: " + ", ".join(d.related))
    return "\n".join(printable(line) for line in lines)  # the only line breaks are ours


def _suite(rule: Rule, findings: list[Diagnostic], root: Path | None) -> ET.Element:
    suite = ET.Element(
        "testsuite",
        {
            "name": f"{rule.code} {rule.name}",
            "tests": str(max(len(findings), 1)),
            "failures": str(len(findings)),
            "errors": "0",
            "skipped": "0",
        },
    )
    classname = f"tfvpc.{rule.code}"
    if not findings:
        ET.SubElement(suite, "testcase", {"classname": classname, "name": rule.name})
        return suite
    seen: Counter[str] = Counter()
    for d in findings:
        seen[d.address] += 1
        # Test-report views merge testcases of one name; number repeats on one address.
        name = d.address if seen[d.address] == 1 else f"{d.address} #{seen[d.address]}"
        place = place_of(d, root)
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": classname,
                "name": _xml_text(name),
                "file": _xml_text(place.path),
                "line": str(place.line),
            },
        )
        failure = ET.SubElement(
            case,
            "failure",
            {"type": d.severity.value, "message": _xml_text(f"{d.address}: {d.message}")},
        )
        failure.text = _xml_text(_failure_text(d, root), keep="\n")
    return suite


def _input_suite(errors: Sequence[str]) -> ET.Element:
    """Inputs that could not be read: JUnit `<error>`s (the run broke), not `<failure>`s."""
    suite = ET.Element(
        "testsuite",
        {"name": "inputs", "tests": str(len(errors)), "failures": "0", "errors": str(len(errors))},
    )
    for text in errors:
        path = text.split(": ", 1)[0]  # InputError text starts with the path
        case = ET.SubElement(
            suite, "testcase", {"classname": "tfvpc.inputs", "name": _xml_text(path)}
        )
        error = ET.SubElement(case, "error", {"type": "input", "message": _xml_text(text)})
        error.text = _xml_text(text)
    return suite


def to_element(result: LintResult, *, root: Path | None = None) -> ET.Element:
    diagnostics = in_report_order(result.diagnostics)
    suites = [
        _suite(rule, [d for d in diagnostics if d.rule_id == rule.code], root)
        for rule in sorted(rules_for(result), key=lambda r: r.code)
    ]
    if result.errors:
        suites.insert(0, _input_suite(result.errors))
    tests = sum(int(s.get("tests", "0")) for s in suites)
    root_element = ET.Element(
        "testsuites",
        {
            "name": "tfvpc",
            "tests": str(tests),
            "failures": str(len(diagnostics)),
            "errors": str(len(result.errors)),
        },
    )
    root_element.extend(suites)
    return root_element


def render(result: LintResult, *, root: Path | None = None) -> str:
    element = to_element(result, root=root)
    ET.indent(element)
    body = ET.tostring(element, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def report(result: LintResult, options: ReportOptions) -> str:
    return render(result, root=options.root)
