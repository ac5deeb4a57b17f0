"""Plan/state JSON -> Inventory: which instances exist, unknown and sensitive values, and links.

The fixtures in fixtures/plans/ are real plans made by scripts/make_plan_fixtures.sh with
../shared/tools/tf-plan from the HCL beside them; the assertions name the links that HCL
declares. Hand-made documents cover the corner cases a real plan cannot show on demand
(sensitive values, deletes, forget, deposed objects, cycles, broken input).
"""

from __future__ import annotations

import copy
import json
import os
import random
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tflint_vpc.address import Key, Token, format_key, parse_instance_address, tokenize
from tflint_vpc.build import build
from tflint_vpc.errors import InputError
from tflint_vpc.inventory import (
    SENSITIVE,
    UNKNOWN,
    Inventory,
    Ref,
    ResourceInstance,
    Unknown,
    Value,
)
from tflint_vpc.model import TargetKind
from tflint_vpc.plan import read_document
from tflint_vpc.plan_resolve import inventory_from_document

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "plans"
SHARED = ROOT.parent / "shared"
TF_PLAN = SHARED / "tools" / "tf-plan"


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


# --- address tokenizer ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "module", "mode", "rtype", "name", "key"),
    [
        ("aws_vpc.main", (), "managed", "aws_vpc", "main", None),
        ("aws_subnet.a[0]", (), "managed", "aws_subnet", "a", 0),
        ('aws_s3_bucket.b["my.bucket"]', (), "managed", "aws_s3_bucket", "b", "my.bucket"),
        ("data.aws_vpc.x", (), "data", "aws_vpc", "x", None),
        (
            'module.m["a.b[c]"].module.inner[2].data.aws_ami.x["q\\"z"]',
            (("m", "a.b[c]"), ("inner", 2)),
            "data",
            "aws_ami",
            "x",
            'q"z',
        ),
        (
            'module.net_each["a"].aws_subnet.this',
            (("net_each", "a"),),
            "managed",
            "aws_subnet",
            "this",
            None,
        ),
        (
            'module.a["x.y"].module.b[1].data.t.n["k"]',
            (("a", "x.y"), ("b", 1)),
            "data",
            "t",
            "n",
            "k",
        ),
        ("module.data.aws_x.y[3]", (("data", None),), "managed", "aws_x", "y", 3),
        ('aws_x.y["tab\\there \\u00e9"]', (), "managed", "aws_x", "y", "tab\there é"),
    ],
)
def test_instance_addresses_parse_with_real_keys(
    text: str, module: tuple[tuple[str, Key], ...], mode: str, rtype: str, name: str, key: Key
) -> None:
    parsed = parse_instance_address(text)
    assert parsed is not None
    assert (parsed.module, parsed.mode, parsed.type, parsed.name, parsed.key) == (
        module,
        mode,
        rtype,
        name,
        key,
    )
    assert parsed.module_address == ".".join(f"module.{c}{format_key(k)}" for c, k in module)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "aws_vpc",
        "a..b",
        "a.b[",
        'a.b["x]',
        "a.b[x]",
        "a.b[0",
        "data.x",
        "module.x",
        "x.y[*]",
        "module.m[*].a.b",
        "a.b.c.d",
        "1a.b",
        "a.b[0][1]",
        ".a.b",
        "a b.c",
    ],
)
def test_non_addresses_give_none(text: str) -> None:
    assert parse_instance_address(text) is None


def test_tokenizer_keeps_prefix_offsets() -> None:
    got = tokenize('aws_vpc.env["dev"].id')
    assert got is not None
    tokens, ends = got
    assert tokens == [Token("aws_vpc"), Token("env"), Token("", "dev", True), Token("id")]
    assert ['aws_vpc.env["dev"].id'[:e] for e in ends][-2] == 'aws_vpc.env["dev"]'


def test_format_key_round_trips() -> None:
    for key in (0, 12, "a", "a.b[c]", 'q"z'):
        parsed = parse_instance_address(f"aws_x.y{format_key(key)}")
        assert parsed is not None and parsed.key == key


