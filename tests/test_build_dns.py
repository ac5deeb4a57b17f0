"""DNS: VPC attributes, private hosted zones, Resolver rules and peering DNS options.

Hand-made inventories in the shapes front ends produce (tests/build_helpers.py); an unknown
association must leave the zone's (or rule's) VPC list incomplete, never guessed.
"""

from __future__ import annotations

from build_helpers import ref, res, topo

from tflint_vpc.inventory import UNKNOWN, Ref


def test_vpc_dns_defaults_and_unknowns() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", cidr_block="10.1.0.0/16", enable_dns_support=False),
        res("aws_vpc.c", cidr_block="10.2.0.0/16", enable_dns_hostnames=UNKNOWN),
        res("aws_vpc.d", cidr_block="10.3.0.0/16", enable_dns_hostnames=True),
    )
    dns = t.vpc_dns
    assert (dns["aws_vpc.a"].support, dns["aws_vpc.a"].hostnames) == (True, None)
    assert dns["aws_vpc.b"].support is False
    assert dns["aws_vpc.c"].hostnames is None
    assert dns["aws_vpc.d"].hostnames is True
    assert all(d.custom_dns is False for d in dns.values())


def test_dhcp_options_name_servers() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", cidr_block="10.1.0.0/16"),
        res("aws_vpc_dhcp_options.custom", domain_name_servers=("10.0.0.2", "10.0.0.3")),
        res("aws_vpc_dhcp_options.amazon", domain_name_servers=("AmazonProvidedDNS",)),
        res(
            "aws_vpc_dhcp_options_association.a",
            vpc_id=ref("aws_vpc.a"),
            dhcp_options_id=ref("aws_vpc_dhcp_options.custom"),
        ),
        res(
            "aws_vpc_dhcp_options_association.b",
            vpc_id=ref("aws_vpc.b"),
            dhcp_options_id=ref("aws_vpc_dhcp_options.amazon"),
        ),
    )
    assert t.vpc_dns["aws_vpc.a"].custom_dns is True
    assert t.vpc_dns["aws_vpc.b"].custom_dns is False
    unknown = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc_dhcp_options_association.x", vpc_id=UNKNOWN, dhcp_options_id="dopt-1"),
    )
    assert unknown.vpc_dns["aws_vpc.a"].custom_dns is None


def test_private_zones_inline_and_associated() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", cidr_block="10.1.0.0/16"),
        res("aws_route53_zone.public", name="example.com"),
        res(
            "aws_route53_zone.ssm",
            name="SSM.us-east-1.amazonaws.com.",
            vpc=({"vpc_id": ref("aws_vpc.a"), "vpc_region": None},),
        ),
        res(
            "aws_route53_zone_association.b",
            zone_id=Ref(("aws_route53_zone.ssm",), "zone_id"),
            vpc_id=ref("aws_vpc.b"),
        ),
    )
    (zone,) = t.private_hosted_zones
    assert zone.name == "ssm.us-east-1.amazonaws.com"
    assert zone.vpcs == ("aws_vpc.a", "aws_vpc.b")
    assert zone.vpcs_complete


def test_private_zone_merged_plan_references() -> None:
    """A plan merges the references of all `vpc` blocks: as many VPCs as blocks is certain."""
    both = Ref(("aws_vpc.a", "aws_vpc.b"))
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", cidr_block="10.1.0.0/16"),
        res("aws_route53_zone.z", name="x.internal", vpc=({"vpc_id": both}, {"vpc_id": both})),
        res("aws_route53_zone.y", name="y.internal", vpc=({"vpc_id": both},)),
    )
    z, y = t.private_hosted_zones
    assert (z.vpcs, z.vpcs_complete) == (("aws_vpc.a", "aws_vpc.b"), True)
    assert y.vpcs_complete is False


def test_unknown_associations_are_incomplete() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_route53_zone.z", name="x.internal", vpc=({"vpc_id": ref("aws_vpc.a")},)),
        res("aws_route53_zone_association.u", zone_id=ref("aws_route53_zone.z"), vpc_id=UNKNOWN),
        res("aws_route53_zone_association.outside", zone_id="Z123", vpc_id=ref("aws_vpc.a")),
        res("aws_route53_resolver_rule.fwd", domain_name="corp.", rule_type="FORWARD"),
        res(
            "aws_route53_resolver_rule_association.u",
            resolver_rule_id=ref("aws_route53_resolver_rule.fwd"),
            vpc_id=UNKNOWN,
        ),
    )
    zone, outside = t.private_hosted_zones
    assert zone.vpcs == ("aws_vpc.a",) and not zone.vpcs_complete
    assert outside.name is None and not outside.vpcs_complete
    (rule,) = t.resolver_rules
    assert (rule.domain_name, rule.rule_type, rule.vpcs_complete) == ("corp", "FORWARD", False)


def test_peering_dns_options() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", cidr_block="10.1.0.0/16"),
        res(
            "aws_vpc_peering_connection.p",
            vpc_id=ref("aws_vpc.a"),
            peer_vpc_id=ref("aws_vpc.b"),
            requester=UNKNOWN,
            accepter=(),
        ),
        res(
            "aws_vpc_peering_connection_options.p",
            vpc_peering_connection_id=ref("aws_vpc_peering_connection.p"),
            requester=({"allow_remote_vpc_dns_resolution": True},),
        ),
    )
    inline, options = t.peering_dns_options
    assert (inline.requester, inline.accepter) == (None, False)
    assert options.peering == "aws_vpc_peering_connection.p"
    assert (options.requester, options.accepter) == (True, False)
