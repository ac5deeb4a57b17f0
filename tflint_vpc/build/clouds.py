"""Other clouds' networks (Alibaba Cloud, Azure, GCP) and the AWS VPNs that join them to AWS.

A VPN joins the two sides when the AWS `aws_customer_gateway.ip_address` is the other side's
VPN gateway address: a reference to the gateway's address attribute (`alicloud_vpn_gateway`
`internet_ip`, an `azurerm_public_ip` of an `azurerm_virtual_network_gateway`, a
`google_compute_ha_vpn_gateway`), or a literal equal to the gateway's known address. CEN
(`alicloud_cen_instance_attachment`) joins Alibaba Cloud VPCs to each other. The AWS side of a
VPN is the VPCs attached to its transit gateway, or the VPC of its virtual private gateway.
Links by name (an Azure subnet's `virtual_network_name`) count only when one network has it.
"""

from __future__ import annotations

from collections.abc import Iterable

from tflint_vpc.build.context import Block, Context, blocks, items, text
from tflint_vpc.build.links import instance_values
from tflint_vpc.build.vpcs import VPC_TYPES
from tflint_vpc.inventory import Ref, ResourceInstance, Value
from tflint_vpc.model import (
    CloudNetwork,
    CloudVpnGateway,
    CloudVpnLink,
    Network,
    TgwVpcAttachment,
    VpnConnection,
)
from tflint_vpc.net import parse_network

_ALI_VPC, _ALI_VSWITCH, _ALI_GATEWAY = "alicloud_vpc", "alicloud_vswitch", "alicloud_vpn_gateway"
_AZ_VNET, _AZ_SUBNET, _AZ_GATEWAY = (
    "azurerm_virtual_network",
    "azurerm_subnet",
    "azurerm_virtual_network_gateway",
)
_AZ_PUBLIC_IP = "azurerm_public_ip"
_GCP_NETWORK, _GCP_SUBNET, _GCP_GATEWAY = (
    "google_compute_network",
    "google_compute_subnetwork",
    "google_compute_ha_vpn_gateway",
)
_CEN_ATTACHMENT = "alicloud_cen_instance_attachment"
# The attribute that is a gateway's public address, by type of the resource holding it. A GCP
# HA VPN gateway's is `vpn_interfaces[i].ip_address`, which the HCL front end cannot keep as a
# reference: linking it in plan mode alone would make a plan find more than its HCL, so a GCP
# gateway joins by a literal address only (known in state).
_ADDRESS_ATTRIBUTE = {_ALI_GATEWAY: "internet_ip", _AZ_PUBLIC_IP: "ip_address"}
READS = frozenset(
    {
        _ALI_VPC,
        _ALI_VSWITCH,
        _ALI_GATEWAY,
        "alicloud_vpn_customer_gateway",
        "alicloud_vpn_connection",
        "alicloud_cen_instance",
        _CEN_ATTACHMENT,
        _AZ_VNET,
        _AZ_SUBNET,
        _AZ_GATEWAY,
        _AZ_PUBLIC_IP,
        "azurerm_local_network_gateway",
        _GCP_NETWORK,
        _GCP_SUBNET,
        _GCP_GATEWAY,
        "google_compute_external_vpn_gateway",
        "google_compute_vpn_tunnel",
        "aws_vpn_gateway_attachment",
    }
)


def _cloud(resource_type: str) -> str:
    return resource_type.split("_", 1)[0]


def _targets(value: Value, types: Iterable[str], ctx: Context) -> list[str]:
    """Instances of `types` a reference (or a list of them) names; a literal id is not followed
    (other clouds' ids are paths and names this builder does not index)."""
    wanted = frozenset(types)
    found: list[str] = []
    values = value if isinstance(value, tuple | list) else (value,)
    for element in values:
        if isinstance(element, Ref):
            for target in element.targets:
                instance = ctx.instances.get(target)
                if instance is not None and instance.type in wanted:
                    found.append(target)
    return found


def _one(value: Value, types: Iterable[str], ctx: Context) -> str | None:
    found = set(_targets(value, types, ctx))
    return found.pop() if len(found) == 1 else None