# --- real plan: new VPCs linked only through configuration ----------------------------------


def test_subnets_point_at_their_new_vpcs() -> None:
    inv = load("peering_routes")
    for name in ("hub", "spoke_a", "spoke_b"):
        assert value(inv, f"aws_vpc.{name}", "id") is UNKNOWN
        assert value(inv, f"aws_subnet.{name}", "vpc_id") == ref(f"aws_vpc.{name}")
    assert value(inv, "aws_subnet.hub", "cidr_block") == "10.0.1.0/24"  # known stays literal


def test_peering_sides_and_accepter() -> None:
    inv = load("peering_routes")
    assert value(inv, "aws_vpc_peering_connection.hub_a", "vpc_id") == ref("aws_vpc.hub")
    assert value(inv, "aws_vpc_peering_connection.hub_a", "peer_vpc_id") == ref("aws_vpc.spoke_a")
    assert value(inv, "aws_vpc_peering_connection.hub_b", "peer_vpc_id") == ref("aws_vpc.spoke_b")
    assert value(inv, "aws_vpc_peering_connection.hub_b", "peer_region") == "us-west-2"
    accepter = "aws_vpc_peering_connection_accepter.hub_b"
    assert value(inv, accepter, "vpc_peering_connection_id") == ref(
        "aws_vpc_peering_connection.hub_b"
    )
    # Computed on the accepter and not in its configuration: unknown, not guessed.
    assert value(inv, accepter, "peer_vpc_id") is UNKNOWN


def test_inline_routes_with_merged_references_get_every_peering_as_candidate() -> None:
    inv = load("peering_routes")
    routes = value(inv, "aws_route_table.hub", "route")
    assert isinstance(routes, tuple) and len(routes) == 2
    both = ref("aws_vpc_peering_connection.hub_a", "aws_vpc_peering_connection.hub_b")
    for route in routes:
        assert isinstance(route, Mapping)
        assert route["vpc_peering_connection_id"] == both
        assert route["gateway_id"] == ""  # known attributes of the block stay literal
    assert {r["cidr_block"] for r in routes if isinstance(r, Mapping)} == {
        "10.1.0.0/16",
        "10.2.0.0/16",
    }
    assert value(inv, "aws_route_table.hub", "vpc_id") == ref("aws_vpc.hub")


def test_default_route_table_and_attribute_names() -> None:
    inv = load("peering_routes")
    table = "aws_default_route_table.hub"
    assert value(inv, table, "default_route_table_id") == ref(
        "aws_vpc.hub", attribute="default_route_table_id"
    )
    assert value(inv, table, "route", 0, "vpc_peering_connection_id") == ref(
        "aws_vpc_peering_connection.hub_a"
    )
    assert value(inv, "aws_route.spoke_a_to_hub", "route_table_id") == ref(
        "aws_vpc.spoke_a", attribute="main_route_table_id"
    )


def test_regions_from_provider_configurations_and_aliases() -> None:
    regions = {i.address: i.region for i in load("peering_routes").instances}
    assert regions["aws_vpc.hub"] == "us-east-1"
    # provider "aws" { alias = "west", region = var.west_region } -> plan variables
    assert regions["aws_vpc.spoke_b"] == "us-west-2"
    assert regions["aws_subnet.spoke_b"] == "us-west-2"
    assert regions["aws_vpc_peering_connection_accepter.hub_b"] == "us-west-2"
    assert regions["aws_vpc_peering_connection.hub_b"] == "us-east-1"


# --- real plan: nested modules with count ---------------------------------------------------


def test_nested_module_subnets_follow_var_to_the_callers_vpc() -> None:
    inv = load("nested_modules")
    for i in (0, 1):
        for j in (0, 1):
            for k in (0, 1):
                address = f"module.network[{i}].module.subnets[{j}].aws_subnet.this[{k}]"
                assert value(inv, address, "vpc_id") == ref(f"module.network[{i}].aws_vpc.this")
                inst = instances(inv)[address]
                assert (inst.module, inst.index) == (f"module.network[{i}].module.subnets[{j}]", k)


