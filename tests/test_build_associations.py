"""Subnet and main route table associations the input cannot resolve: unknown, never the main
table (rules.md, "How traffic is routed": known / none / unknown)."""

from __future__ import annotations

from build_helpers import ref, res, topo

from tflint_vpc.inventory import UNKNOWN, ResourceInstance
from tflint_vpc.model import Topology
from tflint_vpc.routing import TableStatus, routing_of


def _vpc_with_main_table(*extra: ResourceInstance) -> Topology:
    """VPC a with subnets s and t, its default (main) table, and a second table `other`."""
    return topo(
        res("aws_vpc.a", cidr_block="10.0.0.0/16"),
        res("aws_subnet.s", vpc_id=ref("aws_vpc.a"), cidr_block="10.0.1.0/24"),
        res("aws_subnet.t", vpc_id=ref("aws_vpc.a"), cidr_block="10.0.2.0/24"),
        res(
            "aws_default_route_table.main",
            default_route_table_id=ref("aws_vpc.a", attribute="default_route_table_id"),
        ),
        res("aws_route_table.other", vpc_id=ref("aws_vpc.a")),
        *extra,
    )


def _table_of(t: Topology, subnet: str) -> tuple[TableStatus, str | None, str | None]:
    node = t.subnet(subnet)
    assert node is not None
    answer = routing_of(t).table_of(node)
    return answer.status, answer.table, t.route_table_of_subnet(node)


def test_association_with_an_unknown_table_is_unknown_not_the_main_table() -> None:
    for table_id in (UNKNOWN, "rtb-0notintheinput", ref("module.rt.aws_route_table.x")):
        t = _vpc_with_main_table(
            res(
                "aws_route_table_association.s",
                subnet_id=ref("aws_subnet.s"),
                route_table_id=table_id,
            )
        )
        assert t.unknown_route_table_subnets == {"aws_subnet.s"}, table_id
        assert _table_of(t, "aws_subnet.s") == (TableStatus.UNKNOWN, None, None)
        # the subnet without an association still uses the main table
        main = "aws_default_route_table.main"
        assert _table_of(t, "aws_subnet.t") == (TableStatus.KNOWN, main, main)


def test_association_ambiguous_between_subnets_makes_each_unknown() -> None:
    t = _vpc_with_main_table(
        res("aws_subnet.u", vpc_id=ref("aws_vpc.a"), cidr_block="10.0.3.0/24"),
        res(
            "aws_route_table_association.one_of",
            subnet_id=ref("aws_subnet.s", "aws_subnet.t"),
            route_table_id=ref("aws_route_table.other"),
        ),
        # u's own association is known: an ambiguous one cannot be u's as well
        res(
            "aws_route_table_association.u",
            subnet_id=ref("aws_subnet.u"),
            route_table_id=ref("aws_route_table.other"),
        ),
    )
    assert t.unknown_route_table_subnets == {"aws_subnet.s", "aws_subnet.t"}
    assert _table_of(t, "aws_subnet.s")[0] is TableStatus.UNKNOWN
    assert _table_of(t, "aws_subnet.t")[0] is TableStatus.UNKNOWN
    other = "aws_route_table.other"
    assert _table_of(t, "aws_subnet.u") == (TableStatus.KNOWN, other, other)


def test_main_association_with_an_unknown_table_makes_the_main_table_unknown() -> None:
    t = _vpc_with_main_table(
        res(
            "aws_main_route_table_association.a",
            vpc_id=ref("aws_vpc.a"),
            route_table_id=UNKNOWN,
        ),
        res(
            "aws_route_table_association.t",
            subnet_id=ref("aws_subnet.t"),
            route_table_id=ref("aws_route_table.other"),
        ),
    )
    assert t.unknown_main_route_table_vpcs == {"aws_vpc.a"}
    # the association moved the main table away from the default one, to a table not known
    assert _table_of(t, "aws_subnet.s") == (TableStatus.UNKNOWN, None, None)
    other = "aws_route_table.other"
    assert _table_of(t, "aws_subnet.t") == (TableStatus.KNOWN, other, other)


def test_known_associations_leave_nothing_unknown() -> None:
    t = _vpc_with_main_table(
        res(
            "aws_route_table_association.s",
            subnet_id=ref("aws_subnet.s"),
            route_table_id=ref("aws_route_table.other"),
        ),
        res(
            "aws_main_route_table_association.a",
            vpc_id=ref("aws_vpc.a"),
            route_table_id=ref("aws_route_table.other"),
        ),
        # an edge association (gateway_id, no subnet) is not a subnet's
        res(
            "aws_route_table_association.edge",
            gateway_id=ref("aws_internet_gateway.igw"),
            route_table_id=UNKNOWN,
        ),
    )
    assert t.unknown_route_table_subnets == frozenset()
    assert t.unknown_main_route_table_vpcs == frozenset()
    assert t.main_route_table == {"aws_vpc.a": "aws_route_table.other"}
