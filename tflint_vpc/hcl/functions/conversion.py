"""Type conversion functions (`tolist`, `toset`, `tomap`, `tostring`, `tonumber`, `tobool`).

`try` and `can` are in the evaluator: their arguments must be evaluated lazily.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tflint_vpc.hcl.functions.arguments import (
    Function,
    arity,
    as_list,
    as_map,
    as_number,
    as_str,
    need,
)
from tflint_vpc.hcl.values import (
    EvalError,
    EvalValue,
    is_wholly_known,
)
from tflint_vpc.inventory import UNKNOWN


def tolist(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    value = need(value)
    if isinstance(value, Mapping):
        raise EvalError("cannot convert a map to a list")
    return as_list(value)


def toset(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    items = as_list(value)
    if not all(is_wholly_known(v) for v in items):
        return UNKNOWN  # unknown elements could be duplicates: the set's size is unknown
    if all(isinstance(v, str | int | float | bool) for v in items):
        # Sets of primitives are converted to strings when mixed and ordered like Terraform's.
        strings = {as_str(v) if not isinstance(v, str) else v for v in items}
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
    (value,) = arity(args, 1)
    return dict(as_map(value))


def tostring(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    if value is None:
        return None
    return as_str(value)


def tonumber(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    return None if value is None else as_number(value)


def tobool(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    value = need(value)
    if value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise EvalError(f"cannot convert {value!r} to bool")


FUNCTIONS: Mapping[str, Function] = {
    "tolist": tolist,
    "toset": toset,
    "tomap": tomap,
    "tostring": tostring,
    "tonumber": tonumber,
    "tobool": tobool,
}
