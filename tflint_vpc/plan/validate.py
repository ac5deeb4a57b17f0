"""Validate a classified document against its skeleton schema (`data/<kind>.schema.json`).

The skeleton is the part of the document the resolver reads. `jsonschema` validates its top;
the compiled checker in `schema` validates the bulk. Messages name JSON paths and type names
only: plans hold secrets in clear text, so no message ever quotes a value from the document.
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Literal, cast

from tflint_vpc.errors import InputError
from tflint_vpc.plan.schema import Shape, ShapeError, check, compile_schema, type_name

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

Kind = Literal["plan", "state"]  # one skeleton schema each

_PATH_ENDS = 10  # steps kept at each end of a long JSON path
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")

# The large and the recursive parts of each kind: (path to the value, where its schema is).
# `jsonschema` validates the rest of the document (the top of the skeleton) with these
# emptied; the compiled checker in `schema` validates these, because `jsonschema` costs
# several times `json.loads` on a big plan and recurses through the module trees.
_BULK: Mapping[Kind, tuple[tuple[tuple[str, ...], str], ...]] = {
    "plan": (
        (("resource_changes",), "#/properties/resource_changes"),
        (("resource_drift",), "#/properties/resource_drift"),
        (("deferred_changes",), "#/properties/deferred_changes"),
        (("planned_values", "root_module"), "#/$defs/values_module"),
        (("prior_state", "values", "root_module"), "#/$defs/values_module"),
        (("configuration", "root_module"), "#/$defs/config_module"),
        (("relevant_attributes",), "#/properties/relevant_attributes"),  # one per reference
    ),
    "state": ((("values", "root_module"), "#/$defs/values_module"),),
}


@lru_cache(maxsize=2)
def _schema(kind: Kind) -> Mapping[str, object]:
    text = resources.files("tflint_vpc").joinpath(f"data/{kind}.schema.json").read_text()
    schema: Mapping[str, object] = json.loads(text)
    return schema


@lru_cache(maxsize=2)
def _validator(kind: Kind) -> Validator:
    from jsonschema import Draft202012Validator  # lazy: start-up time matters

    validator: Validator = Draft202012Validator(_schema(kind))
    return validator


@lru_cache(maxsize=2)
def _shapes(kind: Kind) -> tuple[tuple[tuple[str, ...], Shape], ...]:
    return tuple((where, compile_schema(_schema(kind), pointer)) for where, pointer in _BULK[kind])


def schema_errors(
    data: dict[str, object], kind: Kind, limit: int | None = None
) -> tuple[list[ShapeError], int]:
    """The first `limit` skeleton-schema violations (None: all) in a stable order, and the total.

    Stable whatever `PYTHONHASHSEED`: `jsonschema` walks `additionalProperties` through a set,
    so the top's errors are sorted by path; the bulk checker yields in document order. Only
    `limit` errors are kept (a 10 MB plan of wrong types has millions); the rest are counted.
    """
    top, bulk = _split(data, _shapes(kind))
    counted = _Count()
    found = (
        _from_jsonschema(error)
        for error in _validator(kind).iter_errors(cast("Mapping[str, Any]", top))
    )
    errors = (
        sorted(counted(found), key=_order)
        if limit is None
        else heapq.nsmallest(limit, counted(found), key=_order)
    )
    for where, value, shape in bulk:
        for error in check(value, shape, where):
            counted.total += 1
            if limit is None or len(errors) < limit:
                errors.append(error)
    return errors, counted.total


class _Count:
    """Counts what passes through, so a capped selection still knows the total."""

    def __init__(self) -> None:
        self.total = 0

    def __call__(self, errors: Iterable[ShapeError]) -> Iterator[ShapeError]:
        for error in errors:
            self.total += 1
            yield error


def _order(error: ShapeError) -> tuple[tuple[tuple[int, int | str], ...], str, str]:
    """A total order on errors: path (integers before keys at one step), keyword, expectation."""
    steps = tuple((0, step) if isinstance(step, int) else (1, step) for step in error.path)
    return steps, error.keyword, str(error.expected)


def validate(path: str, data: dict[str, object], kind: Kind) -> None:
    """Raise `InputError` naming the first schema violation and how many more there are."""
    errors, total = schema_errors(data, kind, limit=1)
    if not errors:
        return
    # The first error in schema and document order: stable, and usually the root cause.
    message = describe(errors[0])
    if total > 1:
        message += f" (and {total - 1} more schema error{'s' if total > 2 else ''})"
    raise InputError(path, message)


def refuse_duplicate_addresses(path: str, data: Mapping[str, object]) -> None:
    """Two changes for one object make the plan ambiguous; Terraform never writes that.

    The key is (address, deposed): a deposed object legitimately repeats its address.
    """
    changes = data.get("resource_changes")
    if not isinstance(changes, list):
        return
    first: dict[tuple[object, object], int] = {}
    for i, change in enumerate(changes):
        if not isinstance(change, dict):
            continue
        key = (change.get("address"), change.get("deposed"))
        if key in first:
            raise InputError(
                path,
                f"$.resource_changes[{i}]: duplicate address {key[0]} "
                f"(first at $.resource_changes[{first[key]}])",
            )
        first[key] = i


def _split(
    data: dict[str, object], shapes: tuple[tuple[tuple[str, ...], Shape], ...]
) -> tuple[dict[str, object], list[tuple[tuple[str, ...], object, Shape]]]:
    """A shallow copy of `data` with each bulk part emptied, and the bulk parts themselves.

    A bulk part is only taken out when it has the right container type; otherwise it stays in
    the copy for `jsonschema` to report. Only the dicts on the way are copied.
    """
    top = dict(data)
    bulk: list[tuple[tuple[str, ...], object, Shape]] = []
    for where, shape in shapes:
        parent = top
        for key in where[:-1]:
            child = parent.get(key)
            if type(child) is not dict:
                break
            parent[key] = child = dict(child)
            parent = child
        else:
            value = parent.get(where[-1])
            if type(value) is dict or type(value) is list:
                bulk.append((where, value, shape))
                parent[where[-1]] = type(value)()
    return top, bulk


def _from_jsonschema(error: ValidationError) -> ShapeError:
    where = tuple(error.absolute_path)
    expected = error.validator_value
    keyword = str(error.validator)
    got = type_name(error.instance)
    if keyword == "type":
        names = (expected,) if isinstance(expected, str) else tuple(cast(list[str], expected))
        return ShapeError(where, keyword, names, got)
    if keyword == "required" and isinstance(error.instance, dict):
        missing = [key for key in cast(list[str], expected) if key not in error.instance]
        return ShapeError(where, keyword, missing[0] if missing else "?", got)
    if keyword == "minItems":
        return ShapeError(where, keyword, cast(int, expected), got)
    return ShapeError(where, keyword, str(expected) if keyword == "pattern" else keyword, got)


def describe(error: ShapeError) -> str:
    """A one-line message for a schema error that never quotes a value from the document."""
    where = json_path(error.path)
    expected = error.expected
    if error.keyword == "type" and isinstance(expected, tuple):
        return f"{where}: expected {' or '.join(expected)}, got {error.got}"
    if error.keyword == "required":
        return f"{where}: missing required key `{expected}`"
    if error.keyword == "minItems":
        return f"{where}: must have at least {expected} item{'s' if expected != 1 else ''}"
    if error.keyword == "pattern":
        return f"{where}: does not have the expected form"
    if error.keyword in ("anyOf", "oneOf"):
        return f"{where}: matches none of the allowed shapes"
    return f"{where}: fails the schema check `{error.keyword}`"


def json_path(steps: Sequence[str | int]) -> str:
    """`$.resource_changes[3].change.actions`; very long paths keep their two ends."""
    shown = list(steps)
    if len(shown) > _PATH_ENDS * 2 + 1:
        hidden = len(shown) - _PATH_ENDS * 2
        shown = [*shown[:_PATH_ENDS], f"<{hidden} more steps>", *shown[-_PATH_ENDS:]]
    out = ["$"]
    for index, step in enumerate(shown):
        if isinstance(step, int):
            out.append(f"[{step}]")
        elif (index == _PATH_ENDS and len(shown) != len(steps)) or (
            _IDENTIFIER.fullmatch(step) and len(step) <= 80
        ):
            out.append(f".{step}")
        else:
            key = step if len(step) <= 80 else step[:77] + "..."
            out.append(f"[{json.dumps(key)}]")
    return "".join(out)
