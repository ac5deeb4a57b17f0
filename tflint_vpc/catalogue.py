"""The rule catalogue as text: `tfvpc rules` and `tfvpc explain`, derived from the rules."""

from __future__ import annotations

import json

from tflint_vpc.errors import UsageError
from tflint_vpc.registry import find, load


def render_catalogue(fmt: str = "table") -> str:
    rules = load()
    if fmt == "json":
        rows = [
            {
                "id": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "enabled": r.enabled,
                "summary": r.summary,
            }
            for r in rules
        ]
        return json.dumps(rows, indent=2) + "\n"
    if fmt == "markdown":
        lines = ["| id | name | severity | what it finds |", "|---|---|---|---|"]
        lines += [f"| {r.code} | `{r.name}` | {r.severity.value} | {r.summary} |" for r in rules]
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise UsageError(f"unknown format {fmt!r} for `tfvpc rules` (table, markdown, json)")
    width = max((len(r.name) for r in rules), default=4)
    lines = [f"{'ID':<9}{'NAME':<{width + 2}}{'SEVERITY':<10}SUMMARY"]
    lines += [f"{r.code:<9}{r.name:<{width + 2}}{r.severity.value:<10}{r.summary}" for r in rules]
    return "\n".join(lines) + "\n"


def explain(key: str) -> str:
    """A rule's documentation: heading, severity, then its module docstring."""
    rule = find(key)
    if rule is None:
        raise UsageError(f"unknown rule {key!r} (see `tfvpc rules`)")
    state = "enabled" if rule.enabled else "disabled"
    head = f"# {rule.name} ({rule.code})\n\nSeverity: {rule.severity.value} ({state} by default)\n"
    options = ""
    if rule.options is not None:
        from dataclasses import fields

        options = "\n## Options\n" + "".join(
            f"- `{f.name}` (default: `{f.default!r}`)\n"
            for f in fields(rule.options)  # type: ignore[arg-type]
        )
    return f"{head}\n{rule.doc.strip()}\n{options}"
