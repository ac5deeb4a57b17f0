"""Helpers for testing rules against fixtures, for this pack and third-party packs alike.

The fixture convention (architecture.md): for the rule in module `<stem>`, the folder
`<root>/<stem>/` holds one case per plan JSON, `bad_<case>.json` or `good_<case>.json`,
usually made from the HCL in the folder `<case>/` beside it; every bad case has a golden
`bad_<case>.expected` with one line per diagnostic, as `report.text.golden_lines` prints them.
A bad case must yield at least one finding and match its golden; a good case must yield none.

A case's HCL folder may hold `fixture.json` with metadata for the linting (other keys belong
to the plan generator, scripts/make_rule_fixtures.py):

* `"options"`: the rule's options as a table, read as `[tool.tfvpc.rules.<rule>]` would be
  (`{"original-2018-restriction": true}`), so one case can pin a rule's behaviour under them;
* `"source_dir"` (any value, conventionally the reason): lint the plan with the folder as
  `--source-dir`, for what only the HCL carries (suppression comments).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tflint_vpc.api import LintRequest, is_hcl, lint_inventory, load_json_input
from tflint_vpc.config import options_for
from tflint_vpc.diagnostic import Diagnostic
from tflint_vpc.engine import RunOptions
from tflint_vpc.errors import InputError
from tflint_vpc.inventory import Inventory
from tflint_vpc.registry import load
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
    def source(self) -> Path:
        """The HCL folder the plan was made from (it may not exist)."""
        return self.plan.with_suffix("")

    @property
    def spec(self) -> Mapping[str, object]:
        """The case's `fixture.json`, or an empty mapping."""
        path = self.source / "fixture.json"
        if not path.is_file():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise InputError(str(path), "must hold a JSON object")
        return data

    @property
    def options(self) -> object | None:
        """The rule's options this case runs with (None: the defaults)."""
        table = self.spec.get("options")
        if table is None:
            return None
        where = str(self.source / "fixture.json")
        if not isinstance(table, dict):
            raise InputError(where, "'options' must be an object")
        return options_for(self.rule, table, where)

    def run(self, path: Path | None = None) -> list[Diagnostic]:
        """The case's rule alone over its plan (or `path`), with the case's metadata applied."""
        if path is None and "source_dir" in self.spec:
            inventory = load_json_input(str(self.plan), source_dir=str(self.source))
            return lint_inventory(inventory, [self.rule], _run_options(self.rule, self.options))
        return run_rule(self.rule, self.plan if path is None else path, self.options)

    @property
    def kind(self) -> str:
        return BAD if self.name.startswith(f"{BAD}_") else GOOD

    @property
    def id(self) -> str:
        """Test id, e.g. `TFVPC001-bad_secondary_cidr` (so `pytest -k TFVPC001` works)."""
        return f"{self.rule.code}-{self.name}"


def case_of(folder: Path) -> FixtureCase:
    """The case whose HCL is `folder` (`<root>/<rule module>/<case>/`); its rule by module."""
    rule = next((r for r in load() if r.module == folder.parent.name), None)
    if rule is None:
        raise InputError(str(folder), "is not a case folder of a known rule")
    plan = folder.parent / f"{folder.name}.json"
    return FixtureCase(rule, folder.name, plan, plan.with_suffix(".expected"))


def case_request(case: FixtureCase, path: Path) -> LintRequest:
    """A request for `path` (the case's HCL folder or a plan of it) with every rule enabled and
    the case's metadata applied: its rule's options and, for a plan, `source_dir`."""
    options = case.options
    source_dir = str(case.source) if "source_dir" in case.spec and not is_hcl(str(path)) else None
    return LintRequest(
        paths=(str(path),),
        run_options=RunOptions(rule_options={case.rule.code: options} if options else {}),
        source_dir=source_dir,
    )


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
    return lint_inventory(load_input(path), [rule], _run_options(rule, options))


def _run_options(rule: Rule, options: object | None) -> RunOptions | None:
    return None if options is None else RunOptions(rule_options={rule.code: options})


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
