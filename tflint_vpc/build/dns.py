"""DNS: VPC DNS attributes, Route 53 private hosted zones, Resolver rules, peering DNS options.

Sources: Terraform AWS provider docs for `aws_vpc` (`enable_dns_support` defaults to true;
`enable_dns_hostnames` is optional and computed in provider 5.x, so a plan leaves it unknown
when the configuration does not set it: unknown here too), `aws_route53_zone` (`vpc` blocks
make it private), `aws_route53_zone_association`, `aws_route53_resolver_rule(_association)`
and `aws_vpc_peering_connection(_options)` (`requester`/`accepter` blocks).
"""

from __future__ import annotations

from tflint_vpc.build.context import Context, blocks, flag
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.peerings import PEERING_TYPES
from tflint_vpc.build.vpcs import VPC_TYPES
from tflint_vpc.inventory import Ref, Value
from tflint_vpc.model import PeeringDnsOptions, PrivateHostedZone, ResolverRule, Vpc, VpcDns

ZONE_TYPES = frozenset({"aws_route53_zone"})
RESOLVER_RULE_TYPES = frozenset({"aws_route53_resolver_rule"})
READS = (
    ZONE_TYPES
    | RESOLVER_RULE_TYPES
    | {
        "aws_route53_zone_association",
        "aws_route53_resolver_rule_association",
        "aws_vpc_peering_connection_options",
        "aws_vpc_dhcp_options",
        "aws_vpc_dhcp_options_association",
    }
)


def domain(value: Value) -> str | None:
    """A DNS name as Route 53 compares it: lower case, no trailing dot (the root is "")."""
    if not isinstance(value, str) or not value:
        return None
    return value.strip().rstrip(".").lower()


def _custom_dns(ctx: Context) -> tuple[dict[str, bool | None], bool]:
    """VPC -> whether its DHCP options name servers other than AmazonProvidedDNS (None: not
    known); and whether some association's VPC is unknown (then no VPC is known to use the
    Amazon resolver)."""
    found: dict[str, bool | None] = {}
    anywhere = False
    for association in ctx.of({"aws_vpc_dhcp_options_association"}, data=False):
        values = instance_values(association)
        vpc = ctx.node(values.get("vpc_id"), VPC_TYPES)
        if vpc is None:
            anywhere = True
            continue
        custom: bool | None = None
        options = ctx.node(values.get("dhcp_options_id"), {"aws_vpc_dhcp_options"})
        if options is not None:
            servers = ctx.value(instance_values(ctx.instances[options]), "domain_name_servers")
            if isinstance(servers, list | tuple) and all(isinstance(s, str) for s in servers):
                custom = any(s != "AmazonProvidedDNS" for s in servers)
        elif values.get("dhcp_options_id") == "default":
            custom = False  # the AWS default options: AmazonProvidedDNS
        if found.get(vpc, False) is False:
            found[vpc] = custom
    return found, anywhere


def register_zone_ids(ctx: Context) -> None:
    """A zone's `zone_id` names the zone (associations use it rather than `id`). Runs before
    any link is followed."""
    for zone in ctx.of(ZONE_TYPES, data=False):
        ctx.resolver.add_derived(zone.address, "zone_id", zone.address)
        zone_id = instance_values(zone).get("zone_id")
        if isinstance(zone_id, str) and zone_id:
            ctx.resolver.add_id(zone_id, zone)


def build_vpc_dns(ctx: Context, vpcs: dict[str, Vpc]) -> dict[str, VpcDns]:
    found: dict[str, VpcDns] = {}
    custom, anywhere = _custom_dns(ctx)
    for vpc in ctx.of(VPC_TYPES):
        if vpc.address not in vpcs:
            continue
        values = instance_values(vpc)
        found[vpc.address] = VpcDns(
            vpc=vpc.address,
            support=ctx.managed_default(vpc, "enable_dns_support", True),
            # optional + computed: no default to fill in (a plan says unknown)
            hostnames=flag(ctx.value(values, "enable_dns_hostnames")),
            custom_dns=None if anywhere else custom.get(vpc.address, False),
        )
    return found


class _Associations:
    """VPC associations by zone or rule address: the VPCs found, and the owners of some
    association whose VPC (or owner) is unknown."""

    def __init__(self) -> None:
        self.vpcs: dict[str, dict[str, None]] = {}
        self.partial: set[str] = set()
        self.anywhere = False  # an association whose zone or rule is unknown: may be any

    def add(self, owner: str, vpc: str | None) -> None:
        if vpc is None:
            self.partial.add(owner)
        else:
            self.vpcs.setdefault(owner, {})[vpc] = None


