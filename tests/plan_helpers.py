"""Helpers the plan front end's tests share: reading documents, hand-made plans, walking values."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tflint_vpc.address import parse_instance_address
from tflint_vpc.errors import InputError
from tflint_vpc.inventory import Inventory, Ref, ResourceInstance, Value
from tflint_vpc.plan import inventory_from_document, read_document

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "plans"
SHARED = ROOT.parent / "shared"


def read_error(path: Path | str) -> InputError:
    """The one-line error `read_document` raises for `path`, checked to be one line."""
    with pytest.raises(InputError) as caught:
        read_document(str(path))
    error = caught.value
    assert error.path == str(path)
    assert str(error) == f"{path}: {error.message}"
    assert "\n" not in str(error)
    return error


def write_json(tmp_path: Path, data: object, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def load(name: str, kind: str = "plan") -> Inventory:
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return inventory_from_document(data, f"{name}.json", kind)


def instances(inventory: Inventory) -> dict[str, ResourceInstance]:
    return {i.address: i for i in inventory.instances}


def value(inventory: Inventory, address: str, *path: str | int) -> Value:
    current: Value = instances(inventory)[address].values
    for step in path:
        if isinstance(step, int):
            assert isinstance(current, tuple), (address, path)
            current = current[step]
        else:
            assert isinstance(current, Mapping), (address, path)
            current = current[step]
    return current


def ref(*targets: str, attribute: str = "id") -> Ref:
    return Ref(tuple(targets), attribute)


def leaves(v: Value) -> Iterator[Value]:
    if isinstance(v, Mapping):
        for x in v.values():
            yield from leaves(x)
    elif isinstance(v, tuple):
        for x in v:
            yield from leaves(x)
    else:
        yield v


def rc(
    address: str,
    actions: list[str],
    after: object = None,
    after_unknown: object = None,
    after_sensitive: object = False,
    **extra: object,
) -> dict[str, object]:
    parsed = parse_instance_address(address)
    assert parsed is not None
    return {
        "address": address,
        "mode": parsed.mode,
        "type": parsed.type,
        "name": parsed.name,
        "change": {
            "actions": actions,
            "before": None,
            "after": after,
            "after_unknown": {} if after_unknown is None else after_unknown,
            "before_sensitive": False,
            "after_sensitive": after_sensitive,
        },
        **extra,
    }


def plan(
    changes: list[dict[str, object]],
    resources: list[dict[str, object]] | None = None,
    config: dict[str, object] | None = None,
    prior: list[dict[str, object]] | None = None,
    variables: dict[str, object] | None = None,
) -> dict[str, object]:
    doc: dict[str, object] = {
        "format_version": "1.2",
        "planned_values": {"root_module": {"resources": resources or []}},
        "resource_changes": changes,
        "configuration": {"root_module": config or {}},
    }
    if prior is not None:
        doc["prior_state"] = {
            "format_version": "1.0",
            "values": {"root_module": {"resources": prior}},
        }
    if variables is not None:
        doc["variables"] = variables
    return doc


def cres(address: str, expressions: dict[str, object], **extra: object) -> dict[str, object]:
    parsed = parse_instance_address(address)
    assert parsed is not None
    return {
        "address": address,
        "mode": parsed.mode,
        "type": parsed.type,
        "name": parsed.name,
        "provider_config_key": "aws",
        "expressions": expressions,
        **extra,
    }


def resolve(doc: dict[str, object]) -> Inventory:
    return inventory_from_document(doc, "test.json", "plan")


def new_vpcs(*addresses: str) -> list[dict[str, object]]:
    """Created VPCs whose `id` is unknown until apply."""
    return [rc(a, ["create"], {"cidr_block": "10.0.0.0/16"}, {"id": True}) for a in addresses]


def new_subnet(address: str) -> dict[str, object]:
    """A created subnet whose `vpc_id` is unknown until apply."""
    return rc(address, ["create"], {"cidr_block": "10.0.1.0/24"}, {"id": True, "vpc_id": True})