def test_two_var_hops_reach_the_root() -> None:
    inv = load("nested_modules")
    for i in (0, 1):
        for j in (0, 1):
            address = f"module.network[{i}].module.subnets[{j}].aws_security_group.shared"
            assert value(inv, address, "vpc_id") == ref("aws_vpc.shared")


def test_count_index_in_a_module_call_correlates_with_the_module_instance() -> None:
    inv = load("nested_modules")
    # module "network" { count = 2, extra_vpc_id = aws_vpc.extra[count.index].id }
    assert value(inv, "module.network[0].aws_subnet.extra", "vpc_id") == ref("aws_vpc.extra[0]")
    assert value(inv, "module.network[1].aws_subnet.extra", "vpc_id") == ref("aws_vpc.extra[1]")


def test_module_outputs_with_literal_keys() -> None:
    inv = load("nested_modules")
    peering = "aws_vpc_peering_connection.net"
    assert value(inv, peering, "vpc_id") == ref("module.network[0].aws_vpc.this")
    assert value(inv, peering, "peer_vpc_id") == ref("module.network[1].aws_vpc.this")


def test_dynamic_module_index_loses_the_output_and_stays_unknown() -> None:
    inv = load("nested_modules")
    # vpc_id = module.network[count.index].vpc_id -> references ["module.network", "count.index"]
    for i in (0, 1):
        assert value(inv, f"aws_security_group.per_network[{i}]", "vpc_id") is UNKNOWN


# --- real plan: for_each --------------------------------------------------------------------


def test_for_each_keys_with_dots_correlate_by_each_key() -> None:
    inv = load("for_each")
    for key in ("dev", "prod.main"):
        k = json.dumps(key)
        assert instances(inv)[f"aws_vpc.env[{k}]"].index == key
        assert value(inv, f"aws_subnet.app[{k}]", "vpc_id") == ref(f"aws_vpc.env[{k}]")
    assert value(inv, "aws_subnet.literal", "vpc_id") == ref('aws_vpc.env["dev"]')


def test_for_each_over_another_resource_uses_the_same_key() -> None:
    inv = load("for_each")
    for key in ("dev", "prod.main"):
        k = json.dumps(key)
        assert value(inv, f"aws_route_table.app[{k}]", "vpc_id") == ref(f"aws_vpc.env[{k}]")
        assert value(inv, f"aws_network_interface.app[{k}]", "subnet_id") == ref(
            f"aws_subnet.app[{k}]"
        )
        assoc = f"aws_route_table_association.app[{k}]"
        assert value(inv, assoc, "subnet_id") == ref(f"aws_subnet.app[{k}]")
        assert value(inv, assoc, "route_table_id") == ref(f"aws_route_table.app[{k}]")


def test_module_for_each_over_a_resource_resolves_each_value_in_the_caller() -> None:
    inv = load("for_each")
    for key in ("dev", "prod.main"):
        k = json.dumps(key)
        address = f"module.eni[{k}].aws_network_interface.this"
        assert value(inv, address, "subnet_id") == ref(f"aws_subnet.app[{k}]")
        assert instances(inv)[address].module == f"module.eni[{k}]"


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
    # merged inline references are assigned by the peer CIDR containing the destination
    assert routes["aws_route_table.hub.route[0]"] == (
        "aws_route_table.hub",
        "10.1.0.0/16",
        peering,
        "aws_vpc_peering_connection.hub_a",
    )
    assert routes["aws_route_table.hub.route[1]"] == (
        "aws_route_table.hub",
        "10.2.0.0/16",
        peering,
        "aws_vpc_peering_connection.hub_b",
    )
    assert routes["aws_default_route_table.hub.route[0]"][3] == "aws_vpc_peering_connection.hub_a"
    assert links["tables"] == {
        "aws_default_route_table.hub": ("aws_vpc.hub", True),
        "aws_route_table.hub": ("aws_vpc.hub", False),
    }


