"""Edge cases of TFVPC011, TFVPC012 and TFVPC014 that plan fixtures cannot express.

Hand-built topologies: unknown values stay silent, data sources never count, the overlap
sweep agrees with a brute-force comparison and stays near-linear on a very large VPC.
"""

from __future__ import annotations

import random
import time
from ipaddress import IPv4Network, IPv6Network, ip_network
from itertools import islice

from tflint_vpc import registry
from tflint_vpc.model import CidrBlock, PeeringConnection, Subnet, Topology, Vpc
from tflint_vpc.rule import Finding


def findings(code: str, topology: Topology) -> list[Finding]:
    found = registry.find(code)
    assert found is not None
    return list(found.run(topology))


def vpc(address: str, *cidrs: str, **kwargs: object) -> Vpc:
    blocks = tuple(CidrBlock(ip_network(c), address, primary=i == 0) for i, c in enumerate(cidrs))
    return Vpc(address, cidrs=blocks, **kwargs)  # type: ignore[arg-type]


def subnet(address: str, cidr: str | None, ipv6: str | None = None, **kwargs: object) -> Subnet:
    return Subnet(
        address,
        vpc=kwargs.pop("vpc", "aws_vpc.a"),  # type: ignore[arg-type]
        cidr=None if cidr is None else IPv4Network(cidr),
        ipv6_cidr=None if ipv6 is None else IPv6Network(ipv6),
        **kwargs,  # type: ignore[arg-type]
    )


# --- TFVPC011 -------------------------------------------------------------------------------


def test_011_incomplete_vpc_and_unknown_subnet_are_silent() -> None:
    t = Topology(
        vpcs=(vpc("aws_vpc.a", "10.0.0.0/16", cidrs_complete=False),),
        subnets=(subnet("aws_subnet.x", "10.9.0.0/24"), subnet("aws_subnet.y", None)),
    )
    assert findings("TFVPC011", t) == []


def test_011_ipv6_without_a_vpc_ipv6_block_is_reported() -> None:
    t = Topology(
        vpcs=(vpc("aws_vpc.a", "10.0.0.0/16"),),
        subnets=(subnet("aws_subnet.x", "10.0.0.0/24", "2600:1f18::/64"),),
    )
    [found] = findings("TFVPC011", t)
    assert "aws_vpc.a has no IPv6 block" in found.message
    assert found.values == ("2600:1f18::/64",)


def test_011_data_sources_are_trusted_to_exist() -> None:
    """A data VPC lists one IPv6 block only; a data subnet exists, so it is inside its VPC."""
    t = Topology(
        vpcs=(vpc("data.aws_vpc.a", "10.0.0.0/16", "2600:1f18::/56", data_source=True),),
        subnets=(
            subnet("aws_subnet.v6", "10.0.0.0/24", "2600:1f18:ff00::/64", vpc="data.aws_vpc.a"),
            subnet("data.aws_subnet.old", "10.1.0.0/24", vpc="data.aws_vpc.a"),
        ),
    )
    assert findings("TFVPC011", t) == []


# --- TFVPC012 -------------------------------------------------------------------------------


def _brute_force(subnets: list[Subnet]) -> set[frozenset[str]]:
    pairs = set()
    for i, a in enumerate(subnets):
        for b in subnets[i + 1 :]:
            assert a.cidr is not None and b.cidr is not None
            if a.cidr.overlaps(b.cidr):
                pairs.add(frozenset((a.address, b.address)))
    return pairs


def test_012_sweep_agrees_with_brute_force() -> None:
    rng = random.Random(12)
    subnets = []
    for i in range(300):
        length = rng.randint(18, 28)
        start = rng.randrange(0, 2**16) << 16 | rng.randrange(0, 2**16)
        network = IPv4Network((start & ~((1 << (32 - length)) - 1) & 0xFFFFFFFF, length))
        subnets.append(subnet(f"aws_subnet.s[{i}]", str(network)))
    # nested and identical blocks are the cases a sweep gets wrong
    subnets += [
        subnet("aws_subnet.n[0]", "10.0.0.0/16"),
        subnet("aws_subnet.n[1]", "10.0.0.0/20"),
        subnet("aws_subnet.n[2]", "10.0.4.0/24"),
        subnet("aws_subnet.n[3]", "10.0.4.0/24"),
        subnet("aws_subnet.n[4]", "10.0.32.0/24"),
    ]
    t = Topology(vpcs=(vpc("aws_vpc.a", "0.0.0.0/0"),), subnets=tuple(subnets))
    found = findings("TFVPC012", t)
    pairs = [frozenset((f.address, f.related[0])) for f in found]
    assert len(pairs) == len(set(pairs)), "each pair once"
    assert set(pairs) == _brute_force(subnets)
    assert {frozenset(p) for p in pairs} >= {
        frozenset(("aws_subnet.n[3]", "aws_subnet.n[2]")),
        frozenset(("aws_subnet.n[4]", "aws_subnet.n[0]")),
    }


