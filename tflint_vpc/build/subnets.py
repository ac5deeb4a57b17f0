"""Subnets: their VPC, CIDR blocks and availability zone."""

from __future__ import annotations

from tflint_vpc.build.context import Block, Context, text
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.vpcs import VPC_TYPES
from tflint_vpc.inventory import Ref, split_attribute
from tflint_vpc.model import AvailabilityZone, Subnet, ZoneSymbol
from tflint_vpc.net import parse_ipv4, parse_ipv6

SUBNET_TYPES = frozenset({"aws_subnet", "aws_default_subnet"})
# Only a link target (symbolic zones), never a node: not in READS, so it needs no schema facts.
ZONES_TYPE = "aws_availability_zones"
READS = SUBNET_TYPES


def build_subnets(ctx: Context) -> tuple[Subnet, ...]:
    subnets = []
    for subnet in ctx.of(SUBNET_TYPES):
        values = instance_values(subnet)
        name = ctx.text(values, "availability_zone")
        zone_id = ctx.text(values, "availability_zone_id")
        symbol = None
        if name is None and zone_id is None:  # a literal zone says more than a symbol
            symbol = zone_symbol(ctx, values, "availability_zone") or zone_symbol(
                ctx, values, "availability_zone_id"
            )
        cidr = ctx.value(values, "cidr_block")
        subnets.append(
            Subnet(
                address=subnet.address,
                id=text(values.get("id")),
                vpc=ctx.node(values.get("vpc_id"), VPC_TYPES),
                cidr=parse_ipv4(cidr),
                cidr_written=text(cidr),
                ipv6_cidr=parse_ipv6(ctx.value(values, "ipv6_cidr_block")),
                az=AvailabilityZone(name=name, id=zone_id, symbol=symbol),
                tags=ctx.tags(values),
            )
        )
    return tuple(subnets)


# Which list of the zones data source each zone argument may come from: a name argument set
# from `zone_ids[i]` is a Terraform error, not a zone.
_ZONE_LIST_OF = {"availability_zone": "names", "availability_zone_id": "zone_ids"}


def zone_symbol(ctx: Context, values: Block, attribute: str) -> ZoneSymbol | None:
    """The symbolic zone of a zone argument set from `data.aws_availability_zones.x.names[i]`
    (or `zone_ids[i]`): known to be element i of that data source instance's list only."""
    value = values.get(attribute)
    if not isinstance(value, Ref) or value.target is None:
        return None
    name, index = split_attribute(value.attribute)
    source = ctx.instances.get(value.target)
    if (
        index is None
        or name != _ZONE_LIST_OF.get(attribute)
        or source is None
        or source.mode != "data"
        or source.type != ZONES_TYPE
    ):
        return None
    return ZoneSymbol(value.target, name, index)
