"""Reporters see diagnostics, not the engine, and the one list of formats is the modules."""

from __future__ import annotations

import ast
import pkgutil
from pathlib import Path

import pytest

import tflint_vpc.report as report_package
from tflint_vpc.diagnostic import LintResult
from tflint_vpc.report import FORMATS, ReportOptions, reporter
from tflint_vpc.testing import run_cli

REPORT_DIR = Path(report_package.__file__).parent
CLI = Path(report_package.__file__).parents[1] / "cli.py"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("path", sorted(REPORT_DIR.glob("*.py")), ids=lambda p: p.name)
def test_no_reporter_imports_the_engine(path: Path) -> None:
    assert not {m for m in _imports(path) if m.startswith("tflint_vpc.engine")}


def test_formats_are_exactly_the_public_modules() -> None:
    modules = {
        m.name for m in pkgutil.iter_modules([str(REPORT_DIR)]) if not m.name.startswith("_")
    }
    assert sorted(FORMATS) == sorted(modules)


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_renders_through_the_one_entry(name: str) -> None:
    empty = LintResult(
        diagnostics=(), inputs=("plan.json",), resources=0, rules=(), tool_version="0"
    )
    assert isinstance(reporter(name)(empty, ReportOptions()), str)


def test_cli_keeps_no_list_of_formats() -> None:
    source = CLI.read_text(encoding="utf-8")
    assert not [name for name in FORMATS if f'"{name}"' in source and name != "text"]
    run = run_cli("lint", "--format", "nope", "plan.json")
    assert run.code == 2
    assert f"(choose from {', '.join(FORMATS)})" in run.stderr
