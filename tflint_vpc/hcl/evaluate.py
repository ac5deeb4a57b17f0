"""Evaluate `syntax` expressions against a scope of names.

Semantics follow HCL/Terraform where network layouts need them; anything unsupported or unknown
evaluates to UNKNOWN, and an unknown operand makes the whole operation unknown (a `Ref` counts as
unknown as soon as it is computed with; passed through unchanged it keeps its identity).

A SENSITIVE operand (or one holding SENSITIVE anywhere inside) makes the result SENSITIVE, as
Terraform's marks do: function results, operators, conditionals (by their condition too), for
expressions (by their collection, condition or keys), templates, indexes and attribute access.
Where Terraform is laxer (`can()`, a sensitive map key) this stays sensitive: hiding a value
costs a finding at most, showing one leaks a secret.

Every node evaluated counts against the run's `budget`; a value past a limit (too many steps, a
string or collection too large, a number too big) raises `BudgetExceeded`, which `try()` and
`can()` let through and `evaluate_or_unknown` turns into UNKNOWN.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tflint_vpc.hcl import budget, functions, zones
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.values import (
    EvalError,
    EvalValue,
    Namespace,
    is_sensitive,
    is_unknown,
    is_wholly_known,
    normalize_number,
    type_name,
)
from tflint_vpc.inventory import SENSITIVE, UNKNOWN, Unknown

Resolver = Callable[[str], EvalValue]


class Scope:
    """Names visible to an expression; `fallback` resolves the rest (resource types)."""

    __slots__ = ("fallback", "files", "names")

    def __init__(
        self,
        names: Mapping[str, EvalValue],
        fallback: Resolver | None = None,
        files: functions.ModuleFiles | None = None,  # where file() reads; None: it is unknown
    ) -> None:
        self.names = names
        self.fallback = fallback
        self.files = files

    def lookup(self, name: str) -> EvalValue:
        if name in self.names:
            return self.names[name]
        if self.fallback is not None:
            return self.fallback(name)
        raise EvalError(f"unknown name {name!r}")

    def child(self, names: Mapping[str, EvalValue]) -> Scope:
        merged = dict(self.names)
        merged.update(names)
        return Scope(merged, self.fallback, self.files)


def evaluate(expr: s.Expr, scope: Scope) -> EvalValue:
    """Evaluate; raises EvalError when the expression is wrong for known values, and
    `budget.BudgetExceeded` past a limit."""
    budget.step()
    return _EVALUATORS[type(expr)](expr, scope)


def evaluate_or_unknown(expr: s.Expr, scope: Scope) -> EvalValue:
    """Evaluate; an error gives UNKNOWN (the linter never guesses past a broken expression)."""
    try:
        return evaluate(expr, scope)
    except (EvalError, budget.BudgetExceeded):
        return UNKNOWN
    except RecursionError:
        return UNKNOWN


def get_attr(value: EvalValue, name: str) -> EvalValue:
    if isinstance(value, Namespace):
        return value.attr(name)
    if isinstance(value, Unknown) and value.sensitive:
        return SENSITIVE
    if is_unknown(value):
        return UNKNOWN
    if isinstance(value, Mapping):
        if name in value:
            return value[name]
        raise EvalError(f"object has no attribute {name!r}")
    if value is None:
        raise EvalError(f"attempt to get attribute {name!r} from null")
    raise EvalError(f"cannot get attribute {name!r} from {type_name(value)}")


def get_index(value: EvalValue, key: EvalValue) -> EvalValue:
    if is_sensitive(key):
        return SENSITIVE  # which element a secret picks tells something about the secret
    if isinstance(value, Namespace):
        return value.index(key)
    if isinstance(value, Unknown) and value.sensitive:
        return SENSITIVE
    zone = zones.element(value, key)
    if zone is not None:
        return zone  # `names[1]` of an availability zones data source: a symbolic zone
    if is_unknown(value) or is_unknown(key) or isinstance(key, Namespace):
        return UNKNOWN
    if isinstance(value, tuple):
        if isinstance(key, str):
            try:
                key = int(key)
            except ValueError:
                raise EvalError(f"invalid list index {key!r}") from None
        if isinstance(key, bool) or not isinstance(key, int | float):
            raise EvalError("a list index must be a number")
        # The range first: int() of an infinite index (`[][1e999]`) raises OverflowError.
        if not 0 <= key < len(value) or int(key) != key:
            raise EvalError(f"index {key} out of range for list of {len(value)}")
        return value[int(key)]
    if isinstance(value, Mapping):
        text = _template_str(key)
        if text in value:
            return value[text]
        raise EvalError(f"map has no element {text!r}")
    raise EvalError(f"cannot index {type_name(value)}")


def _literal(expr: s.Literal, scope: Scope) -> EvalValue:
    return expr.value


def _template(expr: s.Template, scope: Scope) -> EvalValue:
    if len(expr.parts) == 1 and not isinstance(expr.parts[0], str):
        return evaluate(expr.parts[0], scope)  # "${x}" is x itself, unconverted
    pieces: list[str] = []
    unknown = False
    for part in expr.parts:
        if isinstance(part, str):
            pieces.append(part)
            continue
        value = evaluate(part, scope)
        if is_sensitive(value):
            return SENSITIVE
        if is_unknown(value) or isinstance(value, Namespace):
            unknown = True
            continue
        pieces.append(_template_str(value))
    if unknown:
        return UNKNOWN
    budget.check_string_parts(pieces)
    return "".join(pieces)


def _template_str(value: EvalValue) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(normalize_number(value))
    if value is None:
        raise EvalError("cannot include null in a string template")
    raise EvalError(f"cannot convert {type_name(value)} to string")


def _tuple(expr: s.TupleExpr, scope: Scope) -> EvalValue:
    budget.check_size(len(expr.items))
    return tuple(evaluate(item, scope) for item in expr.items)


def _object(expr: s.ObjectExpr, scope: Scope) -> EvalValue:
    budget.check_size(len(expr.items))
    result: dict[str, EvalValue] = {}
    for key_expr, value_expr in expr.items:
        key = evaluate(key_expr, scope)
        if is_sensitive(key):
            return SENSITIVE
        if is_unknown(key) or isinstance(key, Namespace):
            return UNKNOWN  # an unknown key makes the whole object's shape unknown
        result[_template_str(key)] = evaluate(value_expr, scope)
    return result


def _variable(expr: s.Variable, scope: Scope) -> EvalValue:
    return scope.lookup(expr.name)


def _get_attr(expr: s.GetAttr, scope: Scope) -> EvalValue:
    return get_attr(evaluate(expr.source, scope), expr.name)


def _index(expr: s.Index, scope: Scope) -> EvalValue:
    return get_index(evaluate(expr.source, scope), evaluate(expr.key, scope))


def _apply_steps(value: EvalValue, steps: tuple[str | s.Expr, ...], scope: Scope) -> EvalValue:
    for step in steps:
        if isinstance(step, str):
            value = get_attr(value, step)
        else:
            value = get_index(value, evaluate(step, scope))
    return value


def _splat(expr: s.Splat, scope: Scope) -> EvalValue:
    source = evaluate(expr.source, scope)
    if isinstance(source, Unknown) and source.sensitive:
        return SENSITIVE
    if is_unknown(source):
        return UNKNOWN
    if source is None:
        items: tuple[EvalValue, ...] = ()
    elif isinstance(source, tuple):
        items = source
    else:
        items = (source,)  # a single value splats to a one-element list
    if expr.full:
        return tuple(_apply_steps(item, expr.steps, scope) for item in items)
    # Attribute-only splat: the first index step ends the per-element traversal.
    split = next((i for i, step in enumerate(expr.steps) if not isinstance(step, str)), None)
    per_item = expr.steps if split is None else expr.steps[:split]
    rest = () if split is None else expr.steps[split:]
    result: EvalValue = tuple(_apply_steps(item, per_item, scope) for item in items)
    return _apply_steps(result, rest, scope)


def _call(expr: s.Call, scope: Scope) -> EvalValue:
    if expr.name in ("try", "can"):
        return _try(expr, scope)
    args = [evaluate(arg, scope) for arg in expr.args]
    # Terraform marks a function's whole result with every mark of its arguments; nonsensitive()
    # cannot reveal what was never held, and sensitive() hides what it is given.
    if expr.name == "sensitive" or any(is_sensitive(arg) for arg in args):
        return SENSITIVE
    if expr.expand_final and args:
        last = args.pop()
        if is_unknown(last):
            return UNKNOWN
        if not isinstance(last, tuple):
            raise EvalError("a function argument expansion needs a list")
        args.extend(last)
    return functions.call(expr.name, args, scope.files)


def _try(expr: s.Call, scope: Scope) -> EvalValue:
    if expr.name == "can":
        if len(expr.args) != 1:
            raise EvalError("can takes one argument")
        try:
            value = evaluate(expr.args[0], scope)
        except EvalError:
            return False
        if is_sensitive(value):
            return SENSITIVE  # stricter than Terraform: can(regex(..., secret)) tells of it
        return True if is_wholly_known(value) else UNKNOWN
    for arg in expr.args:
        try:
            value = evaluate(arg, scope)
        except EvalError:
            continue
        # Terraform's try() returns unknown when the first working argument is unknown (and
        # keeps its marks: SENSITIVE stays SENSITIVE).
        return value
    raise EvalError("no expression given to try() evaluated without errors")


def _truth(value: EvalValue) -> bool | None:
    """Condition value, or None when unknown."""
    if is_unknown(value) or isinstance(value, Namespace):
        return None
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise EvalError(f"a condition must be bool, got {type_name(value)}")


def _conditional(expr: s.Conditional, scope: Scope) -> EvalValue:
    value = evaluate(expr.condition, scope)
    if is_sensitive(value):
        return SENSITIVE  # which branch was taken tells of the secret
    condition = _truth(value)
    if condition is None:
        return UNKNOWN
    return evaluate(expr.if_true if condition else expr.if_false, scope)


_ARITHMETIC: Mapping[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "%": lambda a, b: math_fmod(a, b),
}
_COMPARE: Mapping[str, Callable[[float, float], bool]] = {
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
}


def math_fmod(a: float, b: float) -> float:
    result = abs(a) % abs(b)
    return -result if a < 0 else result


def _num(value: EvalValue) -> float:
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            raise EvalError(f"expected a number, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise EvalError(f"expected a number, got {type_name(value)}")
    return value


def _binary(expr: s.BinaryOp, scope: Scope) -> EvalValue:
    op = expr.op
    if op in ("&&", "||"):
        left_value = evaluate(expr.left, scope)
        left = _truth(left_value)
        # Short-circuit on a known deciding left operand, as HCL's result is then determined.
        # Terraform still marks it with the right operand's marks (`true || var.secret == x` is
        # sensitive in a real plan), so the right side is looked at unless it fails.
        if left is (op == "||"):
            return SENSITIVE if _sensitive_or_broken(expr.right, scope) else left
        right_value = evaluate(expr.right, scope)
        if is_sensitive(left_value) or is_sensitive(right_value):
            return SENSITIVE
        right = _truth(right_value)
        if left is None or right is None:
            if right is (op == "||"):
                return right
            return UNKNOWN
        return right
    left_value = evaluate(expr.left, scope)
    right_value = evaluate(expr.right, scope)
    if is_sensitive(left_value) or is_sensitive(right_value):
        return SENSITIVE
    if op in ("==", "!="):
        if not is_wholly_known(left_value) or not is_wholly_known(right_value):
            return UNKNOWN
        equal = _equal(left_value, right_value)
        return equal if op == "==" else not equal
    if is_unknown(left_value) or is_unknown(right_value):
        return UNKNOWN
    if isinstance(left_value, Namespace) or isinstance(right_value, Namespace):
        return UNKNOWN
    a, b = _num(left_value), _num(right_value)
    if op in _COMPARE:
        return _COMPARE[op](a, b)
    if op in _ARITHMETIC:
        if op in ("/", "%") and b == 0:
            raise EvalError("division by zero")
        try:
            result = _ARITHMETIC[op](a, b)
            if op != "/" and isinstance(left_value, int) and isinstance(right_value, int):
                # `x * x` chains square the size of a whole number at every step
                return budget.check_int(int(result))
            return normalize_number(result)
        except OverflowError:  # a big whole number divided into a float, inf to int
            raise EvalError(f"the result of {op} is out of range") from None
    raise EvalError(f"unsupported operator {op}")


def _sensitive_or_broken(expr: s.Expr, scope: Scope) -> bool:
    """Whether an operand a short-circuit skipped is sensitive (an error there is HCL's to skip)."""
    try:
        return is_sensitive(evaluate(expr, scope))
    except EvalError:
        return False


def _equal(a: EvalValue, b: EvalValue) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b
    if type(a) is not type(b) and not (isinstance(a, Mapping) and isinstance(b, Mapping)):
        return False
    return a == b


def _unary(expr: s.UnaryOp, scope: Scope) -> EvalValue:
    value = evaluate(expr.operand, scope)
    if is_sensitive(value):
        return SENSITIVE
    if expr.op == "!":
        truth = _truth(value)
        return UNKNOWN if truth is None else not truth
    if is_unknown(value) or isinstance(value, Namespace):
        return UNKNOWN
    return normalize_number(-_num(value))  # a whole number's size is unchanged


def _for(expr: s.ForExpr, scope: Scope) -> EvalValue:
    collection = evaluate(expr.collection, scope)
    if isinstance(collection, Unknown) and collection.sensitive:
        return SENSITIVE
    if is_unknown(collection) or isinstance(collection, Namespace):
        return UNKNOWN
    pairs: list[tuple[EvalValue, EvalValue]]
    if isinstance(collection, tuple):
        pairs = [(i, v) for i, v in enumerate(collection)]
    elif isinstance(collection, Mapping):
        pairs = [(k, collection[k]) for k in sorted(collection)]
    elif collection is None:
        raise EvalError("cannot iterate over null")
    else:
        raise EvalError(f"cannot iterate over {type_name(collection)}")
    budget.check_size(len(pairs))
    items: list[EvalValue] = []
    entries: dict[str, EvalValue] = {}
    groups: dict[str, list[EvalValue]] = {}  # lists while grouping: linear, not quadratic
    for key, value in pairs:
        names: dict[str, EvalValue] = {expr.value_var: value}
        if expr.key_var is not None:
            names[expr.key_var] = key
        inner = scope.child(names)
        if expr.condition is not None:
            condition = evaluate(expr.condition, inner)
            if is_sensitive(condition):
                return SENSITIVE  # what is kept tells of the secret
            keep = _truth(condition)
            if keep is None:
                return UNKNOWN
            if not keep:
                continue
        item = evaluate(expr.value, inner)
        if expr.key is None:
            items.append(item)
            continue
        key_value = evaluate(expr.key, inner)
        if is_sensitive(key_value):
            return SENSITIVE
        if is_unknown(key_value) or isinstance(key_value, Namespace):
            return UNKNOWN
        text = _template_str(key_value)
        if expr.grouping:
            groups.setdefault(text, []).append(item)
        elif text in entries:
            raise EvalError(f"duplicate object key {text!r} in for expression")
        else:
            entries[text] = item
    if expr.grouping:
        return {text: tuple(group) for text, group in groups.items()}
    return tuple(items) if expr.key is None else entries


def _opaque(expr: s.Opaque, scope: Scope) -> EvalValue:
    return UNKNOWN


_EVALUATORS: Mapping[type, Callable[..., EvalValue]] = {
    s.Literal: _literal,
    s.Template: _template,
    s.TupleExpr: _tuple,
    s.ObjectExpr: _object,
    s.Variable: _variable,
    s.GetAttr: _get_attr,
    s.Index: _index,
    s.Splat: _splat,
    s.Call: _call,
    s.Conditional: _conditional,
    s.BinaryOp: _binary,
    s.UnaryOp: _unary,
    s.ForExpr: _for,
    s.Opaque: _opaque,
}