def _vpc_blocks(ctx: Context, value: Value) -> tuple[tuple[str, ...], bool]:
    """The VPCs of a zone's `vpc` blocks and whether they are all known.

    A plan merges the references of all blocks into one list: when it names as many VPCs as
    there are blocks (and nothing else), each block names one of them."""
    found, known = blocks(value)
    vpcs: dict[str, None] = {}
    refs: list[Ref] = []
    for block in found:
        raw = block.get("vpc_id")
        if isinstance(raw, Ref) and len(raw.targets) > 1:
            refs.append(raw)
            continue
        vpc = ctx.node(raw, VPC_TYPES)
        if vpc is None:
            known = False
        else:
            vpcs[vpc] = None
    if refs:
        resolution = ctx.resolver.resolve(refs[0], VPC_TYPES)
        merged = resolution.addresses
        if (
            all(r == refs[0] for r in refs)
            and len(merged) == len(found)
            and not resolution.literals
            and not resolution.opaque
        ):
            vpcs.update(dict.fromkeys(merged))
        else:
            known = False
    return tuple(vpcs), known


def build_private_zones(ctx: Context) -> tuple[PrivateHostedZone, ...]:
    associations = _Associations()
    for association in ctx.of({"aws_route53_zone_association"}, data=False):
        values = instance_values(association)
        owner = ctx.node(values.get("zone_id"), ZONE_TYPES)
        if owner is None:
            # a zone outside the input (or unknown): it may be any zone of any name
            associations.anywhere = True
            continue
        associations.add(owner, ctx.node(values.get("vpc_id"), VPC_TYPES))
    zones = []
    for zone in ctx.of(ZONE_TYPES, data=False):
        values = instance_values(zone)
        inline, complete = _vpc_blocks(ctx, values.get("vpc"))
        extra = associations.vpcs.get(zone.address, {})
        if not inline and not extra and complete and zone.address not in associations.partial:
            continue  # a public zone: not a private hosted zone
        zones.append(
            PrivateHostedZone(
                address=zone.address,
                name=domain(ctx.value(values, "name")),
                vpcs=tuple(dict.fromkeys((*inline, *extra))),
                vpcs_complete=complete and zone.address not in associations.partial,
            )
        )
    if associations.anywhere:
        zones.append(PrivateHostedZone(address="aws_route53_zone_association", vpcs_complete=False))
    return tuple(zones)


def build_resolver_rules(ctx: Context) -> tuple[ResolverRule, ...]:
    associations = _Associations()
    for association in ctx.of({"aws_route53_resolver_rule_association"}, data=False):
        values = instance_values(association)
        owner = ctx.node(values.get("resolver_rule_id"), RESOLVER_RULE_TYPES)
        if owner is None:
            associations.anywhere = True
            continue
        associations.add(owner, ctx.node(values.get("vpc_id"), VPC_TYPES))
    rules = []
    for rule in ctx.of(RESOLVER_RULE_TYPES, data=False):
        values = instance_values(rule)
        rules.append(
            ResolverRule(
                address=rule.address,
                domain_name=domain(ctx.value(values, "domain_name")),
                rule_type=ctx.text(values, "rule_type"),
                vpcs=tuple(associations.vpcs.get(rule.address, {})),
                vpcs_complete=rule.address not in associations.partial,
            )
        )
    if associations.anywhere:
        # an association of a rule outside the input: some VPC forwards some domain
        rules.append(
            ResolverRule(address="aws_route53_resolver_rule_association", vpcs_complete=False)
        )
    return tuple(rules)


def _allow(value: Value) -> bool | None:
    found, known = blocks(value)
    if not found:
        return False if known else None
    return flag(found[0].get("allow_remote_vpc_dns_resolution"))


def build_peering_dns_options(ctx: Context) -> tuple[PeeringDnsOptions, ...]:
    options = []
    for peering in ctx.of(PEERING_TYPES, data=False):
        values = instance_values(peering)
        options.append(
            PeeringDnsOptions(
                declared_by=peering.address,
                peering=peering.address,
                requester=_allow(values.get("requester")),
                accepter=_allow(values.get("accepter")),
            )
        )
    for resource in ctx.of({"aws_vpc_peering_connection_options"}, data=False):
        values = instance_values(resource)
        options.append(
            PeeringDnsOptions(
                declared_by=resource.address,
                peering=ctx.node(values.get("vpc_peering_connection_id"), PEERING_TYPES),
                requester=_allow(values.get("requester")),
                accepter=_allow(values.get("accepter")),
            )
        )
    return tuple(options)


__all__ = [
    "READS",
    "build_peering_dns_options",
    "build_private_zones",
    "build_resolver_rules",
    "build_vpc_dns",
    "domain",
    "register_zone_ids",
]
