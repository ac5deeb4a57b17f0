"""The HCL front end end to end: fixtures/hcl/** -> Inventory."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tflint_vpc.errors import InputError
from tflint_vpc.hcl import load_hcl
from tflint_vpc.hcl.loader import ParseCache, load_root
from tflint_vpc.hcl.parse import HclSyntaxError, parse_text
from tflint_vpc.inventory import SENSITIVE, UNKNOWN, Inventory, Location, Ref, ResourceInstance

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "fixtures" / "hcl"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def load_one(path: str | Path, **kwargs: object) -> Inventory:
    result = load_hcl([str(path)], **kwargs)  # type: ignore[arg-type]
    assert result.errors == []
    assert len(result.inventories) == 1
    return result.inventories[0]


def by_address(inventory: Inventory) -> dict[str, ResourceInstance]:
    return {i.address: i for i in inventory.instances}


def block_line(path: Path, header: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if line.startswith(header):
            return number
    raise AssertionError(f"{header} not in {path}")


def test_count_for_each_addresses_and_values() -> None:
    found = by_address(load_one("fixtures/hcl/basic"))
    assert sorted(found) == sorted(
        [
            "aws_vpc.main",
            "aws_subnet.counted[0]",
            "aws_subnet.counted[1]",
            "aws_subnet.counted[2]",
            'aws_subnet.each["a"]',
            'aws_subnet.each["b"]',
            'aws_subnet.each["c"]',
            'aws_instance.per_subnet["a"]',
            'aws_instance.per_subnet["b"]',
            'aws_instance.per_subnet["c"]',
            "aws_instance.indexed[0]",
            "aws_instance.indexed[1]",
            "aws_route_table.rt",
            "aws_internet_gateway.gw",
            "aws_network_interface.eni",
            "data.aws_vpc.shared",
        ]
    )
    subnet = found["aws_subnet.counted[2]"]
    assert (subnet.index, subnet.module, subnet.type, subnet.name) == (
        2,
        "",
        "aws_subnet",
        "counted",
    )
    # cidr_block reads another resource's literal attribute (aws_vpc.main.cidr_block)
    assert subnet.values["cidr_block"] == "10.10.32.0/20"
    assert subnet.values["availability_zone"] == "eu-west-1c"
    each = found['aws_subnet.each["b"]']
    assert each.index == "b"
    assert each.values["cidr_block"] == "10.10.1.0/24"  # from a locals for-expression
    assert found["data.aws_vpc.shared"].mode == "data"


def test_references_become_refs_to_exact_instances() -> None:
    found = by_address(load_one("fixtures/hcl/basic"))
    assert found["aws_subnet.counted[0]"].values["vpc_id"] == Ref(("aws_vpc.main",), "id")
    assert found["aws_instance.indexed[1]"].values["subnet_id"] == Ref(
        ("aws_subnet.counted[1]",), "id"
    )
    # for_each over another resource: each.value is that resource's instance with the same key
    assert found['aws_instance.per_subnet["c"]'].values["subnet_id"] == Ref(
        ('aws_subnet.each["c"]',), "id"
    )
    eni = found["aws_network_interface.eni"]
    assert eni.values["attachment"] == (
        {"instance": Ref(("aws_instance.indexed[0]",), "id"), "device_index": 1},
    )


def test_nested_and_dynamic_blocks_are_tuples_of_mappings() -> None:
    table = by_address(load_one("fixtures/hcl/basic"))["aws_route_table.rt"]
    assert table.values["route"] == (
        {"cidr_block": "0.0.0.0/0", "gateway_id": Ref(("aws_internet_gateway.gw",), "id")},
        {"cidr_block": "10.20.0.0/16", "vpc_peering_connection_id": "pcx-0123456789abcdef0"},
        {"cidr_block": "10.21.0.0/16", "vpc_peering_connection_id": "pcx-0123456789abcdef0"},
    )


def test_regions_from_provider_blocks_and_aliases() -> None:
    found = by_address(load_one("fixtures/hcl/basic"))
    assert found["aws_vpc.main"].region == "eu-west-1"  # region = var.region
    assert found["aws_instance.indexed[0]"].region == "us-east-1"  # provider = aws.east
    mono = by_address(load_one("fixtures/hcl/monorepo/live/prod"))
    assert mono['module.network["blue"].aws_vpc.this'].region == "eu-central-1"  # inherited
    assert mono["module.single[0].aws_vpc.this"].region == "us-west-2"  # providers = {aws = ...}


def test_tfvars_precedence() -> None:
    # defaults < terraform.tfvars < *.auto.tfvars < --var-file < --var
    vpc = by_address(load_one("fixtures/hcl/basic"))["aws_vpc.main"]
    assert vpc.values["cidr_block"] == "10.10.0.0/16"  # terraform.tfvars over the default
    assert vpc.values["tags"] == {"Name": "app-auto"}  # z.auto.tfvars over terraform.tfvars


def test_var_file_and_var_override(tmp_path: Path) -> None:
    var_file = tmp_path / "prod.tfvars"
    var_file.write_text('env = "file"\ncidr = "10.50.0.0/16"\n')
    inventory = load_one(
        "fixtures/hcl/basic", var_files=[str(var_file)], variables={"env": "cli", "azs": '["x"]'}
    )
    found = by_address(inventory)
    assert found["aws_vpc.main"].values["tags"] == {"Name": "app-cli"}
    assert found["aws_vpc.main"].values["cidr_block"] == "10.50.0.0/16"
    # a list(string) variable given on the command line is parsed as HCL
    assert [a for a in found if a.startswith("aws_subnet.counted")] == ["aws_subnet.counted[0]"]
    assert found['aws_subnet.each["x"]'].values["availability_zone"] == "eu-west-1x"


def test_tfvars_json_and_missing_var_file(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "basic", tmp_path / "m")
    (tmp_path / "m" / "zz.auto.tfvars.json").write_text(json.dumps({"env": "json"}))
    vpc = by_address(load_one(tmp_path / "m"))["aws_vpc.main"]
    assert vpc.values["tags"] == {"Name": "app-json"}
    result = load_hcl([str(tmp_path / "m")], var_files=[str(tmp_path / "nope.tfvars")])
    assert result.inventories == []
    assert result.errors == [f"{tmp_path / 'nope.tfvars'}: variable file not found"]


def test_modules_outside_root_nested_with_count_and_for_each() -> None:
    found = by_address(load_one("fixtures/hcl/monorepo/live/prod"))
    subnet = found['module.network["green"].module.subnets.aws_subnet.this[1]']
    assert subnet.module == 'module.network["green"].module.subnets'
    assert subnet.values["vpc_id"] == Ref(('module.network["green"].aws_vpc.this',), "id")
    assert subnet.values["cidr_block"] == "10.2.1.0/24"
    # computed attributes the configuration leaves unset are unknown, as in plan JSON
    assert subnet.values["availability_zone"] is UNKNOWN
    assert subnet.values["id"] is UNKNOWN
    assert "module.single[0].module.subnets.aws_subnet.this[0]" in found
    peering = found["aws_vpc_peering_connection.blue_green"]
    assert peering.values["peer_vpc_id"] == Ref(('module.network["green"].aws_vpc.this',), "id")
    # module outputs back to the caller, through two levels and a splat
    assert found["aws_instance.app"].values["subnet_id"] == Ref(
        ('module.network["blue"].module.subnets.aws_subnet.this[1]',), "id"
    )


def test_locations_match_fixture_text() -> None:
    inventory = load_one("fixtures/hcl/basic")
    main = FIXTURES / "basic" / "main.tf"
    location = inventory.locations["aws_vpc.main"]
    assert location.file == os.path.join("fixtures", "hcl", "basic", "main.tf")
    assert location.line == block_line(main, 'resource "aws_vpc" "main"')
    assert location.end_line == location.line + 5
    for key in ("0", "1", "2"):
        assert inventory.locations[f"aws_subnet.counted[{key}]"].line == block_line(
            main, 'resource "aws_subnet" "counted"'
        )
    assert set(inventory.locations) == {i.address for i in inventory.instances}
    mono = load_one("fixtures/hcl/monorepo/live/prod")
    where = mono.locations['module.network["blue"].module.subnets.aws_subnet.this[0]']
    subnets = FIXTURES / "monorepo" / "modules" / "subnets" / "main.tf"
    assert where.file == os.path.join(
        "fixtures", "hcl", "monorepo", "modules", "subnets", "main.tf"
    )
    assert where.line == block_line(subnets, 'resource "aws_subnet" "this"')


def test_suppressions_above_and_inside_blocks() -> None:
    inventory = load_one("fixtures/hcl/basic")
    main = FIXTURES / "basic" / "main.tf"
    text = main.read_text().splitlines()
    by = {(s.address, s.rules): s for s in inventory.suppressions}
    above = by[("aws_vpc.main", ("TFVPC001",))]
    assert above.reason == "the peer is decommissioned next sprint"
    assert "tfvpc:ignore TFVPC001" in text[above.location.line - 1]
    inside = [s for s in inventory.suppressions if s.rules == ("TFVPC004", "peering-cidr-overlap")]
    assert sorted(s.address for s in inside) == [
        'aws_instance.per_subnet["a"]',
        'aws_instance.per_subnet["b"]',
        'aws_instance.per_subnet["c"]',
    ]
    assert "// tfvpc:ignore" in text[inside[0].location.line - 1]
    assert len(inventory.suppressions) == 4


def test_suppression_placement_rules(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        "# tfvpc:ignore TFVPC002\n"
        "\n"
        'resource "aws_vpc" "gap" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        "# tfvpc:ignore TFVPC003 -- first\n"
        "# a plain comment between\n"
        'resource "aws_vpc" "stacked" {\n  cidr_block = "10.1.0.0/16"\n}\n'
    )
    inventory = load_one(tmp_path)
    assert [(s.address, s.rules, s.reason) for s in inventory.suppressions] == [
        ("aws_vpc.stacked", ("TFVPC003",), "first")
    ]
    # the directive separated by a blank line applies to nothing: say so
    assert any("main.tf:1: tfvpc:ignore" in n for n in inventory.notices)


def test_syntax_error_reports_position_and_keeps_other_files() -> None:
    result = load_hcl(["fixtures/hcl/syntax_error"])
    assert result.errors == [
        os.path.join("fixtures", "hcl", "syntax_error", "bad.tf")
        + ':2:16: syntax error: unexpected string text (expected `!`, `"`, `(`, `-`, `[`, `{`, ...)'
    ]
    assert [i.address for i in result.inventories[0].instances] == ["aws_vpc.fine"]


def test_syntax_error_message_format_for_missing_brace() -> None:
    with pytest.raises(HclSyntaxError) as caught:
        parse_text('resource "aws_vpc" "x" {\n  cidr_block = "10.0.0.0/16"\n', "x.tf")
    assert re.fullmatch(r"x\.tf:\d+:\d+: syntax error: [^\n]+", str(caught.value))


def test_tofu_file_shadows_tf_file() -> None:
    found = by_address(load_one("fixtures/hcl/tofu"))
    assert sorted(found) == ["aws_vpc.other", "aws_vpc.shadowed"]  # main.tf is not read
    assert found["aws_vpc.shadowed"].values["cidr_block"] == "10.1.0.0/16"


@pytest.mark.parametrize("root", ["loop_self", "loop_pair/a"])
def test_module_loop_is_an_input_error(root: str) -> None:
    with pytest.raises(InputError, match="module loop"):
        load_root(f"fixtures/hcl/{root}", root, ParseCache())
    # load_hcl reports it as one line and still loads the other roots
    result = load_hcl([f"fixtures/hcl/{root}", "fixtures/hcl/tofu"])
    assert len(result.errors) == 1 and "module loop: module." in result.errors[0]
    assert [i.source for i in result.inventories] == ["fixtures/hcl/tofu"]


def test_symlink_loop_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "main.tf").write_text('module "child" {\n  source = "./link"\n}\n')
    os.symlink(tmp_path / "root", tmp_path / "root" / "link")
    errors = load_hcl([str(tmp_path / "root")]).errors
    assert len(errors) == 1 and "module loop" in errors[0]


def test_remote_modules_skipped_with_one_notice() -> None:
    inventory = load_one("fixtures/hcl/remote")
    assert len(inventory.notices) == 1
    assert "module.vpc" in inventory.notices[0] and "module.git" in inventory.notices[0]
    extra = by_address(inventory)["aws_subnet.extra"]
    assert extra.values["vpc_id"] is UNKNOWN  # never a guess


def test_remote_modules_loaded_through_modules_json(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(FIXTURES / "remote", root)
    installed = root / ".terraform" / "modules" / "vpc"
    installed.mkdir(parents=True)
    (installed / "main.tf").write_text(
        'variable "cidr" {}\nresource "aws_vpc" "this" {\n  cidr_block = var.cidr\n}\n'
        'output "vpc_id" {\n  value = aws_vpc.this.id\n}\n'
    )
    manifest = {
        "Modules": [
            {"Key": "", "Source": "", "Dir": "."},
            {
                "Key": "vpc",
                "Source": "terraform-aws-modules/vpc/aws",
                "Dir": ".terraform/modules/vpc",
            },
        ]
    }
    (root / ".terraform" / "modules" / "modules.json").write_text(json.dumps(manifest))
    inventory = load_one(root)
    found = by_address(inventory)
    assert found["module.vpc.aws_vpc.this"].values["cidr_block"] == "10.0.0.0/16"
    assert found["aws_subnet.extra"].values["vpc_id"] == Ref(("module.vpc.aws_vpc.this",), "id")
    assert len(inventory.notices) == 1 and "module.git" in inventory.notices[0]
    assert "module.vpc " not in inventory.notices[0]


def test_files_given_directly_are_grouped_by_directory() -> None:
    result = load_hcl(["fixtures/hcl/basic/main.tf", "fixtures/hcl/basic/variables.tf"])
    assert len(result.inventories) == 1
    assert result.inventories[0].source == "fixtures/hcl/basic"


def test_unknown_count_is_a_notice_not_a_guess(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_subnet" "s" {\n  count = length(aws_vpc.v.ipv6_association_id)\n'
        "  vpc_id = aws_vpc.v.id\n}\n"
    )
    inventory = load_one(tmp_path)
    assert [i.address for i in inventory.instances] == ["aws_vpc.v"]
    assert any("aws_subnet.s: count is not known" in n for n in inventory.notices)


def test_reference_cycle_gives_unknown(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'locals {\n  a = local.b\n  b = local.a\n}\nresource "aws_vpc" "v" {\n'
        "  cidr_block = local.a\n}\n"
    )
    assert by_address(load_one(tmp_path))["aws_vpc.v"].values["cidr_block"] is UNKNOWN


def test_parallel_parse_gives_the_same_inventory() -> None:
    serial = load_hcl(["fixtures/hcl/monorepo/live/prod"], parallel=False).inventories[0]
    parallel = load_hcl(["fixtures/hcl/monorepo/live/prod"], parallel=True).inventories[0]
    assert serial == parallel


def test_missing_path_and_empty_directory_are_errors(tmp_path: Path) -> None:
    result = load_hcl(["fixtures/hcl/does-not-exist", str(tmp_path), "fixtures/hcl/tofu"])
    assert result.errors == [
        "fixtures/hcl/does-not-exist: no such file or directory",
        (
            f"{tmp_path}: is a directory without .tf or .tofu files; expected a plan JSON file"
            " or a Terraform configuration directory"
        ),
    ]
    assert len(result.inventories) == 1


def test_override_files_merge_into_their_blocks(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n'
        '  instance_tenancy = "default"\n}\n'
        'resource "aws_route_table" "rt" {\n  vpc_id = aws_vpc.v.id\n'
        '  route {\n    cidr_block = "0.0.0.0/0"\n  }\n}\n'
    )
    (tmp_path / "main_override.tf").write_text(
        'resource "aws_vpc" "v" {\n  cidr_block = "10.9.0.0/16"\n}\n'
        'resource "aws_route_table" "rt" {\n  route {\n    cidr_block = "10.1.0.0/16"\n  }\n'
        '  route {\n    cidr_block = "10.2.0.0/16"\n  }\n}\n'
    )
    inventory = load_one(tmp_path)
    found = by_address(inventory)
    assert found["aws_vpc.v"].values["cidr_block"] == "10.9.0.0/16"
    assert found["aws_vpc.v"].values["instance_tenancy"] == "default"  # kept from main.tf
    routes = found["aws_route_table.rt"].values["route"]
    assert isinstance(routes, tuple)
    assert [r["cidr_block"] for r in routes if isinstance(r, dict)] == [
        "10.1.0.0/16",
        "10.2.0.0/16",
    ]
    # the location stays on the original block
    assert inventory.locations["aws_vpc.v"] == Location(str(tmp_path / "main.tf"), 1, 4)


def test_variable_values_convert_to_declared_types(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'variable "n" {\n  type = number\n}\n'
        'variable "zones" {\n  type    = set(string)\n  default = ["b", "a", "b"]\n}\n'
        'resource "aws_subnet" "s" {\n  count = var.n\n  vpc_id = "vpc-1"\n}\n'
        'resource "aws_subnet" "z" {\n  for_each = var.zones\n  vpc_id = "vpc-1"\n}\n'
    )
    (tmp_path / "terraform.tfvars").write_text('n = "2"\n')
    found = by_address(load_one(tmp_path))
    assert sorted(found) == [
        "aws_subnet.s[0]",
        "aws_subnet.s[1]",
        'aws_subnet.z["a"]',
        'aws_subnet.z["b"]',
    ]


def test_json_syntax_files() -> None:
    inventory = load_one("fixtures/hcl/json_syntax")
    found = by_address(inventory)
    assert found["aws_vpc.main"].values["tags"] == {"Name": "main-${literal}"}  # $${ escape
    subnet = found['aws_subnet.each["b"]']
    assert subnet.values["vpc_id"] == Ref(("aws_vpc.main",), "id")
    assert subnet.values["cidr_block"] == "10.0.1.0/24"
    assert subnet.region == "us-east-1"  # "provider": "aws.east" is a name
    table = found["aws_route_table.rt"].values
    assert table["route"] == ({"cidr_block": "0.0.0.0/0", "gateway_id": "igw-1"},)
    assert found["module.net.aws_vpc.this"].values["cidr_block"] == "10.5.0.0/16"
    path = FIXTURES / "json_syntax" / "main.tf.json"
    location = inventory.locations['aws_subnet.each["a"]']
    lines = path.read_text().splitlines()
    assert lines[location.line - 1].strip().startswith('"each"')
    assert lines[location.end_line - 1].strip().startswith("}")
    (suppression,) = inventory.suppressions
    assert suppression.address == "aws_vpc.main" and suppression.rules == ("TFVPC001",)
    assert "tfvpc:ignore" in lines[suppression.location.line - 1]
    assert inventory.notices == ()


def test_json_syntax_errors_and_tofu_json_shadowing(tmp_path: Path) -> None:
    (tmp_path / "a.tf.json").write_text(
        '{"resource": {"aws_vpc": {"x": {"cidr_block": "10.0.0.0/16"}}}}'
    )
    (tmp_path / "a.tofu.json").write_text(
        '{"resource": {"aws_vpc": {"y": {"cidr_block": "10.1.0.0/16"}}}}'
    )
    (tmp_path / "b.tf.json").write_text('{"resource": {\n  "aws_vpc": }')
    result = load_hcl([str(tmp_path)])
    assert [i.address for i in result.inventories[0].instances] == ["aws_vpc.y"]
    assert result.errors == [
        f"{tmp_path}/b.tf.json:2:14: syntax error: invalid JSON: Expecting value"
    ]


def test_unknown_for_each_on_a_module_is_a_notice(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text(
        'resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n'
    )
    (tmp_path / "main.tf").write_text(
        'resource "aws_vpc" "hub" {\n  cidr_block = "10.1.0.0/16"\n}\n'
        'module "m" {\n  source   = "./m"\n'
        "  for_each = toset(aws_vpc.hub.cidr_block_associations)\n}\n"
    )
    inventory = load_one(tmp_path)
    assert [i.address for i in inventory.instances] == ["aws_vpc.hub"]
    assert any(n.startswith("module.m: for_each is not known") for n in inventory.notices)


def test_sensitive_variables_and_outputs_are_never_evaluated(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "main.tf").write_text(
        'output "secret_cidr" {\n  value     = "10.8.0.0/16"\n  sensitive = true\n}\n'
    )
    (tmp_path / "main.tf").write_text(
        'variable "cidr" {\n  default   = "10.9.0.0/16"\n  sensitive = true\n}\n'
        'module "m" {\n  source = "./m"\n}\n'
        'resource "aws_vpc" "a" {\n  cidr_block = var.cidr\n}\n'
        'resource "aws_vpc" "b" {\n  cidr_block = module.m.secret_cidr\n}\n'
    )
    found = by_address(load_one(tmp_path))
    # the marker plan JSON uses too: no other source (--source-dir) may fill it in
    assert found["aws_vpc.a"].values["cidr_block"] is SENSITIVE
    assert found["aws_vpc.b"].values["cidr_block"] is SENSITIVE


def test_self_reference_through_a_block_is_unknown(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_route_table" "x" {\n  vpc_id = "vpc-1"\n  route {\n'
        "    cidr_block = aws_route_table.x.route[0].cidr_block\n  }\n}\n"
    )
    table = by_address(load_one(tmp_path))["aws_route_table.x"]
    assert table.values["route"] == ({"cidr_block": UNKNOWN},)


@pytest.mark.parametrize("count", ["1000000000", "2.5", "-1", '"x"'])
def test_unacceptable_counts_are_not_expanded(tmp_path: Path, count: str) -> None:
    (tmp_path / "main.tf").write_text(
        f'resource "aws_subnet" "s" {{\n  count  = {count}\n  vpc_id = "vpc-1"\n}}\n'
    )
    inventory = load_one(tmp_path)
    assert inventory.instances == ()
    assert any("aws_subnet.s: count is not known" in n for n in inventory.notices)
