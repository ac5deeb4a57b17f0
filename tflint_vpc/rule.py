"""What a rule module imports besides the model: `rule`, `Finding`, `Severity`.

A rule is a function over the frozen `Topology` that yields `Finding`s (where and what). The
`@rule` decorator wraps it into a `Rule` value and registers nothing; `registry.load()` finds
the module-level `Rule`s. The engine, not the rule, stamps id, name and severity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum

from tflint_vpc.model import Topology


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"

    @property
    def rank(self) -> int:
        """Higher is more severe."""
        return {"error": 3, "warning": 2, "notice": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule yields: the resource it is about, what is wrong, and what else is involved.

    `values` are the facts that make the finding (CIDRs, AZs, instance type): they feed the
    baseline fingerprint, so a finding keeps its identity across unrelated edits.
    """

    address: str
    message: str
    related: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    # A lesser level for this finding, for a rule whose specification gives one to part of
    # its cases (TFVPC006: error, warning when the route covers the peer and more). None is
    # the rule's level; a severity configured for the rule overrides both.
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    code: str  # "TFVPC001": stable; select/ignore, SARIF ruleId
    name: str  # "peering-cidr-overlap": the function name, kebab-cased
    severity: Severity
    check: Callable[..., Iterable[Finding]]
    options: type[object] | None = None  # a frozen dataclass of this rule's options
    enabled: bool = True
    doc: str = field(default="", compare=False)  # the module docstring, filled by the registry
    module: str = field(default="", compare=False)  # the module stem, filled by the registry

    def is_named(self, key: str) -> bool:
        """Whether `key` names this rule: its code (any case) or its name."""
        return key.upper() == self.code or key.lower() == self.name

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""

    def run(self, topology: Topology, options: object | None = None) -> Iterable[Finding]:
        if self.options is None:
            return self.check(topology)
        return self.check(topology, options if options is not None else self.options())


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def rule(
    *,
    code: str,
    severity: Severity = Severity.ERROR,
    options: type[object] | None = None,
    enabled: bool = True,
) -> Callable[[Callable[..., Iterable[Finding]]], Rule]:
    """Turn a check function into a `Rule`; the rule's name is the function name, kebab-cased."""

    def wrap(fn: Callable[..., Iterable[Finding]]) -> Rule:
        return Rule(
            code=code,
            name=_kebab(fn.__name__),
            severity=severity,
            check=fn,
            options=options,
            enabled=enabled,
        )

    return wrap
