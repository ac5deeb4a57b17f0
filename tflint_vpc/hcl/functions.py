"""The Terraform functions network layouts use, over evaluated values.

Each function takes the evaluated arguments and returns a value, raises `EvalError` on a bad
argument (so `try()` can fall back), or returns UNKNOWN when an argument it needs is unknown.
Functions not listed here evaluate to UNKNOWN in the evaluator (never a guess). `try` and `can`
are in the evaluator because their arguments must be evaluated lazily.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Callable, Mapping, Sequence

from tflint_vpc.hcl.values import (
    EvalError,
    EvalValue,
    Namespace,
    is_unknown,
    is_wholly_known,
    normalize_number,
    type_name,
)
from tflint_vpc.inventory import UNKNOWN

Function = Callable[[Sequence[EvalValue]], EvalValue]


class _Unknown(Exception):
    """Raised inside a function when a needed argument is unknown."""


def _need(value: EvalValue) -> EvalValue:
    if is_unknown(value) or isinstance(value, Namespace):
        raise _Unknown
    return value


def _str(value: EvalValue) -> str:
    value = _need(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(normalize_number(value))
    raise EvalError(f"expected a string, got {type_name(value)}")


def _int(value: EvalValue) -> int:
    value = _need(value)
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise EvalError(f"expected a number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EvalError(f"expected a number, got {type_name(value)}")
    if isinstance(value, float):
        if not value.is_integer():
            raise EvalError(f"expected a whole number, got {value}")
        return int(value)
    return value


def _number(value: EvalValue) -> int | float:
    value = _need(value)
    if isinstance(value, str):
        try:
            return normalize_number(float(value))
        except ValueError:
            raise EvalError(f"expected a number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EvalError(f"expected a number, got {type_name(value)}")
    return value


def _seq(value: EvalValue) -> tuple[EvalValue, ...]:
    value = _need(value)
    if isinstance(value, tuple):
        return value
    raise EvalError(f"expected a list, got {type_name(value)}")


def _map(value: EvalValue) -> Mapping[str, EvalValue]:
    value = _need(value)
    if isinstance(value, Mapping):
        return value
    raise EvalError(f"expected a map, got {type_name(value)}")


def _network(value: EvalValue) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    text = _str(value)
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise EvalError(f"invalid CIDR address {text!r}") from None


# --- IP address functions ---------------------------------------------------------------------


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
    prefix, newbits, netnum = _arity(args, 3)
    return _subnet(_network(prefix), _int(newbits), _int(netnum))


def cidrsubnets(args: Sequence[EvalValue]) -> EvalValue:
    if not args:
        raise EvalError("cidrsubnets needs a prefix")
    base = _network(args[0])
    current = int(base.network_address)
    result: list[EvalValue] = []
    host_bits = base.max_prefixlen
    end = int(base.network_address) + base.num_addresses
    for raw in args[1:]:
        newbits = _int(raw)
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
    prefix, hostnum = _arity(args, 2)
    net = _network(prefix)
    num = _int(hostnum)
    if num < 0:
        num += net.num_addresses
    if num < 0 or num >= net.num_addresses:
        raise EvalError(f"prefix {net} has no host number {_int(hostnum)}")
    return str(net.network_address + num)


def cidrnetmask(args: Sequence[EvalValue]) -> EvalValue:
    (prefix,) = _arity(args, 1)
    net = _network(prefix)
    if net.version != 4:
        raise EvalError("cidrnetmask only supports IPv4")
    return str(net.netmask)


# --- type conversion -----------------------------------------------------------------------------


def tolist(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    value = _need(value)
    if isinstance(value, Mapping):
        raise EvalError("cannot convert a map to a list")
    return _seq(value)


def _sort_key(value: EvalValue) -> tuple[int, str]:
    if isinstance(value, str):
        return (0, value)
    return (1, str(value))


def toset(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    items = _seq(value)
    if not all(is_wholly_known(v) for v in items):
        return UNKNOWN  # unknown elements could be duplicates: the set's size is unknown
    if all(isinstance(v, str | int | float | bool) for v in items):
        # Sets of primitives are converted to strings when mixed and ordered like Terraform's.
        strings = {_str(v) if not isinstance(v, str) else v for v in items}
        if all(isinstance(v, str) for v in items):
            return tuple(sorted(strings))
        if all(isinstance(v, int | float) and not isinstance(v, bool) for v in items):
            return tuple(sorted({v for v in items if isinstance(v, int | float)}))
        return tuple(sorted(strings))
    unique: list[EvalValue] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return tuple(unique)


def tomap(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    return dict(_map(value))


def tostring(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    if value is None:
        return None
    return _str(value)


def tonumber(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    return None if value is None else _number(value)


def tobool(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    value = _need(value)
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise EvalError(f"cannot convert {value!r} to bool")


# --- collections -------------------------------------------------------------------------------


def merge(args: Sequence[EvalValue]) -> EvalValue:
    result: dict[str, EvalValue] = {}
    for arg in args:
        if arg is None:
            continue
        result.update(_map(arg))
    return result


def concat(args: Sequence[EvalValue]) -> EvalValue:
    result: list[EvalValue] = []
    for arg in args:
        result.extend(_seq(arg))
    return tuple(result)


def lookup(args: Sequence[EvalValue]) -> EvalValue:
    if len(args) not in (2, 3):
        raise EvalError("lookup takes 2 or 3 arguments")
    mapping = args[0]
    if isinstance(mapping, Namespace):
        try:
            return mapping.attr(_str(args[1]))
        except EvalError:
            if len(args) == 3:
                return args[2]
            raise
    table = _map(mapping)
    key = _str(args[1])
    if key in table:
        return table[key]
    if len(args) == 3:
        return args[2]
    raise EvalError(f"lookup failed to find key {key!r}")


def element(args: Sequence[EvalValue]) -> EvalValue:
    values, index = _arity(args, 2)
    items = _seq(values)
    if not items:
        raise EvalError("cannot use element function with an empty list")
    position = _int(index)
    if position < 0:
        raise EvalError("cannot use element function with a negative index")
    return items[position % len(items)]


def length(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    value = _need(value)
    if isinstance(value, str):
        return len(value)
    if isinstance(value, tuple | Mapping):
        return len(value)
    raise EvalError(f"cannot take the length of {type_name(value)}")


def keys(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    return tuple(sorted(_map(value)))


def values(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    table = _map(value)
    return tuple(table[k] for k in sorted(table))


def zipmap(args: Sequence[EvalValue]) -> EvalValue:
    names, items = _arity(args, 2)
    key_list = _seq(names)
    value_list = _seq(items)
    if len(key_list) != len(value_list):
        raise EvalError("zipmap: keys and values must have the same length")
    return {_str(k): v for k, v in zip(key_list, value_list, strict=True)}


def range_(args: Sequence[EvalValue]) -> EvalValue:
    numbers = [_number(a) for a in args]
    start: float = 0
    step: float = 1
    if len(numbers) == 1:
        stop = numbers[0]
    elif len(numbers) == 2:
        start, stop = numbers
        step = 1 if stop >= start else -1
    elif len(numbers) == 3:
        start, stop, step = numbers
    else:
        raise EvalError("range takes 1 to 3 arguments")
    if step == 0:
        raise EvalError("range step must not be zero")
    result: list[EvalValue] = []
    current = start
    while (step > 0 and current < stop) or (step < 0 and current > stop):
        result.append(normalize_number(current))
        current += step
        if len(result) > 1024:
            raise EvalError("range: more than 1024 elements")
    return tuple(result)


def flatten(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    result: list[EvalValue] = []

    def walk(items: tuple[EvalValue, ...]) -> None:
        for item in items:
            if is_unknown(item):
                raise _Unknown  # an unknown element might itself be a list
            if isinstance(item, tuple):
                walk(item)
            else:
                result.append(item)

    walk(_seq(value))
    return tuple(result)


def distinct(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    items = _seq(value)
    if not all(is_wholly_known(v) for v in items):
        return UNKNOWN
    unique: list[EvalValue] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return tuple(unique)


def compact(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    items = _seq(value)
    if any(is_unknown(v) for v in items):
        return UNKNOWN
    return tuple(v for v in items if v not in (None, ""))


def contains(args: Sequence[EvalValue]) -> EvalValue:
    collection, item = _arity(args, 2)
    items = _seq(collection)
    if not is_wholly_known(item) or not all(is_wholly_known(v) for v in items):
        return UNKNOWN
    return item in items


def slice_(args: Sequence[EvalValue]) -> EvalValue:
    collection, start, end = _arity(args, 3)
    items = _seq(collection)
    first, last = _int(start), _int(end)
    if first < 0 or last > len(items) or first > last:
        raise EvalError("slice: index out of range")
    return items[first:last]


def index_(args: Sequence[EvalValue]) -> EvalValue:
    collection, item = _arity(args, 2)
    items = _seq(collection)
    if not is_wholly_known(item) or not all(is_wholly_known(v) for v in items):
        return UNKNOWN
    if item not in items:
        raise EvalError("item not found")
    return items.index(item)


def _set_operation(
    args: Sequence[EvalValue], combine: Callable[[set[str], set[str]], set[str]]
) -> EvalValue:
    if not args:
        raise EvalError("needs at least one set")
    sets: list[set[str]] = []
    for arg in args:
        items = _seq(arg)
        if not all(isinstance(v, str) for v in items):
            raise _Unknown  # unknown elements, or sets of non-strings: not evaluated
        sets.append({v for v in items if isinstance(v, str)})
    result = sets[0]
    for other in sets[1:]:
        result = combine(result, other)
    return tuple(sorted(result))


def setsubtract(args: Sequence[EvalValue]) -> EvalValue:
    _arity(args, 2)
    return _set_operation(args, lambda a, b: a - b)


def setunion(args: Sequence[EvalValue]) -> EvalValue:
    return _set_operation(args, lambda a, b: a | b)


def setintersection(args: Sequence[EvalValue]) -> EvalValue:
    return _set_operation(args, lambda a, b: a & b)


def sort(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    items = _seq(value)
    if not all(isinstance(v, str) for v in items):
        raise _Unknown
    return tuple(sorted(v for v in items if isinstance(v, str)))


def reverse(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    return tuple(reversed(_seq(value)))


def coalesce(args: Sequence[EvalValue]) -> EvalValue:
    for arg in args:
        if is_unknown(arg) or isinstance(arg, Namespace):
            return UNKNOWN
        if arg not in (None, ""):
            return arg
    raise EvalError("no non-null, non-empty-string arguments")


def coalescelist(args: Sequence[EvalValue]) -> EvalValue:
    for arg in args:
        if _seq(arg):
            return arg
    raise EvalError("no non-empty list arguments")


def one(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    items = _seq(value)
    if len(items) > 1:
        raise EvalError("must be a list, set, or tuple value with either zero or one elements")
    return items[0] if items else None


def min_(args: Sequence[EvalValue]) -> EvalValue:
    if not args:
        raise EvalError("min needs arguments")
    return min(_number(a) for a in args)


def max_(args: Sequence[EvalValue]) -> EvalValue:
    if not args:
        raise EvalError("max needs arguments")
    return max(_number(a) for a in args)


# --- strings -----------------------------------------------------------------------------------


def join(args: Sequence[EvalValue]) -> EvalValue:
    if len(args) < 2:
        raise EvalError("join needs a separator and lists")
    separator = _str(args[0])
    parts: list[str] = []
    for arg in args[1:]:
        parts.extend(_str(v) for v in _seq(arg))
    return separator.join(parts)


def split(args: Sequence[EvalValue]) -> EvalValue:
    separator, text = _arity(args, 2)
    return tuple(_str(text).split(_str(separator)))


def lower(args: Sequence[EvalValue]) -> EvalValue:
    (text,) = _arity(args, 1)
    return _str(text).lower()


def upper(args: Sequence[EvalValue]) -> EvalValue:
    (text,) = _arity(args, 1)
    return _str(text).upper()


def trimspace(args: Sequence[EvalValue]) -> EvalValue:
    (text,) = _arity(args, 1)
    return _str(text).strip()


def replace(args: Sequence[EvalValue]) -> EvalValue:
    text, old, new = (_str(a) for a in _arity(args, 3))
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        raise _Unknown  # regex replacement uses RE2 syntax: not evaluated
    return text.replace(old, new)


def _pattern(value: EvalValue) -> re.Pattern[str]:
    text = _str(value)
    # RE2 and Python agree on the simple patterns configurations use; anything Python
    # cannot compile (or RE2-only syntax) is not evaluated.
    try:
        return re.compile(text)
    except re.error:
        raise _Unknown from None


def regex(args: Sequence[EvalValue]) -> EvalValue:
    pattern, text = _arity(args, 2)
    compiled = _pattern(pattern)
    match = compiled.search(_str(text))
    if match is None:
        raise EvalError("pattern did not match any part of the given string")
    if compiled.groupindex:
        return {name: match.group(name) for name in compiled.groupindex}
    if compiled.groups:
        return tuple(match.groups())
    return match.group(0)


def regexall(args: Sequence[EvalValue]) -> EvalValue:
    pattern, text = _arity(args, 2)
    compiled = _pattern(pattern)
    result: list[EvalValue] = []
    for match in compiled.finditer(_str(text)):
        if compiled.groupindex:
            result.append({name: match.group(name) for name in compiled.groupindex})
        elif compiled.groups:
            result.append(tuple(match.groups()))
        else:
            result.append(match.group(0))
    return tuple(result)


def startswith(args: Sequence[EvalValue]) -> EvalValue:
    text, prefix = _arity(args, 2)
    return _str(text).startswith(_str(prefix))


def endswith(args: Sequence[EvalValue]) -> EvalValue:
    text, suffix = _arity(args, 2)
    return _str(text).endswith(_str(suffix))


def substr(args: Sequence[EvalValue]) -> EvalValue:
    text, offset, size = _arity(args, 3)
    value, start, count = _str(text), _int(offset), _int(size)
    if start < 0:
        start += len(value)
    end = len(value) if count < 0 else start + count
    return value[start:end]


_VERB = re.compile(r"%(%|[-+# 0]*\d*(?:\.\d+)?[sdvqft])")


def format_(args: Sequence[EvalValue]) -> EvalValue:
    if not args:
        raise EvalError("format needs a format string")
    spec = _str(args[0])
    rest = list(args[1:])
    position = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal position
        verb = match.group(1)
        if verb == "%":
            return "%"
        if position >= len(rest):
            raise EvalError("format: not enough arguments")
        value = _need(rest[position])
        position += 1
        kind = verb[-1]
        flags = verb[:-1]
        if kind in "sv":
            if isinstance(value, tuple | Mapping):
                raise _Unknown  # JSON-ish rendering of collections is not worth guessing
            return ("%" + flags + "s") % _str(value)
        if kind == "q":
            return '"' + _str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if kind == "d":
            return ("%" + flags + "d") % _int(value)
        return ("%" + flags + "f") % float(_number(value))

    result = _VERB.sub(repl, spec)
    return result


def abs_(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    return abs(_number(value))


def floor(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    return math.floor(_number(value))


def ceil(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = _arity(args, 1)
    return math.ceil(_number(value))


def _arity(args: Sequence[EvalValue], count: int) -> Sequence[EvalValue]:
    if len(args) != count:
        raise EvalError(f"expected {count} arguments, got {len(args)}")
    return args


FUNCTIONS: Mapping[str, Function] = {
    "cidrsubnet": cidrsubnet,
    "cidrsubnets": cidrsubnets,
    "cidrhost": cidrhost,
    "cidrnetmask": cidrnetmask,
    "tolist": tolist,
    "toset": toset,
    "tomap": tomap,
    "tostring": tostring,
    "tonumber": tonumber,
    "tobool": tobool,
    "merge": merge,
    "concat": concat,
    "lookup": lookup,
    "element": element,
    "length": length,
    "keys": keys,
    "values": values,
    "zipmap": zipmap,
    "range": range_,
    "format": format_,
    "flatten": flatten,
    "distinct": distinct,
    "compact": compact,
    "contains": contains,
    "slice": slice_,
    "index": index_,
    "setsubtract": setsubtract,
    "setunion": setunion,
    "setintersection": setintersection,
    "sort": sort,
    "reverse": reverse,
    "coalesce": coalesce,
    "coalescelist": coalescelist,
    "one": one,
    "min": min_,
    "max": max_,
    "join": join,
    "split": split,
    "lower": lower,
    "upper": upper,
    "trimspace": trimspace,
    "replace": replace,
    "substr": substr,
    "regex": regex,
    "regexall": regexall,
    "startswith": startswith,
    "endswith": endswith,
    "abs": abs_,
    "floor": floor,
    "ceil": ceil,
}


def call(name: str, args: Sequence[EvalValue]) -> EvalValue:
    """Call a supported function; UNKNOWN for any other name or an unknown needed argument."""
    function = FUNCTIONS.get(name)
    if function is None:
        return UNKNOWN
    try:
        return function(args)
    except _Unknown:
        return UNKNOWN
    except (TypeError, ValueError, OverflowError) as exc:
        raise EvalError(f"{name}: {exc}") from None
