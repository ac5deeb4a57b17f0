"""Select rules, run them over one topology, stamp identity, apply ignores, sort.

The engine is the only place that turns a rule's `Finding` into a `Diagnostic`: it adds the
rule's code, name and (possibly overridden) severity, the resource's source location and the
input path, so a rule cannot misreport itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from tflint_vpc.diagnostic import Diagnostic
from tflint_vpc.errors import UsageError
from tflint_vpc.inventory import Inventory, Suppression
from tflint_vpc.model import Topology
from tflint_vpc.rule import Rule, Severity

# Engine-level diagnostic, not a rule of the pack: a suppression comment that silenced nothing
# (as ruff's RUF100 reports an unused `noqa`).
UNUSED_SUPPRESSION = ("TFVPC000", "unused-suppression")


@dataclass(frozen=True)
class BaselineEntry:
    """A finding recorded in a baseline file (see baseline.py)."""

    fingerprint: str
    rule_id: str
    address: str
    message: str = ""


@dataclass(frozen=True)
class LintResult:
    """Everything a reporter needs."""

    diagnostics: tuple[Diagnostic, ...]
    inputs: tuple[str, ...]
    resources: int
    rules: tuple[Rule, ...]  # the rules that ran
    tool_version: str
    fixed: tuple[BaselineEntry, ...] = ()  # baseline entries no longer found
    errors: tuple[str, ...] = ()  # one-line input errors (the other inputs were still linted)
    notices: tuple[str, ...] = ()  # one-line notes from the front ends (skipped modules)

    def counts(self) -> dict[str, int]:
        """Number of diagnostics by severity value, every severity present."""
        counts = dict.fromkeys((s.value for s in Severity), 0)
        for d in self.diagnostics:
            counts[d.severity.value] += 1
        return counts


@dataclass(frozen=True)
class RunOptions:
    """How to run the selected rules (built from CLI flags and the config file)."""

    severities: Mapping[str, Severity] = field(default_factory=dict)  # by rule code
    rule_options: Mapping[str, object] = field(default_factory=dict)  # by rule code
    # (address glob, rule codes or names; empty = every rule)
    address_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()


def rules_named(rules: Sequence[Rule], selector: str) -> list[Rule]:
    """The rules a selector names: a code, a name, a code prefix (`TFVPC00`) or `ALL`."""
    if selector.upper() == "ALL":
        return list(rules)
    prefix = selector.upper()
    return [r for r in rules if r.is_named(selector) or r.code.startswith(prefix)]


def select_rules(
    rules: Sequence[Rule], select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> tuple[Rule, ...]:
    """The rules to run: enabled ones (or those selected), minus the ignored.

    Selectors are codes, names or code prefixes (`TFVPC00`, `ALL`); an unknown one is an error.
    """

    def pick(key: str) -> list[Rule]:
        found = rules_named(rules, key)
        if not found:
            raise UsageError(f"unknown rule {key!r} (see `tfvpc rules`)")
        return found

    chosen = [r for key in select for r in pick(key)] if select else [r for r in rules if r.enabled]
    dropped = {r.code for key in ignore for r in pick(key)}
    unique = {r.code: r for r in chosen if r.code not in dropped}
    return tuple(sorted(unique.values(), key=lambda r: r.code))


def _suppressed_by(rule: Rule, suppression: Suppression) -> bool:
    return any(rule.is_named(key) for key in suppression.rules)


def run(
    topology: Topology,
    inventory: Inventory,
    rules: Iterable[Rule],
    options: RunOptions | None = None,
) -> list[Diagnostic]:
    """Run `rules` over one input's topology; sorted diagnostics, suppressions applied."""
    options = options or RunOptions()
    rules = tuple(rules)
    suppressions: dict[str, list[Suppression]] = {}
    for s in inventory.suppressions:
        suppressions.setdefault(s.address, []).append(s)
    used: set[Suppression] = set()
    diagnostics: list[Diagnostic] = []
    for rule in rules:
        configured = options.severities.get(rule.code)
        for finding in rule.run(topology, options.rule_options.get(rule.code)):
            here = suppressions.get(finding.address, ())
            silencing = [s for s in here if _suppressed_by(rule, s)]
            if silencing:
                used.update(silencing)
                continue
            if any(
                fnmatchcase(finding.address, pattern)
                and (not keys or any(rule.is_named(k) for k in keys))
                for pattern, keys in options.address_ignores
            ):
                continue
            diagnostics.append(
                Diagnostic(
                    rule_id=rule.code,
                    rule=rule.name,
                    severity=configured or finding.severity or rule.severity,
                    address=finding.address,
                    message=finding.message,
                    related=finding.related,
                    location=inventory.locations.get(finding.address),
                    source=inventory.source,
                    values=finding.values,
                )
            )
    for s in inventory.suppressions:
        # Unused only when a rule it names ran: `--select` of other rules proves nothing.
        if s in used or not any(_suppressed_by(r, s) for r in rules):
            continue
        code, name = UNUSED_SUPPRESSION
        diagnostics.append(
            Diagnostic(
                rule_id=code,
                rule=name,
                severity=Severity.NOTICE,
                address=s.address,
                message=f"suppression of {', '.join(s.rules)} silences nothing",
                related=(),
                location=s.location,
                source=inventory.source,
                values=s.rules,
            )
        )
    return sorted(diagnostics, key=Diagnostic.sort_key)


def exit_status(diagnostics: Iterable[Diagnostic], fail_on: str = "warning") -> int:
    """1 when a diagnostic reaches the failing severity, else 0 (`never` never fails)."""
    if fail_on == "never":
        return 0
    threshold = Severity(fail_on).rank
    return 1 if any(d.severity.rank >= threshold for d in diagnostics) else 0
