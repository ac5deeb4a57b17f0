"""Select rules, run them over one topology, stamp identity, filter, sort.

The engine is the only place that turns a rule's `Finding` into a `Diagnostic`: it adds the
rule's code, name and (possibly overridden) severity, the resource's source location and the
input path, so a rule cannot misreport itself.

Filtering of one input happens here, in `run`, in one order: inline suppression comments,
then TFVPC000 (suppressions that silenced nothing or name no rule), then per-address and
per-path ignores. The baseline, which spans every input, is applied after it by `api.lint`;
nothing else filters, so the library and the CLI agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from tflint_vpc.diagnostic import BaselineEntry, Diagnostic, LintResult, UndecidedNote
from tflint_vpc.errors import UsageError
from tflint_vpc.inventory import Inventory, Suppression
from tflint_vpc.model import Topology
from tflint_vpc.rule import Finding, Rule, Severity

__all__ = [  # LintResult and BaselineEntry live in diagnostic.py; re-exported for old imports
    "UNUSED_SUPPRESSION",
    "BaselineEntry",
    "LintResult",
    "RunOptions",
    "exit_status",
    "path_ignored",
    "rules_named",
    "run",
    "select_rules",
]

# The catalogued rule (rules/unused_suppression.py) whose diagnostics the engine produces: only
# the engine sees both the suppression comments and what each rule found.
UNUSED_SUPPRESSION = "TFVPC000"

# (glob as an fnmatch pattern with literal brackets, rule codes; () = every rule)
IgnoreSpec = tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class RunOptions:
    """How to run the selected rules (built from CLI flags and the config file)."""

    severities: Mapping[str, Severity] = field(default_factory=dict)  # by rule code
    rule_options: Mapping[str, object] = field(default_factory=dict)  # by rule code
    # (address glob, rule codes or names; empty = every rule)
    address_ignores: IgnoreSpec = ()
    # (source-file glob, rule codes; empty = every rule), tried against the file as reported
    # and relative to `root` (the configuration file's directory)
    path_ignores: IgnoreSpec = ()
    root: str | None = None


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


def selector_names(selector: str, code: str, name: str) -> bool:
    """Whether `selector` (as in `select`: code, name, code prefix or `ALL`) names the rule."""
    key = selector.upper()
    return key == "ALL" or code.startswith(key) or selector.lower() == name


def _silences(suppression: Suppression, diagnostic: Diagnostic) -> bool:
    return any(selector_names(k, diagnostic.rule_id, diagnostic.rule) for k in suppression.rules)


def _named_by(rule: Rule, suppression: Suppression) -> bool:
    return any(selector_names(k, rule.code, rule.name) for k in suppression.rules)


def _stamp(
    rule: Rule,
    topology: Topology,
    inventory: Inventory,
    options: RunOptions,
    undecided: list[UndecidedNote] | None = None,
) -> list[Diagnostic]:
    """The rule's findings as diagnostics; its `Undecided`s go to `undecided` when given."""
    findings: list[Finding] = []
    for outcome in rule.outcomes(topology, options.rule_options.get(rule.code)):
        if isinstance(outcome, Finding):
            findings.append(outcome)
        elif undecided is not None:
            undecided.append(UndecidedNote(rule.code, outcome.address, outcome.reason))
    # a configured severity wins; else the finding's own (a rule with two levels), else the rule's
    configured = options.severities.get(rule.code)
    return [
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
        for finding in findings
    ]


def run(
    topology: Topology,
    inventory: Inventory,
    rules: Iterable[Rule],
    options: RunOptions | None = None,
    *,
    catalogue: Sequence[Rule] | None = None,
    undecided: list[UndecidedNote] | None = None,
) -> list[Diagnostic]:
    """Run `rules` over one input's topology; sorted diagnostics, filters applied.

    `undecided`, when given, receives what the selected rules could not judge (`-v`); rules run
    only to judge suppressions add nothing to it.

    `catalogue` is every rule that exists (default: the registry); TFVPC000 needs it to tell a
    suppression of an unknown rule from one of a rule that is merely not selected, and runs the
    rules a suppression names (reporting nothing of theirs) to judge whether it is still used.
    """
    options = options or RunOptions()
    rules = tuple(rules)
    if catalogue is None:
        from tflint_vpc.registry import load

        catalogue = load()
    reported = {r.code for r in rules}
    judge_suppressions = UNUSED_SUPPRESSION in reported and bool(inventory.suppressions)
    to_run = [r for r in rules if r.reads_topology]
    if judge_suppressions:
        named = [
            r
            for r in catalogue
            if r.reads_topology
            and r.code not in reported
            and any(_named_by(r, s) for s in inventory.suppressions)
        ]
        to_run.extend(named)
    found = [
        d
        for rule in to_run
        for d in _stamp(
            rule, topology, inventory, options, undecided if rule.code in reported else None
        )
    ]
    return _filter(found, inventory, rules, catalogue, options, reported)


