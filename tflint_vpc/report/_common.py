"""What the CI reporters share: ordering, repository-relative places and rule links."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.rule import Rule, Severity

PROJECT_URL = "https://github.com/tflint-vpc/tflint-vpc"
# Rule docs live in the rule module's docstring, so the module source on the main branch is the
# one stable page per rule; `tfvpc rule CODE` prints the same text offline.
RULE_DOC_URL = PROJECT_URL + "/blob/main/rules/{module}.py"
BUILTIN_PREFIX = "TFVPC"


def most_severe_first(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Errors, then warnings, then notices; the engine's order within one severity."""
    return sorted(diagnostics, key=lambda d: (-d.severity.rank, d.sort_key()))


def in_report_order(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: d.sort_key())


def round_robin(
    diagnostics: Sequence[Diagnostic], cap: int
) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """(shown, hidden): at most `cap` diagnostics picked one rule at a time, in the given order.

    Taking the first `cap` let one noisy rule (250 TFVPC001) hide every other rule; picking in
    turns (each rule's next finding, rules in order of first appearance) shows every rule that
    fits. Both lists keep the order of `diagnostics`.
    """
    if len(diagnostics) <= cap:
        return list(diagnostics), []
    queues: dict[str, list[int]] = {}
    for index, d in enumerate(diagnostics):
        queues.setdefault(d.rule_id, []).append(index)
    picked: set[int] = set()
    depth = 0
    while len(picked) < cap:
        for queue in queues.values():
            if depth < len(queue) and len(picked) < cap:
                picked.add(queue[depth])
        depth += 1
    shown = [d for i, d in enumerate(diagnostics) if i in picked]
    hidden = [d for i, d in enumerate(diagnostics) if i not in picked]
    return shown, hidden


def count_by_severity(diagnostics: Iterable[Diagnostic]) -> dict[Severity, int]:
    counts = dict.fromkeys(Severity, 0)
    for d in diagnostics:
        counts[d.severity] += 1
    return counts


def rule_doc_url(rule: Rule) -> str | None:
    """The rule's documentation page; None for third-party packs (we do not know their home)."""
    if rule.code.startswith(BUILTIN_PREFIX) and rule.module:
        return RULE_DOC_URL.format(module=rule.module)
    return None


@dataclass(frozen=True, slots=True)
class Place:
    """Where a reporter points: a repository-relative path and 1-based lines."""

    path: str
    line: int
    end_line: int
    exact: bool  # False: a plan-only finding pointed at its input file, line 1


def relative_path(path: str, root: Path | None = None) -> str:
    """`path` relative to `root` (default: the working directory), with forward slashes.

    CI tools want repository-relative paths; a path outside the root is kept as given.
    """
    base = Path.cwd() if root is None else root
    given = Path(path)
    absolute = given if given.is_absolute() else Path.cwd() / given
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        rel = path
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        rel = path
    return PurePosixPath(rel.replace("\\", "/")).as_posix()


def place_of(diagnostic: Diagnostic, root: Path | None = None) -> Place:
    """The diagnostic's source location, or its input file (line 1) for plan-only findings."""
    loc = diagnostic.location
    if loc is None:
        return Place(relative_path(diagnostic.source, root), 1, 1, exact=False)
    line = max(loc.line, 1)
    return Place(relative_path(loc.file, root), line, max(loc.end_line, line), exact=True)


def rules_for(result: LintResult) -> list[Rule]:
    """The rules that ran, plus any rule a diagnostic names that is not among them.

    Normally the engine only stamps diagnostics of rules that ran; this keeps `ruleIndex` and
    per-rule sections well-defined even if a caller hands in a partial rule list. Such a rule
    has no documentation here: reporters see the result, never the registry.
    """
    rules = list(result.rules)
    known = {r.code for r in rules}
    for d in result.diagnostics:
        if d.rule_id not in known:
            known.add(d.rule_id)
            rules.append(Rule(d.rule_id, d.rule, d.severity, None))
    return rules
