"""Meta-tests over the rule catalogue: documentation, identity and fixtures cannot drift.

Everything is derived from `registry.load()` and the fixture folders; nothing is listed here.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from tflint_vpc import registry
from tflint_vpc.rule import Rule
from tflint_vpc.testing import BAD, GOOD, fixture_cases

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "rules"
SHARED = ROOT.parent / "shared"
SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## How to fix",
    "## References",
)
RULES = registry.load()


def by_code(rules: tuple[Rule, ...]) -> list[object]:
    return [pytest.param(r, id=r.code) for r in rules]


@pytest.mark.parametrize("rule", by_code(RULES))
def test_first_line_is_a_short_sentence(rule: Rule) -> None:
    first = rule.doc.strip().splitlines()[0]
    assert first == rule.summary
    assert len(first) <= 80, first
    assert first[0].isupper() and first.endswith("."), first


@pytest.mark.parametrize("rule", by_code(RULES))
def test_doc_has_every_section_in_order(rule: Rule) -> None:
    lines = [line.rstrip() for line in rule.doc.splitlines()]
    positions = []
    for section in SECTIONS:
        assert section in lines, f"{rule.code}: missing {section!r}"
        positions.append(lines.index(section))
    assert positions == sorted(positions), f"{rule.code}: sections out of order"
    for here, there in zip(positions, [*positions[1:], len(lines)], strict=True):
        body = "\n".join(lines[here + 1 : there]).strip()
        assert body, f"{rule.code}: empty section {lines[here]!r}"


@pytest.mark.parametrize("rule", by_code(RULES))
def test_references_link_documentation(rule: Rule) -> None:
    references = rule.doc.split("## References", 1)[1]
    links = re.findall(r"\]\((https://[^)\s]+)\)", references)
    assert links, f"{rule.code}: no links under References"
    if rule.reads_topology:  # a rule about AWS cites AWS; TFVPC000 is about the comments
        assert any(link.startswith("https://docs.aws.amazon.com/") for link in links)


@pytest.mark.parametrize("rule", by_code(RULES))
def test_options_are_frozen_documented_dataclasses(rule: Rule) -> None:
    if rule.options is None:
        assert "## Options" not in rule.doc
        return
    assert dataclasses.is_dataclass(rule.options)
    params = getattr(rule.options, "__dataclass_params__", None)
    assert params is not None and params.frozen, f"{rule.code}: Options must be frozen"
    rule.options()  # every option has a default
    options_doc = rule.doc.split("## Options", 1)[1].split("\n## ", 1)[0]
    for f in dataclasses.fields(rule.options):
        # written as the configuration file writes it: `-` for `_`
        key = f.name.replace("_", "-")
        assert f"`{key}`" in options_doc, f"{rule.code}: option {key} is not documented"


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(names)) == len(names)
    for r in RULES:
        assert re.fullmatch(r"TFVPC\d{3}", r.code), r.code
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", r.name), r.name
        assert r.name == r.module.replace("_", "-")
        assert not r.name.startswith(("no-", "ensure-", "check-")), r.name


@pytest.mark.parametrize("rule", by_code(RULES))
def test_fixtures_exist_with_goldens(rule: Rule) -> None:
    cases = fixture_cases(rule, FIXTURES)
    bad = [c for c in cases if c.kind == BAD]
    good = [c for c in cases if c.kind == GOOD]
    assert len(bad) >= 2, f"{rule.code}: needs at least 2 bad_ fixtures in {rule.module}/"
    assert len(good) >= 2, f"{rule.code}: needs at least 2 good_ fixtures in {rule.module}/"
    for case in bad:
        assert case.golden.is_file(), f"{case.plan.name} has no golden {case.golden.name}"
        assert case.golden.read_text().strip(), f"{case.golden.name} is empty"


def test_no_orphaned_fixtures_or_goldens() -> None:
    modules = {r.module for r in RULES}
    folders = {p.name for p in FIXTURES.iterdir() if p.is_dir()}
    assert folders <= modules, f"fixture folders without a rule: {sorted(folders - modules)}"
    for folder in sorted(FIXTURES.iterdir()):
        if not folder.is_dir():
            continue
        plans = {p.stem for p in folder.glob("*.json")}
        for plan in plans:
            assert plan.startswith((f"{BAD}_", f"{GOOD}_")), f"{folder.name}/{plan}.json"
        for golden in folder.glob("*.expected"):
            assert golden.stem.startswith(f"{BAD}_"), f"golden of a good case: {golden}"
            assert golden.stem in plans, f"golden without a plan: {golden}"
        for case_dir in (p for p in folder.iterdir() if p.is_dir()):
            assert case_dir.name in plans, f"HCL case without its plan: {case_dir}"


def test_packaged_nitro_table_equals_the_shared_one() -> None:
    shared = SHARED / "docs" / "nitro-families.json"
    if not shared.is_file():
        pytest.skip("../shared is not beside the repository")
    packaged = ROOT / "tflint_vpc" / "data" / "nitro-families.json"
    assert json.loads(packaged.read_text()) == json.loads(shared.read_text())