def _ranges(ctx: Context, values: Block, *attributes: str) -> tuple[tuple[Network, ...], bool]:
    ranges: list[Network] = []
    complete = True
    for attribute in attributes:
        raw = ctx.value(values, attribute)
        elements, known = (
            items(raw) if isinstance(raw, tuple | list) or raw is None else ((raw,), True)
        )
        complete = complete and known
        for element in elements:
            network = parse_network(ctx.resolver.literal(element))
            if network is None:
                complete = False
            else:
                ranges.append(network)
    return tuple(ranges), complete


def build_cloud_networks(ctx: Context) -> tuple[CloudNetwork, ...]:
    networks: list[CloudNetwork] = []
    vnets_by_name: dict[str, list[str]] = {}
    for vnet in ctx.of({_AZ_VNET}, data=False):
        name = ctx.text(instance_values(vnet), "name")
        if name is not None:
            vnets_by_name.setdefault(name, []).append(vnet.address)
    for network in ctx.of(
        {_ALI_VPC, _ALI_VSWITCH, _AZ_VNET, _AZ_SUBNET, _GCP_NETWORK, _GCP_SUBNET}
    ):
        values = instance_values(network)
        parent: str | None = None
        if network.type == _ALI_VPC:
            ranges, complete = _ranges(ctx, values, "cidr_block", "secondary_cidr_blocks")
        elif network.type == _ALI_VSWITCH:
            ranges, complete = _ranges(ctx, values, "cidr_block")
            parent = _one(values.get("vpc_id"), {_ALI_VPC}, ctx)
        elif network.type == _AZ_VNET:
            ranges, complete = _ranges(ctx, values, "address_space")
        elif network.type == _AZ_SUBNET:
            ranges, complete = _ranges(ctx, values, "address_prefixes")
            raw = values.get("virtual_network_name")
            parent = _one(raw, {_AZ_VNET}, ctx)
            named = vnets_by_name.get(ctx.text(values, "virtual_network_name") or "", [])
            if parent is None and len(named) == 1:
                parent = named[0]
        elif network.type == _GCP_NETWORK:
            ranges, complete = (), True  # a GCP network's ranges are its subnetworks'
        else:
            ranges, complete = _ranges(ctx, values, "ip_cidr_range")
            parent = _one(values.get("network"), {_GCP_NETWORK}, ctx)
        networks.append(
            CloudNetwork(
                address=network.address,
                cloud=_cloud(network.type),
                ranges=ranges,
                ranges_complete=complete,
                parent=parent,
            )
        )
    return tuple(networks)


def _cen_groups(ctx: Context) -> dict[str, set[str]]:
    """Alibaba VPC -> the VPCs a CEN instance joins it with (itself included)."""
    members: dict[str, set[str]] = {}
    for attachment in ctx.of({_CEN_ATTACHMENT}, data=False):
        values = instance_values(attachment)
        cen = _one(values.get("instance_id"), {"alicloud_cen_instance"}, ctx)
        vpc = _one(values.get("child_instance_id"), {_ALI_VPC}, ctx)
        if cen is not None and vpc is not None:
            members.setdefault(cen, set()).add(vpc)
    joined: dict[str, set[str]] = {}
    for vpcs in members.values():
        for vpc in vpcs:
            joined.setdefault(vpc, {vpc}).update(vpcs)
    return joined


def _served(roots: Iterable[str], networks: tuple[CloudNetwork, ...]) -> tuple[str, ...]:
    """The root networks and their child networks (vSwitches, subnets, subnetworks)."""
    roots = list(dict.fromkeys(roots))
    wanted = set(roots)
    children = [n.address for n in networks if n.parent in wanted]
    return tuple(dict.fromkeys((*roots, *children)))


def build_cloud_gateways(
    ctx: Context, networks: tuple[CloudNetwork, ...]
) -> tuple[CloudVpnGateway, ...]:
    cen = _cen_groups(ctx)
    gateways: list[CloudVpnGateway] = []
    for gateway in ctx.of({_ALI_GATEWAY, _AZ_GATEWAY, _GCP_GATEWAY}, data=False):
        values = instance_values(gateway)
        roots: list[str] = []
        sources = [gateway.address]
        ips: list[str] = []
        if gateway.type == _ALI_GATEWAY:
            vpc = _one(values.get("vpc_id"), {_ALI_VPC}, ctx)
            if vpc is not None:
                roots.extend(sorted(cen.get(vpc, {vpc})))
            ip = ctx.text(values, "internet_ip")
            ips.extend([ip] if ip else [])
        elif gateway.type == _AZ_GATEWAY:
            roots.extend(_azure_gateway_vnets(ctx, gateway, networks, sources, ips))
        else:
            network = _one(values.get("network"), {_GCP_NETWORK}, ctx)
            roots.extend([network] if network else [])
            interfaces, _ = blocks(values.get("vpn_interfaces"))
            ips.extend(i for i in (text(b.get("ip_address")) for b in interfaces) if i)
        gateways.append(
            CloudVpnGateway(
                address=gateway.address,
                cloud=_cloud(gateway.type),
                networks=_served(roots, networks),
                address_sources=tuple(sources),
                ip_addresses=tuple(ips),
            )
        )
    return tuple(gateways)


