"""What the engine hands to reporters: stamped diagnostics and the result of one lint run.

Reporters import this module (and `rule` for `Severity`/`Rule`), never the engine.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from tflint_vpc.address import natural_key
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
        """Stable identity: rule id + address + the kind of problem (the rule's `values`).

        Not the message text, line numbers or incidental values (an instance type within the
        same hypervisor class), so rewording and unrelated edits keep it.
        """
        key = "\x1f".join((self.rule_id, self.address, *self.values))
        return hashlib.sha256(key.encode()).hexdigest()[:32]

    def sort_key(self) -> tuple[str, int, tuple[str | int, ...], str, str]:
        # natural order of addresses: `p[2]` before `p[10]` (count instances share a line)
        loc = self.location
        return (
            self.source,
            loc.line if loc else 0,
            natural_key(self.address),
            self.rule_id,
            self.message,
        )


@dataclass(frozen=True, slots=True)
class UndecidedNote:
    """A resource a rule could not judge (a rule's `Undecided`, stamped): never a finding."""

    rule_id: str
    address: str
    reason: str

    def sort_key(self) -> tuple[str, tuple[str | int, ...], str]:
        return (self.rule_id, natural_key(self.address), self.reason)


@dataclass(frozen=True)
class BaselineEntry:
    """A finding recorded in a baseline file (see baseline.py)."""

    fingerprint: str
    rule_id: str
    address: str
    message: str = ""
    # An entry of a version-1 baseline, whose fingerprints fed incidental values (the instance
    # type, not its hypervisor): it matches by rule and address until rewritten.
    legacy: bool = False


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
    baseline_written: int | None = None  # entries written by --write-baseline, if asked
    undecided: tuple[UndecidedNote, ...] = ()  # what the rules that ran could not judge, sorted

    @property
    def undecidable_resources(self) -> int:
        """How many distinct resources some rule could not judge."""
        return len({n.address for n in self.undecided})

    def counts(self) -> dict[str, int]:
        """Number of diagnostics by severity value, every severity present."""
        counts = dict.fromkeys((s.value for s in Severity), 0)
        for d in self.diagnostics:
            counts[d.severity.value] += 1
        return counts
