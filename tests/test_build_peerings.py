"""Peering connections and their accepters.

Hand-made inventories in the shapes front ends produce (tests/build_helpers.py); nothing may be
guessed.
"""

from __future__ import annotations

from build_helpers import ref, res, topo

# --- peering accepters ----------------------------------------------------------------------


def test_accepter_is_not_a_second_connection() -> None:
    t = topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_vpc.b", region="us-west-2", cidr_block="10.1.0.0/16"),
        res(
            "aws_vpc_peering_connection.ab",
            vpc_id=ref("aws_vpc.a"),
            peer_vpc_id=ref("aws_vpc.b"),
            peer_region="us-west-2",
        ),
        res(
            "aws_vpc_peering_connection_accepter.peer",
            region="us-west-2",
            vpc_peering_connection_id=ref("aws_vpc_peering_connection.ab"),
            auto_accept=True,
        ),
        # the accepter side routes through the accepter's id: the same connection
        res(
            "aws_route.b_to_a",
            route_table_id=ref("aws_route_table.b"),
            destination_cidr_block="10.0.0.0/16",
            vpc_peering_connection_id=ref("aws_vpc_peering_connection_accepter.peer"),
        ),
        res("aws_route_table.b", vpc_id=ref("aws_vpc.b")),
    )
    (peering,) = t.peerings
    assert peering.address == "aws_vpc_peering_connection.ab"
    assert (peering.requester, peering.accepter) == ("aws_vpc.a", "aws_vpc.b")
    assert peering.accepter_resources == ("aws_vpc_peering_connection_accepter.peer",)
    (route,) = t.routes_of("aws_route_table.b")
    assert route.target == "aws_vpc_peering_connection.ab"


def test_data_source_peering_and_state_accepter_by_literal_id() -> None:
    t = topo(
        res("aws_vpc.a", id="vpc-a", cidr_block="10.0.0.0/16"),
        res(
            "data.aws_vpc_peering_connection.pc",
            id="pcx-1",
            vpc_id="vpc-other",
            peer_vpc_id="vpc-a",
        ),
        res(
            "aws_vpc_peering_connection_accepter.acc", id="pcx-1", vpc_peering_connection_id="pcx-1"
        ),
        kind="state",
    )
    (peering,) = t.peerings
    assert peering.accepter == "aws_vpc.a" and peering.requester_vpc_id == "vpc-other"
    assert peering.accepter_resources == ("aws_vpc_peering_connection_accepter.acc",)