def _azure_gateway_vnets(
    ctx: Context,
    gateway: ResourceInstance,
    networks: tuple[CloudNetwork, ...],
    sources: list[str],
    ips: list[str],
) -> list[str]:
    """The VNet of an Azure gateway's `ip_configuration` subnet; its public IPs as address
    sources. (A plan merges the blocks' references: every target is read by its type.)"""
    parents = {n.address: n.parent for n in networks}
    vnets: list[str] = []
    configurations, _ = blocks(instance_values(gateway).get("ip_configuration"))
    for configuration in configurations:
        for value in configuration.values():
            for public_ip in _targets(value, {_AZ_PUBLIC_IP}, ctx):
                sources.append(public_ip)
                ip = ctx.text(instance_values(ctx.instances[public_ip]), "ip_address")
                ips.extend([ip] if ip else [])
            for subnet in _targets(value, {_AZ_SUBNET}, ctx):
                vnet = parents.get(subnet)
                if vnet is not None:
                    vnets.append(vnet)
    return vnets


def _aws_vpcs(
    ctx: Context, vpn: VpnConnection, attachments: tuple[TgwVpcAttachment, ...]
) -> tuple[str, ...]:
    vpcs: list[str] = []
    if vpn.transit_gateway is not None:
        vpcs.extend(
            a.vpc for a in attachments if a.transit_gateway == vpn.transit_gateway and a.vpc
        )
    if vpn.vpn_gateway is not None:
        own = ctx.node(instance_values(ctx.instances[vpn.vpn_gateway]).get("vpc_id"), VPC_TYPES)
        vpcs.extend([own] if own else [])
        for attachment in ctx.of({"aws_vpn_gateway_attachment"}, data=False):
            values = instance_values(attachment)
            if ctx.node(values.get("vpn_gateway_id"), {"aws_vpn_gateway"}) == vpn.vpn_gateway:
                vpc = ctx.node(values.get("vpc_id"), VPC_TYPES)
                vpcs.extend([vpc] if vpc else [])
    return tuple(dict.fromkeys(vpcs))


def build_cloud_vpn_links(
    ctx: Context,
    vpns: tuple[VpnConnection, ...],
    attachments: tuple[TgwVpcAttachment, ...],
    gateways: tuple[CloudVpnGateway, ...],
) -> tuple[CloudVpnLink, ...]:
    by_source = {s: g.address for g in gateways for s in g.address_sources}
    by_ip: dict[str, list[str]] = {}
    for gateway in gateways:
        for ip in gateway.ip_addresses:
            by_ip.setdefault(ip, []).append(gateway.address)
    links: list[CloudVpnLink] = []
    for vpn in vpns:
        if vpn.customer_gateway is None:
            continue
        raw = instance_values(ctx.instances[vpn.customer_gateway]).get("ip_address")
        found: set[str] = set()
        if isinstance(raw, Ref):
            types = {ctx.instances[t].type for t in raw.targets if t in ctx.instances}
            if any(_ADDRESS_ATTRIBUTE.get(t) != raw.attribute for t in types):
                continue  # not (only) a gateway's address attribute
            if not all(t in by_source for t in raw.targets):
                continue  # the address may come from something else too: not certain
            found = {by_source[t] for t in raw.targets}
        else:
            literal = text(ctx.resolver.literal(raw))
            found = set(by_ip.get(literal or "", ()))
        if len(found) != 1:
            continue
        links.append(
            CloudVpnLink(
                vpn_connection=vpn.address,
                customer_gateway=vpn.customer_gateway,
                gateway=found.pop(),
                aws_vpcs=_aws_vpcs(ctx, vpn, attachments),
            )
        )
    return tuple(links)
