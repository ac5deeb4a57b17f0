"""Collection functions: lists, maps and sets."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence

from tflint_vpc.hcl import budget, zones
from tflint_vpc.hcl.functions.arguments import (
    Function,
    NeedsUnknown,
    arity,
    as_int,
    as_list,
    as_map,
    as_number,
    as_str,
    need,
)
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


def merge(args: Sequence[EvalValue]) -> EvalValue:
    result: dict[str, EvalValue] = {}
    for arg in args:
        if arg is None:
            continue
        result.update(as_map(arg))
    return result


def concat(args: Sequence[EvalValue]) -> EvalValue:
    result: list[EvalValue] = []
    for arg in args:
        result.extend(as_list(arg))
    return tuple(result)


def lookup(args: Sequence[EvalValue]) -> EvalValue:
    if len(args) not in (2, 3):
        raise EvalError("lookup takes 2 or 3 arguments")
    mapping = args[0]
    if isinstance(mapping, Namespace):
        try:
            return mapping.attr(as_str(args[1]))
        except EvalError:
            if len(args) == 3:
                return args[2]
            raise
    table = as_map(mapping)
    key = as_str(args[1])
    if key in table:
        return table[key]
    if len(args) == 3:
        return args[2]
    raise EvalError(f"lookup failed to find key {key!r}")


def element(args: Sequence[EvalValue]) -> EvalValue:
    values, index = arity(args, 2)
    items = as_list(values)
    if not items:
        raise EvalError("cannot use element function with an empty list")
    position = as_int(index)
    if position < 0:
        raise EvalError("cannot use element function with a negative index")
    return items[position % len(items)]


def length(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    value = need(value)
    if isinstance(value, str):
        return len(value)
    if isinstance(value, tuple | Mapping):
        return len(value)
    raise EvalError(f"cannot take the length of {type_name(value)}")


def keys(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    return tuple(sorted(as_map(value)))


def values(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    table = as_map(value)
    return tuple(table[k] for k in sorted(table))


def zipmap(args: Sequence[EvalValue]) -> EvalValue:
    names, items = arity(args, 2)
    key_list = as_list(names)
    value_list = as_list(items)
    if len(key_list) != len(value_list):
        raise EvalError("zipmap: keys and values must have the same length")
    return {as_str(k): v for k, v in zip(key_list, value_list, strict=True)}


def range_(args: Sequence[EvalValue]) -> EvalValue:
    numbers = [as_number(a) for a in args]
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
    (value,) = arity(args, 1)
    result: list[EvalValue] = []

    def walk(items: tuple[EvalValue, ...]) -> None:
        for item in items:
            if is_unknown(item):
                raise NeedsUnknown  # an unknown element might itself be a list
            if isinstance(item, tuple):
                walk(item)
            else:
                result.append(item)

    walk(as_list(value))
    return tuple(result)


def distinct(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    items = as_list(value)
    if not all(is_wholly_known(v) for v in items):
        return UNKNOWN
    unique: list[EvalValue] = []
    for item in items:
        if item not in unique:
            unique.append(item)
    return tuple(unique)


def compact(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    items = as_list(value)
    if any(is_unknown(v) for v in items):
        return UNKNOWN
    return tuple(v for v in items if v not in (None, ""))


def contains(args: Sequence[EvalValue]) -> EvalValue:
    collection, item = arity(args, 2)
    items = as_list(collection)
    if not is_wholly_known(item) or not all(is_wholly_known(v) for v in items):
        return UNKNOWN
    return item in items


def slice_(args: Sequence[EvalValue]) -> EvalValue:
    collection, start, end = arity(args, 3)
    first, last = as_int(start), as_int(end)
    # slice(data.aws_availability_zones.x.names, 0, 3): three distinct symbolic zones
    symbolic = zones.elements(collection, first, last)
    if symbolic is not None:
        return symbolic
    items = as_list(collection)
    if first < 0 or last > len(items) or first > last:
        raise EvalError("slice: index out of range")
    return items[first:last]


def index_(args: Sequence[EvalValue]) -> EvalValue:
    collection, item = arity(args, 2)
    items = as_list(collection)
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
        items = as_list(arg)
        if not all(isinstance(v, str) for v in items):
            raise NeedsUnknown  # unknown elements, or sets of non-strings: not evaluated
        sets.append({v for v in items if isinstance(v, str)})
    result = sets[0]
    for other in sets[1:]:
        result = combine(result, other)
    return tuple(sorted(result))


def setsubtract(args: Sequence[EvalValue]) -> EvalValue:
    arity(args, 2)
    return _set_operation(args, lambda a, b: a - b)


def setunion(args: Sequence[EvalValue]) -> EvalValue:
    return _set_operation(args, lambda a, b: a | b)


def setintersection(args: Sequence[EvalValue]) -> EvalValue:
    return _set_operation(args, lambda a, b: a & b)


def sort(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    items = as_list(value)
    if not all(isinstance(v, str) for v in items):
        raise NeedsUnknown
    return tuple(sorted(v for v in items if isinstance(v, str)))


def reverse(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    return tuple(reversed(as_list(value)))


def coalesce(args: Sequence[EvalValue]) -> EvalValue:
    for arg in args:
        if is_unknown(arg) or isinstance(arg, Namespace):
            return UNKNOWN
        if arg not in (None, ""):
            return arg
    raise EvalError("no non-null, non-empty-string arguments")


def coalescelist(args: Sequence[EvalValue]) -> EvalValue:
    for arg in args:
        if as_list(arg):
            return arg
    raise EvalError("no non-empty list arguments")


def one(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    items = as_list(value)
    if len(items) > 1:
        raise EvalError("must be a list, set, or tuple value with either zero or one elements")
    return items[0] if items else None


def setproduct(args: Sequence[EvalValue]) -> EvalValue:
    """Every combination of one element from each argument, the last argument varying fastest.

    Terraform returns a set of tuples when every argument is a set, else a list; this evaluator
    holds both as tuples (sets already in Terraform's order), so the product keeps argument order.
    """
    if len(args) < 2:
        raise EvalError("at least two arguments are required")
    collections: list[tuple[EvalValue, ...]] = []
    for position, arg in enumerate(args):
        value = need(arg)
        if not isinstance(value, tuple):
            raise EvalError(f"argument {position + 1}: a set or a list is required")
        collections.append(value)
    total = 1
    for items in collections:  # the size of the product before it is built
        total *= len(items)
        budget.check_size(total)
    return tuple(tuple(combination) for combination in itertools.product(*collections))


def chunklist(args: Sequence[EvalValue]) -> EvalValue:
    """Fixed-size chunks of a list; a size of 0 gives the whole list as the single chunk."""
    collection, size = arity(args, 2)
    items = as_list(collection)
    width = as_int(size)
    if width < 0:
        raise EvalError("the size argument must be positive")
    if not items:
        return ()
    if width == 0:
        return (items,)
    return tuple(items[start : start + width] for start in range(0, len(items), width))


def map_(args: Sequence[EvalValue]) -> EvalValue:
    # Terraform 0.12 deprecated map(); since 0.15 it is still a known name but every call fails
    # with this message, whatever the arguments (so try() falls back, as it does in Terraform).
    raise EvalError(
        'the "map" function was deprecated in Terraform v0.12 and is no longer available; '
        "use tomap({ ... }) syntax to write a literal map"
    )


def list_(args: Sequence[EvalValue]) -> EvalValue:
    # map()'s twin, removed at the same time and failing the same way.
    raise EvalError(
        'the "list" function was deprecated in Terraform v0.12 and is no longer available; '
        "use tolist([ ... ]) syntax to write a literal list"
    )


FUNCTIONS: Mapping[str, Function] = {
    "merge": merge,
    "concat": concat,
    "lookup": lookup,
    "element": element,
    "length": length,
    "keys": keys,
    "values": values,
    "zipmap": zipmap,
    "range": range_,
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
    "setproduct": setproduct,
    "chunklist": chunklist,
    "map": map_,
    "list": list_,
}
