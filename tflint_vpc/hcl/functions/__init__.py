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

from tflint_vpc.hcl import budget
from tflint_vpc.hcl.functions import (
    collection,
    conversion,
    crypto,
    filesystem,
    ipnet,
    numeric,
    strings,
)
from tflint_vpc.hcl.functions.arguments import Function, NeedsUnknown
from tflint_vpc.hcl.functions.filesystem import FILE_FUNCTIONS, ModuleFiles
from tflint_vpc.hcl.values import EvalError, EvalValue
from tflint_vpc.inventory import UNKNOWN

__all__ = ["FUNCTIONS", "ModuleFiles", "call"]

_CATEGORIES = (ipnet, conversion, collection, numeric, strings, filesystem, crypto)


def _merge() -> dict[str, Function]:
    table: dict[str, Function] = {}
    for category in _CATEGORIES:
        clash = table.keys() & category.FUNCTIONS.keys()
        if clash:  # a name in two categories would silently shadow one of them
            raise RuntimeError(f"functions defined twice: {sorted(clash)}")
        table.update(category.FUNCTIONS)
    if table.keys() & FILE_FUNCTIONS.keys():
        raise RuntimeError("a file function is also a plain function")
    return table


FUNCTIONS: Mapping[str, Function] = _merge()


def call(name: str, args: Sequence[EvalValue], files: ModuleFiles | None = None) -> EvalValue:
    """Call a supported function; UNKNOWN for any other name or an unknown needed argument.

    `files` is where `file()` may read (the module being evaluated); without it, UNKNOWN.
    """
    function = FUNCTIONS.get(name)
    reader = FILE_FUNCTIONS.get(name)
    try:
        if reader is not None:
            return reader(args, files)
        if function is None:
            return UNKNOWN
        return _bounded(function(args))
    except NeedsUnknown:
        return UNKNOWN
    except (TypeError, ValueError, OverflowError) as exc:
        raise EvalError(f"{name}: {exc}") from None


def _bounded(result: EvalValue) -> EvalValue:
    """Every function result within the per-value limits (functions that could allocate far
    more than their inputs check before allocating, this catches the rest)."""
    if isinstance(result, str):
        budget.check_string(result)
    elif isinstance(result, tuple | Mapping):
        budget.check_size(len(result))
    elif isinstance(result, int) and not isinstance(result, bool):
        budget.check_int(result)
    return result