def test_state_and_plan_of_the_same_configuration_give_the_same_links() -> None:
    assert _links("peering_routes_state", "state") == _links("peering_routes")


def test_topology_of_modules_for_each_and_data_sources() -> None:
    nested = _links("nested_modules")["subnets"]
    assert isinstance(nested, dict)
    assert nested["module.network[1].module.subnets[0].aws_subnet.this[1]"] == (
        "module.network[1].aws_vpc.this"
    )
    assert nested["module.network[0].aws_subnet.extra"] == "aws_vpc.extra[0]"
    assert _links("for_each")["subnets"] == {
        'aws_subnet.app["dev"]': 'aws_vpc.env["dev"]',
        'aws_subnet.app["prod.main"]': 'aws_vpc.env["prod.main"]',
        "aws_subnet.literal": 'aws_vpc.env["dev"]',
    }
    data = _links("data_source_vpc")
    assert data["subnets"] == {
        "aws_subnet.deferred": "data.aws_vpc.deferred",
        "aws_subnet.existing": "data.aws_vpc.existing",
    }
    assert data["peerings"] == {
        "aws_vpc_peering_connection.new_existing": ("aws_vpc.new", "data.aws_vpc.existing")
    }


# --- hand-made documents: which instances exist ---------------------------------------------


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


def test_after_unknown_marks_leaves_at_any_depth_aligned_with_after() -> None:
    doc = plan(
        [
            rc(
                "aws_x.y",
                ["create"],
                {"a": [[None, "k"]], "b": [1, None], "c": {"d": "x"}, "known_null": None},
                {"a": [[True, False]], "b": [False, True], "c": {"e": True}, "whole": True},
            )
        ]
    )
    values = instances(resolve(doc))["aws_x.y"].values
    assert values["a"] == ((UNKNOWN, "k"),)
    assert values["b"] == (1, UNKNOWN)
    assert values["c"] == {"d": "x", "e": UNKNOWN}
    assert values["whole"] is UNKNOWN  # absent from `after`, present as unknown
    assert values["known_null"] is None


def test_sensitive_values_never_leave_the_resolver() -> None:
    secret = "hunter2-very-secret"
    doc = plan(
        [
            rc(
                "aws_x.y",
                ["create"],
                {"password": secret, "nested": {"s": secret, "ok": "fine"}, "list": ["a", secret]},
                {},
                {"password": True, "nested": {"s": True}, "list": [False, True]},
            ),
            rc("aws_x.whole", ["create"], {"v": secret}, {}, True),
        ],
        resources=[
            {
                "address": "aws_x.pv",
                "values": {"token": secret, "tags": {"t": secret}},
                "sensitive_values": {"token": True, "tags": True},
            }
        ],
        prior=[
            {"address": "data.aws_x.d", "values": {"k": secret}, "sensitive_values": {"k": True}}
        ],
    )
    inv = resolve(doc)
    assert secret not in repr(inv)
    got = instances(inv)
    assert got["aws_x.y"].values["nested"] == {"s": SENSITIVE, "ok": "fine"}
    assert got["aws_x.y"].values["list"] == ("a", SENSITIVE)
    assert got["aws_x.whole"].values == {}
    assert got["aws_x.pv"].values == {"token": SENSITIVE, "tags": SENSITIVE}


def test_state_sensitive_values_are_masked() -> None:
    doc = {
        "format_version": "1.0",
        "values": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_x.y",
                        "values": {"id": "x-1", "pw": "s3cr3t-value"},
                        "sensitive_values": {"pw": True},
                    }
                ],
                "child_modules": [
                    {
                        "address": "module.m",
                        "resources": [{"address": "module.m.aws_x.z", "values": {"id": "x-2"}}],
                    }
                ],
            }
        },
    }
    inv = inventory_from_document(doc, "state.json", "state")
    assert "s3cr3t" not in repr(inv)
    got = instances(inv)
    assert got["aws_x.y"].values == {"id": "x-1", "pw": SENSITIVE}
    assert got["module.m.aws_x.z"].module == "module.m"


