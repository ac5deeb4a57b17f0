"""Skeleton validation: a wrong type in any field the resolver reads is named by its JSON path.

The documents go through `read_document`, as a user's do; the messages come from
`tflint_vpc.plan.validate` and never quote a value.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from plan_helpers import read_error, write_json

from tflint_vpc.errors import InputError
from tflint_vpc.plan import read_document

FORMAT_FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "docs" / "format-fixtures"

# --- skeleton schema: wrong types in every field the resolver reads --------------------------

SECRET = "hunter2-SECRET-MARKER"


def _base_plan() -> dict[str, object]:
    return json.loads((FORMAT_FIXTURES / "create.json").read_text())  # type: ignore[no-any-return]


Mutation = Callable[[dict], None]  # type: ignore[type-arg]


def _set(*path: str | int, value: object) -> Mutation:
    def mutate(plan: dict) -> None:  # type: ignore[type-arg]
        node = plan
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return mutate


def _delete(*path: str | int) -> Mutation:
    def mutate(plan: dict) -> None:  # type: ignore[type-arg]
        node = plan
        for step in path[:-1]:
            node = node[step]
        del node[path[-1]]

    return mutate


RC = ("resource_changes", 0)
PV = ("planned_values", "root_module")
CFG = ("configuration", "root_module")
NET = (*CFG, "module_calls", "net")

SCHEMA_CASES: list[tuple[str, Mutation, str]] = [
    (
        "rc-string",
        _set("resource_changes", value=SECRET),
        "$.resource_changes: expected array, got string",
    ),
    (
        "rc-null",
        _set("resource_changes", value=None),
        "$.resource_changes: expected array, got null",
    ),
    ("rc-item-number", _set(*RC, value=7), "$.resource_changes[0]: expected object, got integer"),
    (
        "address-number",
        _set(*RC, "address", value=12),
        "$.resource_changes[0].address: expected string, got integer",
    ),
    (
        "address-missing",
        _delete(*RC, "address"),
        "$.resource_changes[0]: missing required key `address`",
    ),
    (
        "type-null",
        _set(*RC, "type", value=None),
        "$.resource_changes[0].type: expected string, got null",
    ),
    (
        "name-list",
        _set(*RC, "name", value=[SECRET]),
        "$.resource_changes[0].name: expected string, got array",
    ),
    (
        "index-float",
        _set(*RC, "index", value=1.5),
        "$.resource_changes[0].index: expected integer or string, got number",
    ),
    (
        "index-bool",
        _set(*RC, "index", value=True),
        "$.resource_changes[0].index: expected integer or string, got boolean",
    ),
    (
        "module-address",
        _set(*RC, "module_address", value=3),
        "$.resource_changes[0].module_address: expected string, got integer",
    ),
    (
        "change-null",
        _set(*RC, "change", value=None),
        "$.resource_changes[0].change: expected object, got null",
    ),
    (
        "actions-string",
        _set(*RC, "change", "actions", value="create"),
        "$.resource_changes[0].change.actions: expected array, got string",
    ),
    (
        "actions-empty",
        _set(*RC, "change", "actions", value=[]),
        "$.resource_changes[0].change.actions: must have at least 1 item",
    ),
    (
        "actions-item",
        _set(*RC, "change", "actions", value=[SECRET, 1]),
        "$.resource_changes[0].change.actions[1]: expected string, got integer",
    ),
    (
        "drift-string",
        _set("resource_drift", value=SECRET),
        "$.resource_drift: expected array, got string",
    ),
    (
        "variables-list",
        _set("variables", value=[SECRET]),
        "$.variables: expected object, got array",
    ),
    (
        "variable-string",
        _set("variables", "vpc_cidr", value=SECRET),
        "$.variables.vpc_cidr: expected object, got string",
    ),
    ("pv-null", _set("planned_values", value=None), "$.planned_values: expected object, got null"),
    (
        "pv-resources",
        _set(*PV, "resources", value={}),
        "$.planned_values.root_module.resources: expected array, got object",
    ),
    (
        "pv-resource-address",
        _set(*PV, "resources", 0, "address", value=None),
        "$.planned_values.root_module.resources[0].address: expected string, got null",
    ),
    (
        "pv-values",
        _set(*PV, "resources", 0, "values", value=SECRET),
        "$.planned_values.root_module.resources[0].values: expected object, got string",
    ),
    (
        "pv-child-modules",
        _set(*PV, "child_modules", value={}),
        "$.planned_values.root_module.child_modules: expected array, got object",
    ),
    (
        "pv-child-address",
        _set(*PV, "child_modules", 0, "address", value=1),
        "$.planned_values.root_module.child_modules[0].address: expected string, got integer",
    ),
    (
        "prior-values",
        _set("prior_state", value={"values": []}),
        "$.prior_state.values: expected object, got array",
    ),
    (
        "config-null",
        _set("configuration", value=None),
        "$.configuration: expected object, got null",
    ),
    (
        "config-root",
        _set(*CFG, value=[]),
        "$.configuration.root_module: expected object, got array",
    ),
    (
        "module-calls-list",
        _set(*CFG, "module_calls", value=[]),
        "$.configuration.root_module.module_calls: expected object, got array",
    ),
    (
        "module-call-source",
        _set(*NET, "source", value=1),
        "$.configuration.root_module.module_calls.net.source: expected string, got integer",
    ),
    (
        "module-call-exprs",
        _set(*NET, "expressions", value=SECRET),
        "$.configuration.root_module.module_calls.net.expressions: expected object, got string",
    ),
    (
        "module-call-module",
        _set(*NET, "module", value=None),
        "$.configuration.root_module.module_calls.net.module: expected object, got null",
    ),
    (
        "config-resources",
        _set(*CFG, "resources", value=SECRET),
        "$.configuration.root_module.resources: expected array, got string",
    ),
    (
        "config-resource-exprs",
        _set(*CFG, "resources", 0, "expressions", value=[]),
        "$.configuration.root_module.resources[0].expressions: expected object, got array",
    ),
    (
        "references-string",
        _set(*CFG, "resources", 0, "count_expression", value={"references": SECRET}),
        (
            "$.configuration.root_module.resources[0].count_expression.references: "
            "expected array, got string"
        ),
    ),
    (
        "config-variables",
        _set(*CFG, "variables", value=[]),
        "$.configuration.root_module.variables: expected object, got array",
    ),
    (
        "output-expression",
        _set(*NET, "module", "outputs", "subnet_id", "expression", value=SECRET),
        (
            "$.configuration.root_module.module_calls.net.module.outputs.subnet_id.expression: "
            "expected object, got string"
        ),
    ),
    (
        "provider-config",
        _set("configuration", "provider_config", value=[]),
        "$.configuration.provider_config: expected object, got array",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [c[1:] for c in SCHEMA_CASES], ids=[c[0] for c in SCHEMA_CASES]
)
def test_schema_errors_name_the_path(tmp_path: Path, mutate: Mutation, expected: str) -> None:
    plan = _base_plan()
    mutate(plan)
    message = read_error(write_json(tmp_path, plan)).message
    assert message.split(" (and ")[0] == expected
    assert SECRET not in message


def test_schema_error_counts_the_rest(tmp_path: Path) -> None:
    plan = _base_plan()
    for change in plan["resource_changes"]:  # type: ignore[attr-defined]
        change["address"] = None
    count = len(plan["resource_changes"])  # type: ignore[arg-type]
    message = read_error(write_json(tmp_path, plan)).message
    assert message == (
        "$.resource_changes[0].address: expected string, got null "
        f"(and {count - 1} more schema errors)"
    )


def test_keys_that_are_not_identifiers_are_quoted(tmp_path: Path) -> None:
    plan = _base_plan()
    plan["variables"] = {'odd "name"': "x"}
    assert read_error(write_json(tmp_path, plan)).message == (
        '$.variables["odd \\"name\\""]: expected object, got string'
    )


def test_unknown_keys_and_deposed_are_accepted_duplicates_refused(tmp_path: Path) -> None:
    plan = _base_plan()
    plan["some_future_key"] = {"x": [1, 2]}
    changes = plan["resource_changes"]
    assert isinstance(changes, list)
    deposed = copy.deepcopy(changes[0])
    deposed["deposed"] = "deadbeef"  # the same address, told apart by `deposed` (fact 14)
    deposed["change"]["actions"] = ["delete"]
    changes.append(deposed)
    assert read_document(str(write_json(tmp_path, plan))).kind == "plan"
    changes.append(copy.deepcopy(changes[0]))  # the same (address, deposed) twice: ambiguous
    with pytest.raises(
        InputError, match=r"duplicate address .* \(first at \$\.resource_changes\[0\]\)"
    ):
        read_document(str(write_json(tmp_path, plan)))
