"""A resource block's body as Inventory values: attributes, nested blocks, `dynamic` blocks.

Each attribute is evaluated on its own: an error or a value past the run's budget makes that
attribute UNKNOWN and leaves the others as they are. Nested `dynamic` blocks multiply (four
elements at each of twelve levels are 16 million blocks), so their expansion counts against the
same budget and stops, as unknown blocks, where it runs out.
"""

from __future__ import annotations

from collections.abc import Mapping

from tflint_vpc.hcl import budget
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.evaluate import Scope, evaluate
from tflint_vpc.hcl.values import EvalError, EvalValue, is_unknown, to_value
from tflint_vpc.inventory import UNKNOWN, Value

# Arguments Terraform itself interprets; they are not resource attributes.
RESOURCE_META = frozenset(("count", "for_each", "provider", "depends_on"))
RESOURCE_META_BLOCKS = frozenset(("lifecycle", "provisioner", "connection"))


def evaluate_body(body: s.Body, scope: Scope, top: bool) -> dict[str, Value]:
    """Attributes evaluated; nested blocks (static and `dynamic`) as tuples of mappings."""
    result: dict[str, Value] = {}
    blocks: dict[str, list[Value]] = {}
    unknown_blocks: set[str] = set()
    for item in body:
        if isinstance(item, s.Attribute):
            if top and item.name in RESOURCE_META:
                continue
            result[item.name] = _value_of(item.expr, scope)
        elif item.type == "dynamic" and item.labels:
            name = item.labels[0]
            generated = _dynamic(item, scope)
            if generated is None:
                unknown_blocks.add(name)
            else:
                blocks.setdefault(name, []).extend(generated)
        elif not (top and item.type in RESOURCE_META_BLOCKS):
            blocks.setdefault(item.type, []).append(evaluate_body(item.body, scope, top=False))
    for name, entries in blocks.items():
        result[name] = tuple(entries)
    for name in unknown_blocks:
        result[name] = UNKNOWN
    return result


def _value_of(expr: s.Expr, scope: Scope) -> Value:
    """An attribute's Inventory value; UNKNOWN for an error or a value past the budget."""
    try:
        return to_value(evaluate(expr, scope))
    except (EvalError, budget.BudgetExceeded, RecursionError):
        return UNKNOWN


def _dynamic(block: s.Block, scope: Scope) -> list[Value] | None:
    """Expand a `dynamic` block; None when its for_each is unknown (or past the budget)."""
    try:
        return _expand_dynamic(block, scope)
    except budget.BudgetExceeded:
        return None


def _expand_dynamic(block: s.Block, scope: Scope) -> list[Value] | None:
    for_each = block.attribute("for_each")
    contents = block.blocks("content")
    if for_each is None or len(contents) != 1:
        return None
    iterator = block.attribute("iterator")
    name = block.labels[0]
    if iterator is not None and isinstance(iterator.expr, s.Variable):
        name = iterator.expr.name
    try:
        collection = evaluate(for_each.expr, scope)
    except EvalError:
        return None
    pairs: list[tuple[EvalValue, EvalValue]]
    if isinstance(collection, Mapping):
        pairs = [(k, collection[k]) for k in sorted(collection)]
    elif isinstance(collection, tuple):
        pairs = list(enumerate(collection))
    elif collection is None:
        pairs = []
    else:
        return None
    if is_unknown(collection):
        return None
    budget.check_size(len(pairs))
    return [
        evaluate_body(contents[0].body, scope.child({name: {"key": k, "value": v}}), top=False)
        for k, v in pairs
    ]
