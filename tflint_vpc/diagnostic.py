"""A finding stamped by the engine: what every reporter renders."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from tflint_vpc.inventory import Location
from tflint_vpc.rule import Severity


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
