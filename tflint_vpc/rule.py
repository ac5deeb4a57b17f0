"""What a rule module imports besides the model: `rule`, `Finding`, `Undecided`, `Severity`.

A rule is a function over the frozen `Topology` that yields `Finding`s (where and what), and
`Undecided`s where it cannot know (which resource, which value is unknown): never a finding, but
what `tfvpc lint -v` lists, so "no findings" can be told from "could not check". The
`@rule` decorator wraps it into a `Rule` value and registers nothing; `registry.load()` finds
the module-level `Rule`s. The engine, not the rule, stamps id, name and severity.

The decorator is typed over the rule's options: `@rule(code=..., options=Options)` accepts only
`def f(topology: Topology, options: Options)`, and `@rule(code=...)` only `def f(topology)`, so
mypy catches a rule whose signature and options class disagree. The `Rule` value itself is not
generic (the engine holds rules of every options type side by side); it checks at run time that
the options it is handed are an instance of its options class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar, overload

from tflint_vpc.model import Topology

OptionsT = TypeVar("OptionsT")


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
class Undecided:
    """A resource a rule could not judge, and why (the unknown value): not a finding."""

    address: str
    reason: str


Outcome = Finding | Undecided
Check = Callable[[Topology, object], Iterable[Outcome]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str  # "TFVPC001": stable; select/ignore, SARIF ruleId
    name: str  # "peering-cidr-overlap": the function name, kebab-cased
    severity: Severity
    # None: the engine itself produces this rule's diagnostics (TFVPC000 needs the suppression
    # comments, which a topology rule never sees); see `engine_rule`.
    check: Check | None
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

    @property
    def reads_topology(self) -> bool:
        return self.check is not None

    def default_options(self) -> object | None:
        return None if self.options is None else self.options()

    def run(self, topology: Topology, options: object | None = None) -> Iterable[Finding]:
        """The rule's findings over `topology`; `options` None means the defaults."""
        return [o for o in self.outcomes(topology, options) if isinstance(o, Finding)]

    def outcomes(self, topology: Topology, options: object | None = None) -> Iterable[Outcome]:
        """Findings and `Undecided`s, in the order the rule yields them."""
        if self.check is None:
            return ()  # produced by the engine from what the topology does not hold
        return self.check(topology, options if options is not None else self.default_options())


def _kebab(name: str) -> str:
    return name.replace("_", "-")


def _without_options(fn: Callable[[Topology], Iterable[Outcome]]) -> Check:
    def check(topology: Topology, options: object) -> Iterable[Outcome]:
        return fn(topology)

    return check


def _with_options(
    fn: Callable[[Topology, OptionsT], Iterable[Outcome]], cls: type[OptionsT]
) -> Check:
    def check(topology: Topology, options: object) -> Iterable[Outcome]:
        if not isinstance(options, cls):
            # a caller bug (options of another rule): fail loudly instead of misbehaving
            raise TypeError(f"{fn.__name__} expects {cls.__name__}, got {type(options).__name__}")
        return fn(topology, options)

    return check


@overload
def rule(
    *, code: str, severity: Severity = ..., enabled: bool = ...
) -> Callable[[Callable[[Topology], Iterable[Outcome]]], Rule]: ...


@overload
def rule(
    *, code: str, options: type[OptionsT], severity: Severity = ..., enabled: bool = ...
) -> Callable[[Callable[[Topology, OptionsT], Iterable[Outcome]]], Rule]: ...


def rule(
    *,
    code: str,
    options: type[OptionsT] | None = None,
    severity: Severity = Severity.ERROR,
    enabled: bool = True,
) -> (
    Callable[[Callable[[Topology], Iterable[Outcome]]], Rule]
    | Callable[[Callable[[Topology, OptionsT], Iterable[Outcome]]], Rule]
):
    """Turn a check function into a `Rule`; the rule's name is the function name, kebab-cased."""
    if options is None:

        def plain(fn: Callable[[Topology], Iterable[Outcome]]) -> Rule:
            return Rule(code, _kebab(fn.__name__), severity, _without_options(fn), None, enabled)

        return plain
    cls = options

    def with_options(fn: Callable[[Topology, OptionsT], Iterable[Outcome]]) -> Rule:
        return Rule(code, _kebab(fn.__name__), severity, _with_options(fn, cls), cls, enabled)

    return with_options


def engine_rule(*, code: str, name: str, severity: Severity, enabled: bool = True) -> Rule:
    """A catalogued rule whose diagnostics the engine produces (no topology check of its own).

    It is selected, ignored, documented and configured like any rule; only the engine knows
    how to find its problems.
    """
    return Rule(code, name, severity, None, None, enabled)
