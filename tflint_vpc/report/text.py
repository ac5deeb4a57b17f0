"""The default, readable report: one line per finding, like compilers and ruff.

`path:line: severity CODE name address: message` with a summary line. Colour only when asked
(the CLI asks when stdout is a terminal and `NO_COLOR` is unset).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.printable import printable
from tflint_vpc.report import ReportOptions
from tflint_vpc.report._common import relative_path

_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m", "notice": "\033[1;36m"}
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RESET = "\033[0m"


def golden_line(d: Diagnostic) -> str:
    """The location-free form used in fixture goldens."""
    return printable(f"{d.severity.value} {d.rule_id} {d.rule} {d.address}: {d.message}")


def golden_lines(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(golden_line(d) + "\n" for d in diagnostics)


def _where(d: Diagnostic, root: Path | None) -> str:
    """file:line; relative to the repository root when the CLI gives one (CI logs link it)."""
    if d.location is not None:
        file = d.location.file if root is None else relative_path(d.location.file, root)
        return printable(f"{file}:{d.location.line}")
    return printable(d.source if root is None else relative_path(d.source, root))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary(result: LintResult) -> str:
    counts = result.counts()
    scope = f"{_plural(len(result.inputs), 'input')}, {_plural(result.resources, 'resource')}"
    if result.undecided:
        # "no findings" is not "nothing wrong" where a rule could not know: say how much
        scope += f"; {result.undecidable_resources} undecidable, -v lists them"
    failed = (
        f" {_plural(len(result.errors), 'input')} could not be linted." if result.errors else ""
    )
    if not result.diagnostics and result.errors and not result.inputs:
        return f"Nothing linted:{failed}"  # not "No findings": nothing was checked
    if not result.diagnostics:
        return f"No findings ({scope}).{failed}"
    parts = ", ".join(_plural(n, s) for s, n in counts.items() if n)
    return f"Found {_plural(len(result.diagnostics), 'finding')} ({parts}) in {scope}.{failed}"


def render(result: LintResult, colour: bool = False, root: Path | None = None) -> str:
    lines = []
    for d in result.diagnostics:
        sev = d.severity.value
        # One finding, one line: an address or message cannot forge or erase lines.
        address, message = printable(d.address), printable(d.message)
        if colour:
            lines.append(
                f"{_BOLD}{_where(d, root)}{_RESET}: {_COLOURS[sev]}{sev}{_RESET} "
                f"{_BOLD}{d.rule_id}{_RESET} {_DIM}{d.rule}{_RESET} {address}: {message}"
            )
        else:
            lines.append(f"{_where(d, root)}: {sev} {d.rule_id} {d.rule} {address}: {message}")
    lines.extend(
        printable(f"fixed: {e.rule_id} {e.address} (in the baseline, no longer found)")
        for e in result.fixed
    )
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def report(result: LintResult, options: ReportOptions) -> str:
    return render(result, colour=options.colour, root=options.root)


MAX_UNDECIDED_LINES = 50  # stderr lines of -v; a plan of thousands of unknowns must not flood


def undecided_lines(result: LintResult) -> list[str]:
    """`-v`: one stderr line per resource a rule could not judge (sorted, capped)."""
    notes = result.undecided
    lines = [
        f"tfvpc: undecided: {n.rule_id} {printable(n.address)}: {printable(n.reason)}"
        for n in notes[:MAX_UNDECIDED_LINES]
    ]
    if len(notes) > MAX_UNDECIDED_LINES:
        lines.append(f"tfvpc: undecided: {len(notes) - MAX_UNDECIDED_LINES} more not shown")
    return lines
