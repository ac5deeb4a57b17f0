"""Hostile inputs that forge output lines or multiply work and output (issue 18).

Escaping: an address, file name or message carrying ANSI escapes or newlines must not reach a
human-readable report raw. Caps: a crafted input's work and output must grow with the input,
not with its square or exponentially; these tests count calls and sizes (never wall time)
while doubling the input. Determinism: the error reported must not depend on PYTHONHASHSEED.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from collections import deque
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from plan_helpers import cres, new_subnet, new_vpcs, plan, resolve, value

from tflint_vpc.api import MAX_NOTICES, capped_notices, lint_inventory
from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.errors import InputError
from tflint_vpc.inventory import UNKNOWN, Inventory, Location, Ref, ResourceInstance
from tflint_vpc.plan.references import ReferenceResolver
from tflint_vpc.plan.schema import check
from tflint_vpc.plan.validate import _shapes, schema_errors, validate
from tflint_vpc.registry import load
from tflint_vpc.report import ReportOptions, reporter
from tflint_vpc.rule import Severity

# --- 3. control characters in every human-readable output -------------------------------------

FORGED = "\x1b[2K\rerror TFVPC001 forged\nline\u202e"


def _crafted_result() -> LintResult:
    (rule,) = [r for r in load() if r.code == "TFVPC001"]
    finding = Diagnostic(
        rule_id=rule.code,
        rule=rule.name,
        severity=Severity.ERROR,
        address=f'aws_vpc_peering_connection.p["{FORGED}"]',
        message=f"overlaps {FORGED}",
        related=(f"aws_vpc.a{FORGED}",),
        location=Location(f"dir{FORGED}/main.tf", 3, 4),
        source="plan.json",
        values=("x",),
    )
    return LintResult(
        diagnostics=(finding,),
        inputs=(f"in{FORGED}.json",),
        resources=1,
        rules=(rule,),
        tool_version="0",
        errors=(f"bad{FORGED}.json: no such file",),
    )


@pytest.mark.parametrize("name", ["text", "github", "markdown", "junit"])
def test_control_characters_never_reach_human_readable_output(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    output = reporter(name)(_crafted_result(), ReportOptions())
    assert not any(c in output for c in "\x1b\r\u202e"), repr(output)
    assert "\\x1b[2K" in output
    # No forged line: the crafted newline never starts a line of its own.
    assert not any(
        line.startswith(("error TFVPC001 forged", "line")) for line in output.split("\n")
    )


def test_text_report_is_one_line_per_finding() -> None:
    output = reporter("text")(_crafted_result(), ReportOptions())
    assert len(output.splitlines()) == 2  # the finding and the summary


# --- 5. caps: TFVPC001 reports one finding per peering ----------------------------------------


def _res(address: str, **values: Any) -> ResourceInstance:
    kind, name = address.split(".")
    return ResourceInstance(address=address, type=kind, name=name, mode="managed", values=values)


def _many_blocks(n: int) -> Inventory:
    """Two peered VPCs with `n` nested IPv6 blocks each (2600::/16, /17, ...): n^2 pairs."""
    instances = [
        _res("aws_vpc.a", id="vpc-a", cidr_block="10.0.0.0/16"),
        _res("aws_vpc.b", id="vpc-b", cidr_block="10.1.0.0/16"),
        _res("aws_vpc_peering_connection.ab", vpc_id="vpc-a", peer_vpc_id="vpc-b"),
    ]
    for side in "ab":
        instances += [
            _res(
                f"aws_vpc_ipv6_cidr_block_association.{side}{i}",
                vpc_id=f"vpc-{side}",
                ipv6_cidr_block=f"2600::/{16 + i}",
            )
            for i in range(n)
        ]
    return Inventory(source="state.json", kind="state", instances=tuple(instances))


def _sarif_size(n: int) -> tuple[int, int]:
    rules = [r for r in load() if r.code == "TFVPC001"]
    diagnostics = lint_inventory(_many_blocks(n), rules)
    result = LintResult(tuple(diagnostics), ("state.json",), 2 * n + 3, tuple(rules), "0")
    return len(diagnostics), len(reporter("sarif")(result, ReportOptions()))


def test_overlap_is_one_finding_per_peering_naming_a_few_pairs() -> None:
    rules = [r for r in load() if r.code == "TFVPC001"]
    (finding,) = lint_inventory(_many_blocks(5), rules)
    assert finding.message.count(" overlaps ") == 3
    assert "; and 22 more overlapping pairs: AWS fails a peering" in finding.message  # 5 x 5


def test_overlap_report_size_does_not_grow_with_the_square_of_the_blocks() -> None:
    count_20, size_20 = _sarif_size(20)
    count_40, size_40 = _sarif_size(40)
    assert count_20 == count_40 == 1
    assert size_40 < size_20 * 1.2  # 400 -> 1600 pairs: the report stays the same size


# --- 5. caps: the plan resolver on mutually referring outputs and arguments -------------------


def cyclic_plan(levels: int) -> dict[str, object]:
    """The 3.4 KB shape: nested modules whose output refers to the module's argument and to the
    child's output by two indexed paths each, and whose call argument refers back to the
    child's output, so every hop branches (exponential without a memo)."""

    def module(depth: int) -> dict[str, object]:
        refs = ["var.x[0]", "var.x[1]", "aws_vpc.v"]
        body: dict[str, object] = {
            "outputs": {"out": {"expression": {"references": refs}}},
            "variables": {"x": {}},
            "resources": [cres("aws_vpc.v", {})],
        }
        if depth < levels:
            refs += ["module.m.out[0]", "module.m.out[1]"]
            argument = {"references": ["module.m.out[0]", "module.m.out[1]"]}
            body["module_calls"] = {
                "m": {"source": "./m", "expressions": {"x": argument}, "module": module(depth + 1)}
            }
        return body

    root = module(0)
    subnet: dict[str, object] = {"vpc_id": {"references": ["module.m.out[0]", "module.m.out[1]"]}}
    root["resources"] = [cres("aws_subnet.s", subnet), cres("aws_vpc.v", {})]
    return plan([new_subnet("aws_subnet.s"), *new_vpcs("aws_vpc.v")], config=root)


