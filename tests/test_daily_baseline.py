"""Issue 14 item 7: --write-baseline exits 0 and says what it wrote; fingerprints are the kind
of problem (an instance type change within the same hypervisor class keeps TFVPC005's)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tflint_vpc.testing import run_cli

CASE = Path(__file__).resolve().parents[1] / (
    "fixtures/rules/endpoint_peering_instance_type/bad_explicit_association"
)


def _copy(tmp_path: Path, instance_type: str) -> Path:
    folder = tmp_path / instance_type
    shutil.copytree(CASE, folder)
    main = folder / "main.tf"
    text = main.read_text()
    assert '"m4.large"' in text
    main.write_text(text.replace('"m4.large"', f'"{instance_type}"'))
    return folder


def test_write_baseline_exits_0_and_counts(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "m4.large")
    baseline = tmp_path / "baseline.json"
    run = run_cli("lint", str(folder), "--select", "TFVPC005", "--write-baseline", str(baseline))
    assert run.code == 0, run.stderr
    entries = json.loads(baseline.read_text())["entries"]
    assert len(entries) >= 1
    assert f"tfvpc: wrote {len(entries)} baseline entr" in run.stderr


def test_same_hypervisor_class_keeps_the_fingerprint(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    before = _copy(tmp_path, "m4.large")
    written = run_cli(
        "lint", str(before), "--select", "TFVPC005", "--write-baseline", str(baseline)
    )
    assert written.code == 0
    after = _copy(tmp_path, "m4.xlarge")
    run = run_cli("lint", str(after), "--select", "TFVPC005", "--baseline", str(baseline))
    assert run.code == 0, run.stdout
    assert "TFVPC005" not in run.stdout
    assert "fixed:" not in run.stdout


def test_version_1_entries_match_by_rule_and_address(tmp_path: Path) -> None:
    folder = _copy(tmp_path, "m4.large")
    baseline = tmp_path / "baseline.json"
    assert run_cli("lint", str(folder), "--write-baseline", str(baseline)).code == 0
    document = json.loads(baseline.read_text())
    assert document["version"] == 2
    document["version"] = 1
    for entry in document["entries"]:
        entry["fingerprint"] = "0" * 32  # old fingerprints fed other values
    baseline.write_text(json.dumps(document))
    run = run_cli("lint", str(folder), "--baseline", str(baseline))
    assert run.code == 0, run.stdout
    assert "No findings" in run.stdout