def _filter(
    found: list[Diagnostic],
    inventory: Inventory,
    rules: tuple[Rule, ...],
    catalogue: Sequence[Rule],
    options: RunOptions,
    reported: set[str],
) -> list[Diagnostic]:
    """Suppressions, then TFVPC000, then address and path ignores: the one filtering order."""
    suppressions: dict[str, list[Suppression]] = {}
    for s in inventory.suppressions:
        suppressions.setdefault(s.address, []).append(s)
    used: set[Suppression] = set()
    kept: list[Diagnostic] = []
    for d in found:
        silencing = [s for s in suppressions.get(d.address, ()) if _silences(s, d)]
        used.update(silencing)
        if not silencing and d.rule_id in reported:
            kept.append(d)
    unused = next((r for r in rules if r.code == UNUSED_SUPPRESSION), None)
    if unused is not None:
        severity = options.severities.get(unused.code, unused.severity)
        kept.extend(_suppression_problems(inventory, used, unused, severity, catalogue))
    kept = [d for d in kept if not _ignored(d, options)]
    return sorted(kept, key=Diagnostic.sort_key)


def _suppression_problems(
    inventory: Inventory,
    used: set[Suppression],
    unused: Rule,
    severity: Severity,
    catalogue: Sequence[Rule],
) -> Iterable[Diagnostic]:
    """TFVPC000: a malformed suppression, one naming an unknown rule, or one whose rules found
    nothing there.

    A file-wide suppression (`tfvpc:ignore-file`) is one per resource of its file: it is judged
    once, as used when it silenced anything on any of them.
    """
    file_wide_used = {(s.location, s.rules) for s in used if s.file_wide}
    judged: set[tuple[object, ...]] = set()
    for s in inventory.suppressions:
        if s.file_wide or s.problem is not None:  # one report per comment, not per resource
            if (s.location, s.rules, s.problem) in judged:
                continue
            judged.add((s.location, s.rules, s.problem))
        unknown = [
            k for k in s.rules if not any(selector_names(k, r.code, r.name) for r in catalogue)
        ]
        if s.problem is not None:
            message = s.problem
        elif unknown:
            message = f"suppression names unknown rule {', '.join(unknown)} (see `tfvpc rules`)"
        elif (
            s in used
            or (s.file_wide and (s.location, s.rules) in file_wide_used)
            or not any(r.reads_topology and _named_by(r, s) for r in catalogue)
        ):
            continue  # used, or it names only TFVPC000 itself
        else:
            message = f"suppression of {', '.join(s.rules)} silences nothing"
        yield Diagnostic(
            rule_id=unused.code,
            rule=unused.name,
            severity=severity,
            address=s.address,
            message=message,
            related=(),
            location=s.location,
            source=inventory.source,
            values=s.rules,
        )


def _ignored(d: Diagnostic, options: RunOptions) -> bool:
    by_address = any(
        fnmatchcase(d.address, pattern)
        and (not keys or any(d.rule_id == k.upper() or d.rule == k.lower() for k in keys))
        for pattern, keys in options.address_ignores
    )
    return by_address or path_ignored(d, options.path_ignores, options.root)


def path_ignored(d: Diagnostic, path_ignores: IgnoreSpec, root: str | None) -> bool:
    """Whether a per-path ignore drops `d` (matched on its file, else its input)."""
    if not path_ignores:
        return False
    file = d.location.file if d.location else d.source
    candidates = {PurePosixPath(file.replace("\\", "/")).as_posix()}
    if root is not None:
        with suppress(ValueError):  # a file outside the root keeps only its reported form
            candidates.add(Path(file).resolve().relative_to(Path(root).resolve()).as_posix())
    return any(
        (not codes or d.rule_id in codes) and fnmatchcase(path, pattern)
        for pattern, codes in path_ignores
        for path in candidates
    )


def exit_status(diagnostics: Iterable[Diagnostic], fail_on: str = "warning") -> int:
    """1 when a diagnostic reaches the failing severity, else 0 (`never` never fails)."""
    if fail_on == "never":
        return 0
    threshold = Severity(fail_on).rank
    return 1 if any(d.severity.rank >= threshold for d in diagnostics) else 0
