"""TOML values as the types a rule's Options dataclass declares (for `config.py`).

A value converts only when it has the declared shape: booleans are not integers, arrays become
tuples or frozensets (options are frozen), `Literal` choices are compared by type and value.
`describe` names a type the way an error message needs it ("an array of strings").
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections import abc
from collections.abc import Mapping
from typing import Literal, get_args, get_origin

_SEQUENCES = (tuple, list, abc.Sequence)
_SETS = (set, frozenset, abc.Set)


def type_name(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string"}
    names |= {list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def dataclass_items(tp: object) -> type[object] | None:
    """The item class of `tuple[SomeDataclass, ...]`, else None."""
    args = get_args(tp)
    if get_origin(tp) is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = args[0]
        if isinstance(item, type) and dataclasses.is_dataclass(item):
            return item
    return None


def convert(value: object, tp: object) -> tuple[bool, object]:
    origin = get_origin(tp)
    args = get_args(tp)
    if tp is object or tp is typing.Any:
        return True, value
    if tp is bool:
        return isinstance(value, bool), value
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool), value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False, value
        return True, float(value)
    if tp is str:
        return isinstance(value, str), value
    if origin is Literal:
        return any(value == a and type(value) is type(a) for a in args), value
    if origin is typing.Union or origin is types.UnionType:
        for arg in args:
            ok, converted = convert(value, arg)
            if ok:
                return True, converted
        return False, value
    if origin in _SEQUENCES or origin in _SETS:
        if not isinstance(value, list):
            return False, value
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(value):
                return False, value
            pairs = list(zip(value, args, strict=True))
        else:
            item = args[0] if args else object
            pairs = [(v, item) for v in value]
        items = []
        for v, t in pairs:
            ok, converted = convert(v, t)
            if not ok:
                return False, value
            items.append(converted)
        if origin is list:
            return True, items
        if origin in _SETS:
            return True, frozenset(items)
        return True, tuple(items)  # frozen options want immutable sequences
    if origin in (dict, Mapping):
        if not isinstance(value, dict):
            return False, value
        key_t, value_t = args if args else (str, object)
        out: dict[object, object] = {}
        for k, v in value.items():
            ok_k, ck = convert(k, key_t)
            ok_v, cv = convert(v, value_t)
            if not (ok_k and ok_v):
                return False, value
            out[ck] = cv
        return True, out
    if isinstance(tp, type):
        return isinstance(value, tp), value
    return True, value  # an annotation we cannot check: let the dataclass decide


def describe(tp: object) -> str:
    origin = get_origin(tp)
    args = get_args(tp)
    simple = {
        bool: "a boolean (true or false)",
        int: "an integer",
        float: "a number",
        str: "a string",
    }
    if tp in simple:
        return simple[tp]
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in args)
    if origin is typing.Union or origin is types.UnionType:
        return " or ".join(describe(a) for a in args if a is not type(None))
    if origin in (dict, Mapping):
        return "a table"
    if origin is not None:
        item = describe(args[0]) if args else "values"
        return f"an array of {item.removeprefix('a ').removeprefix('an ')}s" if args else "an array"
    return getattr(tp, "__name__", str(tp))
