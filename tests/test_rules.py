"""Every rule alone over every one of its fixtures: bad cases match their golden, good are clean.

Cases come from `registry.load()` and the fixture folders, never from a list kept here: adding a
rule module and its fixture folder adds its cases. Ids look like `TFVPC001-bad_secondary_cidr`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

from tflint_vpc import registry
from tflint_vpc.report.text import golden_lines
from tflint_vpc.rule import Rule
from tflint_vpc.testing import BAD, FixtureCase, fixture_cases, run_rule

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" in metafunc.fixturenames:
        cases = [c for rule in registry.load() for c in fixture_cases(rule, FIXTURES)]
        metafunc.parametrize("case", cases, ids=[c.id for c in cases])


def test_rule_on_fixture(case: FixtureCase, update_goldens: bool) -> None:
    diagnostics = run_rule(case.rule, case.plan)
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
    may give fewer findings from HCL, never other ones.
    """
    source = case.plan.with_suffix("")
    if not source.is_dir():
        pytest.skip("no HCL folder beside this plan")
    from_plan = golden_lines(run_rule(case.rule, case.plan)).splitlines()
    from_hcl = golden_lines(run_rule(case.rule, source)).splitlines()
    spec = source / "fixture.json"
    if spec.is_file() and "hcl_differs" in json.loads(spec.read_text()):
        assert set(from_hcl) <= set(from_plan)
    else:
        assert from_hcl == from_plan


def _rule_options(code: str, **values: object) -> tuple[Rule, object]:
    rule = registry.find(code)
    assert rule is not None and rule.options is not None
    make = cast("Callable[..., object]", rule.options)
    return rule, make(**values)


def test_tfvpc005_option_narrows_to_the_2018_families() -> None:
    """`original_2018_restriction` reports Nitro families other than m5/c5 (m6i here)."""
    folder = FIXTURES / "endpoint_peering_instance_type"
    rule, narrowed = _rule_options("TFVPC005", original_2018_restriction=True)
    m6i = folder / "good_nitro_outside_2018_set.json"
    assert run_rule(rule, m6i) == []
    found = run_rule(rule, m6i, narrowed)
    assert [d.address for d in found] == ["aws_instance.batch_m6i_pass"]
    assert "m6i.large (Nitro)" in found[0].message
    assert "m5/c5" in found[0].message
    # m5 is one of the 2018 families; an unknown family stays silent either way
    assert run_rule(rule, folder / "good_nitro_instance.json", narrowed) == []
    assert run_rule(rule, folder / "good_unknown_family.json", narrowed) == []
    # the gateway endpoint never counts, whatever the option
    assert run_rule(rule, folder / "good_gateway_endpoint.json", narrowed) == []
