"""The walk that emits the Inventory: which instances exist in a plan or a state.

Deletes, `forget` and deposed objects are gone after apply; data sources come from the plan or
from `prior_state`; a state's instances are all known. No document, however broken, makes the
walk raise. The topology tests check that the emitted inventory links what the HCL declares.
"""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest
from plan_helpers import FIXTURES, SHARED, instances, leaves, load, plan, rc, ref, resolve, value

from tflint_vpc.address import parse_instance_address
from tflint_vpc.build import build
from tflint_vpc.errors import InputError
from tflint_vpc.inventory import UNKNOWN, Ref, Unknown
from tflint_vpc.model import TargetKind
from tflint_vpc.plan import inventory_from_document, read_document

# --- real plan: data sources ----------------------------------------------------------------


def test_deferred_data_source_is_an_instance_with_unknowns() -> None:
    raw = json.loads((FIXTURES / "data_source_vpc.json").read_text(encoding="utf-8"))
    (change,) = [c for c in raw["resource_changes"] if c["address"] == "data.aws_vpc.deferred"]
    assert change["change"]["actions"] == ["read"]
    assert change["action_reason"] == "read_because_config_unknown"
    inv = load("data_source_vpc")
    deferred = instances(inv)["data.aws_vpc.deferred"]
    assert deferred.mode == "data" and deferred.type == "aws_vpc"
    assert deferred.values["cidr_block"] is UNKNOWN
    assert deferred.values["id"] == ref("aws_vpc.new")  # data "aws_vpc" { id = aws_vpc.new.id }
    assert value(inv, "aws_subnet.deferred", "vpc_id") == ref("data.aws_vpc.deferred")


def test_data_source_read_during_plan_comes_from_prior_state() -> None:
    inv = load("data_source_vpc")
    existing = instances(inv)["data.aws_vpc.existing"]
    assert existing.mode == "data"
    assert existing.values["id"] == "vpc-0123456789abcdef0"
    assert existing.values["cidr_block"] == "172.31.0.0/16"
    assert existing.region == "ap-southeast-2"
    # Known ids stay literal strings; the builder links them by id.
    assert value(inv, "aws_subnet.existing", "vpc_id") == "vpc-0123456789abcdef0"
    assert value(inv, "aws_vpc_peering_connection.new_existing", "peer_vpc_id") == (
        "vpc-0123456789abcdef0"
    )


# --- state JSON -----------------------------------------------------------------------------


def test_state_is_all_known_and_has_no_region() -> None:
    inv = load("peering_routes_state", "state")
    assert inv.kind == "state"
    assert len(inv.instances) == 13
    for inst in inv.instances:
        assert inst.region is None
        assert not any(isinstance(v, Ref | Unknown) for v in leaves(inst.values)), inst.address
    vpc_id = value(inv, "aws_vpc.hub", "id")
    assert isinstance(vpc_id, str) and vpc_id.startswith("vpc-")
    assert value(inv, "aws_subnet.hub", "vpc_id") == vpc_id


# --- topology level (build/) ----------------------------------------------------------------


def _links(name: str, kind: str = "plan") -> dict[str, object]:
    topology = build(load(name, kind))
    return {
        "subnets": {s.address: s.vpc for s in topology.subnets},
        "peerings": {p.address: (p.requester, p.accepter) for p in topology.peerings},
        "routes": {
            r.address: (r.route_table, str(r.destination), r.target_kind, r.target)
            for r in topology.routes
        },
        "tables": {t.address: (t.vpc, t.default) for t in topology.route_tables},
    }


def test_topology_of_the_peering_plan() -> None:
    links = _links("peering_routes")
    assert links["subnets"] == {
        "aws_subnet.hub": "aws_vpc.hub",
        "aws_subnet.spoke_a": "aws_vpc.spoke_a",
        "aws_subnet.spoke_b": "aws_vpc.spoke_b",
    }
    assert links["peerings"] == {
        "aws_vpc_peering_connection.hub_a": ("aws_vpc.hub", "aws_vpc.spoke_a"),
        "aws_vpc_peering_connection.hub_b": ("aws_vpc.hub", "aws_vpc.spoke_b"),
    }
    routes = links["routes"]
    assert isinstance(routes, dict)
    peering = TargetKind.PEERING
    # a merged inline reference naming two peerings leaves the target to the candidates
    # (tests/test_build_front_ends.py); naming one, it is that one
    assert routes["aws_route_table.hub.route[0]"] == (
        "aws_route_table.hub",
        "10.1.0.0/16",
        peering,
        None,
    )
    assert routes["aws_route_table.hub.route[1]"] == (
        "aws_route_table.hub",
        "10.2.0.0/16",
        peering,
        None,
    )
    assert routes["aws_default_route_table.hub.route[0]"][3] == "aws_vpc_peering_connection.hub_a"
    assert links["tables"] == {
        "aws_default_route_table.hub": ("aws_vpc.hub", True),
        "aws_route_table.hub": ("aws_vpc.hub", False),
    }


