"""Instance values -> `Value`: known leaves as they are, unknown and sensitive ones marked.

Values come from `change.after` (or `values`); `after_unknown` leaves become `UNKNOWN`, or a `Ref`
when the `ReferenceResolver` can link their configuration expression to other instances, and
sensitive leaves become `SENSITIVE`, so secrets never leave this module.

Nothing here raises on malformed input: an unexpected type reads as absent or unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final, cast

from tflint_vpc.address import InstanceAddress
from tflint_vpc.inventory import SENSITIVE, UNKNOWN, Value
from tflint_vpc.plan.config import as_list, as_obj, is_expression, references
from tflint_vpc.plan.references import ReferenceResolver, ReferenceScope

MAX_VALUE_DEPTH: Final = 64  # deeper values are UNKNOWN (guards against crafted input)
# Values of these types convert as themselves: the fast path of `ValueConverter.convert`.
_SCALAR_TYPES: Final = frozenset({str, int, float, bool, type(None)})


def has_true(node: object, depth: int = 0) -> bool:
    """True when an unknown or sensitive mask marks something (has a `true` at any depth)."""
    if node is True:
        return True
    if depth > MAX_VALUE_DEPTH:
        return False
    if isinstance(node, dict):
        children: Iterable[object] = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return False
    # Masks are mostly `true`, `false` and empty containers, and this runs on every mask of
    # every instance of a big plan: decide those without a call.
    return any(child is True or (child and has_true(child, depth + 1)) for child in children)


def _child_masks(masks: tuple[object, ...], step: str | int) -> tuple[object, ...]:
    out: list[object] = []
    for mask in masks:
        if isinstance(step, str) and isinstance(mask, dict):
            child = mask.get(step)
        elif isinstance(step, int) and isinstance(mask, list) and step < len(mask):
            child = mask[step]
        else:
            continue
        if child is True or (child and isinstance(child, dict | list)):
            out.append(child)
    return tuple(out)


@dataclass(slots=True)
class Draft:
    """An instance found in the document, before its values are converted."""

    address: str
    parsed: InstanceAddress
    values: object
    unknown: object = None
    sensitive: tuple[object, ...] = ()


class ValueConverter:
    """Turns an instance's raw values, unknown and sensitive masks and expressions into `Value`s."""

    def __init__(self, resolver: ReferenceResolver | None) -> None:
        self.resolver = resolver

    def convert(
        self,
        value: object,
        unknown: object,
        sensitive: tuple[object, ...],
        expr: object,
        merged: tuple[str, ...] | None,
        leaf: str,
        scope: ReferenceScope,
        depth: int,
    ) -> Value:
        if unknown is None and not sensitive and type(value) in _SCALAR_TYPES:
            return cast(Value, value)  # the common case: a known scalar, nothing to mask
        if any(s is True for s in sensitive):
            return SENSITIVE
        if depth > MAX_VALUE_DEPTH:
            return UNKNOWN
        if unknown is True:
            return self._unknown_leaf(expr, merged, leaf, scope)
        block_exprs: Mapping[str, object] | None = None
        if merged is None and isinstance(expr, dict):
            if not is_expression(expr):
                block_exprs = expr
            elif isinstance(value, dict | list):
                merged, expr = references(expr), None  # an attribute holding blocks or objects
        if isinstance(value, dict) or (value is None and isinstance(unknown, dict)):
            obj = as_obj(value)
            unk = as_obj(unknown)
            keys = list(obj)
            if unk:
                keys += [k for k, u in unk.items() if k not in obj and has_true(u)]
            out: dict[str, Value] = {}
            for k in keys:
                child = obj.get(k)
                child_unknown = unk.get(k) if unk else None
                child_masks = _child_masks(sensitive, k) if sensitive else ()
                if child_unknown is None and not child_masks and type(child) in _SCALAR_TYPES:
                    out[k] = cast(Value, child)
                    continue
                if (
                    child_unknown is True
                    and not child_masks
                    and merged is None
                    and (block_exprs is None or block_exprs.get(k) is None)
                ):
                    out[k] = UNKNOWN  # computed after apply, with no expression to link through
                    continue
                out[k] = self.convert(
                    child,
                    child_unknown,
                    child_masks,
                    None if block_exprs is None else block_exprs.get(k),
                    merged,
                    k,
                    scope,
                    depth + 1,
                )
            return out
        if isinstance(value, list) or (value is None and isinstance(unknown, list)):
            items = as_list(value)
            unk_items = as_list(unknown)
            elements: list[Value] = []
            for i in range(max(len(items), len(unk_items))):
                child_expr: object = None
                if merged is None:
                    if isinstance(expr, list):
                        child_expr = expr[i] if i < len(expr) else None
                    elif block_exprs is not None:
                        child_expr = block_exprs  # a single nested block rendered as a list
                elements.append(
                    self.convert(
                        items[i] if i < len(items) else None,
                        unk_items[i] if i < len(unk_items) else None,
                        _child_masks(sensitive, i) if sensitive else (),
                        child_expr,
                        merged,
                        leaf,
                        scope,
                        depth + 1,
                    )
                )
            return tuple(elements)
        if value is None or isinstance(value, str | int | float | bool):
            return value
        return UNKNOWN

    def _unknown_leaf(
        self, expr: object, merged: tuple[str, ...] | None, leaf: str, scope: ReferenceScope
    ) -> Value:
        if self.resolver is None:
            return UNKNOWN
        if merged is not None:
            return self.resolver.link(merged, scope, True, leaf) if merged else UNKNOWN
        if is_expression(expr):
            refs = references(expr)
            return self.resolver.link(refs, scope, False, leaf) if refs else UNKNOWN
        return UNKNOWN

    def values(self, draft: Draft, config: Mapping[str, object] | None) -> Mapping[str, Value]:
        expressions: object = None
        scope = ReferenceScope(draft.parsed.module, draft.parsed.key)
        if config is not None:
            expressions = as_obj(config.get("expressions"))
            scope = ReferenceScope(
                draft.parsed.module,
                draft.parsed.key,
                references(config.get("for_each_expression")),
            )
        result = self.convert(
            draft.values if isinstance(draft.values, dict) else {},
            draft.unknown,
            draft.sensitive,
            expressions,
            None,
            "",
            scope,
            0,
        )
        return result if isinstance(result, Mapping) else {}
