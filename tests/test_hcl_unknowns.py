"""Notices for attributes the rules need that HCL left unknown: one line per cause."""

from __future__ import annotations

from pathlib import Path

from tflint_vpc.api import LintRequest, lint

MAIN = """
data "aws_vpc" "shared" {
  tags = { Name = "shared" }
}

locals {
  base = not_a_function("10.0.0.0/16")
}

resource "aws_vpc" "a" {
  cidr_block = local.base
}

resource "aws_subnet" "a" {
  count      = 7
  vpc_id     = aws_vpc.a.id
  cidr_block = cidrsubnet(local.base, 8, count.index)
  # not an attribute the rules need: no notice, whatever it uses
  tags = { Name = other_function() }
}

resource "aws_subnet" "b" {
  vpc_id            = data.aws_vpc.shared.id # a link, not a loss
  cidr_block        = cidrsubnet(data.aws_vpc.shared.cidr_block, 8, 2)
  availability_zone = var.zone # unknown for another reason: no cause named
}

resource "aws_route_table" "rt" {
  vpc_id = aws_vpc.a.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = "igw-0123456789abcdef0"
  }
  route {
    cidr_block                = lookup_cidr("peer")
    vpc_peering_connection_id = "pcx-0123456789abcdef0"
  }
}

module "child" {
  source = "./child"
  zone   = not_a_function("a")
}

variable "zone" {
  type = string
}
"""

CHILD = """
variable "zone" {
  type = string
}

resource "aws_instance" "i" {
  ami               = "ami-0123456789abcdef0"
  instance_type     = "m5.large"
  availability_zone = var.zone
}
"""


def test_one_notice_per_cause_listing_the_attributes(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(MAIN)
    (tmp_path / "child").mkdir()
    (tmp_path / "child" / "main.tf").write_text(CHILD)
    result = lint(LintRequest(paths=(str(tmp_path),)))
    assert not result.errors
    causes = [n for n in result.notices if "unknown (" in n]
    assert causes == [
        (
            "data source `data.aws_vpc.shared` is not read in HCL mode: 1 attribute unknown"
            " (aws_subnet.b.cidr_block)"
        ),
        (
            "function `lookup_cidr` is not supported: 1 attribute unknown"
            " (aws_route_table.rt.route[1].cidr_block)"
        ),
        (
            "function `not_a_function` is not supported: 9 attributes unknown"
            " (aws_vpc.a.cidr_block, aws_subnet.a[0].cidr_block, aws_subnet.a[1].cidr_block,"
            " aws_subnet.a[2].cidr_block, aws_subnet.a[3].cidr_block, and 4 more)"
        ),
    ]
    assert not any("other_function" in n or "zone" in n.split(":")[0] for n in result.notices)


def test_no_notice_when_everything_is_supported(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_vpc" "a" {\n  cidr_block = cidrsubnet("10.0.0.0/8", 8, 1)\n}\n'
    )
    result = lint(LintRequest(paths=(str(tmp_path),)))
    assert result.notices == ()
