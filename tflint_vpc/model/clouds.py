"""Other clouds' networks, their VPN gateways, and the VPNs that join them to AWS."""

from __future__ import annotations

from dataclasses import dataclass

from tflint_vpc.model.nodes import Network

# --- other clouds' networks, and the VPNs that join them to AWS -----------------------------


@dataclass(frozen=True, slots=True)
class CloudNetwork:
    """A network of another cloud: an Alibaba Cloud VPC or vSwitch, an Azure VNet or subnet, a
    GCP network (no range of its own) or subnetwork. `parent` is the VPC / VNet / network of a
    vSwitch / subnet / subnetwork; `ranges_complete` is False when some range is unknown."""

    address: str
    cloud: str  # "alicloud" | "azurerm" | "google"
    ranges: tuple[Network, ...] = ()
    ranges_complete: bool = True
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class CloudVpnGateway:
    """Another cloud's VPN gateway: the networks behind it and the resources whose attributes
    are its public address (the gateway itself, a public IP), with the address when known."""

    address: str
    cloud: str
    networks: tuple[str, ...] = ()  # CloudNetwork addresses it serves (CEN-joined included)
    address_sources: tuple[str, ...] = ()
    ip_addresses: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CloudVpnLink:
    """An AWS VPN connection whose customer gateway is another cloud's VPN gateway."""

    vpn_connection: str
    customer_gateway: str
    gateway: str  # CloudVpnGateway address
    aws_vpcs: tuple[str, ...] = ()  # VPCs behind the VPN's TGW or VGW
