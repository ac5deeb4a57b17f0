"""AWS VPC overlaps a network of another cloud joined to it over a VPN.

## What it does
Flags an AWS VPC whose CIDR block overlaps a network of another cloud (an Alibaba Cloud
`alicloud_vpc`/`alicloud_vswitch`, an Azure `azurerm_virtual_network`/`azurerm_subnet`, a GCP
`google_compute_subnetwork` of a `google_compute_network`) that a VPN connects to it. The VPN
connects them when the AWS `aws_vpn_connection`'s `aws_customer_gateway.ip_address` is the
other cloud's VPN gateway address (a reference to `alicloud_vpn_gateway.internet_ip`, to an
`azurerm_public_ip` of the `azurerm_virtual_network_gateway`, to a
`google_compute_ha_vpn_gateway`, or a literal equal to the gateway's known address), and the
VPC is behind the VPN: attached to its transit gateway (`transit_gateway_id` and an
`aws_ec2_transit_gateway_vpc_attachment`) or the VPC of its virtual private gateway
(`vpn_gateway_id` and `aws_vpn_gateway.vpc_id` or `aws_vpn_gateway_attachment`). Alibaba Cloud
VPCs joined by CEN (`alicloud_cen_instance_attachment` to one `alicloud_cen_instance`) are all
behind the VPN gateway of one of them. A customer gateway address that is unknown or may come
from anything else gives no finding.

## Why is this bad?
Each side routes its own range locally: traffic from AWS to the overlapping part of the other
network never enters the VPN, and the other side's replies for the AWS range stay there too.
The two networks cannot reach each other in the overlap, and route propagation over the VPN
(BGP) may pick either range.

## Example
```hcl
resource "alicloud_vpc" "onprem" { cidr_block = "10.0.0.0/8" }
resource "alicloud_vpn_gateway" "onprem" {
  vpc_id    = alicloud_vpc.onprem.id
  bandwidth = 10
}
resource "aws_vpc" "app" { cidr_block = "10.20.0.0/16" }
resource "aws_ec2_transit_gateway" "hub" {}
resource "aws_ec2_transit_gateway_vpc_attachment" "app" {
  transit_gateway_id = aws_ec2_transit_gateway.hub.id
  vpc_id             = aws_vpc.app.id
  subnet_ids         = ["subnet-0123456789abcdef0"]
}
resource "aws_customer_gateway" "alibaba" {
  bgp_asn    = 65000
  ip_address = alicloud_vpn_gateway.onprem.internet_ip
  type       = "ipsec.1"
}
resource "aws_vpn_connection" "alibaba" {
  customer_gateway_id = aws_customer_gateway.alibaba.id
  transit_gateway_id  = aws_ec2_transit_gateway.hub.id
  type                = "ipsec.1"
}
```
reports that `aws_vpc.app` 10.20.0.0/16 overlaps `alicloud_vpc.onprem` 10.0.0.0/8.

## How to fix
Give the networks disjoint ranges (a new AWS VPC block, or another range on the other cloud),
or put NAT between them.

## References
- [Transit gateway VPN attachments](https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpn-attachments.html)
- [Site-to-Site VPN: your customer gateway device](https://docs.aws.amazon.com/vpn/latest/s2svpn/your-cgw.html)
- [Alibaba Cloud: connect a VPC to AWS over IPsec-VPN](https://www.alibabacloud.com/help/en/vpn/sub-product-ipsec-vpn/use-cases/establish-ipsec-vpn-connections-between-alibaba-cloud-and-aws)
"""

from __future__ import annotations

from collections.abc import Iterator

from tflint_vpc.model import CloudNetwork, Topology
from tflint_vpc.net import overlaps
from tflint_vpc.rule import Finding, Severity, rule


def _compared(topology: Topology, served: tuple[str, ...]) -> list[CloudNetwork]:
    """The networks to compare: each top-level network with ranges, else (a GCP network, a
    network whose ranges are unknown) its children; so one overlap is reported once."""
    networks = [n for n in map(topology.cloud_network, served) if n is not None]
    tops = {n.address for n in networks if n.parent is None and n.ranges and n.ranges_complete}
    return [n for n in networks if n.address in tops or (n.parent not in tops and n.ranges)]


@rule(code="TFVPC027", severity=Severity.ERROR)
def multicloud_cidr_overlap(topology: Topology) -> Iterator[Finding]:
    seen: set[tuple[str, str, str]] = set()
    for link in topology.cloud_vpn_links:
        gateway = topology.cloud_vpn_gateway(link.gateway)
        if gateway is None:
            continue
        others = _compared(topology, gateway.networks)
        for vpc_address in link.aws_vpcs:
            vpc = topology.vpc(vpc_address)
            if vpc is None:
                continue
            for block in vpc.cidrs:
                for other in others:
                    for network in other.ranges:
                        if network.version != block.network.version:
                            continue
                        if not overlaps(block.network, network):
                            continue
                        key = (block.declared_by, str(block.network), other.address)
                        if key in seen:
                            continue
                        seen.add(key)
                        yield Finding(
                            block.declared_by,
                            f"{vpc.address} block {block.network} overlaps {other.address} "
                            f"{network} ({other.cloud}), joined to it over VPN "
                            f"{link.vpn_connection} (customer gateway {link.customer_gateway} "
                            f"is {gateway.address}): traffic for the overlap stays on each side "
                            f"and never crosses the VPN",
                            related=(other.address, link.vpn_connection, gateway.address),
                            values=(str(block.network), str(network)),
                        )
