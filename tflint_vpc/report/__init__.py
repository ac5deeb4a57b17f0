"""Reporters: one module per output format, each turning a `LintResult` into text.

Every public module here is a format named after it and defines
`report(result: LintResult, options: ReportOptions) -> str`; `FORMATS` is the one list of them
(in the order `--help` shows), and a test keeps it equal to the modules present. Reporters see
`tflint_vpc.diagnostic` (diagnostics and the result), never the engine.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tflint_vpc.errors import UsageError

if TYPE_CHECKING:
    from tflint_vpc.diagnostic import LintResult

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "markdown")


@dataclass(frozen=True)
class ReportOptions:
    """What a reporter may be told besides the result; each uses what applies to it."""

    root: Path | None = None  # paths relative to this (default: the working directory)
    colour: bool = False  # ANSI colour (text only; the CLI asks when stdout is a terminal)


class Reporter(Protocol):
    def __call__(self, result: LintResult, options: ReportOptions) -> str: ...


def reporter(name: str) -> Reporter:
    """The `report` function of format `name`; UsageError for an unknown format."""
    if name not in FORMATS:
        raise UsageError(f"unknown format {name!r} (choose from {', '.join(FORMATS)})")
    found: Reporter = importlib.import_module(f"{__name__}.{name}").report
    return found
