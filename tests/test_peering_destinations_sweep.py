"""TFVPC010's sweep over a table's destinations gives exactly the overlapping pairs, in order."""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable
from ipaddress import ip_network
from itertools import combinations

from tflint_vpc.model import Network
from tflint_vpc.net import overlaps

# The rule pack is installed as tflint_vpc_rules, which mypy checks as the files in rules/.
_RULE = importlib.import_module("tflint_vpc_rules.peering_destinations_overlap")
_overlapping_pairs: Callable[[list[Network | None]], list[tuple[int, int]]]
_overlapping_pairs = _RULE._overlapping_pairs


def _random_destination(rng: random.Random) -> Network | None:
    if rng.random() < 0.05:
        return None  # an unknown destination takes part in no pair
    if rng.random() < 0.2:
        prefix = rng.choice((0, 32, 48, 56, 64))
        return ip_network((rng.getrandbits(8) << 120 | 0x2600 << 112, prefix), strict=False)
    prefix = rng.choice((0, 8, 12, 16, 16, 20, 24, 24, 28, 32))
    return ip_network((10 << 24 | rng.getrandbits(16) << 8, prefix), strict=False)


def test_sweep_matches_every_pair_compared() -> None:
    rng = random.Random(11)
    for _ in range(300):
        destinations = [_random_destination(rng) for _ in range(rng.randrange(0, 40))]
        expected = [
            (i, j)
            for (i, a), (j, b) in combinations(enumerate(destinations), 2)
            if a is not None and b is not None and overlaps(a, b)
        ]
        assert _overlapping_pairs(destinations) == expected


def test_disjoint_hub_routes_are_not_compared_pairwise() -> None:
    hub = [ip_network((10 << 24 | i << 8, 24)) for i in range(20_000)]
    assert _overlapping_pairs(list(hub)) == []
