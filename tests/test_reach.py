"""`tfvpc reach` and reachability intents on a real three-VPC estate (issue 11, items 3-5).

A 10.0.0.0/16 -- B 192.168.1.0/24 -- C 172.31.0.0/16, A-B and B-C peered, A routing C's range
to the A-B peering. `fixtures/reach/three_vpcs/` routes B back to A; `three_vpcs_one_way/` does
not. The plans beside them were made by tf-plan from that HCL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tflint_vpc.build import build
from tflint_vpc.config import load_config
from tflint_vpc.errors import UsageError
from tflint_vpc.testing import load_input, run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reach"
BOTH_WAYS = FIXTURES / "three_vpcs"
ONE_WAY = FIXTURES / "three_vpcs_one_way"
INPUTS = [
    pytest.param((str(BOTH_WAYS.with_suffix(".json")),), id="plan"),
    pytest.param((str(BOTH_WAYS),), id="hcl"),
    pytest.param(
        (str(BOTH_WAYS.with_suffix(".json")), "--source-dir", str(BOTH_WAYS)), id="plan+source"
    ),
]


@pytest.mark.parametrize("inputs", INPUTS)
def test_a_to_c_is_not_transitive(inputs: tuple[str, ...]) -> None:
    run = run_cli("reach", "aws_subnet.a", "aws_subnet.c", *inputs)
    assert run.code == 1, run.stdout + run.stderr
    assert "aws_vpc_peering_connection.ab" in run.stdout
    assert "dropped: peering is not transitive" in run.stdout
    assert "172.31.1.0/24 is outside aws_vpc.b (192.168.1.0/24)" in run.stdout


@pytest.mark.parametrize("inputs", INPUTS)
def test_a_to_b_is_reachable_both_ways(inputs: tuple[str, ...]) -> None:
    run = run_cli("reach", "aws_subnet.a", "aws_subnet.b", *inputs)
    assert run.code == 0, run.stdout + run.stderr
    assert "  forward: delivered" in run.stdout
    assert "  return: delivered" in run.stdout


@pytest.mark.parametrize("source", [ONE_WAY, ONE_WAY.with_suffix(".json")], ids=["hcl", "plan"])
def test_a_to_b_without_the_return_route_is_one_way(source: Path) -> None:
    run = run_cli("reach", "aws_subnet.a", "aws_subnet.b", str(source))
    assert run.code == 1, run.stdout + run.stderr
    assert "one-way" in run.stdout
    assert "aws_route_table.b has no route to 10.0.1.0/24" in run.stdout


def test_hops_carry_file_and_line_when_the_hcl_is_known() -> None:
    with_source = run_cli(
        "reach", "aws_instance.a", "aws_subnet.c", str(BOTH_WAYS.with_suffix(".json")),
        "--source-dir", str(BOTH_WAYS), "--format", "json",
    )  # fmt: skip
    data = json.loads(with_source.stdout)
    assert data["verdict"] == "unreachable"
    hops = data["paths"][0]["forward"]["hops"]
    assert [h["kind"] for h in hops] == ["subnet", "route_table", "route", "peering"]
    peering = hops[-1]
    assert peering["address"] == "aws_vpc_peering_connection.ab"
    assert peering["file"].endswith("three_vpcs/main.tf")
    assert isinstance(peering["line"], int)
    bare = json.loads(
        run_cli(
            "reach", "aws_instance.a", "aws_subnet.c", str(BOTH_WAYS.with_suffix(".json")),
            "--format", "json",
        ).stdout
    )  # fmt: skip
    assert bare["paths"][0]["forward"]["hops"][-1]["file"] is None  # a plan alone has no lines


def test_json_shape_of_a_reachable_vpc() -> None:
    run = run_cli("reach", "aws_vpc.a", "aws_vpc.b", str(BOTH_WAYS), "-f", "json")
    data = json.loads(run.stdout)
    assert run.code == 0
    assert set(data) == {"input", "from", "to", "verdict", "reason", "paths"}
    (only,) = data["paths"]
    assert only["source"] == "aws_subnet.a" and only["target"] == "aws_subnet.b"
    assert only["destination"] == "192.168.1.0/25"
    assert only["return"]["delivered_to"] == "aws_subnet.a"


def test_an_unknown_address_is_one_line_with_a_suggestion() -> None:
    run = run_cli("reach", "aws_subnet.a", "aws_subnet.cc", str(BOTH_WAYS))
    assert run.code == 2
    assert run.stdout == ""
    assert run.error_lines == [
        (
            "tfvpc: error: TO 'aws_subnet.cc' is not a subnet, instance, network interface, "
            "VPC endpoint or VPC, an IP address or a CIDR of the input; "
            "did you mean 'aws_subnet.c'?"
        )
    ]
    assert run_cli("reach", "aws_subnet.x", "aws_subnet.c", str(BOTH_WAYS)).code == 2
    assert run_cli("reach", "aws_subnet.a", "aws_subnet.c", str(BOTH_WAYS), "-f", "xml").code == 2


def test_an_undecided_path_exits_3_and_names_the_unknown(tmp_path: Path) -> None:
    hcl = (BOTH_WAYS / "main.tf").read_text()
    # C's range becomes a prefix list: its entries are not known, so neither is the route
    hcl = hcl.replace(
        'destination_cidr_block    = "172.31.0.0/16"',
        "destination_prefix_list_id = aws_ec2_managed_prefix_list.c.id",
    )
    hcl += (
        'resource "aws_ec2_managed_prefix_list" "c" {\n'
        '  name           = "c"\n  address_family = "IPv4"\n  max_entries    = 1\n}\n'
    )
    (tmp_path / "main.tf").write_text(hcl)
    run = run_cli("reach", "aws_subnet.a", "aws_subnet.c", str(tmp_path))
    assert run.code == 3, run.stdout + run.stderr
    assert "cannot be decided" in run.stdout
    assert "prefix list" in run.stdout and "not known" in run.stdout


def test_an_ip_address_as_target() -> None:
    run = run_cli("reach", "aws_subnet.a", "192.168.1.10", str(BOTH_WAYS))
    assert run.code == 0, run.stdout
    assert run_cli("reach", "aws_subnet.a", "172.31.1.10", str(BOTH_WAYS)).code == 1


# --- intents ------------------------------------------------------------------------------


def _config(tmp_path: Path, intents: str) -> str:
    path = tmp_path / ".tfvpc.toml"
    path.write_text(intents)
    return str(path)


@pytest.mark.parametrize("source", [BOTH_WAYS, BOTH_WAYS.with_suffix(".json")], ids=["hcl", "plan"])
def test_an_isolated_intent_across_a_peering_is_violated(tmp_path: Path, source: Path) -> None:
    config = _config(
        tmp_path,
        '[[intents]]\nname = "dev must never reach prod"\n'
        'from = "tag:env=dev"\nto = "tag:env=prod"\nexpect = "isolated"\n',
    )
    run = run_cli("lint", "--config", config, "--select", "TFVPC015", str(source))
    assert run.code == 1, run.stdout + run.stderr
    (line,) = [x for x in run.stdout.splitlines() if "TFVPC015" in x]
    assert "intent 'dev must never reach prod'" in line
    assert "aws_subnet.a reaches aws_subnet.b (192.168.1.0/25)" in line
    assert "aws_vpc_peering_connection.ab -> aws_vpc.b -> aws_subnet.b (delivered)" in line


def test_a_reachable_intent_that_holds_gives_nothing(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        '[[intents]]\nfrom = "aws_vpc.a"\nto = "aws_vpc.b"\nexpect = "reachable"\n'
        '[[intents]]\nfrom = "aws_subnet.a"\nto = "aws_subnet.c"\nexpect = "isolated"\n',
    )
    run = run_cli("lint", "--config", config, "--select", "TFVPC015", str(BOTH_WAYS))
    assert run.code == 0, run.stdout + run.stderr
    assert "TFVPC015" not in run.stdout


def test_a_reachable_intent_on_a_one_way_path_is_violated(tmp_path: Path) -> None:
    config = _config(
        tmp_path, '[[intents]]\nfrom = "aws_vpc.a"\nto = "aws_vpc.b"\nexpect = "reachable"\n'
    )
    run = run_cli("lint", "--config", config, "--select", "TFVPC015", str(ONE_WAY))
    assert run.code == 1
    assert "does not reach aws_subnet.b (192.168.1.0/25): replies dropped: no route" in run.stdout


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('frm = "a"\nto = "b"\nexpect = "isolated"', "unknown option 'frm' in [intents] entry 1"),
        ('from = "a"\nexpect = "isolated"', "'to' is required in [intents] entry 1"),
        ('from = "a"\nto = "b"\nexpect = "never"', "'expect' in [intents] entry 1 must be one of"),
        ('from = 1\nto = "b"\nexpect = "isolated"', "'from' in [intents] entry 1 must be a string"),
        ('from = "tag:env"\nto = "b"\nexpect = "isolated"', "write tag:Key=Value"),
    ],
)
def test_intents_are_checked_like_every_key(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(UsageError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_config(_config(tmp_path, f"[[intents]]\n{body}\n"))


def test_intents_given_twice_are_an_error(tmp_path: Path) -> None:
    text = (
        '[[intents]]\nfrom = "a"\nto = "b"\nexpect = "isolated"\n'
        '[rules.reachability-intent]\nintents = [{from = "a", to = "b", expect = "isolated"}]\n'
    )
    with pytest.raises(UsageError, match="intents are given twice"):
        load_config(_config(tmp_path, text))


def test_tags_are_read_alike_from_the_plan_and_the_hcl() -> None:
    for source in (BOTH_WAYS, BOTH_WAYS.with_suffix(".json")):
        topology = build(load_input(source))
        vpc, subnet, instance = (
            topology.vpc("aws_vpc.a"),
            topology.subnet("aws_subnet.b"),
            topology.instance("aws_instance.a"),
        )
        assert vpc is not None and dict(vpc.tags) == {"Name": "a", "env": "dev"}
        assert subnet is not None and dict(subnet.tags) == {"env": "prod"}
        assert instance is not None and dict(instance.tags) == {"env": "dev"}


def test_the_readme_example_is_the_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (FIXTURES.parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh\n$ tfvpc reach ", 1)[1].split("```", 1)[0]
    command, _, expected = block.partition("\n")
    monkeypatch.chdir(FIXTURES.parents[1])  # paths as the README shows them
    run = run_cli("reach", *command.split())
    assert run.code == 1
    assert run.stdout == expected


def test_an_undecided_intent_gives_no_finding_but_a_notice(tmp_path: Path) -> None:
    case = FIXTURES.parent / "rules" / "reachability_intent" / "good_isolated_unknown"
    config = _config(
        tmp_path,
        '[[intents]]\nname = "dev must never reach prod"\n'
        'from = "tag:env=dev"\nto = "tag:env=prod"\nexpect = "isolated"\n',
    )
    for source in (case, case.with_suffix(".json")):
        run = run_cli("lint", "--config", config, "--select", "TFVPC015", str(source))
        assert run.code == 0, run.stdout + run.stderr
        assert "TFVPC015" not in run.stdout
        assert run.error_lines == [
            (
                "tfvpc: notice: intent 'dev must never reach prod' (tag:env=dev -> tag:env=prod, "
                "expect isolated) is undecided for aws_subnet.dev -> aws_subnet.prod: "
                "aws_route_table.dev.route[0] goes to prefix list "
                "aws_ec2_managed_prefix_list.prod, whose entries are not known"
            )
        ]
    ignored = run_cli("lint", "--config", config, "--ignore", "TFVPC015", str(case))
    assert ignored.error_lines == []  # an intent rule that does not run says nothing


def test_a_subnet_reaches_itself_and_an_empty_vpc_is_undecided(tmp_path: Path) -> None:
    assert run_cli("reach", "aws_subnet.a", "aws_subnet.a", str(BOTH_WAYS)).code == 0
    (tmp_path / "main.tf").write_text(
        (BOTH_WAYS / "main.tf").read_text() + 'resource "aws_vpc" "empty" {\n'
        '  cidr_block = "10.9.0.0/16"\n}\n'
    )
    run = run_cli("reach", "aws_subnet.a", "aws_vpc.empty", str(tmp_path))
    assert run.code == 3
    assert "cannot be decided: aws_vpc.empty has no subnet in the input" in run.stdout
