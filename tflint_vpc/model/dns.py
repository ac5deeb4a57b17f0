"""DNS: VPC DNS attributes, private hosted zones, Resolver rules, peering DNS options."""

from __future__ import annotations

from dataclasses import dataclass

# --- DNS: VPC attributes, private hosted zones, Resolver rules, peering options -------------


@dataclass(frozen=True, slots=True)
class VpcDns:
    """A VPC's DNS attributes; None when unknown (a computed value, or a data source)."""

    vpc: str
    support: bool | None = None  # enable_dns_support (provider default true)
    hostnames: bool | None = None  # enable_dns_hostnames
    # DHCP options with name servers other than AmazonProvidedDNS: the VPC's instances ask
    # other resolvers (which may forward anything). None when an association is not known.
    custom_dns: bool | None = False


@dataclass(frozen=True, slots=True)
class PrivateHostedZone:
    """A Route 53 zone with VPC associations (`vpc` blocks and `aws_route53_zone_association`).

    `name` is lower case without the trailing dot; None when unknown. `vpcs_complete` is False
    when some association's VPC is unknown (it may be any VPC)."""

    address: str
    name: str | None = None
    vpcs: tuple[str, ...] = ()
    vpcs_complete: bool = True


@dataclass(frozen=True, slots=True)
class ResolverRule:
    """A Route 53 Resolver rule and the VPCs associated with it."""

    address: str
    domain_name: str | None = None  # lower case, no trailing dot ("" is the root ".")
    rule_type: str | None = None  # "FORWARD" | "SYSTEM" | "RECURSIVE"
    vpcs: tuple[str, ...] = ()
    vpcs_complete: bool = True


@dataclass(frozen=True, slots=True)
class PeeringDnsOptions:
    """`allow_remote_vpc_dns_resolution` of a peering (inline or `..._options`): whether each
    side's VPC resolves the other side's public DNS hostnames to private addresses."""

    declared_by: str
    peering: str | None = None
    requester: bool | None = None
    accepter: bool | None = None