# --- hand-made documents: references --------------------------------------------------------


def _vpcs(*addresses: str) -> list[dict[str, object]]:
    return [rc(a, ["create"], {"cidr_block": "10.0.0.0/16"}, {"id": True}) for a in addresses]


def _subnet(address: str) -> dict[str, object]:
    return rc(address, ["create"], {"cidr_block": "10.0.1.0/24"}, {"id": True, "vpc_id": True})


def test_keyless_reference_to_several_instances_gives_all_candidates() -> None:
    doc = plan(
        [*_vpcs("aws_vpc.v[0]", "aws_vpc.v[1]"), _subnet("aws_subnet.s")],
        config={"resources": [cres("aws_subnet.s", {"vpc_id": {"references": ["aws_vpc.v"]}})]},
    )
    assert value(resolve(doc), "aws_subnet.s", "vpc_id") == ref("aws_vpc.v[0]", "aws_vpc.v[1]")


def test_keyless_reference_to_a_single_keyed_instance_is_that_instance() -> None:
    doc = plan(
        [*_vpcs("aws_vpc.v[0]"), _subnet("aws_subnet.s")],
        config={"resources": [cres("aws_subnet.s", {"vpc_id": {"references": ["aws_vpc.v"]}})]},
    )
    assert value(resolve(doc), "aws_subnet.s", "vpc_id") == ref("aws_vpc.v[0]")


def test_count_index_correlates_and_literal_keys_are_kept() -> None:
    doc = plan(
        [
            *_vpcs("aws_vpc.v[0]", "aws_vpc.v[1]"),
            _subnet("aws_subnet.s[0]"),
            _subnet("aws_subnet.s[1]"),
            _subnet("aws_subnet.lit"),
        ],
        config={
            "resources": [
                cres("aws_subnet.s", {"vpc_id": {"references": ["aws_vpc.v", "count.index"]}}),
                cres(
                    "aws_subnet.lit",
                    {"vpc_id": {"references": ["aws_vpc.v[1].id", "aws_vpc.v[1]", "aws_vpc.v"]}},
                ),
            ]
        },
    )
    inv = resolve(doc)
    assert value(inv, "aws_subnet.s[0]", "vpc_id") == ref("aws_vpc.v[0]")
    assert value(inv, "aws_subnet.s[1]", "vpc_id") == ref("aws_vpc.v[1]")
    assert value(inv, "aws_subnet.lit", "vpc_id") == ref("aws_vpc.v[1]")


@pytest.mark.parametrize(
    "refs",
    [
        ["local.vpc_id"],
        ["local.vpc_id", "aws_vpc.a.id", "aws_vpc.a"],  # partly through a local: not guessed
        ["aws_vpc.missing.id", "aws_vpc.missing"],
        ["aws_vpc.a[7].id", "aws_vpc.a[7]", "aws_vpc.a"],  # no such instance
        ["aws_vpc.a.tags.Name", "aws_vpc.a.tags", "aws_vpc.a"],  # nested attribute
        ["aws_vpc.a.id", "aws_vpc.a", "aws_vpc.b.cidr_block", "aws_vpc.b"],  # mixed attributes
        ["self.id"],
        ["var.only_root"],  # a root variable is known: the unknown comes from elsewhere
        [],
    ],
)
def test_what_cannot_be_followed_stays_unknown(refs: list[str]) -> None:
    doc = plan(
        [*_vpcs("aws_vpc.a", "aws_vpc.b"), _subnet("aws_subnet.s")],
        config={"resources": [cres("aws_subnet.s", {"vpc_id": {"references": refs}})]},
    )
    assert value(resolve(doc), "aws_subnet.s", "vpc_id") is UNKNOWN


