"""TFVPC000 (unused or unknown suppression) is a rule like the others, end to end via the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tflint_vpc.testing import run_cli

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "unused_suppression"
STALE = str(CASES / "bad_stale_comment")  # one TFVPC000, nothing else
UNKNOWN = str(CASES / "bad_unknown_rule")  # one TFVPC000 and the TFVPC001 it failed to silence


def _ids(*args: str) -> list[str]:
    run = run_cli("lint", "--format", "json", *args)
    assert run.code in (0, 1), run.stderr
    # the fixtures' peerings carry no routes: TFVPC008 notices them, beside the point here
    return [d["rule_id"] for d in json.loads(run.stdout)["findings"] if d["rule_id"] != "TFVPC008"]


def test_explain_prints_its_documentation() -> None:
    run = run_cli("explain", "TFVPC000")
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("# unused-suppression (TFVPC000)\n")
    for section in ("## What it does", "## Why is this bad?", "## Example", "## How to fix"):
        assert f"\n{section}\n" in run.stdout
    assert run_cli("explain", "unused-suppression").stdout == run.stdout


def test_rules_lists_it_in_every_format() -> None:
    assert "TFVPC000 unused-suppression" in " ".join(run_cli("rules").stdout.split())
    assert (
        "| TFVPC000 | `unused-suppression` | notice |" in run_cli("rules", "-f", "markdown").stdout
    )
    rows = json.loads(run_cli("rules", "-f", "json").stdout)
    assert {"id": "TFVPC000", "name": "unused-suppression", "severity": "notice"}.items() <= rows[
        0
    ].items()


def test_select_and_ignore() -> None:
    assert _ids(UNKNOWN) == ["TFVPC000", "TFVPC001"]
    assert _ids(UNKNOWN, "--select", "TFVPC000") == ["TFVPC000"]
    assert _ids(STALE, "--select", "unused-suppression") == ["TFVPC000"]
    assert _ids(UNKNOWN, "--ignore", "TFVPC000") == ["TFVPC001"]
    assert _ids(STALE, "--ignore", "unused-suppression") == []
    # not selected: the comment is neither judged nor reported
    assert _ids(STALE, "--select", "TFVPC001") == []


def test_severity_table_accepts_it(tmp_path: Path) -> None:
    config = tmp_path / ".tfvpc.toml"
    config.write_text('[severity]\nTFVPC000 = "error"\n', encoding="utf-8")
    run = run_cli("lint", "--config", str(config), "--format", "json", STALE)
    assert run.code == 1, run.stderr  # an error now fails the run
    findings = json.loads(run.stdout)["findings"]
    (diagnostic,) = [d for d in findings if d["rule_id"] != "TFVPC008"]
    assert (diagnostic["rule_id"], diagnostic["severity"]) == ("TFVPC000", "error")
