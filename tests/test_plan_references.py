"""Reference resolution in plan JSON: unknown leaves become `Ref`s to the instances they equal.

The fixtures in fixtures/plans/ are real plans made by scripts/make_plan_fixtures.sh with
../shared/tools/tf-plan from the HCL beside them; the assertions name the links that HCL
declares. Hand-made documents cover the corner cases a real plan cannot show on demand (cycles,
dynamic keys, module outputs through variables, regions).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest
from plan_helpers import (
    FIXTURES,
    SHARED,
    cres,
    instances,
    leaves,
    load,
    new_subnet,
    new_vpcs,
    plan,
    rc,
    ref,
    resolve,
    value,
)

from tflint_vpc.api import load_json_input
from tflint_vpc.inventory import UNKNOWN, Inventory, Ref, Value
from tflint_vpc.plan import inventory_from_document

TF_PLAN = SHARED / "tools" / "tf-plan"


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


def with_source(name: str) -> Inventory:
    """The fixture plan linted with `--source-dir` (its HCL, beside it)."""
    return load_json_input(str(FIXTURES / f"{name}.json"), str(FIXTURES / name))


def test_count_index_in_a_module_call_is_not_assumed_and_the_hcl_decides() -> None:
    # module "network" { count = 2, extra_vpc_id = aws_vpc.extra[count.index].id }: the plan
    # keeps ["aws_vpc.extra", "count.index"], which `[1 - count.index]` would keep too
    both = ref("aws_vpc.extra[0]", "aws_vpc.extra[1]")
    inv = load("nested_modules")
    assert value(inv, "module.network[0].aws_subnet.extra", "vpc_id") == both
    assert value(inv, "module.network[1].aws_subnet.extra", "vpc_id") == both
    inv = with_source("nested_modules")
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


def test_each_key_index_is_not_assumed_and_keys_with_dots_correlate_through_the_hcl() -> None:
    # vpc_id = aws_vpc.env[each.key].id: references ["aws_vpc.env", "each.key"]
    both = ref('aws_vpc.env["dev"]', 'aws_vpc.env["prod.main"]')
    inv = load("for_each")
    enriched = with_source("for_each")
    for key in ("dev", "prod.main"):
        k = json.dumps(key)
        assert instances(inv)[f"aws_vpc.env[{k}]"].index == key
        assert value(inv, f"aws_subnet.app[{k}]", "vpc_id") == both
        assert value(enriched, f"aws_subnet.app[{k}]", "vpc_id") == ref(f"aws_vpc.env[{k}]")
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
        # route_table_id = aws_route_table.app[each.key].id: a dynamic index, not assumed
        assert value(inv, assoc, "route_table_id") == ref(
            'aws_route_table.app["dev"]', 'aws_route_table.app["prod.main"]'
        )


def test_module_for_each_over_a_resource_resolves_each_value_in_the_caller() -> None:
    inv = load("for_each")
    for key in ("dev", "prod.main"):
        k = json.dumps(key)
        address = f"module.eni[{k}].aws_network_interface.this"
        assert value(inv, address, "subnet_id") == ref(f"aws_subnet.app[{k}]")
        assert instances(inv)[address].module == f"module.eni[{k}]"


# --- hand-made documents: references --------------------------------------------------------


def test_keyless_reference_to_several_instances_gives_all_candidates() -> None:
    doc = plan(
        [*new_vpcs("aws_vpc.v[0]", "aws_vpc.v[1]"), new_subnet("aws_subnet.s")],
        config={"resources": [cres("aws_subnet.s", {"vpc_id": {"references": ["aws_vpc.v"]}})]},
    )
    assert value(resolve(doc), "aws_subnet.s", "vpc_id") == ref("aws_vpc.v[0]", "aws_vpc.v[1]")


def test_keyless_reference_to_a_single_keyed_instance_is_that_instance() -> None:
    doc = plan(
        [*new_vpcs("aws_vpc.v[0]"), new_subnet("aws_subnet.s")],
        config={"resources": [cres("aws_subnet.s", {"vpc_id": {"references": ["aws_vpc.v"]}})]},
    )
    assert value(resolve(doc), "aws_subnet.s", "vpc_id") == ref("aws_vpc.v[0]")


def test_count_index_is_not_assumed_and_literal_keys_are_kept() -> None:
    doc = plan(
        [
            *new_vpcs("aws_vpc.v[0]", "aws_vpc.v[1]"),
            new_subnet("aws_subnet.s[0]"),
            new_subnet("aws_subnet.s[1]"),
            new_subnet("aws_subnet.lit"),
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
    # `aws_vpc.v[count.index]` and `aws_vpc.v[1 - count.index]` leave the same references
    assert value(inv, "aws_subnet.s[0]", "vpc_id") == ref("aws_vpc.v[0]", "aws_vpc.v[1]")
    assert value(inv, "aws_subnet.s[1]", "vpc_id") == ref("aws_vpc.v[0]", "aws_vpc.v[1]")
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
        [*new_vpcs("aws_vpc.a", "aws_vpc.b"), new_subnet("aws_subnet.s")],
        config={"resources": [cres("aws_subnet.s", {"vpc_id": {"references": refs}})]},
    )
    assert value(resolve(doc), "aws_subnet.s", "vpc_id") is UNKNOWN


def test_reference_cycles_terminate_and_stay_unknown() -> None:
    # module "m" { x = module.m.out }, output "out" = var.x, resource uses var.x
    doc = plan(
        [new_subnet("module.m.aws_subnet.s")],
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
            *new_vpcs('aws_vpc.v["a"]', 'aws_vpc.v["b"]'),
            new_subnet('module.net["a"].aws_subnet.s'),
            new_subnet('module.net["b"].aws_subnet.s'),
            new_subnet("aws_subnet.root"),
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
        [*new_vpcs("aws_vpc.a"), rc("module.m.aws_x.y", ["create"], {}, {"cidr": True})],
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


def test_merged_block_references_link_only_id_like_leaves() -> None:
    doc = plan(
        [
            *new_vpcs("aws_vpc.a"),
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


# --- hand-made documents: elements of a module's list output (issue 17, cause 2) ------------


def _list_output_doc(
    output_refs: list[str], subnet_refs: list[str], *vpcs: str
) -> dict[str, object]:
    """module "vpc" { output "ids" = <output_refs> }; aws_subnet.s { vpc_id = <subnet_refs> }."""
    return plan(
        [*new_vpcs(*vpcs), new_subnet("aws_subnet.s")],
        config={
            "resources": [cres("aws_subnet.s", {"vpc_id": {"references": subnet_refs}})],
            "module_calls": {
                "vpc": {
                    "source": "./vpc",
                    "module": {"outputs": {"ids": {"expression": {"references": output_refs}}}},
                }
            },
        },
    )


INDEXED = ["module.vpc.ids[1]", "module.vpc.ids", "module.vpc"]


def test_a_literal_index_into_a_splat_output_of_a_counted_resource_is_that_instance() -> None:
    # output "ids" { value = aws_vpc.v[*].id } -> references ["aws_vpc.v"]
    vpcs = ("module.vpc.aws_vpc.v[0]", "module.vpc.aws_vpc.v[1]", "module.vpc.aws_vpc.v[2]")
    doc = _list_output_doc(["aws_vpc.v"], INDEXED, *vpcs)
    assert value(resolve(doc), "aws_subnet.s", "vpc_id") == ref("module.vpc.aws_vpc.v[1]")


@pytest.mark.parametrize(
    ("output_refs", "subnet_refs", "vpcs"),
    [
        # a dynamic index: [count.index] and [1 - count.index] leave the same references
        (["aws_vpc.v"], ["module.vpc.ids", "module.vpc", "count.index"], ("v[0]", "v[1]")),
        # no such element
        (["aws_vpc.v"], ["module.vpc.ids[5]", "module.vpc.ids", "module.vpc"], ("v[0]", "v[1]")),
        # a for_each resource has no list order
        (["aws_vpc.v"], INDEXED, ('v["a"]', 'v["b"]')),
        # a list of two resources' ids: which element is which is not in the plan
        (["aws_vpc.a.id", "aws_vpc.a", "aws_vpc.b.id", "aws_vpc.b"], INDEXED, ("a", "b")),
        # an element of one instance's attribute is not an instance
        (["aws_vpc.v[0].ids", "aws_vpc.v[0]", "aws_vpc.v"], INDEXED, ("v[0]", "v[1]")),
    ],
)
def test_list_output_elements_the_plan_cannot_tell_stay_unlinked(
    output_refs: list[str], subnet_refs: list[str], vpcs: tuple[str, ...]
) -> None:
    doc = _list_output_doc(output_refs, subnet_refs, *(f"module.vpc.aws_vpc.{v}" for v in vpcs))
    got = value(resolve(doc), "aws_subnet.s", "vpc_id")
    assert got is UNKNOWN or (isinstance(got, Ref) and got.target is None)


def test_each_value_over_a_map_of_single_resources_ids_stays_unknown() -> None:
    # for_each = { a = aws_subnet.a.id, b = aws_subnet.b.id }, subnet_id = each.value: the plan
    # keeps the four references, not which entry holds key "a"
    refs = ["aws_vpc.a.id", "aws_vpc.a", "aws_vpc.b.id", "aws_vpc.b"]
    doc = plan(
        [*new_vpcs("aws_vpc.a", "aws_vpc.b"), new_subnet('aws_subnet.s["a"]')],
        config={
            "resources": [
                cres(
                    "aws_subnet.s",
                    {"vpc_id": {"references": ["each.value"]}},
                    for_each_expression={"references": refs},
                )
            ]
        },
    )
    assert value(resolve(doc), 'aws_subnet.s["a"]', "vpc_id") is UNKNOWN
