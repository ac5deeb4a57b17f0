"""VPC endpoints and their subnets.

Hand-made inventories in the shapes front ends produce (tests/build_helpers.py); nothing may be
guessed.
"""

from __future__ import annotations

from build_helpers import ref, res, topo

from tflint_vpc.inventory import UNKNOWN

# --- endpoints, transit gateways, VPN -------------------------------------------------------


def test_vpc_endpoints() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_subnet.one", vpc_id=ref("aws_vpc.a")),
        res("aws_subnet.two", vpc_id=ref("aws_vpc.a")),
        res(
            "aws_vpc_endpoint.iface",
            vpc_id=ref("aws_vpc.a"),
            vpc_endpoint_type="Interface",
            service_name="com.amazonaws.us-east-1.sqs",
            subnet_ids=(ref("aws_subnet.one"),),
            private_dns_enabled=True,
        ),
        res(
            "aws_vpc_endpoint_subnet_association.two",
            vpc_endpoint_id=ref("aws_vpc_endpoint.iface"),
            subnet_id=ref("aws_subnet.two"),
        ),
        res(
            "aws_vpc_endpoint.gw",
            vpc_id=ref("aws_vpc.a"),
            vpc_endpoint_type=None,
            subnet_ids=UNKNOWN,
        ),
        res(
            "aws_vpc_endpoint.unknown",
            vpc_id=ref("aws_vpc.a"),
            vpc_endpoint_type=UNKNOWN,
            subnet_ids=(UNKNOWN, ref("aws_subnet.one")),
            private_dns_enabled=UNKNOWN,
        ),
    )
    iface, gw, unknown = t.endpoints
    assert (
        iface.endpoint_type == "Interface" and iface.service_name == "com.amazonaws.us-east-1.sqs"
    )
    assert iface.subnets == ("aws_subnet.one", "aws_subnet.two") and iface.subnets_complete
    assert iface.private_dns is True and iface.vpc == "aws_vpc.a"
    # left out: the provider defaults (Gateway, no private DNS), as a plan would spell them
    assert gw.endpoint_type == "Gateway" and not gw.subnets_complete and gw.private_dns is False
    assert unknown.endpoint_type is None and unknown.subnets == ("aws_subnet.one",)
    assert unknown.private_dns is None
    assert not unknown.subnets_complete
