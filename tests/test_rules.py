"""Every rule alone over every one of its fixtures: bad cases match their golden, good are clean.

Cases come from `registry.load()` and the fixture folders, never from a list kept here: adding a
rule module and its fixture folder adds its cases. Ids look like `TFVPC001-bad_secondary_cidr`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tflint_vpc import registry
from tflint_vpc.report.text import golden_lines
from tflint_vpc.testing import BAD, FixtureCase, fixture_cases

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        cases = [c for rule in registry.load() for c in fixture_cases(rule, FIXTURES)]
        metafunc.parametrize("case", cases, ids=[c.id for c in cases])


def test_rule_on_fixture(case: FixtureCase, update_goldens: bool) -> None:
    diagnostics = case.run()
    assert all(d.rule_id == case.rule.code for d in diagnostics)
    if case.kind != BAD:
        assert diagnostics == [], golden_lines(diagnostics)
        return
    assert diagnostics, f"{case.plan.name}: a bad case must yield at least one finding"
    actual = golden_lines(diagnostics)
    if update_goldens:
        case.golden.write_text(actual)
    assert case.golden.exists(), f"no golden {case.golden.name} (run pytest --update-goldens)"
    assert actual == case.golden.read_text()


def test_hcl_front_end_agrees_with_the_plan(case: FixtureCase) -> None:
    """The case's HCL folder, linted as HCL, gives the plan's findings (architecture.md).

    A case whose `fixture.json` says `hcl_differs` (a data source that only AWS can answer)
    may give fewer findings from HCL, never other ones. Options from `fixture.json` apply to
    both, so a case pinning a rule's options is an ordinary case of both tests.
    """
    source = case.source
    if not source.is_dir():
        pytest.skip("no HCL folder beside this plan")
    from_plan = golden_lines(case.run()).splitlines()
    from_hcl = golden_lines(case.run(source)).splitlines()
    if "hcl_differs" in case.spec:
        assert set(from_hcl) <= set(from_plan)
    else:
        assert sorted(from_hcl) == sorted(from_plan)  # HCL sorts by file:line, plans by address
