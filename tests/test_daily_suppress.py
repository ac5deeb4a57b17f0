"""Issue 14 item 5: suppressions are honoured as written by Terraform users, and every comment
that tries to be one but is not is reported (TFVPC000) instead of silently doing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tflint_vpc.testing import run_cli

VPCS = """
resource "aws_vpc" "app" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "data" {
  cidr_block = "10.0.0.0/16"
}
"""


def _peering(name: str, comment: str = "") -> str:
    return f"""
{comment}
resource "aws_vpc_peering_connection" "{name}" {{
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.data.id
}}
"""


def _lint(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "main.tf").write_text(text)
    run = run_cli("lint", str(tmp_path), "--select", "TFVPC000,TFVPC001")
    assert run.code in (0, 1), run.stderr
    return [ln.split(": ", 1)[1] for ln in run.stdout.splitlines() if ": " in ln]


@pytest.mark.parametrize(
    "comment",
    [
        "# tfvpc:ignore TFVPC001",
        "# tfvpc: ignore TFVPC001",
        "# TFVPC:IGNORE TFVPC001",
        "# tfvpc:ignore ALL -- all of them",
        "# tfvpc:ignore all",
        "# tfvpc:ignore TFVPC00",
        "// tfvpc:ignore peering-cidr-overlap",
    ],
)
def test_accepted_spellings_silence_the_finding(tmp_path: Path, comment: str) -> None:
    assert _lint(tmp_path, VPCS + _peering("p", comment)) == []


@pytest.mark.parametrize(
    ("comment", "reason"),
    [
        ("# tfvpc:ignore TFVPC042", "suppression names unknown rule TFVPC042"),
        ("# tfvpc-ignore TFVPC001", "malformed suppression 'tfvpc-ignore TFVPC001'"),
        ("# tfvpc:ignores TFVPC001", "malformed suppression 'tfvpc:ignores TFVPC001'"),
        ("# tfvpc:ignore", "suppression 'tfvpc:ignore' names no rule"),
        ("# tfvpc:ignore -- no rule given", "names no rule"),
        ("# tfvpc:ignore TFVPC001=yes", "not a rule code or name"),
    ],
)
def test_bad_suppressions_are_reported_with_the_reason(
    tmp_path: Path, comment: str, reason: str
) -> None:
    lines = _lint(tmp_path, VPCS + _peering("p", comment))
    problems = [ln for ln in lines if "TFVPC000" in ln]
    assert len(problems) == 1, lines
    assert reason in problems[0]
    assert "aws_vpc_peering_connection.p" in problems[0]
    # the finding it meant to silence is still there
    assert any("TFVPC001" in ln for ln in lines)


def test_prose_mentioning_tfvpc_is_not_a_directive(tmp_path: Path) -> None:
    lines = _lint(tmp_path, VPCS + _peering("p", "# tfvpc: see the runbook"))
    assert not any("TFVPC000" in ln for ln in lines)


def test_ignore_file_silences_every_resource_of_the_file(tmp_path: Path) -> None:
    text = "# tfvpc:ignore-file TFVPC001 -- legacy ranges\n" + VPCS
    text += _peering("p") + _peering("q")
    (tmp_path / "other.tf").write_text(_peering("r"))
    lines = _lint(tmp_path, text)
    assert [ln.split(":")[0] for ln in lines] == [
        "error TFVPC001 peering-cidr-overlap aws_vpc_peering_connection.r"
    ]


def test_unused_ignore_file_is_reported_once(tmp_path: Path) -> None:
    disjoint = VPCS.replace('"10.0.0.0/16"\n}\n\n', '"10.1.0.0/16"\n}\n\n', 1)
    text = "# tfvpc:ignore-file TFVPC001\n" + disjoint + _peering("p") + _peering("q")
    lines = _lint(tmp_path, text)
    assert lines == [
        "notice TFVPC000 unused-suppression aws_vpc.app: suppression of TFVPC001 silences nothing"
    ]
