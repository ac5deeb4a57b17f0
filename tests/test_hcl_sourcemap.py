"""Plan mode with --source-dir: source_map keys, enrich (locations, suppressions, UNKNOWN fill)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tflint_vpc.api import lint_inventory, load_json_input
from tflint_vpc.engine import select_rules
from tflint_vpc.hcl import enrich, load_hcl, source_map
from tflint_vpc.hcl.sourcemap import merge_hcl
from tflint_vpc.inventory import UNKNOWN, Inventory, Ref, ResourceInstance, Value
from tflint_vpc.registry import load

REPO = Path(__file__).resolve().parents[1]
ACCEPTANCE = "fixtures/hcl/locals_subnet_map"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def line_of(path: str, header: str) -> int:
    lines = (REPO / path).read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(header))


def test_source_map_keys_by_call_path_not_type_name() -> None:
    index = source_map("fixtures/hcl/monorepo/live/prod")
    subnets = "fixtures/hcl/monorepo/modules/subnets/main.tf"
    network = "fixtures/hcl/monorepo/modules/network/main.tf"
    assert set(index.entries) == {
        ((), "aws_vpc_peering_connection.blue_green"),
        ((), "aws_instance.app"),
        (("network",), "aws_vpc.this"),
        (("single",), "aws_vpc.this"),
        (("network", "subnets"), "aws_subnet.this"),
        (("single", "subnets"), "aws_subnet.this"),
    }
    found = index.location('module.network["blue"].module.subnets.aws_subnet.this[1]')
    assert found is not None
    assert (found.file, found.line) == (subnets, line_of(subnets, 'resource "aws_subnet" "this"'))
    vpc = index.location("module.single[0].aws_vpc.this")
    assert vpc is not None and vpc.file == network
    # same type.name at the root does not exist: no location rather than a wrong one
    assert index.location("aws_vpc.this") is None
    assert index.location("module.other.aws_vpc.this") is None


def _instance(address: str, values: dict[str, object]) -> ResourceInstance:
    return ResourceInstance(address=address, type="aws_x", name="y", values=values)  # type: ignore[arg-type]


def test_merge_hcl_replaces_unknown_leaves_and_never_known_ones() -> None:
    plan: Value = {"a": UNKNOWN, "b": "plan", "c": ({"d": UNKNOWN, "e": 1},), "f": UNKNOWN}
    hcl: Value = {
        "a": Ref(("x.y",), "id"),
        "b": "hcl",
        "c": ({"d": "known", "e": 2},),
        "f": UNKNOWN,
    }
    assert merge_hcl(plan, hcl) == {
        "a": Ref(("x.y",), "id"),
        "b": "plan",
        "c": ({"d": "known", "e": 1},),
        "f": UNKNOWN,
    }
    # shapes that do not line up are left alone
    assert merge_hcl((UNKNOWN,), ("a", "b")) == (UNKNOWN,)


def test_merge_hcl_replaces_a_plan_link_only_with_one_certain_hcl_target() -> None:
    # `aws_subnet.x[1 - count.index].id`: the plan reads every instance, the HCL the right one
    plan: Value = {
        "ambiguous": Ref(("x.y[0]", "x.y[1]"), "id"),
        "single": Ref(("x.y[0]",), "id"),
        "kept": Ref(("x.y[0]",), "id"),
        "still_ambiguous": Ref(("x.y[0]", "x.y[1]"), "id"),
    }
    hcl: Value = {
        "ambiguous": Ref(("x.y[1]",), "id"),
        "single": Ref(("x.y[1]",), "id"),
        "kept": UNKNOWN,
        "still_ambiguous": Ref(("x.y[0]", "x.y[1]"), "id"),
    }
    assert merge_hcl(plan, hcl) == {
        "ambiguous": Ref(("x.y[1]",), "id"),
        "single": Ref(("x.y[1]",), "id"),
        "kept": Ref(("x.y[0]",), "id"),
        "still_ambiguous": Ref(("x.y[0]", "x.y[1]"), "id"),
    }


def test_merge_hcl_narrows_a_merged_reference_to_the_blocks_own() -> None:
    merged = Ref(("aws_vpc_peering_connection.ab", "aws_vpc_peering_connection.ac"), "id")
    own = Ref(("aws_vpc_peering_connection.ac",), "id")
    plan: Value = (
        {"cidr_block": "10.2.0.0/16", "vpc_peering_connection_id": merged},
        {"cidr_block": "10.3.0.0/16", "vpc_peering_connection_id": merged},
    )
    hcl: Value = (
        {"cidr_block": "10.2.0.0/16", "vpc_peering_connection_id": own},
        {"cidr_block": "10.3.0.0/16", "vpc_peering_connection_id": UNKNOWN},
    )
    assert merge_hcl(plan, hcl) == (
        {"cidr_block": "10.2.0.0/16", "vpc_peering_connection_id": own},
        {"cidr_block": "10.3.0.0/16", "vpc_peering_connection_id": merged},
    )
    # the HCL's one certain target wins (issue 17: the HCL evaluated the whole expression)
    other = Ref(("aws_vpc_peering_connection.zz",), "id")
    assert merge_hcl(merged, other) == other
    assert merge_hcl(own, Ref((), "id")) == own  # a single target is already exact


def test_merge_hcl_pairs_set_blocks_by_content_not_position() -> None:
    """Plan JSON orders a table's `route` blocks otherwise than the HCL: each plan block takes
    the HCL reference of the block with the same destination, or none when that is unclear."""
    merged = Ref(("aws_vpc_peering_connection.ab", "aws_vpc_peering_connection.ac"), "id")
    ab = Ref(("aws_vpc_peering_connection.ab",), "id")
    ac = Ref(("aws_vpc_peering_connection.ac",), "id")
    plan: Value = (
        {"cidr_block": "10.2.0.0/16", "vpc_peering_connection_id": merged},
        {"cidr_block": "10.1.0.0/16", "vpc_peering_connection_id": merged},
    )
    hcl: Value = (
        {"cidr_block": "10.1.0.0/16", "vpc_peering_connection_id": ab},
        {"cidr_block": "10.2.0.0/16", "vpc_peering_connection_id": ac},
    )
    assert merge_hcl(plan, hcl) == (
        {"cidr_block": "10.2.0.0/16", "vpc_peering_connection_id": ac},
        {"cidr_block": "10.1.0.0/16", "vpc_peering_connection_id": ab},
    )
    twins: Value = (
        {"cidr_block": UNKNOWN, "vpc_peering_connection_id": ab},
        {"cidr_block": UNKNOWN, "vpc_peering_connection_id": ac},
    )
    assert merge_hcl(plan, twins) == plan  # which is which cannot be told


def test_enrich_attaches_locations_and_suppressions(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(REPO / ACCEPTANCE, src)
    main = src / "main.tf"
    main.write_text(
        main.read_text().replace(
            'resource "aws_instance" "node" {',
            '# tfvpc:ignore TFVPC004 -- known\nresource "aws_instance" "node" {',
        )
    )
    plan = load_json_input(str(REPO / f"{ACCEPTANCE}.json"))
    enriched = enrich(plan, str(src))
    node_line = next(
        i
        for i, line in enumerate(main.read_text().splitlines(), 1)
        if line.startswith('resource "aws_instance" "node"')
    )
    location = enriched.locations['aws_instance.node["web"]']
    assert location.line == node_line
    assert {s.address for s in enriched.suppressions} == {
        'aws_instance.node["db"]',
        'aws_instance.node["web"]',
    }
    assert all(s.rules == ("TFVPC004",) and s.reason == "known" for s in enriched.suppressions)
    assert set(enriched.locations) == {i.address for i in plan.instances}


def test_acceptance_locals_map_plan_alone_cannot_link_source_dir_can() -> None:
    rules = select_rules(load(), (), ())
    plan_path = f"{ACCEPTANCE}.json"
    plan_only = load_json_input(plan_path)
    node = {i.address: i for i in plan_only.instances}['aws_instance.node["db"]']
    assert node.values["subnet_id"] is UNKNOWN  # locals are not in plan JSON
    assert lint_inventory(plan_only, rules) == []

    with_source = load_json_input(plan_path, ACCEPTANCE)
    linked = {i.address: i for i in with_source.instances}
    assert linked['aws_instance.node["db"]'].values["subnet_id"] == Ref(("aws_subnet.a",), "id")
    assert linked['aws_instance.node["web"]'].values["subnet_id"] == Ref(("aws_subnet.b",), "id")
    found = lint_inventory(with_source, rules)
    assert [(d.rule_id, d.address) for d in found] == [
        ("TFVPC004", "aws_network_interface_attachment.replication")
    ]
    location = found[0].location
    assert location is not None
    assert location.file == f"{ACCEPTANCE}/main.tf"
    assert location.line == line_of(
        f"{ACCEPTANCE}/main.tf", 'resource "aws_network_interface_attachment" "replication"'
    )

    # and the HCL alone finds the same
    hcl = load_hcl([ACCEPTANCE]).inventories[0]
    assert [(d.rule_id, d.address) for d in lint_inventory(hcl, rules)] == [
        ("TFVPC004", "aws_network_interface_attachment.replication")
    ]


def test_enrich_never_overrides_known_plan_values() -> None:
    plan = Inventory(
        source="p.json",
        kind="plan",
        instances=(_instance("aws_vpc.main", {"cidr_block": "192.168.0.0/16", "tags": UNKNOWN}),),
    )
    enriched = enrich(plan, "fixtures/hcl/basic")
    values = enriched.instances[0].values
    assert values["cidr_block"] == "192.168.0.0/16"  # the plan's value, not the HCL's
    assert values["tags"] == {"Name": "app-auto"}  # unknown in the plan, known in the HCL


def test_module_idioms_plan_values_agree_and_source_dir_links_locals() -> None:
    plan = load_json_input("fixtures/hcl/module_idioms.json")
    hcl = {i.address: i for i in load_hcl(["fixtures/hcl/module_idioms"]).inventories[0].instances}
    assert {i.address for i in plan.instances} == set(hcl)
    # every value both sides know is the same
    for instance in plan.instances:
        for name, value in instance.values.items():
            theirs = hcl[instance.address].values.get(name, UNKNOWN)
            if value is not UNKNOWN and theirs is not UNKNOWN and not isinstance(value, Ref):
                assert theirs == value, (instance.address, name)
    subnet = {i.address: i for i in plan.instances}["aws_subnet.private[1]"]
    assert subnet.values["vpc_id"] is UNKNOWN  # through local.vpc_id: plan JSON has no locals
    assert subnet.values["availability_zone_id"] == "euw1-az2"
    enriched = {i.address: i for i in enrich(plan, "fixtures/hcl/module_idioms").instances}
    assert enriched["aws_subnet.private[1]"].values["vpc_id"] == Ref(("aws_vpc.this[0]",), "id")


def test_enrich_evaluates_with_the_plans_variable_values() -> None:
    plan = Inventory(
        source="p.json",
        kind="plan",
        instances=(_instance("aws_vpc.main", {"cidr_block": UNKNOWN}),),
    )
    enriched = enrich(plan, "fixtures/hcl/basic", plan_variables={"cidr": "10.77.0.0/16"})
    assert enriched.instances[0].values["cidr_block"] == "10.77.0.0/16"


def test_a_sensitive_plan_value_is_never_filled_from_the_hcl() -> None:
    from tflint_vpc.hcl.sourcemap import merge_hcl
    from tflint_vpc.inventory import SENSITIVE, UNKNOWN

    hcl = {"cidr_block": "10.0.0.0/16", "tags": "x"}
    assert merge_hcl({"cidr_block": UNKNOWN, "tags": SENSITIVE}, hcl) == {
        "cidr_block": "10.0.0.0/16",
        "tags": SENSITIVE,
    }
