"""Time `build()` on a synthetic inventory of 20,000 resource instances (target: under 2 s).

    .venv/bin/python benchmarks/build_speed.py [--instances N] [--repeat R]

The inventory is a chain of VPCs, each peered with the next, built in groups of 21 instances:
a VPC with a secondary block, subnets, route tables with inline routes whose peering references
are merged (so every route needs the peer-CIDR disambiguation), standalone routes, table and main
associations, a peering with its accepter, instances, ENIs and their attachments, and an
interface endpoint. Even groups link by `Ref` (as plans do), odd groups by literal ids (as state
does), so both resolver paths are timed.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tflint_vpc.build import build
from tflint_vpc.inventory import UNKNOWN, Inventory, Ref, ResourceInstance, Value

GROUP_SIZE = 21


def _instance(rtype: str, name: str, values: dict[str, Value]) -> ResourceInstance:
    return ResourceInstance(
        address=f"{rtype}.{name}", type=rtype, name=name, values=values, region="us-east-1"
    )


def _cidr(k: int, third: int = 0, prefix: int = 24) -> str:
    return f"10.{k // 256}.{k % 256}.{third}/{prefix}"


def _group(k: int, groups: int) -> list[ResourceInstance]:
    plan = k % 2 == 0  # plan-style references, else state-style literal ids

    def link(rtype: str, name: str, ident: str, group: int = k) -> Value:
        """A reference in the style of the group that owns the target."""
        return Ref((f"{rtype}.{name}",), "id") if group % 2 == 0 else ident

    def ident(value: str) -> Value:
        return UNKNOWN if plan else value

    g = f"g{k}"
    nxt = (k + 1) % groups
    prev = (k - 1) % groups
    vpc = link("aws_vpc", g, f"vpc-{k}")
    subnets = [link("aws_subnet", f"{g}_{i}", f"subnet-{k}-{i}") for i in range(4)]
    # plan JSON merges the references of all inline route blocks into one list
    merged = Ref((f"aws_vpc_peering_connection.g{prev}", f"aws_vpc_peering_connection.g{k}"))
    to_prev = merged if plan else f"pcx-{prev}"
    to_next = merged if plan else f"pcx-{k}"
    inline_routes: tuple[Value, ...] = (
        {"cidr_block": _cidr(1000 + prev, prefix=24), "vpc_peering_connection_id": to_prev},
        {"cidr_block": _cidr(nxt, prefix=24), "vpc_peering_connection_id": to_next},
        {"cidr_block": "0.0.0.0/0", "gateway_id": f"igw-{k}", "vpc_peering_connection_id": ""},
    )
    out = [
        _instance(
            "aws_vpc",
            g,
            {
                "id": ident(f"vpc-{k}"),
                "cidr_block": _cidr(k),
                "ipv6_cidr_block": UNKNOWN,
                "instance_tenancy": "default",
                "default_route_table_id": ident(f"rtb-d{k}"),
            },
        ),
        _instance(
            "aws_vpc_ipv4_cidr_block_association",
            g,
            {"id": ident(f"vpc-cidr-assoc-{k}"), "vpc_id": vpc, "cidr_block": _cidr(1000 + k)},
        ),
    ]
    out.extend(
        _instance(
            "aws_subnet",
            f"{g}_{i}",
            {
                "id": ident(f"subnet-{k}-{i}"),
                "vpc_id": vpc,
                "cidr_block": _cidr(k, 64 * i, 26),
                "availability_zone": f"us-east-1{'abcd'[i]}",
            },
        )
        for i in range(4)
    )
    out += [
        _instance(
            "aws_default_route_table",
            g,
            {
                "id": ident(f"rtb-d{k}"),
                "default_route_table_id": Ref((f"aws_vpc.{g}",), "default_route_table_id")
                if plan
                else f"rtb-d{k}",
                "route": (),
            },
        ),
        _instance(
            "aws_route_table",
            g,
            {"id": ident(f"rtb-{k}"), "vpc_id": vpc, "route": inline_routes},
        ),
        _instance(
            "aws_route_table_association",
            f"{g}_0",
            {"subnet_id": subnets[0], "route_table_id": link("aws_route_table", g, f"rtb-{k}")},
        ),
        _instance(
            "aws_main_route_table_association",
            g,
            {"vpc_id": vpc, "route_table_id": link("aws_route_table", g, f"rtb-{k}")},
        ),
        _instance(
            "aws_route",
            f"{g}_nat",
            {
                "route_table_id": link("aws_default_route_table", g, f"rtb-d{k}"),
                "destination_cidr_block": "0.0.0.0/0",
                "nat_gateway_id": f"nat-{k}",
                "gateway_id": UNKNOWN,
            },
        ),
        _instance(
            "aws_route",
            f"{g}_peer",
            {
                "route_table_id": link("aws_default_route_table", g, f"rtb-d{k}"),
                "destination_cidr_block": _cidr(nxt),
                "vpc_peering_connection_id": link("aws_vpc_peering_connection", g, f"pcx-{k}"),
            },
        ),
        _instance(
            "aws_vpc_peering_connection",
            g,
            {
                "id": ident(f"pcx-{k}"),
                "vpc_id": vpc,
                "peer_vpc_id": link("aws_vpc", f"g{nxt}", f"vpc-{nxt}", nxt),
            },
        ),
        _instance(
            "aws_vpc_peering_connection_accepter",
            g,
            {
                "id": ident(f"pcx-{k}"),
                "vpc_peering_connection_id": link("aws_vpc_peering_connection", g, f"pcx-{k}"),
            },
        ),
    ]
    for i in range(2):
        eni = link("aws_network_interface", f"{g}_{i}", f"eni-{k}-{i}")
        out += [
            _instance(
                "aws_network_interface",
                f"{g}_{i}",
                {"id": ident(f"eni-{k}-{i}"), "subnet_id": subnets[i], "attachment": UNKNOWN},
            ),
            _instance(
                "aws_instance",
                f"{g}_{i}",
                {
                    "id": ident(f"i-{k}-{i}"),
                    "instance_type": "m4.large",
                    "subnet_id": UNKNOWN,
                    "network_interface": ({"device_index": 0, "network_interface_id": eni},),
                },
            ),
        ]
    out += [
        _instance(
            "aws_network_interface_attachment",
            g,
            {
                "instance_id": link("aws_instance", f"{g}_0", f"i-{k}-0"),
                "network_interface_id": link("aws_network_interface", f"{g}_1", f"eni-{k}-1"),
                "device_index": 1,
            },
        ),
        _instance(
            "aws_vpc_endpoint",
            g,
            {
                "id": ident(f"vpce-{k}"),
                "vpc_id": vpc,
                "vpc_endpoint_type": "Interface",
                "service_name": "com.amazonaws.us-east-1.sqs",
                "subnet_ids": (subnets[2],),
                "private_dns_enabled": True,
            },
        ),
        _instance(
            "aws_vpc_endpoint_subnet_association",
            g,
            {"vpc_endpoint_id": link("aws_vpc_endpoint", g, f"vpce-{k}"), "subnet_id": subnets[3]},
        ),
    ]
    assert len(out) == GROUP_SIZE
    return out


def synthetic_inventory(instances: int) -> Inventory:
    groups = max(2, -(-instances // GROUP_SIZE))
    resources = [r for k in range(groups) for r in _group(k, groups)]
    return Inventory(source="synthetic", kind="plan", instances=tuple(resources[:instances]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    inventory = synthetic_inventory(args.instances)
    timings = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        topology = build(inventory)
        timings.append(time.perf_counter() - start)
    resolved = sum(route.target is not None for route in topology.routes)
    print(
        f"build() of {len(inventory.instances)} instances: best {min(timings):.3f} s, "
        f"worst {max(timings):.3f} s over {args.repeat} runs "
        f"({len(topology.vpcs)} VPCs, {len(topology.routes)} routes, {resolved} with a known "
        f"target, {len(topology.peerings)} peerings, {len(topology.eni_attachments)} attachments)"
    )


if __name__ == "__main__":
    main()
