"""Numeric functions."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from tflint_vpc.hcl.functions.arguments import (
    Function,
    arity,
    as_number,
)
from tflint_vpc.hcl.values import (
    EvalError,
    EvalValue,
)


def min_(args: Sequence[EvalValue]) -> EvalValue:
    if not args:
        raise EvalError("min needs arguments")
    return min(as_number(a) for a in args)


def max_(args: Sequence[EvalValue]) -> EvalValue:
    if not args:
        raise EvalError("max needs arguments")
    return max(as_number(a) for a in args)


def abs_(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    return abs(as_number(value))


def floor(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    return math.floor(as_number(value))


def ceil(args: Sequence[EvalValue]) -> EvalValue:
    (value,) = arity(args, 1)
    return math.ceil(as_number(value))


FUNCTIONS: Mapping[str, Function] = {
    "min": min_,
    "max": max_,
    "abs": abs_,
    "floor": floor,
    "ceil": ceil,
}
