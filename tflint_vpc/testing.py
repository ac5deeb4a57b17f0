"""Helpers for testing rules against fixtures, for this pack and third-party packs alike.

The fixture convention (architecture.md): for the rule in module `<stem>`, the folder
`<root>/<stem>/` holds one case per plan JSON, `bad_<case>.json` or `good_<case>.json`,
usually made from the HCL in the folder `<case>/` beside it; every bad case has a golden
`bad_<case>.expected` with one line per diagnostic, as `report.text.golden_lines` prints them.
A bad case must yield at least one finding and match its golden; a good case must yield none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tflint_vpc.api import is_hcl, lint_inventory, load_json_input
from tflint_vpc.diagnostic import Diagnostic
from tflint_vpc.engine import RunOptions
from tflint_vpc.errors import InputError
from tflint_vpc.inventory import Inventory
from tflint_vpc.rule import Rule

BAD = "bad"
GOOD = "good"


@dataclass(frozen=True)
class FixtureCase:
    """One plan of a rule's fixture folder."""

    rule: Rule
    name: str  # "bad_secondary_cidr"
    plan: Path  # <folder>/<name>.json
    golden: Path  # <folder>/<name>.expected (exists for bad cases)

    @property
    def kind(self) -> str:
        return BAD if self.name.startswith(f"{BAD}_") else GOOD

    @property
    def id(self) -> str:
        """Test id, e.g. `TFVPC001-bad_secondary_cidr` (so `pytest -k TFVPC001` works)."""
        return f"{self.rule.code}-{self.name}"


def fixture_cases(rule: Rule, root: Path) -> list[FixtureCase]:
    """Every `bad_*.json` / `good_*.json` in `root/<rule module>/`, sorted by name."""
    folder = root / rule.module
    return [
        FixtureCase(rule, plan.stem, plan, plan.with_suffix(".expected"))
        for plan in sorted(folder.glob("*.json"))
        if plan.stem.startswith((f"{BAD}_", f"{GOOD}_"))
    ]


def load_input(path: str | Path) -> Inventory:
    """A plan/state JSON file or an HCL directory as an Inventory; raises InputError."""
    source = str(path)
    if not is_hcl(source):
        return load_json_input(source)
    from tflint_vpc.hcl import load_hcl

    result = load_hcl([source], (), {})
    if result.errors:
        raise InputError(source, "; ".join(result.errors))
    if len(result.inventories) != 1:
        raise InputError(source, f"expected one input, got {len(result.inventories)}")
    return result.inventories[0]


def run_rule(rule: Rule, path: str | Path, options: object | None = None) -> list[Diagnostic]:
    """Run `rule` alone over one input through the real pipeline (front end, builder, engine).

    `options` is an instance of the rule's Options dataclass; None uses the defaults.
    """
    run_options = RunOptions(rule_options={rule.code: options}) if options is not None else None
    return lint_inventory(load_input(path), [rule], run_options)


@dataclass(frozen=True)
class CliRun:
    """What one in-process `tfvpc` run printed and its exit status."""

    code: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return self.stderr.splitlines()


def run_cli(*args: str) -> CliRun:
    """Run `tfvpc ARGS...` in this process, capturing output (as a test sees the CLI)."""
    import contextlib
    import io

    from tflint_vpc import cli

    out, err = io.StringIO(), io.StringIO()
    code: object = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            cli.main(list(args))
        except SystemExit as e:
            code = e.code
    assert isinstance(code, int), f"cli.main ended without an integer exit status: {code!r}"
    return CliRun(code, out.getvalue(), err.getvalue())