def test_012_reported_on_the_later_address_in_natural_order() -> None:
    t = Topology(
        vpcs=(vpc("aws_vpc.a", "10.0.0.0/16"),),
        subnets=(
            subnet("aws_subnet.s[10]", "10.0.0.0/24"),
            subnet("aws_subnet.s[2]", "10.0.0.0/20"),
        ),
    )
    [found] = findings("TFVPC012", t)
    assert (found.address, found.related) == ("aws_subnet.s[10]", ("aws_subnet.s[2]", "aws_vpc.a"))


def test_012_ipv6_only_with_ipv6_and_data_source_reads_are_not_conflicts() -> None:
    t = Topology(
        vpcs=(vpc("aws_vpc.a", "10.0.0.0/16"), vpc("aws_vpc.b", "10.0.0.0/16")),
        subnets=(
            subnet("aws_subnet.x", "10.0.0.0/24", "2600:1f18::/64"),
            subnet("data.aws_subnet.x", "10.0.0.0/24"),  # may read aws_subnet.x itself
            subnet("aws_subnet.other_vpc", "10.0.0.0/24", vpc="aws_vpc.b"),
            subnet("aws_subnet.v6", None, "2600:1f18::/64"),
            subnet("aws_subnet.unknown_vpc", "10.0.0.0/24", vpc=None),
        ),
    )
    [found] = findings("TFVPC012", t)
    assert (found.address, found.values) == ("aws_subnet.x", ("aws_subnet.v6", "ipv6"))


def test_012_a_vpc_with_many_subnets_is_not_quadratic() -> None:
    """20,000 subnets: a pairwise check makes 2e8 comparisons (minutes), the sweep well under 1s."""
    blocks = islice(IPv4Network("10.0.0.0/8").subnets(new_prefix=28), 20_000)
    many = [subnet(f"aws_subnet.s[{i}]", str(n)) for i, n in enumerate(blocks)]
    many.append(subnet("aws_subnet.z_dup", str(many[123].cidr)))
    t = Topology(vpcs=(vpc("aws_vpc.a", "10.0.0.0/8"),), subnets=tuple(many))
    started = time.perf_counter()
    found = findings("TFVPC012", t)
    elapsed = time.perf_counter() - started
    assert [f.related[0] for f in found] == ["aws_subnet.s[123]"]
    assert elapsed < 10, f"{elapsed:.1f}s for 20,000 subnets"


# --- TFVPC014 -------------------------------------------------------------------------------


def _peering(address: str, a: str | None, b: str | None, **kwargs: object) -> PeeringConnection:
    return PeeringConnection(address, requester=a, accepter=b, **kwargs)  # type: ignore[arg-type]


def test_014_a_literal_id_of_a_vpc_in_the_input_is_that_vpc() -> None:
    t = Topology(
        vpcs=(vpc("aws_vpc.a", "10.0.0.0/16", id="vpc-0a"), vpc("aws_vpc.b", "10.1.0.0/16")),
        peerings=(
            _peering("aws_vpc_peering_connection.p", "aws_vpc.a", "aws_vpc.b"),
            _peering("aws_vpc_peering_connection.q", None, "aws_vpc.b", requester_vpc_id="vpc-0a"),
        ),
    )
    [found] = findings("TFVPC014", t)
    assert found.address == "aws_vpc_peering_connection.q"
    assert found.related == ("aws_vpc_peering_connection.p", "aws_vpc.a", "aws_vpc.b")


def test_014_data_sources_unknown_sides_and_other_owners_are_silent() -> None:
    literal = {"requester_vpc_id": "vpc-0c", "accepter_vpc_id": "vpc-0d"}
    t = Topology(
        vpcs=(vpc("aws_vpc.a", "10.0.0.0/16"), vpc("aws_vpc.b", "10.1.0.0/16")),
        peerings=(
            _peering("aws_vpc_peering_connection.p", "aws_vpc.a", "aws_vpc.b"),
            _peering("data.aws_vpc_peering_connection.p", "aws_vpc.a", "aws_vpc.b"),
            _peering("aws_vpc_peering_connection.u1", "aws_vpc.a", None),
            _peering("aws_vpc_peering_connection.u2", "aws_vpc.a", None),
            _peering("aws_vpc_peering_connection.mine", None, None, **literal),
            _peering("aws_vpc_peering_connection.theirs", None, None, peer_owner_id="1", **literal),
        ),
    )
    assert findings("TFVPC014", t) == []


def test_014_three_connections_give_two_findings_against_the_first() -> None:
    t = Topology(
        vpcs=(vpc("aws_vpc.a", "10.0.0.0/16"), vpc("aws_vpc.b", "10.1.0.0/16")),
        peerings=tuple(
            _peering(f"aws_vpc_peering_connection.p[{i}]", *sides)
            for i, sides in enumerate(
                [("aws_vpc.a", "aws_vpc.b"), ("aws_vpc.b", "aws_vpc.a"), ("aws_vpc.a", "aws_vpc.b")]
            )
        ),
    )
    found = findings("TFVPC014", t)
    assert [(f.address, f.related[0]) for f in found] == [
        ("aws_vpc_peering_connection.p[1]", "aws_vpc_peering_connection.p[0]"),
        ("aws_vpc_peering_connection.p[2]", "aws_vpc_peering_connection.p[0]"),
    ]
