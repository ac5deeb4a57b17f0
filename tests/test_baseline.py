"""Baselines: write, apply, fixed entries, reordering and edits, duplicates, bad files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tflint_vpc.baseline import (
    apply_baseline,
    apply_baseline_to_result,
    read_baseline,
    write_baseline,
)
from tflint_vpc.diagnostic import Diagnostic
from tflint_vpc.engine import LintResult
from tflint_vpc.errors import InputError
from tflint_vpc.inventory import Location
from tflint_vpc.rule import Severity


def diag(address: str, *values: str, rule_id: str = "TFVPC001", line: int = 1) -> Diagnostic:
    return Diagnostic(
        rule_id=rule_id,
        rule="peering-cidr-overlap",
        severity=Severity.ERROR,
        address=address,
        message=f"{address} overlaps {', '.join(values)}",
        related=(),
        location=Location("main.tf", line, line + 2),
        source="plan.json",
        values=values,
    )


A = diag("aws_vpc_peering_connection.a", "10.0.0.0/16")
B = diag("aws_vpc_peering_connection.b", "10.1.0.0/16", rule_id="TFVPC004")
C = diag('module.m["k"].aws_vpc_peering_connection.c', "10.2.0.0/16")


def test_write_then_apply_reports_nothing_new(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert write_baseline(path, [A, B, C]) == 3
    assert apply_baseline(path, [A, B, C]) == ((), ())


def test_reordering_rewording_and_moving_keep_the_match(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, [A, B, C])
    edited = [
        replace(C, message="reworded", location=Location("other.tf", 90, 95)),
        replace(A, severity=Severity.WARNING, location=None),
        B,
    ]
    assert apply_baseline(path, edited) == ((), ())


def test_new_findings_and_fixed_entries(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, [A, B])
    changed_a = diag(A.address, "10.9.0.0/16")  # other values: a different finding
    new, fixed = apply_baseline(path, [changed_a, B, C])
    assert new == (changed_a, C)
    assert [(e.rule_id, e.address, e.fingerprint) for e in fixed] == [
        ("TFVPC001", A.address, A.fingerprint)
    ]


def test_duplicates_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, [A])
    new, fixed = apply_baseline(path, [A, A])
    assert new == (A,) and fixed == ()
    write_baseline(path, [A, A, B])
    new, fixed = apply_baseline(path, [A])
    assert new == ()
    assert [e.fingerprint for e in fixed] == [A.fingerprint, B.fingerprint]


def test_file_is_sorted_stable_and_readable(tmp_path: Path) -> None:
    one, two = tmp_path / "one.json", tmp_path / "two.json"
    write_baseline(one, [C, A, B])
    write_baseline(two, [B, C, A])
    assert one.read_bytes() == two.read_bytes()
    document = json.loads(one.read_text(encoding="utf-8"))
    assert document["version"] == 2
    assert [e["rule_id"] for e in document["entries"]] == ["TFVPC001", "TFVPC001", "TFVPC004"]
    assert set(document["entries"][0]) == {"fingerprint", "rule_id", "address", "message"}
    assert document["entries"][0]["message"] == A.message
    assert {e.fingerprint for e in read_baseline(one)} == {
        A.fingerprint,
        B.fingerprint,
        C.fingerprint,
    }


def test_empty_baseline(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    assert write_baseline(path, []) == 0
    assert apply_baseline(path, [A]) == ((A,), ())


def test_apply_to_a_lint_result(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(path, [A, B])
    result = LintResult(
        diagnostics=(A, C), inputs=("plan.json",), resources=3, rules=(), tool_version="0"
    )
    filtered = apply_baseline_to_result(path, result)
    assert filtered.diagnostics == (C,)
    assert [e.address for e in filtered.fixed] == [B.address]
    assert filtered.inputs == result.inputs and filtered.resources == 3


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read baseline"),
        (b"\xff\xfe{", "cannot read baseline: not UTF-8 text"),
        (b"{not json", "baseline is not valid JSON"),
        (b"[]", "not a tfvpc baseline"),
        (b'{"version": 1}', "not a tfvpc baseline"),
        (b'{"version": 3, "entries": []}', "unsupported baseline version 3"),
        (b'{"version": 1, "entries": {}}', "baseline 'entries' must be a list"),
        (b'{"version": 1, "entries": [{"rule_id": "X"}]}', "entry 0 has no 'fingerprint'"),
        (b'{"version": 1, "entries": ["abc"]}', "entry 0 has no 'fingerprint'"),
    ],
)
def test_unusable_baseline_is_a_one_line_input_error(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as info:
        apply_baseline(path, [A])
    message = str(info.value)
    assert message.startswith(f"{path}: ") and expected in message
    assert "\n" not in message


def test_unwritable_baseline(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot write baseline"):
        write_baseline(tmp_path / "no-such-dir" / "baseline.json", [A])
