"""Other clouds' networks, their VPN gateways, and the AWS VPNs that join them.

Hand-made inventories in the shapes front ends produce; a customer gateway address that may
come from anything but a gateway's address attribute joins nothing.
"""

from __future__ import annotations

from ipaddress import ip_network

from build_helpers import ref, res

from tflint_vpc.build import build
from tflint_vpc.inventory import UNKNOWN, Inventory, Ref, ResourceInstance, Value
from tflint_vpc.model import Topology


def other(address: str, **values: Value) -> ResourceInstance:
    rtype, name = address.split(".")
    return ResourceInstance(address=address, type=rtype, name=name, mode="managed", values=values)


def topo(*instances: ResourceInstance) -> Topology:
    return build(Inventory(source="t.json", kind="plan", instances=instances))


def _aws_side(cgw_ip: Value) -> tuple[ResourceInstance, ...]:
    return (
        res("aws_vpc.app", cidr_block="10.20.0.0/16"),
        res("aws_vpn_gateway.app", vpc_id=ref("aws_vpc.app")),
        res("aws_customer_gateway.c", ip_address=cgw_ip),
        res(
            "aws_vpn_connection.v",
            customer_gateway_id=ref("aws_customer_gateway.c"),
            vpn_gateway_id=ref("aws_vpn_gateway.app"),
        ),
    )


def _alicloud() -> tuple[ResourceInstance, ...]:
    return (
        other("alicloud_vpc.a", cidr_block="10.0.0.0/8"),
        other("alicloud_vpc.b", cidr_block="192.168.0.0/16"),
        other("alicloud_vswitch.s", vpc_id=Ref(("alicloud_vpc.a",)), cidr_block="10.1.0.0/24"),
        other("alicloud_cen_instance.cen"),
        other(
            "alicloud_cen_instance_attachment.a",
            instance_id=Ref(("alicloud_cen_instance.cen",)),
            child_instance_id=Ref(("alicloud_vpc.a",)),
        ),
        other(
            "alicloud_cen_instance_attachment.b",
            instance_id=Ref(("alicloud_cen_instance.cen",)),
            child_instance_id=Ref(("alicloud_vpc.b",)),
        ),
        other("alicloud_vpn_gateway.g", vpc_id=Ref(("alicloud_vpc.a",)), internet_ip=UNKNOWN),
    )


def test_alicloud_networks_cen_and_vpn_link() -> None:
    t = topo(*_alicloud(), *_aws_side(Ref(("alicloud_vpn_gateway.g",), "internet_ip")))
    vswitch = t.cloud_network("alicloud_vswitch.s")
    assert vswitch is not None and vswitch.parent == "alicloud_vpc.a"
    assert vswitch.ranges == (ip_network("10.1.0.0/24"),)
    (gateway,) = t.cloud_vpn_gateways
    assert gateway.networks == ("alicloud_vpc.a", "alicloud_vpc.b", "alicloud_vswitch.s")
    (link,) = t.cloud_vpn_links
    assert (link.vpn_connection, link.gateway) == ("aws_vpn_connection.v", "alicloud_vpn_gateway.g")
    assert link.aws_vpcs == ("aws_vpc.app",)


def test_no_link_for_other_attributes_literals_or_unknowns() -> None:
    for ip in (Ref(("alicloud_vpn_gateway.g",), "id"), "203.0.113.7", UNKNOWN):
        assert topo(*_alicloud(), *_aws_side(ip)).cloud_vpn_links == ()


def test_literal_address_known_in_state() -> None:
    known = [i for i in _alicloud() if i.type != "alicloud_vpn_gateway"]
    gateway = other("alicloud_vpn_gateway.g", vpc_id="vpc-ali", internet_ip="47.1.2.3")
    (link,) = topo(*known, gateway, *_aws_side("47.1.2.3")).cloud_vpn_links
    assert link.gateway == "alicloud_vpn_gateway.g"


def test_azure_gateway_by_public_ip_and_subnet_name() -> None:
    t = topo(
        other("azurerm_virtual_network.v", name="hub", address_space=("10.20.0.0/16",)),
        other(
            "azurerm_subnet.gw", virtual_network_name="hub", address_prefixes=("10.20.255.0/27",)
        ),
        other("azurerm_public_ip.p", ip_address=UNKNOWN),
        other(
            "azurerm_virtual_network_gateway.g",
            ip_configuration=(
                {
                    "public_ip_address_id": Ref(("azurerm_public_ip.p", "azurerm_subnet.gw")),
                    "subnet_id": Ref(("azurerm_public_ip.p", "azurerm_subnet.gw")),
                },
            ),
        ),
        *_aws_side(Ref(("azurerm_public_ip.p",), "ip_address")),
    )
    (gateway,) = t.cloud_vpn_gateways
    assert gateway.networks == ("azurerm_virtual_network.v", "azurerm_subnet.gw")
    (link,) = t.cloud_vpn_links
    assert link.gateway == "azurerm_virtual_network_gateway.g"


def test_gcp_subnetworks_belong_to_their_network() -> None:
    t = topo(
        other("google_compute_network.n"),
        other(
            "google_compute_subnetwork.s",
            network=Ref(("google_compute_network.n",), "id"),
            ip_cidr_range="10.2.0.0/16",
        ),
        other("google_compute_ha_vpn_gateway.g", network=Ref(("google_compute_network.n",))),
    )
    (gateway,) = t.cloud_vpn_gateways
    assert gateway.networks == ("google_compute_network.n", "google_compute_subnetwork.s")
