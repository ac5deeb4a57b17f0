"""Hostile and pathological HCL (issue 18): every construct that used to hang, blow up memory or
end in a traceback, with its input doubled to show the work grows at most linearly.

Work is counted, not timed: `budget.Budget.operations` (evaluation steps, traversed value nodes,
instances), the suppressions produced, the characters a `.tf.json` position search scans, the
files an index looks at. The few checks on regex engines (parser terminals, `format`, `regex`)
cannot count the engine's steps, so they take a large input that the old backtracking patterns
needed many seconds for and allow it a small fraction of that in CPU time.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tflint_vpc.hcl import budget, instances, jsonsyntax, modules
from tflint_vpc.hcl import loader as hcl_loader
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.evaluate import Scope, evaluate
from tflint_vpc.hcl.jsonsyntax import parse_json_text
from tflint_vpc.hcl.loader import load_root
from tflint_vpc.hcl.parse import HclSyntaxError, parse_text
from tflint_vpc.hcl.values import EvalError
from tflint_vpc.inventory import UNKNOWN, Inventory
from tflint_vpc.testing import run_cli

# --- helpers ------------------------------------------------------------------------------------


class _Runs:
    """Every Budget a load creates (one per root), so a test can read its counters."""

    def __init__(self) -> None:
        self.budgets: list[budget.Budget] = []

    @property
    def operations(self) -> int:
        return sum(b.operations for b in self.budgets)


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Runs]:
    found = _Runs()
    original = budget.Budget

    def make(max_steps: int | None = None, max_instances: int | None = None) -> budget.Budget:
        created = original(max_steps, max_instances)
        found.budgets.append(created)
        return created

    monkeypatch.setattr(budget, "Budget", make)
    yield found


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def lint_dir(root: Path) -> Inventory:
    inventory, errors = load_root(str(root), str(root), hcl_loader.ParseCache())
    assert errors == []
    return inventory


def ops_for(tmp_path: Path, runs: _Runs, name: str, files: dict[str, str]) -> int:
    before = runs.operations
    lint_dir(write(tmp_path / name, files))
    return runs.operations - before


def assert_linear(small: int, large: int, slack: int = 200) -> None:
    """`large` is the work for twice the input of `small`: at most twice, plus a constant."""
    assert large <= 2 * small + slack, (small, large)


def budget_notices(inventory: Inventory, limit: str) -> list[str]:
    return [n for n in inventory.notices if f"the {limit} limit" in n]


def value(text: str) -> object:
    parsed = parse_text(f"v = {text}\n", "t.tf")
    item = parsed.body[0]
    assert isinstance(item, s.Attribute)
    return evaluate(item.expr, Scope({}))


# --- linear algorithms ---------------------------------------------------------------------------


def _count_index(n: int) -> dict[str, str]:
    return {
        "main.tf": f'resource "aws_vpc" "a" {{\n  count = {n}\n  cidr_block = "10.0.0.0/16"\n}}\n'
        f'resource "aws_subnet" "b" {{\n  count = {n}\n  vpc_id = aws_vpc.a[count.index].id\n'
        f"  cidr_block = aws_vpc.a[count.index].cidr_block\n}}\n"
    }


def test_count_index_does_not_rebuild_the_instance_list(
    tmp_path: Path, runs: _Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = [0]

    class Counted(instances.ResourceObject):
        def __init__(self, instance: instances.ResourceInstanceContext) -> None:
            made[0] += 1
            super().__init__(instance)

    monkeypatch.setattr(instances, "ResourceObject", Counted)
    small = ops_for(tmp_path, runs, "s", _count_index(300))
    small_made, made[0] = made[0], 0
    large = ops_for(tmp_path, runs, "l", _count_index(600))
    assert_linear(small, large)
    assert small_made <= 300 and made[0] <= 600  # each instance's object made once


def test_count_index_refers_to_the_right_instance(tmp_path: Path) -> None:
    inventory = lint_dir(write(tmp_path, _count_index(3)))
    subnet = next(i for i in inventory.instances if i.address == "aws_subnet.b[2]")
    assert subnet.values["cidr_block"] == "10.0.0.0/16"
    assert str(subnet.values["vpc_id"]).find("aws_vpc.a[2]") >= 0


def _stacked_ignores(n: int, distinct: bool = False) -> dict[str, str]:
    rules = [f"X{i}" if distinct else "TFVPC001" for i in range(n)]
    comments = "".join(f"# tfvpc:ignore {rule}\n" for rule in rules)
    return {
        "main.tf": comments
        + f'resource "aws_vpc" "a" {{\n  count = {n}\n  cidr_block = "10.0.0.0/16"\n}}\n'
    }


def test_stacked_ignore_comments_are_deduplicated(tmp_path: Path) -> None:
    small = lint_dir(write(tmp_path / "s", _stacked_ignores(100)))
    large = lint_dir(write(tmp_path / "l", _stacked_ignores(200)))
    assert len(small.suppressions) == 100  # one per instance, not one per comment per instance
    assert_linear(len(small.suppressions), len(large.suppressions), slack=0)


def test_distinct_ignore_directives_are_capped_per_block(tmp_path: Path) -> None:
    inventory = lint_dir(write(tmp_path, _stacked_ignores(200, distinct=True)))
    assert len(inventory.suppressions) == 200 * budget.MAX_IGNORES_PER_BLOCK
    [notice] = [n for n in inventory.notices if "ignore directives per block" in n]
    assert notice.startswith(os.path.join(str(tmp_path), "main.tf:201: "))


def _many_files(n: int) -> dict[str, str]:
    return {
        f"f{i:05}.tf": f'# tfvpc:ignore TFVPC001\nresource "aws_vpc" "v{i}" {{\n'
        '  cidr_block = "10.0.0.0/16"\n}\n'
        for i in range(n)
    }


def test_many_files_in_one_module_are_indexed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = [0]
    original = modules.display_file

    def counting(display: str, path: str) -> str:
        calls[0] += 1
        return original(display, path)

    monkeypatch.setattr(hcl_loader, "display_file", counting)
    lint_dir(write(tmp_path / "s", _many_files(100)))
    small, calls[0] = calls[0], 0
    inventory = lint_dir(write(tmp_path / "l", _many_files(200)))
    assert len(inventory.suppressions) == 200
    assert_linear(small, calls[0], slack=10)


class _CountingText(str):
    """A text whose `find` adds up the characters it scans (the position search's work)."""

    scanned = 0

    def find(self, sub: str, start: int | None = None, end: int | None = None) -> int:  # type: ignore[override]
        begin = start or 0
        found = super().find(sub, begin, len(self) if end is None else end)
        _CountingText.scanned += (found if found >= 0 else len(self)) - begin
        return found


def _json_config(n: int) -> str:
    resources = {
        f"v{i}": {"cidr_block": "10.0.0.0/16", "tags": {"Name": "${var.name}-" + str(i)}}
        for i in range(n)
    }
    return json.dumps({"resource": {"aws_vpc": resources}}, indent=2)


def test_tf_json_positions_take_one_pass() -> None:
    work = []
    for n in (500, 1000):
        _CountingText.scanned = 0
        parsed = parse_json_text(_CountingText(_json_config(n)), "main.tf.json")
        work.append(_CountingText.scanned)
        last = parsed.body[-1]
        text = _json_config(n)
        assert last.line == text[: text.index(f'"v{n - 1}"')].count("\n") + 1
    assert_linear(work[0], work[1], slack=1000)


# --- the budget: instances over the whole run --------------------------------------------------


def _count_in_count(n: int) -> dict[str, str]:
    return {
        "main.tf": f'module "m" {{\n  source = "./m"\n  count = {n}\n}}\n',
        "m/main.tf": f'resource "aws_vpc" "a" {{\n  count = {n}\n'
        '  cidr_block = "10.0.0.0/16"\n}\n',
    }


def test_instances_are_counted_over_all_modules(
    tmp_path: Path, runs: _Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(budget, "MAX_INSTANCES", 500)
    inventory = lint_dir(write(tmp_path, _count_in_count(40)))  # 40 modules x 40 = 1,600
    assert 0 < len(inventory.instances) <= 500
    [notice] = budget_notices(inventory, "instances")
    assert notice.startswith(os.path.join("m", "main.tf") + ":1:") or ":1:" in notice
    assert "(500)" in notice
    assert not any("not known before apply" in n for n in inventory.notices)


def test_module_diamonds_stop_at_the_instance_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(budget, "MAX_INSTANCES", 300)
    files = {"main.tf": 'module "a" {\n  source = "./l0"\n}\nmodule "b" {\n  source = "./l0"\n}\n'}
    for level in range(12):  # 2^12 module instances from a few hundred bytes
        files[f"l{level}/main.tf"] = (
            f'module "a" {{\n  source = "../l{level + 1}"\n}}\n'
            f'module "b" {{\n  source = "../l{level + 1}"\n}}\n'
        )
    files["l12/main.tf"] = 'resource "aws_vpc" "a" {\n  cidr_block = "10.0.0.0/16"\n}\n'
    inventory = lint_dir(write(tmp_path, files))
    assert len(inventory.instances) <= 300
    assert budget_notices(inventory, "instances")


# --- the budget: exponential evaluation ---------------------------------------------------------


def _doubling_locals(n: int, step: Callable[[int], str]) -> dict[str, str]:
    lines = ['  l0 = "ab"'] + [f"  l{i} = {step(i)}" for i in range(1, n)]
    return {
        "main.tf": "locals {\n"
        + "\n".join(lines)
        + f'\n}}\nresource "aws_vpc" "a" {{\n  cidr_block = "10.0.0.0/16"\n'
        f"  tags = {{ x = local.l{n - 1} }}\n}}\n"
    }


EXPONENTIAL = {
    "replace": lambda i: f'replace(local.l{i - 1}, "a", local.l{i - 1})',
    "template": lambda i: f'"${{local.l{i - 1}}}${{local.l{i - 1}}}"',
    "multiply": lambda i: f"local.l{i - 1} * local.l{i - 1}" if i > 1 else "2 * 2",
    "nested for": lambda i: f"[for x in [1, 2] : [for y in [1, 2] : local.l{i - 1}]]",
    "list doubling": lambda i: f"[local.l{i - 1}, local.l{i - 1}]",
}


@pytest.mark.parametrize("name", sorted(EXPONENTIAL))
def test_exponential_evaluation_stops_at_the_budget(
    tmp_path: Path, runs: _Runs, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(budget, "MAX_STEPS", 50_000)
    small = ops_for(tmp_path, runs, "s", _doubling_locals(30, EXPONENTIAL[name]))
    large = ops_for(tmp_path, runs, "l", _doubling_locals(60, EXPONENTIAL[name]))
    assert small <= 60_000 and large <= 60_000  # bounded, however deep the doubling goes
    inventory = lint_dir(write(tmp_path / "again", _doubling_locals(60, EXPONENTIAL[name])))
    assert inventory.instances[0].values["tags"] in ({"x": UNKNOWN}, UNKNOWN)
    assert inventory.notices, "a budget notice says which limit stopped evaluation"
    assert all(":" in n.split(" ")[0] for n in budget_notices(inventory, ""))


def test_nested_dynamic_blocks_stop_at_the_budget(
    tmp_path: Path, runs: _Runs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(budget, "MAX_STEPS", 50_000)

    def nested(depth: int) -> dict[str, str]:
        body = 'content {\n  x = "y"\n}'
        for _ in range(depth):
            body = f'dynamic "b" {{\n  for_each = [1, 2, 3, 4]\n  content {{\n{body}\n}}\n}}'
        return {"main.tf": f'resource "aws_vpc" "a" {{\n  cidr_block = "10.0.0.0/16"\n{body}\n}}\n'}

    small = ops_for(tmp_path, runs, "s", nested(12))
    large = ops_for(tmp_path, runs, "l", nested(24))
    assert small <= 60_000 and large <= 60_000
    inventory = lint_dir(write(tmp_path / "again", nested(24)))
    [notice] = budget_notices(inventory, "evaluation steps")
    assert notice.startswith(os.path.join(str(tmp_path), "again", "main.tf:1: "))


def test_linear_input_stays_linear_under_the_budget(tmp_path: Path, runs: _Runs) -> None:
    def chain(n: int) -> dict[str, str]:
        return _doubling_locals(n, lambda i: f'"${{local.l{i - 1}}}x"')

    assert_linear(
        ops_for(tmp_path, runs, "s", chain(200)), ops_for(tmp_path, runs, "l", chain(400))
    )


# --- the budget: sizes of single values ----------------------------------------------------------

_SPACES = 'format("%999s", "")'


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ('format("%99999999d", 1)', "format width"),
        ('format("%.99999999f", 1)', "format width"),
        ('join("", [for i in range(1010) : format("%999s", "x")])', "string length"),
        ("setproduct(range(1000), range(1000), range(1000))", "collection size"),
        (f'replace({_SPACES}, " ", replace({_SPACES}, " ", {_SPACES}))', "string length"),
        (f'"${{{_SPACES}}}${{join("", [for i in range(1010) : {_SPACES}])}}"', "string length"),
    ],
)
def test_single_values_are_bounded(text: str, limit: str) -> None:
    with pytest.raises(budget.BudgetExceeded) as raised:
        value(text)
    assert raised.value.limit == limit


def test_whole_numbers_are_bounded() -> None:
    with pytest.raises(budget.BudgetExceeded):
        value(" * ".join(["999999999999999999999999999999"] * 40))


def test_format_flag_zeros_are_scanned_once() -> None:
    started = time.process_time()
    assert value('format("%' + "0" * 20_000 + 'x", 1)') == "%" + "0" * 20_000 + "x"
    assert time.process_time() - started < 1.0  # the old pattern took ~15 s


def test_budget_is_not_swallowed_by_try() -> None:
    with pytest.raises(budget.BudgetExceeded):
        value('try(format("%99999999d", 1), "fallback")')
    with pytest.raises(budget.BudgetExceeded):
        value('can(format("%99999999d", 1))')


# --- regex: RE2 semantics, linear time -----------------------------------------------------------


def test_regex_runs_in_linear_time() -> None:
    started = time.process_time()
    with pytest.raises(EvalError):
        value('regex("(a*)*b", "' + "a" * 100_000 + '")')  # 24 characters took 2.8 s on `re`
    assert value('length(regexall("(x+x+)+y", "' + "x" * 50_000 + 'y"))') == 1
    assert time.process_time() - started < 2.0


def test_regex_follows_re2_syntax() -> None:
    assert value('can(regex("(a)\\\\1", "aa"))') is False  # no backreferences in RE2
    assert value('can(regex("a(?=b)", "ab"))') is False  # no lookaround
    assert value('regex("(?P<x>[0-9]+)", "v12")') == {"x": "12"}
    assert value('regex("\\\\pL+", "été!")') == "été"  # Unicode classes, as in Go


# --- parser hot spots ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a = <<EOF\n" + "\n" * 80_000 + "EOF\n",
        "a = <<EOF\n" + "\n" * 80_000,
        "a = <<-EOF\n" + " \n" * 40_000,
    ],
    ids=["heredoc-blank-lines", "heredoc-unterminated", "heredoc-trim-spaces"],
)
def test_heredocs_parse_in_linear_time(text: str) -> None:
    started = time.process_time()
    with contextlib.suppress(HclSyntaxError):
        parse_text(text, "main.tf")
    assert time.process_time() - started < 2.0  # 40 kB of blank lines took 12-22 s


