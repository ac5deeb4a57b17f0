"""Linting a rule fixture's HCL directory finds what linting the plan made from it finds.

Every `fixtures/rules/<rule>/<case>/` directory is linted as HCL and compared, as a set of
(rule id, address), with the lint of `<case>.json` (a real plan made with tf-plan). A case
without a committed plan gets one from /work/shared/tools/tf-plan (skipped when it exits 3).

Cases whose plan holds data read from a mocked AWS API (`fixture.json` key `mock_vpcs`: a data
source's CIDR blocks) cannot be known from the HCL offline; there the HCL side must find a
subset of the plan's findings (never a finding the plan does not have). Elsewhere a plan
alone may find less than the HCL (an index it cannot read is unknown, never guessed) and the
plan with `--source-dir` finds exactly what the HCL finds.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from tflint_vpc.address import parse_instance_address
from tflint_vpc.api import lint
from tflint_vpc.testing import case_of, case_request

REPO = Path(__file__).resolve().parents[1]
RULE_FIXTURES = REPO / "fixtures" / "rules"
TF_PLAN = REPO.parent / "shared" / "tools" / "tf-plan"
CASES = sorted(p for p in RULE_FIXTURES.glob("*/*") if p.is_dir() and any(p.glob("*.tf")))


def findings(case: Path, path: Path, *, with_source: bool = False) -> set[tuple[str, str]]:
    # the case's fixture.json metadata (rule options, --source-dir for a plan) applies to both
    request = case_request(case_of(case), path)
    if with_source:
        request = replace(request, source_dir=str(case))
    result = lint(request)
    assert result.errors == ()
    return {(d.rule_id, d.address) for d in result.diagnostics}


def plan_for(case: Path, tmp_path: Path) -> Path:
    committed = case.parent / f"{case.name}.json"
    if committed.exists():
        return committed
    if not TF_PLAN.exists():
        pytest.skip("no committed plan and no tf-plan tool")
    out = tmp_path / "plan.json"
    done = subprocess.run(
        [str(TF_PLAN), str(case), str(out)], capture_output=True, text=True, check=False
    )
    if done.returncode == 3:
        pytest.skip("tf-plan: no terraform or AWS provider mirror here")
    assert done.returncode == 0, done.stderr[-2000:]
    return out


def test_there_are_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_hcl_and_plan_find_the_same(case: Path, tmp_path: Path) -> None:
    hcl = findings(case, case)
    plan_file = plan_for(case, tmp_path)
    plan = findings(case, plan_file)
    with_source = findings(case, plan_file, with_source=True)
    spec = case / "fixture.json"
    mocked = spec.exists() and "mock_vpcs" in json.loads(spec.read_text())
    if mocked:
        assert hcl <= plan  # data-source reads exist only in the plan
        assert hcl <= with_source
    else:
        # A plan alone cannot tell `x[count.index]` from `x[1 - count.index]` (its references
        # are the same), so it leaves such links unknown and may find less, never more; with
        # its HCL beside it, it finds exactly what the HCL does.
        assert plan <= hcl
        assert with_source == hcl
    if case.name.startswith("bad") and not mocked:
        assert hcl, "a bad case must have a finding"


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_hcl_finding_points_at_its_resource_block(case: Path) -> None:
    result = lint(case_request(case_of(case), case))
    for finding in result.diagnostics:
        if finding.rule == "unused-suppression":  # points at the comment instead
            continue
        parsed = parse_instance_address(finding.address)
        assert parsed is not None and finding.location is not None
        lines = Path(finding.location.file).read_text().splitlines()
        keyword = "resource" if parsed.mode == "managed" else parsed.mode
        header = f'{keyword} "{parsed.type}" "{parsed.name}"'
        assert lines[finding.location.line - 1].startswith(header), finding
        assert lines[finding.location.end_line - 1].startswith("}")
