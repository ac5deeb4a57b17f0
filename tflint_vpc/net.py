"""CIDR helpers shared by the builder and the rules.

Parsing never raises: a value that is not a string, or a string that is not a prefix, gives
None, which callers treat as unknown. Comparisons are only made within one IP version
(rules.md: IPv4 is only compared with IPv4, IPv6 with IPv6).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_network

from tflint_vpc.model import Network


def parse_network(value: object) -> Network | None:
    """`"10.0.1.7/16"` -> `10.0.0.0/16` (host bits dropped, as AWS does); None when not a prefix."""
    if not isinstance(value, str) or not value:
        return None
    return _parse(value)


@lru_cache(maxsize=8192)
def _parse(text: str) -> Network | None:
    # Networks are immutable: sharing one object between equal strings is safe, and plans
    # repeat the same prefixes (0.0.0.0/0, peer CIDRs) many times.
    try:
        return ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def parse_ipv4(value: object) -> IPv4Network | None:
    network = parse_network(value)
    return network if isinstance(network, IPv4Network) else None


def parse_ipv6(value: object) -> IPv6Network | None:
    network = parse_network(value)
    return network if isinstance(network, IPv6Network) else None


def overlaps(a: Network, b: Network) -> bool:
    """True when one prefix contains the other (identical ones overlap); False across versions."""
    if isinstance(a, IPv4Network) and isinstance(b, IPv4Network):
        return a.overlaps(b)
    if isinstance(a, IPv6Network) and isinstance(b, IPv6Network):
        return a.overlaps(b)
    return False


def contains(outer: Network, inner: Network) -> bool:
    """True when `inner` lies inside `outer` (or equals it); False across versions."""
    if isinstance(outer, IPv4Network) and isinstance(inner, IPv4Network):
        return inner.subnet_of(outer)
    if isinstance(outer, IPv6Network) and isinstance(inner, IPv6Network):
        return inner.subnet_of(outer)
    return False


def any_contains(outers: Iterable[Network], inner: Network) -> bool:
    return any(contains(outer, inner) for outer in outers)