def test_reference_cycles_terminate_and_stay_unknown() -> None:
    # module "m" { x = module.m.out }, output "out" = var.x, resource uses var.x
    doc = plan(
        [_subnet("module.m.aws_subnet.s")],
        config={
            "module_calls": {
                "m": {
                    "source": "./m",
                    "expressions": {"x": {"references": ["module.m.out", "module.m"]}},
                    "module": {
                        "resources": [cres("aws_subnet.s", {"vpc_id": {"references": ["var.x"]}})],
                        "outputs": {"out": {"expression": {"references": ["var.x"]}}},
                        "variables": {"x": {}},
                    },
                }
            }
        },
    )
    assert value(resolve(doc), "module.m.aws_subnet.s", "vpc_id") is UNKNOWN


def test_module_output_through_var_and_each_value_of_a_module_for_each() -> None:
    # module "net" { for_each = aws_vpc.v, vpc = each.value } ; inner: vpc_id = var.vpc.id
    doc = plan(
        [
            *_vpcs('aws_vpc.v["a"]', 'aws_vpc.v["b"]'),
            _subnet('module.net["a"].aws_subnet.s'),
            _subnet('module.net["b"].aws_subnet.s'),
            _subnet("aws_subnet.root"),
        ],
        config={
            "resources": [
                cres(
                    "aws_subnet.root",
                    {"vpc_id": {"references": ['module.net["b"].vpc_id', 'module.net["b"]']}},
                )
            ],
            "module_calls": {
                "net": {
                    "source": "./net",
                    "for_each_expression": {"references": ["aws_vpc.v"]},
                    "expressions": {"vpc": {"references": ["each.value"]}},
                    "module": {
                        "resources": [
                            cres(
                                "aws_subnet.s",
                                {"vpc_id": {"references": ["var.vpc.id", "var.vpc"]}},
                            )
                        ],
                        "outputs": {
                            "vpc_id": {"expression": {"references": ["var.vpc.id", "var.vpc"]}}
                        },
                        "variables": {"vpc": {}},
                    },
                }
            },
        },
    )
    inv = resolve(doc)
    assert value(inv, 'module.net["a"].aws_subnet.s', "vpc_id") == ref('aws_vpc.v["a"]')
    assert value(inv, 'module.net["b"].aws_subnet.s', "vpc_id") == ref('aws_vpc.v["b"]')
    assert value(inv, "aws_subnet.root", "vpc_id") == ref('aws_vpc.v["b"]')


def test_var_attribute_applies_to_a_bare_resource_passed_in() -> None:
    doc = plan(
        [*_vpcs("aws_vpc.a"), rc("module.m.aws_x.y", ["create"], {}, {"cidr": True})],
        config={
            "module_calls": {
                "m": {
                    "source": "./m",
                    "expressions": {"vpc": {"references": ["aws_vpc.a"]}},
                    "module": {
                        "resources": [
                            cres(
                                "aws_x.y",
                                {"cidr": {"references": ["var.vpc.cidr_block", "var.vpc"]}},
                            )
                        ],
                        "variables": {"vpc": {}},
                    },
                }
            }
        },
    )
    assert value(resolve(doc), "module.m.aws_x.y", "cidr") == ref(
        "aws_vpc.a", attribute="cidr_block"
    )


def test_nested_block_expressions_align_by_position() -> None:
    doc = plan(
        [
            *_vpcs("aws_vpc.a", "aws_vpc.b"),
            rc(
                "aws_x.y",
                ["create"],
                {"blk": [{"n": 1}, {"n": 2}]},
                {"blk": [{"vpc_id": True}, {"vpc_id": True}]},
            ),
        ],
        config={
            "resources": [
                cres(
                    "aws_x.y",
                    {
                        "blk": [
                            {"vpc_id": {"references": ["aws_vpc.a.id", "aws_vpc.a"]}},
                            {"vpc_id": {"references": ["aws_vpc.b.id", "aws_vpc.b"]}},
                        ]
                    },
                )
            ]
        },
    )
    blocks = value(resolve(doc), "aws_x.y", "blk")
    assert blocks == ({"n": 1, "vpc_id": ref("aws_vpc.a")}, {"n": 2, "vpc_id": ref("aws_vpc.b")})


