"""Every format of one real multi-finding run, compared with reviewed goldens.

The run lints the bundled example twice, as the plan alone (findings without a source line)
and as its HCL directory (findings with file:line), in one process with `--format x=FILE`
pairs, exactly as CI would. Regenerate with `pytest --update-goldens` and review the diff.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tflint_vpc.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "fixtures" / "report" / "example"
FORMATS = {
    "text": "findings.txt",
    "json": "findings.json",
    "sarif": "findings.sarif",
    "github": "findings.github.txt",
    "junit": "findings.junit.xml",
    "gitlab": "findings.gitlab.json",
    "markdown": "findings.md",
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("formats")
    cwd = Path.cwd()
    saved = os.environ.pop("GITHUB_STEP_SUMMARY", None)
    os.chdir(ROOT)  # paths in reports are relative to the working directory
    try:
        args = ["lint", "examples/hub-and-spoke.plan.json", "examples/hub-and-spoke"]
        for fmt, name in FORMATS.items():
            args += ["--format", f"{fmt}={out / name}"]
        with pytest.raises(SystemExit) as exit_info:
            main(args)
    finally:
        os.chdir(cwd)
        if saved is not None:
            os.environ["GITHUB_STEP_SUMMARY"] = saved
    assert exit_info.value.code == 1
    return {name: (out / name).read_text(encoding="utf-8") for name in FORMATS.values()}


@pytest.mark.parametrize("name", sorted(FORMATS.values()))
def test_format_matches_its_golden(
    name: str, rendered: dict[str, str], request: pytest.FixtureRequest
) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-goldens", default=False):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered[name], encoding="utf-8")
    assert rendered[name] == path.read_text(encoding="utf-8")


def test_the_run_has_findings_with_and_without_locations(rendered: dict[str, str]) -> None:
    findings = json.loads(rendered["findings.json"])["findings"]
    assert len(findings) == 10  # the example plan and its HCL, five findings each
    assert {f["rule_id"] for f in findings} == {
        "TFVPC001",
        "TFVPC004",
        "TFVPC005",
        "TFVPC007",
        "TFVPC008",
    }
    assert sum(f["location"] is None for f in findings) == 5
    ET.fromstring(rendered["findings.junit.xml"])  # parses
    code_quality = json.loads(rendered["findings.gitlab.json"])
    for issue in code_quality:  # GitLab Code Quality field names
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert set(issue["location"]) >= {"path", "lines"}
        assert issue["location"]["lines"]["begin"] >= 1
