"""Odd input: values of the wrong type, broken instances, repeated addresses; the build never
raises.

Hand-made inventories in the shapes front ends produce (tests/build_helpers.py); nothing may be
guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from build_helpers import ref, res, topo
from hypothesis import given, settings
from hypothesis import strategies as st

from tflint_vpc.build import build
from tflint_vpc.inventory import UNKNOWN, Inventory, Ref, ResourceInstance, Value

# --- odd values -----------------------------------------------------------------------------


def test_odd_value_types_are_unknown_not_errors() -> None:
    t = topo(
        res(
            "aws_vpc.a",
            cidr_block=10,
            ipv6_cidr_block={"x": 1},
            instance_tenancy=3,
            enable_classiclink="yes",
        ),
        res("aws_subnet.s", vpc_id=42, cidr_block=("10.0.0.0/24",), availability_zone=1.5),
        res(
            "aws_route_table.rt",
            vpc_id={"id": "vpc-1"},
            route=({"cidr_block": 7, "gateway_id": 8}, "x", None),
        ),
        res(
            "aws_route.r",
            route_table_id=("rtb",),
            destination_cidr_block=cast(Value, [1]),
            vpc_peering_connection_id=ref(),
        ),
        res("aws_vpc_peering_connection.p", vpc_id=True, peer_vpc_id=1.0, peer_region=("x",)),
        res(
            "aws_instance.i", network_interface={"device_index": 0}, subnet_id=None, instance_type=5
        ),
        res(
            "aws_network_interface.e",
            attachment=({"instance": 5, "device_index": "x"},),
            subnet_id=(),
        ),
        res(
            "aws_vpc_endpoint.ep",
            subnet_ids="subnet-1",
            vpc_endpoint_type=1,
            private_dns_enabled="true",
        ),
        res("aws_ec2_transit_gateway_route.t", destination_cidr_block=None, blackhole="true"),
        res(
            "aws_default_route_table.d",
            default_route_table_id=Ref(("aws_vpc.a",), "default_route_table_id"),
        ),
        ResourceInstance(
            address="aws_subnet.bad_values",
            type="aws_subnet",
            name="bad",
            values=cast(Mapping[str, Value], ("not", "a", "mapping")),
        ),
    )
    assert t.resource_count == 11
    vpc = t.vpc("aws_vpc.a")
    assert vpc is not None and vpc.cidrs == () and not vpc.cidrs_complete
    assert vpc.instance_tenancy is None and vpc.classiclink is None
    subnet = t.subnet("aws_subnet.s")
    assert subnet is not None and (subnet.vpc, subnet.cidr, subnet.az.name) == (None, None, None)
    table = t.route_table("aws_route_table.rt")
    assert table is not None and table.vpc is None and not table.routes_complete
    assert t.endpoints[0].subnets_complete is False and t.endpoints[0].endpoint_type is None
    assert t.eni_attachments[0].device_index is None and t.eni_attachments[0].instance is None
    assert t.tgw_routes[0].blackhole is False
    # the default table still finds its VPC through the reference
    assert t.main_route_table == {"aws_vpc.a": "aws_default_route_table.d"}


def test_instances_with_odd_types_are_counted_and_skipped() -> None:
    odd = ResourceInstance(
        address="aws_vpc.odd", type=cast(str, ["aws_vpc"]), name="odd", values={"id": "vpc-1"}
    )
    t = topo(odd, res("aws_subnet.s", vpc_id="vpc-1"), kind="state")
    assert t.vpcs == () and t.subnets[0].vpc is None and t.resource_count == 2


def test_duplicate_addresses_keep_the_first() -> None:
    t = topo(res("aws_vpc.a", cidr_block="10.0.0.0/16"), res("aws_vpc.a", cidr_block="10.1.0.0/16"))
    assert [str(v.cidrs[0].network) for v in t.vpcs] == ["10.0.0.0/16"]
    assert t.resource_count == 2


_JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.sampled_from(
        ["", "10.0.0.0/16", "vpc-1", "subnet-1", "rtb-1", "pcx-1", "igw-1", "local", "::/0", "x"]
    )
    | st.just(UNKNOWN)
    | st.builds(
        Ref,
        st.lists(
            st.sampled_from(
                [
                    "aws_vpc.a",
                    "aws_subnet.s",
                    "aws_route_table.r",
                    "aws_vpc_peering_connection.p",
                    "nope",
                ]
            ),
            max_size=3,
        ).map(tuple),
        st.sampled_from(["id", "vpc_id", "cidr_block", "default_route_table_id", "arn", "route"]),
    ),
    lambda children: (
        st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(
            st.sampled_from(
                [
                    "cidr_block",
                    "gateway_id",
                    "vpc_peering_connection_id",
                    "instance",
                    "device_index",
                    "id",
                    "state",
                ]
            ),
            children,
            max_size=4,
        )
    ),
    max_leaves=12,
)
_ATTRIBUTES = [
    "id",
    "vpc_id",
    "cidr_block",
    "ipv6_cidr_block",
    "route",
    "subnet_id",
    "route_table_id",
    "peer_vpc_id",
    "vpc_peering_connection_id",
    "default_route_table_id",
    "network_interface",
    "attachment",
    "subnet_ids",
    "device_index",
    "instance_id",
    "network_interface_id",
    "destination_cidr_block",
    "gateway_id",
    "cidr_block_associations",
    "vpc_endpoint_type",
]
_TYPES = [
    "aws_vpc",
    "aws_subnet",
    "aws_route_table",
    "aws_default_route_table",
    "aws_route",
    "aws_vpc_peering_connection",
    "aws_vpc_peering_connection_accepter",
    "aws_instance",
    "aws_network_interface",
    "aws_network_interface_attachment",
    "aws_vpc_endpoint",
    "aws_route_table_association",
    "aws_main_route_table_association",
    "aws_vpc_ipv4_cidr_block_association",
    "aws_ec2_transit_gateway_route",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(_TYPES) | st.just(cast(str, 5)) | st.just(cast(str, ("aws_vpc",))),
            st.sampled_from(["a", "s", "r", "p"]),
            st.booleans(),
            st.dictionaries(st.sampled_from(_ATTRIBUTES), _JSONISH, max_size=6),
        ),
        max_size=8,
    )
)
def test_build_never_raises(specs: list[tuple[str, str, bool, dict[str, Value]]]) -> None:
    instances = tuple(
        ResourceInstance(
            address=("data." if data else "")
            + f"{rtype if isinstance(rtype, str) else 'aws_vpc'}.{name}",
            type=rtype,
            name=name,
            mode="data" if data else "managed",
            values=values,
        )
        for rtype, name, data, values in specs
    )
    topology = build(Inventory(source="fuzz", kind="plan", instances=instances))
    assert topology.resource_count == len(instances)
