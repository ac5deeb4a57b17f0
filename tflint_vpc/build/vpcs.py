"""VPCs and their CIDR sets: the blocks a VPC states itself plus its CIDR block associations."""

from __future__ import annotations

from tflint_vpc.build.context import Block, Context, blocks, flag, text
from tflint_vpc.build.links import instance_values
from tflint_vpc.inventory import Ref, ResourceInstance, Unknown, Value
from tflint_vpc.model import CidrBlock, Vpc
from tflint_vpc.net import parse_ipv4, parse_ipv6, parse_network

VPC_TYPES = frozenset({"aws_vpc", "aws_default_vpc"})
# Association type -> the attribute holding its block.
_ASSOCIATIONS = (
    ("aws_vpc_ipv4_cidr_block_association", "cidr_block"),
    ("aws_vpc_ipv6_cidr_block_association", "ipv6_cidr_block"),
)
READS = VPC_TYPES | {association for association, _ in _ASSOCIATIONS}

_GONE_ASSOCIATION_STATES = frozenset({"disassociating", "disassociated", "failed"})


def build_vpcs(ctx: Context) -> dict[str, Vpc]:
    """Every VPC by address, in input order."""
    cidrs: dict[str, list[CidrBlock]] = {}
    incomplete: set[str] = set()
    vpcs = ctx.of(VPC_TYPES)
    for vpc in vpcs:
        own, complete = _own_cidrs(ctx, vpc)
        cidrs[vpc.address] = own
        if not complete:
            incomplete.add(vpc.address)
    for association_type, attribute in _ASSOCIATIONS:
        for association in ctx.of({association_type}, data=False):
            _add_association(ctx, association, attribute, cidrs, incomplete)
    return {
        vpc.address: Vpc(
            address=vpc.address,
            id=text(instance_values(vpc).get("id")),
            cidrs=tuple(cidrs[vpc.address]),
            cidrs_complete=vpc.address not in incomplete,
            instance_tenancy=_tenancy(ctx, vpc),
            classiclink=flag(ctx.value(instance_values(vpc), "enable_classiclink")),
            region=text(vpc.region),
            default=vpc.type == "aws_default_vpc",
            data_source=vpc.mode == "data",
            tags=ctx.tags(instance_values(vpc)),
        )
        for vpc in vpcs
    }


def _tenancy(ctx: Context, vpc: ResourceInstance) -> str | None:
    raw = ctx.value(instance_values(vpc), "instance_tenancy")
    if raw is None and vpc.mode != "data":
        # The provider default, which a plan spells out and HCL leaves implicit: both
        # front ends must give the same topology.
        return "default"
    return text(raw)


def _own_cidrs(ctx: Context, vpc: ResourceInstance) -> tuple[list[CidrBlock], bool]:
    """The blocks a VPC resource or data source states itself; whether they are all known."""
    values = instance_values(vpc)
    own: list[CidrBlock] = []
    complete = True
    raw_primary = ctx.value(values, "cidr_block")
    primary = parse_ipv4(raw_primary)
    if primary is None:
        complete = False  # every VPC has a primary IPv4 block: not knowing it is a gap
    else:
        own.append(CidrBlock(primary, vpc.address, True, text(raw_primary)))
    raw_ipv6 = ctx.value(values, "ipv6_cidr_block")
    ipv6 = parse_ipv6(raw_ipv6)
    if ipv6 is not None:
        own.append(CidrBlock(ipv6, vpc.address, False))
    elif _ipv6_pending(vpc, values, raw_ipv6):
        complete = False
    associations, known = blocks(values.get("cidr_block_associations"))
    complete = complete and known
    seen = {block.network for block in own}
    for association in associations:
        if text(association.get("state")) in _GONE_ASSOCIATION_STATES:
            continue
        network = parse_network(ctx.resolver.literal(association.get("cidr_block")))
        if network is None:
            complete = False
        elif network not in seen:
            seen.add(network)
            own.append(CidrBlock(network, vpc.address, False))
    return own, complete


def _ipv6_pending(vpc: ResourceInstance, values: Block, raw: Value) -> bool:
    """Whether an unparsed `ipv6_cidr_block` hides a block (rather than meaning "none").

    In a plan `ipv6_cidr_block` is computed, so it is unknown for every new VPC, and HCL
    leaves it out: it only hides a block when IPv6 was asked for.
    """
    if not (raw is None or raw == "" or isinstance(raw, Unknown)):
        return True  # a value that does not parse
    if vpc.mode == "data":
        return isinstance(raw, Unknown)
    generated = values.get("assign_generated_ipv6_cidr_block")
    if generated is True or isinstance(generated, Unknown | Ref):
        return True
    return values.get("ipv6_ipam_pool_id") not in (None, "")


def _add_association(
    ctx: Context,
    association: ResourceInstance,
    attribute: str,
    cidrs: dict[str, list[CidrBlock]],
    incomplete: set[str],
) -> None:
    values = instance_values(association)
    resolution = ctx.resolver.resolve(values.get("vpc_id"), VPC_TYPES)
    vpc = resolution.address
    if vpc is None:
        # The block belongs to one of these VPCs, and we cannot tell which: none of their
        # sets is known to be complete any more.
        incomplete.update(resolution.addresses)
        return
    raw = ctx.value(values, attribute)
    network = parse_ipv4(raw) if attribute == "cidr_block" else parse_ipv6(raw)
    if network is None:
        incomplete.add(vpc)  # allocated from IPAM / Amazon, known after apply
        return
    own = cidrs.setdefault(vpc, [])
    if all(block.network != network for block in own):
        own.append(CidrBlock(network, association.address, False, text(raw)))
