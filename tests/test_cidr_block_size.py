"""TFVPC013 cases no real plan can hold, and the value-as-written guarantee in both front ends.

The AWS provider refuses a VPC block outside /16-/28 and any block with host bits set at plan
time (`expected cidr_block to contain a valid network Value, expected 10.0.0.0/16, got
10.0.1.0/16`), so those cases are HCL folders written here; the plan-mode host-bit case edits a
real fixture plan the way an older provider or a hand-written plan could carry it.
"""

from __future__ import annotations

import json
from pathlib import Path

from tflint_vpc import registry
from tflint_vpc.testing import run_rule

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules" / "cidr_block_size"

HCL_ONLY = """
resource "aws_vpc" "too_large_fail" {
  cidr_block = "10.0.0.0/8"
}

resource "aws_vpc" "too_small_fail" {
  cidr_block = "192.168.0.0/29"
}

resource "aws_vpc" "host_bits_fail" {
  cidr_block = "10.1.1.0/16"
}

resource "aws_vpc_ipv4_cidr_block_association" "host_bits_fail" {
  vpc_id     = aws_vpc.ok.id
  cidr_block = "100.64.3.0/16"
}

resource "aws_vpc_ipv4_cidr_block_association" "too_small_fail" {
  vpc_id     = aws_vpc.ok.id
  cidr_block = "100.65.0.0/29"
}

resource "aws_vpc" "ok" {
  cidr_block                       = "172.16.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_subnet" "host_bits_fail" {
  vpc_id     = aws_vpc.ok.id
  cidr_block = "172.16.1.7/24"
}

resource "aws_subnet" "ipv6_pass" {
  vpc_id          = aws_vpc.ok.id
  cidr_block      = "172.16.2.0/24"
  ipv6_cidr_block = cidrsubnet(aws_vpc.ok.ipv6_cidr_block, 8, 1)
}

data "aws_vpc" "existing" {
  cidr_block = "10.9.0.0/8"
}
"""


def _messages(path: Path) -> dict[str, str]:
    code = registry.find("TFVPC013")
    assert code is not None
    return {d.address: d.message for d in run_rule(code, path)}


def test_hcl_reports_vpc_sizes_and_host_bits_as_written(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(HCL_ONLY, encoding="utf-8")
    found = _messages(tmp_path)
    assert sorted(found) == [
        "aws_subnet.host_bits_fail",
        "aws_vpc.host_bits_fail",
        "aws_vpc.too_large_fail",
        "aws_vpc.too_small_fail",
        "aws_vpc_ipv4_cidr_block_association.host_bits_fail",
        "aws_vpc_ipv4_cidr_block_association.too_small_fail",
    ]
    assert found["aws_vpc.host_bits_fail"].startswith(
        "10.1.1.0/16 of aws_vpc.host_bits_fail has host bits set"
    )
    assert found["aws_subnet.host_bits_fail"].startswith("172.16.1.7/24 of aws_subnet")
    assert "(InvalidSubnet.Range)" in found["aws_subnet.host_bits_fail"]
    assert "(16,777,216 addresses)" in found["aws_vpc.too_large_fail"]
    assert "(8 addresses)" in found["aws_vpc_ipv4_cidr_block_association.too_small_fail"]
    # the normalised network is never quoted: the value as written is the one to fix
    assert all("10.1.0.0/16" not in m and "172.16.1.0/24" not in m for m in found.values())


def test_plan_reports_host_bits_as_written(tmp_path: Path) -> None:
    plan = (FIXTURES / "bad_subnet_too_small.json").read_text(encoding="utf-8")
    assert plan.count('"10.0.2.0/28"') >= 1
    edited = tmp_path / "plan.json"
    edited.write_text(plan.replace('"10.0.2.0/28"', '"10.0.2.5/28"'), encoding="utf-8")
    json.loads(edited.read_text(encoding="utf-8"))
    found = _messages(edited)
    assert found["aws_subnet.smallest_pass"].startswith(
        "10.0.2.5/28 of aws_subnet.smallest_pass has host bits set"
    )
