"""The rule catalogue as text: `tfvpc rules` and `tfvpc explain`, derived from the rules."""

from __future__ import annotations

import json
from dataclasses import replace

from tflint_vpc.config import Config
from tflint_vpc.engine import select_rules
from tflint_vpc.errors import UsageError
from tflint_vpc.registry import find, load


def render_catalogue(fmt: str = "table", config: Config | None = None) -> str:
    """The rules; under `config`, those it selects with the severities it sets.

    JSON lists every rule, `enabled` saying whether the configuration runs it; the table and
    Markdown list the rules that run, and the table ends with the ones left out.
    """
    every = load()
    config = config or Config()
    running = {r.code for r in select_rules(every, config.select, config.ignore)}
    rules = [replace(r, severity=config.severities.get(r.code, r.severity)) for r in every]
    if fmt == "json":
        rows = [
            {
                "id": r.code,
                "name": r.name,
                "severity": r.severity.value,
                "enabled": r.code in running,
                "summary": r.summary,
            }
            for r in rules
        ]
        return json.dumps(rows, indent=2) + "\n"
    shown = [r for r in rules if r.code in running]
    if fmt == "markdown":
        lines = ["| id | name | severity | what it finds |", "|---|---|---|---|"]
        lines += [f"| {r.code} | `{r.name}` | {r.severity.value} | {r.summary} |" for r in shown]
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise UsageError(f"unknown format {fmt!r} for `tfvpc rules` (table, markdown, json)")
    width = max((len(r.name) for r in shown), default=4)
    lines = [f"{'ID':<9}{'NAME':<{width + 2}}{'SEVERITY':<10}SUMMARY"]
    lines += [f"{r.code:<9}{r.name:<{width + 2}}{r.severity.value:<10}{r.summary}" for r in shown]
    left_out = [r.code for r in rules if r.code not in running]
    if left_out:
        origin = config.path or "the command line"
        lines.append(f"Not run under {origin}: {', '.join(left_out)}")
    return "\n".join(lines) + "\n"


def explain(key: str) -> str:
    """A rule's documentation: heading, severity, then its module docstring."""
    rule = find(key)
    if rule is None:
        raise UsageError(f"unknown rule {key!r} (see `tfvpc rules`)")
    state = "enabled" if rule.enabled else "disabled"
    head = f"# {rule.name} ({rule.code})\n\nSeverity: {rule.severity.value} ({state} by default)\n"
    options = ""
    # A rule whose docstring documents its options has one "Options" section, not two.
    if rule.options is not None and "\n## Options" not in f"\n{rule.doc}":
        from dataclasses import fields

        options = "\n## Options\n" + "".join(
            f"- `{f.name.replace('_', '-')}` (default: `{_toml(f.default)}`)\n"
            for f in fields(rule.options)  # type: ignore[arg-type]
        )
    return f"{head}\n{rule.doc.strip()}\n{options}"


def _toml(value: object) -> str:
    """A default as the configuration file writes it (`false`, not Python's `False`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, (str, int, float)) else repr(value)
