"""VPCs and their CIDR sets: own blocks, associations, and when a set is incomplete.

Hand-made inventories in the shapes front ends produce (tests/build_helpers.py); nothing may be
guessed.
"""

from __future__ import annotations

from build_helpers import ref, res, topo

from tflint_vpc.inventory import UNKNOWN

# --- VPCs and CIDR sets ---------------------------------------------------------------------


def test_vpc_cidr_sets_and_attributes() -> None:
    t = topo(
        res(
            "aws_vpc.app",
            region="eu-central-1",
            cidr_block="10.0.0.0/16",
            ipv6_cidr_block="2600:1f18:1:100::/56",
            instance_tenancy="dedicated",
            enable_classiclink=True,
        ),
        res(
            "aws_vpc_ipv4_cidr_block_association.two",
            vpc_id=ref("aws_vpc.app"),
            cidr_block="10.5.0.0/16",
        ),
        res(
            "aws_vpc_ipv6_cidr_block_association.v6",
            vpc_id=ref("aws_vpc.app"),
            ipv6_cidr_block="2600:1f18:1:200::/56",
        ),
        res("aws_default_vpc.default", cidr_block="172.31.0.0/16", enable_classiclink="false"),
    )
    app = t.vpc("aws_vpc.app")
    assert app is not None
    assert [(str(c.network), c.declared_by, c.primary) for c in app.cidrs] == [
        ("10.0.0.0/16", "aws_vpc.app", True),
        ("2600:1f18:1:100::/56", "aws_vpc.app", False),
        ("10.5.0.0/16", "aws_vpc_ipv4_cidr_block_association.two", False),
        ("2600:1f18:1:200::/56", "aws_vpc_ipv6_cidr_block_association.v6", False),
    ]
    assert [str(c.network) for c in app.ipv4] == ["10.0.0.0/16", "10.5.0.0/16"]
    assert app.cidrs_complete
    assert (app.region, app.instance_tenancy, app.classiclink) == (
        "eu-central-1",
        "dedicated",
        True,
    )
    default = t.vpc("aws_default_vpc.default")
    assert default is not None and default.default and default.classiclink is None
    assert default.instance_tenancy == "default"  # the provider default, implicit in HCL


def test_unknown_cidrs_make_the_set_incomplete() -> None:
    t = topo(
        # IPAM-allocated primary: unknown in the plan
        res("aws_vpc.ipam", cidr_block=UNKNOWN, ipv4_ipam_pool_id="ipam-pool-1"),
        # a new VPC without IPv6: ipv6_cidr_block is computed, hence unknown, yet there is none
        res(
            "aws_vpc.v4_only",
            cidr_block="10.0.0.0/16",
            ipv6_cidr_block=UNKNOWN,
            assign_generated_ipv6_cidr_block=False,
        ),
        res(
            "aws_vpc.v6_requested",
            cidr_block="10.1.0.0/16",
            ipv6_cidr_block=UNKNOWN,
            assign_generated_ipv6_cidr_block=True,
        ),
        # the same in HCL, where the computed attribute is simply absent
        res(
            "aws_vpc.v6_requested_hcl",
            cidr_block="10.1.0.0/16",
            assign_generated_ipv6_cidr_block=True,
        ),
        res(
            "aws_vpc.v6_from_ipam_hcl",
            cidr_block="10.1.0.0/16",
            ipv6_ipam_pool_id=ref("aws_vpc_ipam_pool.p"),
        ),
        res("aws_vpc.secondary_from_ipam", cidr_block="10.2.0.0/16"),
        res(
            "aws_vpc_ipv4_cidr_block_association.ipam",
            vpc_id=ref("aws_vpc.secondary_from_ipam"),
            cidr_block=UNKNOWN,
        ),
        res("aws_vpc.garbage", cidr_block="10.300.0.0/16"),
        res("aws_vpc.x", cidr_block="10.3.0.0/16"),
        res("aws_vpc.y", cidr_block="10.4.0.0/16"),
        # an association to one of two VPCs: neither set is known to be complete
        res(
            "aws_vpc_ipv4_cidr_block_association.either",
            vpc_id=ref("aws_vpc.x", "aws_vpc.y"),
            cidr_block="10.9.0.0/16",
        ),
    )
    complete = {v.address: v.cidrs_complete for v in t.vpcs}
    assert complete == {
        "aws_vpc.ipam": False,
        "aws_vpc.v4_only": True,
        "aws_vpc.v6_requested": False,
        "aws_vpc.v6_requested_hcl": False,
        "aws_vpc.v6_from_ipam_hcl": False,
        "aws_vpc.secondary_from_ipam": False,
        "aws_vpc.garbage": False,
        "aws_vpc.x": False,
        "aws_vpc.y": False,
    }
    garbage = t.vpc("aws_vpc.garbage")
    assert garbage is not None and garbage.cidrs == ()


def test_data_vpc_cidr_block_associations() -> None:
    t = topo(
        res(
            "data.aws_vpc.shared",
            id="vpc-9",
            cidr_block="10.0.0.0/16",
            cidr_block_associations=(
                {"association_id": "a1", "cidr_block": "10.0.0.0/16", "state": "associated"},
                {"association_id": "a2", "cidr_block": "10.8.0.0/16", "state": "associated"},
                {"association_id": "a3", "cidr_block": "10.9.0.0/16", "state": "disassociated"},
            ),
        ),
        res(
            "data.aws_vpc.deferred", id=UNKNOWN, cidr_block=UNKNOWN, cidr_block_associations=UNKNOWN
        ),
    )
    shared = t.vpc("data.aws_vpc.shared")
    assert shared is not None and shared.data_source
    assert [str(c.network) for c in shared.cidrs] == ["10.0.0.0/16", "10.8.0.0/16"]
    assert shared.cidrs_complete
    deferred = t.vpc("data.aws_vpc.deferred")
    assert deferred is not None and not deferred.cidrs_complete
