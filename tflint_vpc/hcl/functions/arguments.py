"""Argument helpers shared by the function modules: unknown propagation and type coercion.

A function calls `need` (or an `as_*` coercion) on each argument it reads; an unknown argument
raises `NeedsUnknown`, which `call` turns into UNKNOWN, so no function has to test for it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from tflint_vpc.hcl.values import (
    EvalError,
    EvalValue,
    Namespace,
    is_unknown,
    normalize_number,
    type_name,
)

Function = Callable[[Sequence[EvalValue]], EvalValue]


class NeedsUnknown(Exception):
    """Raised inside a function when a needed argument is unknown."""


def need(value: EvalValue) -> EvalValue:
    if is_unknown(value) or isinstance(value, Namespace):
        raise NeedsUnknown
    return value


def as_str(value: EvalValue) -> str:
    value = need(value)
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(normalize_number(value))
    raise EvalError(f"expected a string, got {type_name(value)}")


def as_int(value: EvalValue) -> int:
    value = need(value)
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


def as_number(value: EvalValue) -> int | float:
    value = need(value)
    if isinstance(value, str):
        try:
            return normalize_number(float(value))
        except ValueError:
            raise EvalError(f"expected a number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EvalError(f"expected a number, got {type_name(value)}")
    return value


def as_list(value: EvalValue) -> tuple[EvalValue, ...]:
    value = need(value)
    if isinstance(value, tuple):
        return value
    raise EvalError(f"expected a list, got {type_name(value)}")


def as_map(value: EvalValue) -> Mapping[str, EvalValue]:
    value = need(value)
    if isinstance(value, Mapping):
        return value
    raise EvalError(f"expected a map, got {type_name(value)}")


def arity(args: Sequence[EvalValue], count: int) -> Sequence[EvalValue]:
    if len(args) != count:
        raise EvalError(f"expected {count} arguments, got {len(args)}")
    return args