def test_state_and_plan_of_the_same_configuration_give_the_same_links() -> None:
    state, plan = _links("peering_routes_state", "state"), _links("peering_routes")
    assert isinstance(state["routes"], dict) and isinstance(plan["routes"], dict)
    # but for the targets a plan's merged inline references cannot tell (candidates)
    for address in ("aws_route_table.hub.route[0]", "aws_route_table.hub.route[1]"):
        assert plan["routes"][address][3] is None
        plan["routes"][address] = state["routes"][address]
    assert state == plan


def test_topology_of_modules_for_each_and_data_sources() -> None:
    nested = _links("nested_modules")["subnets"]
    assert isinstance(nested, dict)
    assert nested["module.network[1].module.subnets[0].aws_subnet.this[1]"] == (
        "module.network[1].aws_vpc.this"
    )
    # `aws_vpc.extra[count.index]` / `aws_vpc.env[each.key]`: the plan alone cannot tell the
    # index from `[1 - count.index]`, so these stay unlinked (the HCL links them)
    assert nested["module.network[0].aws_subnet.extra"] is None
    assert _links("for_each")["subnets"] == {
        'aws_subnet.app["dev"]': None,
        'aws_subnet.app["prod.main"]': None,
        "aws_subnet.literal": 'aws_vpc.env["dev"]',
    }
    data = _links("data_source_vpc")
    assert data["subnets"] == {
        # data.aws_vpc.deferred looks up aws_vpc.new by id: it is that VPC (issue 17, cause 1)
        "aws_subnet.deferred": "aws_vpc.new",
        "aws_subnet.existing": "data.aws_vpc.existing",
    }
    assert data["peerings"] == {
        "aws_vpc_peering_connection.new_existing": ("aws_vpc.new", "data.aws_vpc.existing")
    }


# --- hand-made documents: which instances exist ---------------------------------------------


def test_deletes_forget_and_deposed_objects_are_not_instances_after_apply() -> None:
    doc = plan(
        [
            rc("aws_vpc.kept", ["no-op"], {"cidr_block": "10.0.0.0/16"}),
            rc("aws_vpc.gone", ["delete"]),
            rc("aws_vpc.forgotten", ["forget"]),
            rc("aws_vpc.replaced", ["delete", "create"], {"cidr_block": "10.1.0.0/16"}),
            rc("aws_vpc.cbd", ["create", "delete"], {"cidr_block": "10.2.0.0/16"}),
            rc("aws_vpc.deposed_only", ["delete"], deposed="00000001"),
            rc("aws_vpc.replaced", ["delete"], deposed="00000002"),
        ],
        # Terraform 1.11 lists a forgotten resource in planned_values without values
        resources=[{"address": "aws_vpc.forgotten", "sensitive_values": False}],
        prior=[
            {"address": "aws_vpc.gone", "mode": "managed", "values": {"id": "vpc-1"}},
            {"address": "data.aws_vpc.read", "mode": "data", "values": {"id": "vpc-2"}},
        ],
    )
    got = instances(resolve(doc))
    assert sorted(got) == ["aws_vpc.cbd", "aws_vpc.kept", "aws_vpc.replaced", "data.aws_vpc.read"]
    assert got["aws_vpc.replaced"].values["cidr_block"] == "10.1.0.0/16"
    assert got["data.aws_vpc.read"].values == {"id": "vpc-2"}


