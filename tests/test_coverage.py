"""Coverage honesty: network resources tfvpc does not analyse are counted in one notice."""

from __future__ import annotations

from pathlib import Path

from build_helpers import res

from tflint_vpc import api
from tflint_vpc.build import READ_TYPES
from tflint_vpc.coverage import is_network_type, notice, unanalysed
from tflint_vpc.inventory import Inventory, ResourceInstance
from tflint_vpc.testing import run_cli


def _other(address: str, rtype: str) -> ResourceInstance:
    return ResourceInstance(address=address, type=rtype, name="x", mode="managed", values={})


def test_network_types() -> None:
    assert is_network_type("aws_ec2_transit_gateway_connect_peer")
    assert is_network_type("aws_network_acl")
    assert is_network_type("aws_route53_resolver_endpoint")
    assert is_network_type("alicloud_vswitch")
    assert is_network_type("azurerm_firewall")
    assert is_network_type("google_compute_router")
    assert not is_network_type("aws_route53_record")
    assert not is_network_type("aws_instance")
    assert not is_network_type("aws_s3_bucket")


def test_counts_only_unread_managed_network_types() -> None:
    instances = (
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),  # read by the builder
        res("aws_network_acl.a", vpc_id="vpc-1"),
        res("aws_network_acl.b", vpc_id="vpc-1"),
        res("data.aws_vpc_peering_connections.x"),  # a data source: declares nothing
        res("aws_s3_bucket.logs"),  # not a network type
        _other("google_compute_router.r", "google_compute_router"),
    )
    counts = unanalysed(instances, READ_TYPES)
    assert dict(counts) == {"aws_network_acl": 2, "google_compute_router": 1}
    line = notice(Inventory(source="p.json", kind="plan", instances=instances), READ_TYPES)
    assert line == (
        "p.json: 3 resources of types tfvpc does not analyse: aws_network_acl (2), "
        "google_compute_router (1) (no finding about them means not checked, not correct)"
    )


def test_no_notice_when_everything_is_read() -> None:
    instances = (res("aws_vpc.a", cidr_block="10.0.0.0/16"), res("aws_s3_bucket.b"))
    assert notice(Inventory(source="p", kind="plan", instances=instances), READ_TYPES) is None


def test_many_types_are_capped() -> None:
    instances = tuple(_other(f"alicloud_t{i}.x", f"alicloud_t{i:02}") for i in range(13))
    line = notice(Inventory(source="p", kind="hcl", instances=instances), READ_TYPES)
    assert line is not None and line.count("(1)") == 10 and ", and 3 more types" in line


def test_lint_emits_the_notice_once_per_input(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(
        'resource "aws_vpc" "a" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_network_acl" "a" {\n  vpc_id = aws_vpc.a.id\n}\n'
        'resource "aws_network_acl" "b" {\n  vpc_id = aws_vpc.a.id\n}\n',
        encoding="utf-8",
    )
    result = api.lint(api.LintRequest(paths=(str(tmp_path),)))
    found = [n for n in result.notices if "does not analyse" in n]
    expected = (
        f"{tmp_path}: 2 resources of types tfvpc does not analyse: aws_network_acl (2) "
        "(no finding about them means not checked, not correct)"
    )
    assert found == [expected]
    run = run_cli("lint", str(tmp_path))
    assert run.stderr.count("does not analyse: aws_network_acl (2)") == 1
