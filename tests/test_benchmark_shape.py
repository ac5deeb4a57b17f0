"""The synthetic benchmark plans have the shape of a real `terraform show -json` plan.

benchmarks/shape/plan.json is a real plan (Terraform 1.11.4, AWS provider 5.100.0) of
benchmarks/shape/main.tf made with tools/tf-plan; benchmarks/generate_plan.py cuts its entries
from it. Here the generator's output is compared with that plan, resource type by resource
type: every key path (dict keys, list elements as `[]`) of the resource_changes, planned_values
and configuration entries, so a benchmark never times a plan Terraform would not write.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from tflint_vpc.api import LintRequest, lint

ROOT = Path(__file__).resolve().parents[1]
GENERATOR = ROOT / "benchmarks" / "generate_plan.py"
SHAPE_PLAN = ROOT / "benchmarks" / "shape" / "plan.json"

Json = object
# By resource type: the distinct key-path sets of its entries (a count/for_each instance,
# an instance in a module, an ENI with an inline attachment block each have their own).
KeyPaths = dict[str, set[frozenset[tuple[str, ...]]]]


def key_paths(value: Json, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every path of dict keys in `value`, list elements spelled `[]`."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*prefix, key)
            yield from key_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for item in value:
            yield from key_paths(item, (*prefix, "[]"))


def _modules(module: dict[str, Json]) -> Iterator[dict[str, Json]]:
    yield module
    children = module.get("child_modules", [])
    assert isinstance(children, list)
    for child in children:
        yield from _modules(child)


def _config_modules(
    module: dict[str, Json], depth: int = 0
) -> Iterator[tuple[int, dict[str, Json]]]:
    yield depth, module
    calls = module.get("module_calls", {})
    assert isinstance(calls, dict)
    for call in calls.values():
        yield from _config_modules(call["module"], depth + 1)


def resources(module: dict[str, Json]) -> list[dict[str, Json]]:
    found = module.get("resources", [])
    assert isinstance(found, list)
    return found


def by_type(entries: Iterator[dict[str, Json]]) -> KeyPaths:
    found: KeyPaths = defaultdict(set)
    for entry in entries:
        found[str(entry["type"])].add(frozenset(key_paths(entry)))
    return dict(found)


def shapes(plan: dict[str, Json]) -> dict[str, KeyPaths]:
    planned = plan["planned_values"]
    assert isinstance(planned, dict)
    config = plan["configuration"]
    assert isinstance(config, dict)
    return {
        "resource_changes": by_type(iter(plan["resource_changes"])),  # type: ignore[call-overload]
        "planned_values": by_type(
            r for m in _modules(planned["root_module"]) for r in resources(m)
        ),
        "configuration": by_type(
            r for _, m in _config_modules(config["root_module"]) for r in resources(m)
        ),
    }


def load(path: Path) -> dict[str, Json]:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "plan-10.json"
    subprocess.run([sys.executable, str(GENERATOR), "--vpcs", "10", str(out)], check=True)
    return out


def test_same_top_level_keys_in_the_same_order(generated: Path) -> None:
    real, synthetic = load(SHAPE_PLAN), load(generated)
    assert list(synthetic) == list(real)
    assert synthetic["format_version"] == "1.2"
    assert synthetic["terraform_version"] == "1.11.4"


@pytest.mark.parametrize("section", ["resource_changes", "planned_values", "configuration"])
def test_same_key_paths_per_resource_type(generated: Path, section: str) -> None:
    """Every generated entry has the key paths of a real entry of its type, and back."""
    real = shapes(load(SHAPE_PLAN))[section]
    synthetic = shapes(load(generated))[section]
    assert sorted(synthetic) == sorted(real)  # the same resource types
    for kind, variants in real.items():
        extra = [
            sorted(v - set().union(*variants)) or sorted(v) for v in synthetic[kind] - variants
        ]
        missing = [sorted(v) for v in variants - synthetic[kind]]
        assert synthetic[kind] == variants, (kind, extra, missing)


def test_module_resources_have_relative_config_and_absolute_plan_addresses(
    generated: Path,
) -> None:
    plan = load(generated)
    config = plan["configuration"]
    assert isinstance(config, dict)
    depths = {d for d, m in _config_modules(config["root_module"]) if resources(m)}
    assert depths == {0, 1}
    for depth, module in _config_modules(config["root_module"]):
        for resource in resources(module):
            assert not str(resource["address"]).startswith("module.")
            if depth == 1:
                assert resource["address"] == f"{resource['type']}.{resource['name']}"
    changes = plan["resource_changes"]
    assert isinstance(changes, list)
    in_modules = [rc for rc in changes if "module_address" in rc]
    assert in_modules
    for rc in in_modules:
        assert rc["address"].startswith(rc["module_address"] + ".")
    addresses = [rc["address"] for rc in changes]
    assert addresses == sorted(addresses)
    assert len(set(addresses)) == len(addresses)


def test_planned_values_mirror_the_changes(generated: Path) -> None:
    plan = load(generated)
    planned_values = plan["planned_values"]
    assert isinstance(planned_values, dict)
    planned = {
        r["address"]: r for m in _modules(planned_values["root_module"]) for r in resources(m)
    }
    changes = plan["resource_changes"]
    assert isinstance(changes, list)
    assert set(planned) == {rc["address"] for rc in changes}
    for rc in changes:
        assert planned[rc["address"]]["values"] == rc["change"]["after"]
        assert planned[rc["address"]]["sensitive_values"] == rc["change"]["after_sensitive"]


def test_the_planted_findings_are_found(generated: Path) -> None:
    expected = load(generated.with_suffix(".expected.json"))["findings"]
    result = lint(LintRequest(paths=(str(generated),)))
    assert not result.errors
    found: dict[str, int] = defaultdict(int)
    for d in result.diagnostics:
        found[d.rule_id] += 1
    assert dict(found) == expected