# --- robustness -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "doc",
    [
        {},
        {"planned_values": None, "resource_changes": None, "configuration": None},
        {"planned_values": {"root_module": {"resources": [None, 1, "x", {"address": 3}]}}},
        {"planned_values": {"root_module": {"child_modules": [{"child_modules": "x"}]}}},
        {"resource_changes": [{"address": "aws_x.y", "change": "create"}]},
        {
            "resource_changes": [
                {"address": "aws_x.y", "change": {"actions": "create", "after": []}}
            ]
        },
        {
            "resource_changes": [
                {"address": "aws_x.y[", "change": {"actions": ["create"], "after": {}}}
            ]
        },
        {
            "resource_changes": [
                {
                    "address": "aws_x.y",
                    "change": {"actions": [1], "after": {"a": 1}, "after_unknown": [True]},
                }
            ],
            "configuration": {
                "root_module": {"resources": [{"address": "aws_x.y", "expressions": []}]}
            },
        },
        {
            "resource_changes": [
                {
                    "address": "aws_x.y",
                    "change": {"actions": ["create"], "after": {}, "after_unknown": {"a": True}},
                }
            ],
            "configuration": {
                "provider_config": [],
                "root_module": {
                    "resources": [
                        {
                            "address": "aws_x.y",
                            "provider_config_key": 5,
                            "expressions": {
                                "a": {
                                    "references": [
                                        1,
                                        None,
                                        "module",
                                        "var",
                                        "module.x",
                                        "data",
                                        "each",
                                        "a.b[0",
                                    ]
                                }
                            },
                        }
                    ],
                    "module_calls": {"x": None},
                },
            },
        },
        {"prior_state": {"values": {"root_module": {"resources": {"a": 1}}}}},
        {"variables": [], "planned_values": {"root_module": []}},
    ],
)
def test_malformed_documents_never_raise(doc: dict[str, object]) -> None:
    inventory_from_document(doc, "bad.json", "plan")
    inventory_from_document(doc, "bad.json", "state")


def _mutate(node: object, rng: random.Random) -> object:
    """Replace, delete or duplicate one random node of a JSON tree (in place when possible)."""
    replacements: list[object] = [None, True, 0, -1, 1.5, "", "x[", [], {}, [True], {"a": True}]
    parent: dict[str, object] | list[object] | None = None
    key: str | int = 0
    current = node
    while isinstance(current, dict | list) and current and rng.random() < 0.85:
        parent = current
        if isinstance(current, dict):
            key = rng.choice(list(current))
            current = current[key]
        else:
            key = rng.randrange(len(current))
            current = current[key]
    if parent is None:
        return rng.choice(replacements)
    action = rng.random()
    if isinstance(parent, dict) and isinstance(key, str):
        if action < 0.7:
            parent[key] = rng.choice(replacements)
        else:
            del parent[key]
    elif isinstance(parent, list) and isinstance(key, int):
        if action < 0.6:
            parent[key] = rng.choice(replacements)
        elif action < 0.8:
            del parent[key]
        else:
            parent.append(copy.deepcopy(parent[key]))
    return node


@pytest.mark.parametrize(
    "name",
    ["peering_routes", "nested_modules", "for_each", "data_source_vpc", "peering_routes_state"],
)
def test_mutated_fixture_documents_never_raise(name: str) -> None:
    original = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    rng = random.Random(name)
    for _ in range(150):
        doc = copy.deepcopy(original)
        for _ in range(rng.randint(1, 6)):
            doc = _mutate(doc, rng)
        if isinstance(doc, dict):
            for kind in ("plan", "state"):
                inv = inventory_from_document(doc, name, kind)
                assert len({i.address for i in inv.instances}) == len(inv.instances)


def _corpus_files() -> list[Path]:
    root = SHARED / "corpus" / "plans"
    return sorted(root.iterdir()) if root.is_dir() else []


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name[:80])
def test_corpus_documents_resolve(path: Path) -> None:
    try:
        document = read_document(str(path))
    except InputError:
        pytest.skip("not plan or state JSON (the reader says what to run instead)")
    inv = inventory_from_document(document.data, str(path), document.kind)
    addresses = [i.address for i in inv.instances]
    assert len(set(addresses)) == len(addresses)
    for inst in inv.instances:
        parsed = parse_instance_address(inst.address)
        assert parsed is not None and (parsed.type, parsed.name) == (inst.type, inst.name)
        for leaf in leaves(inst.values):
            if isinstance(leaf, Ref):
                assert leaf.targets and set(leaf.targets) <= set(addresses)


def test_corpus_is_present() -> None:
    if not _corpus_files():
        pytest.skip("../shared/corpus is not beside the repository")
    assert len(_corpus_files()) > 40
