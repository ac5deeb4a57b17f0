"""Links between nodes: by literal id (state), by reference (plan), never guessed.

Hand-made inventories in the shapes front ends produce (tests/build_helpers.py); nothing may be
guessed.
"""

from __future__ import annotations

from build_helpers import net, ref, res, topo

from tflint_vpc.inventory import UNKNOWN

# --- links ----------------------------------------------------------------------------------


def test_state_links_by_literal_id() -> None:
    t = topo(
        res("aws_vpc.main", id="vpc-0a", cidr_block="10.0.0.0/16"),
        res("aws_subnet.a", id="subnet-0a", vpc_id="vpc-0a", cidr_block="10.0.1.0/24"),
        res("aws_route_table.rt", id="rtb-0a", vpc_id="vpc-0a", route=()),
        res(
            "aws_route_table_association.a",
            id="rtbassoc-1",
            subnet_id="subnet-0a",
            route_table_id="rtb-0a",
        ),
        res(
            "aws_vpc_peering_connection.p",
            id="pcx-1",
            vpc_id="vpc-0a",
            peer_vpc_id="vpc-elsewhere",
            peer_owner_id="123456789012",
            peer_region="eu-west-1",
        ),
        kind="state",
    )
    assert t.vpc("aws_vpc.main") is not None
    subnet = t.subnet("aws_subnet.a")
    assert subnet is not None and subnet.vpc == "aws_vpc.main" and subnet.id == "subnet-0a"
    assert t.route_table_of_subnet(subnet) == "aws_route_table.rt"
    peering = t.peering("aws_vpc_peering_connection.p")
    assert peering is not None
    assert peering.requester == "aws_vpc.main" and peering.requester_vpc_id is None
    assert peering.accepter is None and peering.accepter_vpc_id == "vpc-elsewhere"
    assert (peering.peer_owner_id, peering.peer_region) == ("123456789012", "eu-west-1")
    assert t.resource_count == 5


def test_plan_links_by_ref_and_followed_attributes() -> None:
    t = topo(
        res("aws_vpc.main", cidr_block="10.0.0.0/16", id=UNKNOWN),
        res(
            "aws_vpc_ipv4_cidr_block_association.extra",
            vpc_id=ref("aws_vpc.main"),
            cidr_block="10.1.0.0/16",
        ),
        # depends on the association so that the secondary block exists first
        res(
            "module.net.aws_subnet.b[0]",
            vpc_id=ref("aws_vpc_ipv4_cidr_block_association.extra", attribute="vpc_id"),
            cidr_block=ref("aws_vpc_ipv4_cidr_block_association.extra", attribute="cidr_block"),
            availability_zone="us-east-1a",
            availability_zone_id="use1-az1",
        ),
    )
    subnet = t.subnet("module.net.aws_subnet.b[0]")
    assert subnet is not None
    assert subnet.vpc == "aws_vpc.main"
    assert subnet.cidr == net("10.1.0.0/16")
    assert (subnet.az.name, subnet.az.id) == ("us-east-1a", "use1-az1")
    assert t.subnets_of("aws_vpc.main") == (subnet,)


def test_ambiguous_or_unknown_links_stay_unknown() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", cidr_block="10.1.0.0/16"),
        res("aws_internet_gateway.igw"),
        res("aws_subnet.two_candidates", vpc_id=ref("aws_vpc.a", "aws_vpc.b")),
        res("aws_subnet.unknown", vpc_id=UNKNOWN),
        res("aws_subnet.outside", vpc_id=ref("aws_vpc.not_in_input")),
        # other types among the targets are filtered out, not ambiguity
        res("aws_subnet.filtered", vpc_id=ref("aws_internet_gateway.igw", "aws_vpc.b")),
        # the identity of another type is not a VPC
        res("aws_subnet.wrong_type", vpc_id=ref("aws_internet_gateway.igw")),
    )
    vpc_of = {s.address: s.vpc for s in t.subnets}
    assert vpc_of == {
        "aws_subnet.two_candidates": None,
        "aws_subnet.unknown": None,
        "aws_subnet.outside": None,
        "aws_subnet.filtered": "aws_vpc.b",
        "aws_subnet.wrong_type": None,
    }


def test_literal_id_shared_by_data_source_prefers_managed() -> None:
    t = topo(
        res("aws_vpc.main", id="vpc-1", cidr_block="10.0.0.0/16"),
        res("data.aws_vpc.same", id="vpc-1", cidr_block="10.0.0.0/16"),
        res("aws_subnet.s", vpc_id="vpc-1"),
        kind="state",
    )
    assert t.subnets[0].vpc == "aws_vpc.main"
    # the data source reads the managed VPC back: it is that VPC, not a second node
    assert t.vpc("data.aws_vpc.same") is None
    assert [v.address for v in t.vpcs] == ["aws_vpc.main"]


def test_reference_cycle_is_unknown() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_subnet.x", vpc_id=ref("aws_subnet.y", attribute="vpc_id")),
        res("aws_subnet.y", vpc_id=ref("aws_subnet.x", attribute="vpc_id")),
    )
    assert [s.vpc for s in t.subnets] == [None, None]