def test_heredoc_content_is_unchanged() -> None:
    parsed = parse_text("a = <<EOF\nx\n\n  y\nEOF\nb = <<-EOT\n    z\n  EOT\n", "main.tf")
    values = [evaluate(i.expr, Scope({})) for i in parsed.body if isinstance(i, s.Attribute)]
    assert values == ["x\n\n  y\n", "z\n"]


def test_long_strings_do_not_blow_up_memory() -> None:
    import tracemalloc

    tracemalloc.start()
    try:
        parse_text('a = "' + "x" * 200_000 + '"\n', "main.tf")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000  # the old pattern took ~200 bytes a character


def test_overlong_lines_are_refused_before_parsing() -> None:
    with pytest.raises(HclSyntaxError, match="line longer than"):
        parse_text('a = "' + "$x" * 200_000 + '"\n', "main.tf")


# --- internal errors: one clean line or a notice ------------------------------------------------


def _deep_locals(n: int) -> str:
    lines = ["  l0 = 1"] + [f"  l{i} = [local.l{i - 1}]" for i in range(1, n)]
    refs = "\n".join(
        f'resource "aws_vpc" "r{i}" {{\n  cidr_block = local.l{i}\n}}' for i in range(n)
    )
    return "locals {\n" + "\n".join(lines) + "\n}\n" + refs + "\n"


