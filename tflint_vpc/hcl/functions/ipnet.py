"""IP network functions: `cidrsubnet`, `cidrsubnets`, `cidrhost`, `cidrnetmask`."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence

from tflint_vpc.hcl.functions.arguments import (
    Function,
    arity,
    as_int,
    as_str,
)
from tflint_vpc.hcl.values import (
    EvalError,
    EvalValue,
)


def _network(value: EvalValue) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    text = as_str(value)
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise EvalError(f"invalid CIDR address {text!r}") from None


def _address(value: int, version: int) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.IPv4Address(value) if version == 4 else ipaddress.IPv6Address(value)


def _subnet(base: ipaddress.IPv4Network | ipaddress.IPv6Network, newbits: int, netnum: int) -> str:
    new_prefix = base.prefixlen + newbits
    if newbits < 0 or new_prefix > base.max_prefixlen:
        raise EvalError(f"insufficient address space to extend prefix by {newbits} bits")
    if netnum < 0 or netnum >= 2**newbits:
        raise EvalError(f"prefix extension of {newbits} does not accommodate subnet {netnum}")
    start = int(base.network_address) + (netnum << (base.max_prefixlen - new_prefix))
    return f"{_address(start, base.version)}/{new_prefix}"


def cidrsubnet(args: Sequence[EvalValue]) -> EvalValue:
    prefix, newbits, netnum = arity(args, 3)
    return _subnet(_network(prefix), as_int(newbits), as_int(netnum))


def cidrsubnets(args: Sequence[EvalValue]) -> EvalValue:
    if not args:
        raise EvalError("cidrsubnets needs a prefix")
    base = _network(args[0])
    current = int(base.network_address)
    result: list[EvalValue] = []
    host_bits = base.max_prefixlen
    end = int(base.network_address) + base.num_addresses
    for raw in args[1:]:
        newbits = as_int(raw)
        prefix = base.prefixlen + newbits
        if newbits < 1 or prefix > host_bits:
            raise EvalError(f"invalid new bits {newbits}")
        size = 1 << (host_bits - prefix)
        current = (current + size - 1) // size * size  # align to the block size
        if current + size > end:
            raise EvalError("not enough remaining address space for a subnet")
        addr = _address(current, base.version)
        result.append(f"{addr}/{prefix}")
        current += size
    return tuple(result)


def cidrhost(args: Sequence[EvalValue]) -> EvalValue:
    prefix, hostnum = arity(args, 2)
    net = _network(prefix)
    num = as_int(hostnum)
    if num < 0:
        num += net.num_addresses
    if num < 0 or num >= net.num_addresses:
        raise EvalError(f"prefix {net} has no host number {as_int(hostnum)}")
    return str(net.network_address + num)


def cidrnetmask(args: Sequence[EvalValue]) -> EvalValue:
    (prefix,) = arity(args, 1)
    net = _network(prefix)
    if net.version != 4:
        raise EvalError("cidrnetmask only supports IPv4")
    return str(net.netmask)


FUNCTIONS: Mapping[str, Function] = {
    "cidrsubnet": cidrsubnet,
    "cidrsubnets": cidrsubnets,
    "cidrhost": cidrhost,
    "cidrnetmask": cidrnetmask,
}
