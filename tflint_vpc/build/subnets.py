"""Subnets: their VPC, CIDR blocks and availability zone."""

from __future__ import annotations

from tflint_vpc.build.context import Context, text
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.vpcs import VPC_TYPES
from tflint_vpc.model import AvailabilityZone, Subnet
from tflint_vpc.net import parse_ipv4, parse_ipv6

SUBNET_TYPES = frozenset({"aws_subnet", "aws_default_subnet"})
READS = SUBNET_TYPES


def build_subnets(ctx: Context) -> tuple[Subnet, ...]:
    subnets = []
    for subnet in ctx.of(SUBNET_TYPES):
        values = instance_values(subnet)
        subnets.append(
            Subnet(
                address=subnet.address,
                id=text(values.get("id")),
                vpc=ctx.node(values.get("vpc_id"), VPC_TYPES),
                cidr=parse_ipv4(ctx.value(values, "cidr_block")),
                ipv6_cidr=parse_ipv6(ctx.value(values, "ipv6_cidr_block")),
                az=AvailabilityZone(
                    name=ctx.text(values, "availability_zone"),
                    id=ctx.text(values, "availability_zone_id"),
                ),
                tags=ctx.tags(values),
            )
        )
    return tuple(subnets)
