"""Values during HCL evaluation: resource `Value`s plus lazily resolved namespaces.

An expression evaluates to an `EvalValue`: plain JSON-like data, `UNKNOWN`, a `Ref`, or a
`Namespace` (an object whose attributes are computed on demand: `var`, `local`, a resource
instance, a module's outputs). Namespaces never reach the Inventory: `to_value` turns them into
UNKNOWN, since a whole resource object is not an attribute value the rules understand.

`SENSITIVE` stands for a value Terraform marks sensitive (a `sensitive` variable or output, the
`sensitive()` function, anything computed from one). Its content is never held, so no rule,
message or report can show it, and whatever is computed from it is SENSITIVE too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

from tflint_vpc.hcl import budget
from tflint_vpc.inventory import UNKNOWN, Ref, Unknown, Value


class EvalError(Exception):
    """An expression cannot be evaluated (missing attribute, bad type, bad argument).

    `try()` catches it; at the top of an attribute it becomes UNKNOWN (never a guess).
    """


class Namespace:
    """An object whose attributes are resolved lazily."""

    def attr(self, name: str) -> EvalValue:
        raise EvalError(f"unsupported attribute {name!r}")

    def index(self, key: EvalValue) -> EvalValue:
        if isinstance(key, str):
            return self.attr(key)
        raise EvalError("an object must be indexed by a string")

    def describe(self) -> str:
        return type(self).__name__


EvalValue: TypeAlias = (
    "str | int | float | bool | Unknown | Ref | Namespace"
    " | tuple[EvalValue, ...] | Mapping[str, EvalValue] | None"
)


def is_unknown(value: EvalValue) -> bool:
    """Unknown at the top (a Ref is unknown as a value: only its identity is known)."""
    return isinstance(value, Unknown | Ref)


def _descend(depth: int, size: int) -> None:
    """Every walk over a value counts its nodes and stops at the depth limit.

    Values share structure (`[local.a, local.a]`), so a value built in a few steps can hold
    exponentially many nodes: the walks, not the construction, are what the budget has to bound.
    """
    if depth >= budget.MAX_DEPTH:
        raise budget.reached("nesting depth")
    budget.step(size)


def is_sensitive(value: EvalValue, depth: int = 0) -> bool:
    """Whether a value is, or holds anywhere inside it, the SENSITIVE marker.

    Terraform marks whatever is computed from a sensitive value (a function result, an operator,
    a condition's outcome) as sensitive as a whole; the evaluator asks this of every operand.
    """
    if isinstance(value, Unknown):
        return value.sensitive
    if isinstance(value, tuple):
        _descend(depth, len(value))
        return any(is_sensitive(v, depth + 1) for v in value)
    if isinstance(value, Mapping):
        _descend(depth, len(value))
        return any(is_sensitive(v, depth + 1) for v in value.values())
    return False


def is_wholly_known(value: EvalValue, depth: int = 0) -> bool:
    if isinstance(value, Unknown | Ref | Namespace):
        return False
    if isinstance(value, tuple):
        _descend(depth, len(value))
        return all(is_wholly_known(v, depth + 1) for v in value)
    if isinstance(value, Mapping):
        _descend(depth, len(value))
        return all(is_wholly_known(v, depth + 1) for v in value.values())
    return True


def normalize_number(value: float) -> float:
    """HCL has one number type; integral results print as integers (as in plan JSON)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def to_value(value: EvalValue, depth: int = 0) -> Value:
    """The Inventory form: namespaces become UNKNOWN, mappings plain dicts.

    Raises `budget.BudgetExceeded` for a value deeper or larger than the budget allows, so no
    later stage (builder, rules, reporters) has to recurse over an unbounded value.
    """
    if isinstance(value, Namespace):
        return UNKNOWN
    if isinstance(value, tuple):
        _descend(depth, len(value))
        return tuple(to_value(v, depth + 1) for v in value)
    if isinstance(value, Mapping):
        _descend(depth, len(value))
        return {str(k): to_value(v, depth + 1) for k, v in value.items()}
    return value


def type_name(value: EvalValue) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, tuple):
        return "list"
    if isinstance(value, Mapping):
        return "map"
    return "object"