def test_merged_block_references_link_only_id_like_leaves() -> None:
    doc = plan(
        [
            *_vpcs("aws_vpc.a"),
            rc(
                "aws_route_table.t",
                ["create"],
                {"route": [{"gateway_id": ""}]},
                {"route": [{"vpc_peering_connection_id": True, "cidr_block": True}]},
            ),
            rc("aws_vpc_peering_connection.p", ["create"], {}, {"id": True}),
        ],
        config={
            "resources": [
                cres(
                    "aws_route_table.t",
                    {
                        "route": {
                            "references": [
                                "aws_vpc_peering_connection.p.id",
                                "aws_vpc_peering_connection.p",
                                "aws_vpc.a.cidr_block",
                                "aws_vpc.a",
                                "local.extra",
                            ]
                        }
                    },
                )
            ]
        },
    )
    route = value(resolve(doc), "aws_route_table.t", "route", 0)
    assert route == {
        "gateway_id": "",
        "vpc_peering_connection_id": ref("aws_vpc_peering_connection.p"),
        "cidr_block": UNKNOWN,
    }


def test_regions_from_root_variables_child_module_providers_and_unknown_ones() -> None:
    doc = plan(
        [
            rc("aws_vpc.a", ["create"], {}, {}),
            rc("aws_vpc.b", ["create"], {}, {}),
            rc("module.c.aws_vpc.c", ["create"], {}, {}),
            rc("aws_vpc.none", ["create"], {}, {}),
        ],
        config={
            "resources": [
                cres("aws_vpc.a", {}),
                cres("aws_vpc.b", {}, provider_config_key="aws.b"),
                cres("aws_vpc.none", {}, provider_config_key="aws.none"),
            ],
            "module_calls": {
                "c": {
                    "source": "./c",
                    "expressions": {"region": {"constant_value": "sa-east-1"}},
                    "module": {
                        "resources": [cres("aws_vpc.c", {}, provider_config_key="module.c:aws")],
                        "variables": {"region": {}},
                    },
                }
            },
        },
        variables={"r": {"value": "eu-north-1"}},
    )
    doc["configuration"] = {
        **doc["configuration"],  # type: ignore[dict-item]
        "provider_config": {
            "aws": {"name": "aws", "expressions": {"region": {"references": ["var.r"]}}},
            "aws.b": {
                "name": "aws",
                "alias": "b",
                "expressions": {"region": {"constant_value": "ca-central-1"}},
            },
            "aws.none": {"name": "aws", "alias": "none"},
            "module.c:aws": {
                "name": "aws",
                "module_address": "module.c",
                "expressions": {"region": {"references": ["var.region"]}},
            },
        },
    }
    regions = {i.address: i.region for i in resolve(doc).instances}
    assert regions == {
        "aws_vpc.a": "eu-north-1",
        "aws_vpc.b": "ca-central-1",
        "module.c.aws_vpc.c": "sa-east-1",
        "aws_vpc.none": None,
    }


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


# --- the committed fixtures match what tf-plan makes from their HCL -------------------------


def _all_refs(inventory: Inventory) -> dict[str, list[Value]]:
    return {
        i.address: [leaf for leaf in leaves(i.values) if isinstance(leaf, Ref)]
        for i in inventory.instances
    }


def test_regenerated_plan_resolves_like_the_committed_fixture(tmp_path: Path) -> None:
    if not TF_PLAN.exists() or shutil.which("bash") is None:
        pytest.skip("../shared/tools/tf-plan is not available")
    out = tmp_path / "plan.json"
    proc = subprocess.run(
        [str(TF_PLAN), str(FIXTURES / "for_each"), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "TF_PLAN_REGION": "us-east-2"},
        check=False,
    )
    if proc.returncode == 3:
        pytest.skip("no terraform or AWS provider mirror on this machine")
    assert proc.returncode == 0, proc.stderr[-2000:]
    fresh = inventory_from_document(json.loads(out.read_text()), "fresh", "plan")
    committed = load("for_each")
    assert _all_refs(fresh) == _all_refs(committed)
    assert [(i.address, i.region) for i in fresh.instances] == [
        (i.address, i.region) for i in committed.instances
    ]
