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
    normalize_number,
)


def _ln(value: float) -> float:
    """Go's `math.Log`: -Inf at zero and NaN below it, where Python's raises."""
    if value > 0:
        return math.log(value)
    return -math.inf if value == 0 else math.nan


def _divide(a: float, b: float) -> float:
    """IEEE division as Go does it: a zero divisor gives a signed infinity (or NaN)."""
    if b != 0:
        return a / b
    if a == 0 or math.isnan(a):
        return math.nan
    return math.copysign(math.inf, a) * math.copysign(1.0, b)


def log(args: Sequence[EvalValue]) -> EvalValue:
    """`log(number, base)`: Terraform computes `math.Log(number) / math.Log(base)` in float64.

    The same formula (not `math.log(x, base)` or `log2`) keeps results such as
    `log(1000, 10) = 2.9999999999999996` identical, which matters under `ceil()`. A NaN result is
    an error in Terraform (cty numbers cannot hold NaN); infinities are values.
    """
    number, base = arity(args, 2)
    result = _divide(_ln(float(as_number(number))), _ln(float(as_number(base))))
    if math.isnan(result):
        raise EvalError("log: the result is not a number")
    return normalize_number(result)


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
    "log": log,
}
