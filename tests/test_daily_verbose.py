"""Issue 14 item 4: `-v` tells "no findings" from "could not check": what each rule could not
decide, and why; the summary and the JSON report count the undecidable resources."""

from __future__ import annotations

import json
from pathlib import Path

from tflint_vpc.testing import run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"

UNKNOWNS = """
variable "peer_vpc" {
  type = string
}

resource "aws_vpc" "app" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc_peering_connection" "p" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = var.peer_vpc
}

resource "aws_subnet" "a" {
  vpc_id               = aws_vpc.app.id
  cidr_block           = "10.0.1.0/24"
  availability_zone_id = "use1-az1"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.app.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_instance" "app" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "m5.large"
  subnet_id     = aws_subnet.a.id
}

resource "aws_network_interface" "x" {
  subnet_id = aws_subnet.b.id
}

resource "aws_network_interface_attachment" "x" {
  instance_id          = aws_instance.app.id
  network_interface_id = aws_network_interface.x.id
  device_index         = 1
}
"""


def _module(tmp_path: Path) -> str:
    (tmp_path / "main.tf").write_text(UNKNOWNS)
    return str(tmp_path)


def _undecided(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("tfvpc: undecided: ")]


def test_verbose_lists_each_undecided_rule_resource_and_reason(tmp_path: Path) -> None:
    run = run_cli("lint", "-v", "--select", "TFVPC001,TFVPC004", _module(tmp_path))
    assert run.code == 0, run.stderr
    assert _undecided(run.stderr) == [
        (
            "tfvpc: undecided: TFVPC001 aws_vpc_peering_connection.p: "
            "the accepter VPC (peer_vpc_id) is not known"
        ),
        (
            "tfvpc: undecided: TFVPC004 aws_network_interface_attachment.x: "
            "the zone of aws_instance.app (zone id use1-az1) cannot be compared with that of "
            "aws_network_interface.x (zone name us-east-1b)"
        ),
    ]
    assert "No findings (1 input, 7 resources; 2 undecidable, -v lists them)." in run.stdout


def test_without_verbose_only_the_count(tmp_path: Path) -> None:
    run = run_cli("lint", "--select", "TFVPC001,TFVPC004", _module(tmp_path))
    assert _undecided(run.stderr) == []
    assert "2 undecidable" in run.stdout


def test_json_summary_counts_undecided(tmp_path: Path) -> None:
    run = run_cli("lint", "-f", "json", _module(tmp_path))
    summary = json.loads(run.stdout)["summary"]
    assert summary["undecided"] == 2
    assert {"errors", "warnings", "notices", "inputs", "resources"} <= set(summary)


def test_routing_rule_says_which_value_is_unknown() -> None:
    plan = FIXTURES / "endpoint_peering_instance_type" / "good_unknown_association_table.json"
    run = run_cli("lint", "-v", "--no-source-dir", "--select", "TFVPC005", str(plan))
    assert run.code == 0
    assert _undecided(run.stderr) == [
        (
            "tfvpc: undecided: TFVPC005 aws_instance.batch_xen_unknown_table_pass: m4.large in "
            "aws_subnet.app: the route table associated with aws_subnet.app is not known"
        )
    ]


def test_a_decided_input_has_no_undecided_lines() -> None:
    plan = FIXTURES / "endpoint_peering_instance_type" / "bad_explicit_association.json"
    run = run_cli("lint", "-v", "--no-source-dir", str(plan))
    assert _undecided(run.stderr) == []
    assert "undecidable" not in run.stdout