HOSTILE_FILES = {
    "unicode-escape": {"main.tf": 'locals {\n  a = "\\UFFFFFFFF"\n}\n'},
    "surrogate-escape": {"main.tf": 'locals {\n  a = "\\uD800"\n}\n'},
    "huge-integer": {"main.tf": "locals {\n  a = " + "9" * 5000 + "\n}\n"},
    "big-arithmetic": {
        "main.tf": 'resource "aws_vpc" "a" {\n  cidr_block = "10.0.0.0/16"\n  tags = {\n'
        + "    a = "
        + " * ".join(["99999999999999999999"] * 80)
        + "\n    b = "
        + "1" * 300
        + " * "
        + "1" * 300
        + " / 3\n  }\n}\n"
    },
    "deep-locals": {"main.tf": _deep_locals(1200)},
    "infinite-index": {  # found by tests/test_fuzz_hcl.py
        "main.tf": 'resource "aws_vpc" "a" {\n  cidr_block = [][1e999]\n}\n'
    },
    "deep-tf-json": {"main.tf.json": '{"locals": {"a": ' + "[" * 1000 + "]" * 1000 + "}}"},
    "deep-tfvars-json": {
        "main.tf": 'variable "v" {}\n',
        "terraform.tfvars.json": '{"v": ' + "[" * 1000 + "]" * 1000 + "}",
    },
    "deep-tfvars-json-50k": {
        "main.tf": 'variable "v" {}\n',
        "terraform.tfvars.json": '{"v": ' + "[" * 50_000 + "]" * 50_000 + "}",
    },
    "deep-modules-json": {
        "main.tf": 'module "m" {\n  source = "x/y/aws"\n}\n',
        ".terraform/modules/modules.json": '{"Modules": ' + "[" * 1000 + "]" * 1000 + "}",
    },
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_inputs_give_a_clean_line_or_a_notice(tmp_path: Path, name: str) -> None:
    write(tmp_path, HOSTILE_FILES[name])
    run = run_cli("lint", "--format", "json", str(tmp_path))
    assert run.code in (0, 1, 2), (run.code, run.stderr)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    if run.code == 2:
        assert len(run.stderr.splitlines()) == 1, run.stderr
        assert "syntax error" in run.stderr or "error" in run.stderr


def test_deep_values_are_unknown_past_the_depth_limit(tmp_path: Path) -> None:
    inventory = lint_dir(write(tmp_path, {"main.tf": _deep_locals(150)}))
    by_address = {i.address: i for i in inventory.instances}
    assert by_address["aws_vpc.r3"].values["cidr_block"] == (((1,),),)
    assert by_address["aws_vpc.r140"].values["cidr_block"] == UNKNOWN
    assert budget_notices(inventory, "nesting depth")


def test_json_nesting_is_a_syntax_error() -> None:
    with pytest.raises(HclSyntaxError, match="nested"):
        jsonsyntax.parse_json_text('{"locals": {"a": ' + "[" * 200 + "]" * 200 + "}}", "x.tf.json")


def test_readme_documents_every_limit() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for limit, amount in budget.LIMITS.items():
        assert f"| {limit} | {amount:,}" in readme, limit


def test_a_freshly_compiled_grammar_gets_the_linear_patterns_too() -> None:
    from lark.lexer import PatternRE, TerminalDef

    from tflint_vpc.hcl.lexing import LINEAR_PATTERNS, linear_terminal

    for name, pattern in LINEAR_PATTERNS.items():
        terminal = TerminalDef(name, PatternRE("x"))
        linear_terminal(terminal)
        assert terminal.pattern.value == pattern