class _TooManyCalls(Exception):
    pass


def _resolve_calls(levels: int, monkeypatch: pytest.MonkeyPatch) -> int:
    calls = 0
    original = ReferenceResolver.resolve

    def counting(self: ReferenceResolver, *args: Any) -> None:
        nonlocal calls
        calls += 1
        if calls > 100_000:  # the old resolver: 2^hops; stop it instead of hanging
            raise _TooManyCalls
        original(self, *args)

    monkeypatch.setattr(ReferenceResolver, "resolve", counting)
    try:
        inventory = resolve(cyclic_plan(levels))
    finally:
        monkeypatch.setattr(ReferenceResolver, "resolve", original)
    assert value(inventory, "aws_subnet.s", "vpc_id") is UNKNOWN  # a cycle is unknown
    return calls


def test_cyclic_plan_shape_is_a_few_kilobytes() -> None:
    assert 2_000 < len(json.dumps(cyclic_plan(4))) < 5_000


def test_resolver_work_grows_linearly_with_cyclic_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    counts = [_resolve_calls(levels, monkeypatch) for levels in (4, 8, 16)]
    assert counts[1] <= 2 * counts[0] + 2 and counts[2] <= 2 * counts[1] + 2, counts


def test_a_cycle_beside_a_real_target_is_unknown() -> None:
    # module "m" { x = module.m.out }; output "out" = [var.x, aws_vpc.v]: the cycle makes the
    # output's value unknowable, even though one of its references resolves.
    doc = plan(
        [new_subnet("aws_subnet.s"), *new_vpcs("module.m.aws_vpc.v")],
        config={
            "resources": [cres("aws_subnet.s", {"vpc_id": {"references": ["module.m.out"]}})],
            "module_calls": {
                "m": {
                    "source": "./m",
                    "expressions": {"x": {"references": ["module.m.out"]}},
                    "module": {
                        "outputs": {"out": {"expression": {"references": ["var.x", "aws_vpc.v"]}}},
                        "variables": {"x": {}},
                        "resources": [cres("aws_vpc.v", {})],
                    },
                }
            },
        },
    )
    assert value(resolve(doc), "aws_subnet.s", "vpc_id") is UNKNOWN
    doc_ok = json.loads(json.dumps(doc).replace('["var.x", "aws_vpc.v"]', '["aws_vpc.v"]'))
    assert value(resolve(doc_ok), "aws_subnet.s", "vpc_id") == Ref(("module.m.aws_vpc.v",), "id")


# --- 5. caps and determinism: schema errors and notices ----------------------------------------


def _wrong_changes(n: int) -> dict[str, object]:
    return {"format_version": "1.2", "resource_changes": [1] * n}


def _peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _validate(data: dict[str, object]) -> None:
    with pytest.raises(InputError) as caught:
        validate("plan.json", data, "plan")
    assert "$.resource_changes[0]: expected object, got integer (and " in str(caught.value)


def test_schema_errors_are_counted_not_kept() -> None:
    errors, total = schema_errors(_wrong_changes(1000), "plan", limit=5)
    assert (len(errors), total) == (5, 1000)
    assert [e.path for e in errors] == [("resource_changes", i) for i in range(5)]
    # The walk itself holds a stack as long as the array; keeping every error would add
    # megabytes on top of it (100 bytes or more per error).
    data = _wrong_changes(40_000)
    (where, shape), *_ = _shapes("plan")
    walk = _peak(lambda: deque(check(data["resource_changes"], shape, where), maxlen=0))
    assert _peak(lambda: _validate(data)) < walk + 512 * 1024


def test_reported_schema_error_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    doc = {
        "format_version": "1.2",
        "planned_values": {"root_module": {}},
        "variables": {f"v{i}": 1 for i in range(50)},
    }
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    lines = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run(
            [sys.executable, "-m", "tflint_vpc", "lint", str(path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert run.returncode == 2
        lines.add(run.stderr)
    first = "$.variables.v0: expected object, got integer (and 49 more schema errors)"
    assert lines == {f"tfvpc: error: {path}: {first}\n"}


def test_notices_are_deduplicated_sorted_and_capped() -> None:
    notices = tuple(f"notice {i:03}" for i in reversed(range(100)))
    inventories = [
        Inventory(source="a", kind="plan", instances=(), notices=(*notices, *notices)),
    ]
    capped = capped_notices(inventories)
    assert len(capped) == MAX_NOTICES
    assert capped[:2] == ("notice 000", "notice 001")
    assert capped[-1] == f"{100 - MAX_NOTICES + 1} more notices not shown"
