"""What the engine hands to reporters: stamped diagnostics and the result of one lint run.

Reporters import this module (and `rule` for `Severity`/`Rule`), never the engine.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from tflint_vpc.inventory import Location
from tflint_vpc.rule import Rule, Severity


@dataclass(frozen=True, slots=True)
class Diagnostic:
    rule_id: str
    rule: str
    severity: Severity
    address: str
    message: str
    related: tuple[str, ...]
    location: Location | None
    source: str  # the input path
    values: tuple[str, ...] = ()

    @property
    def fingerprint(self) -> str:
        """Stable identity: rule id + address + the values that make the finding.

        Not the message text or line numbers, so rewording and unrelated edits keep it.
        """
        key = "\x1f".join((self.rule_id, self.address, *self.values))
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def sort_key(self) -> tuple[str, int, str, str, str]:
        loc = self.location
        return (self.source, loc.line if loc else 0, self.address, self.rule_id, self.message)


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
