"""The Terraform functions network layouts use, over evaluated values.

One module per category of Terraform's function index (numeric, string, collection, IP network,
type conversion, ...); each exports its own `FUNCTIONS` table, merged here into the one the
evaluator calls, so adding a function touches only its category's module.

Each function takes the evaluated arguments and returns a value, raises `EvalError` on a bad
argument (so `try()` can fall back), or returns UNKNOWN when an argument it needs is unknown.
Functions not listed here evaluate to UNKNOWN in the evaluator (never a guess). `try` and `can`
are in the evaluator because their arguments must be evaluated lazily.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tflint_vpc.hcl.functions import (
    collection,
    conversion,
    ipnet,
    numeric,
    strings,
)
from tflint_vpc.hcl.functions.arguments import Function, NeedsUnknown
from tflint_vpc.hcl.values import EvalError, EvalValue
from tflint_vpc.inventory import UNKNOWN

__all__ = ["FUNCTIONS", "call"]

_CATEGORIES = (ipnet, conversion, collection, numeric, strings)


def _merge() -> dict[str, Function]:
    table: dict[str, Function] = {}
    for category in _CATEGORIES:
        clash = table.keys() & category.FUNCTIONS.keys()
        if clash:  # a name in two categories would silently shadow one of them
            raise RuntimeError(f"functions defined twice: {sorted(clash)}")
        table.update(category.FUNCTIONS)
    return table


FUNCTIONS: Mapping[str, Function] = _merge()


def call(name: str, args: Sequence[EvalValue]) -> EvalValue:
    """Call a supported function; UNKNOWN for any other name or an unknown needed argument."""
    function = FUNCTIONS.get(name)
    if function is None:
        return UNKNOWN
    try:
        return function(args)
    except NeedsUnknown:
        return UNKNOWN
    except (TypeError, ValueError, OverflowError) as exc:
        raise EvalError(f"{name}: {exc}") from None
