"""Plan or state JSON -> `Inventory` of resource instances with references resolved.

Which instances exist after apply (plan): `planned_values` (root and child modules) merged with
`resource_changes` (deletes, `forget` and deposed objects skipped), plus resources that are only
in `prior_state` (data sources read during plan). Values come from `change.after` where there is
one; `after_unknown` leaves become `UNKNOWN` and sensitive leaves become `UNKNOWN` too, so secrets
never leave this module.

An unknown leaf is linked through `configuration`: the config resource is found by its
module-relative address in the call-name path (instance keys dropped), and the references of its
expression are followed through `var.` (to the caller's module call arguments), module outputs,
`each.value` of a `for_each` over another resource, and count/for_each key correlation. The result
is a `Ref` to the absolute addresses of the instances it may equal; anything that cannot be
followed (locals, unknown roots, missing configuration) leaves the value `UNKNOWN`.

Nothing here raises on malformed input: an unexpected type reads as absent or unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Final, TypeAlias, cast

from tflint_vpc.address import InstanceAddress, Key, Token, parse_instance_address, tokenize
from tflint_vpc.gc_pause import collector_paused
from tflint_vpc.inventory import SENSITIVE, UNKNOWN, Inventory, Ref, ResourceInstance, Value
from tflint_vpc.plan.config import (
    MAX_MODULE_DEPTH,
    ConfigIndex,
    as_list,
    as_obj,
    is_expression,
    references,
)

MAX_VALUE_DEPTH: Final = 64  # deeper values are UNKNOWN (guards against crafted input)
MAX_HOPS: Final = 200  # var/module/each hops followed for one value (2 frames each)
_SCALAR_TYPES: Final = frozenset(
    {str, int, float, bool, type(None)}
)  # var/module/each hops followed for one value
_META_ROOTS: Final = frozenset({"count", "path", "terraform"})
_DEAD_ROOTS: Final = frozenset({"local", "self", "ephemeral", "resource", "action", "check"})


@dataclass(frozen=True, slots=True)
class _Wildcard:
    """A module step key standing for every instance of a repeated module call."""


_WILD: Final = _Wildcard()
StepKey: TypeAlias = "int | str | _Wildcard | None"
Path: TypeAlias = "tuple[tuple[str, StepKey], ...]"


@cache
def _names(path: Path) -> tuple[str, ...]:
    """The configuration path (call names, no keys) of a module instance path."""
    return tuple(call for call, _ in path)


def _same_key(a: object, b: object) -> bool:
    # 0 == False and 1 == 1.0 in Python; instance keys are compared by type too.
    return type(a) is type(b) and a == b


# --------------------------------------------------------------------------------------------
# Parsed references


@dataclass(frozen=True, slots=True)
class _ResourceRef:
    mode: str
    type: str
    name: str
    has_key: bool
    key: Key
    rest: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class _VarRef:
    name: str
    rest: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class _ModuleRef:
    call: str
    has_key: bool
    key: Key
    output: str | None
    rest: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class _EachValueRef:
    rest: tuple[Token, ...]


@dataclass(frozen=True, slots=True)
class _Benign:
    """A reference whose value is known at plan time (count.index, root variables, ...)."""


@dataclass(frozen=True, slots=True)
class _Dead:
    """A reference that cannot be followed in plan JSON (locals, unknown roots)."""


_Parsed: TypeAlias = "_ResourceRef | _VarRef | _ModuleRef | _EachValueRef | _Benign | _Dead"
_BENIGN: Final = _Benign()
_DEAD: Final = _Dead()


def _parse_reference(text: str) -> _Parsed:
    got = tokenize(text)
    if got is None:
        return _DEAD
    tokens, _ = got
    head = tokens[0]
    if head.is_index:
        return _DEAD
    root = head.name
    if root in _META_ROOTS:
        return _BENIGN
    if root == "each":
        if len(tokens) >= 2 and tokens[1] == Token(name="value"):
            return _EachValueRef(tuple(tokens[2:]))
        return _BENIGN  # each.key
    if root in _DEAD_ROOTS:
        return _DEAD
    if root == "var":
        if len(tokens) < 2 or tokens[1].is_index:
            return _DEAD
        return _VarRef(tokens[1].name, tuple(tokens[2:]))
    if root == "module":
        if len(tokens) < 2 or tokens[1].is_index:
            return _DEAD
        i = 2
        has_key = False
        key: Key = None
        if i < len(tokens) and tokens[i].is_index:
            if tokens[i].key is None:  # a splat over module instances
                return _DEAD
            has_key, key = True, tokens[i].key
            i += 1
        output = None
        if i < len(tokens) and not tokens[i].is_index:
            output = tokens[i].name
            i += 1
        return _ModuleRef(tokens[1].name, has_key, key, output, tuple(tokens[i:]))
    mode = "managed"
    i = 0
    if root == "data":
        mode = "data"
        i = 1
    if i + 1 >= len(tokens) or tokens[i].is_index or tokens[i + 1].is_index:
        return _DEAD
    rtype, rname = tokens[i].name, tokens[i + 1].name
    i += 2
    has_key = False
    key = None
    if i < len(tokens) and tokens[i].is_index:
        if tokens[i].key is not None:
            has_key, key = True, tokens[i].key
        i += 1
    return _ResourceRef(mode, rtype, rname, has_key, key, tuple(tokens[i:]))


def _attribute(rest: tuple[Token, ...]) -> str | None:
    """The attribute a traversal reads from an instance: none -> "id"; nested -> None (unknown)."""
    names = [t.name for t in rest if not t.is_index]
    if not names:
        return "id"
    if len(names) == 1:
        return names[0]
    return None


# --------------------------------------------------------------------------------------------
# Instance index


@dataclass(slots=True)
class _Group:
    """The instances of one resource in one module instance (or several, with wildcards)."""

    by_key: dict[Key, list[str]] = field(default_factory=dict)
    addresses: list[str] = field(default_factory=list)

    def add(self, key: Key, address: str) -> None:
        self.by_key.setdefault(key, []).append(address)
        self.addresses.append(address)


_EMPTY_GROUP: Final = _Group()


class _InstanceIndex:
    """Instances by (module instance path, mode, type, name)."""

    def __init__(self) -> None:
        self.exact: dict[tuple[Path, str, str, str], _Group] = {}
        self.by_config: dict[
            tuple[tuple[str, ...], str, str, str], list[tuple[Path, Key, str]]
        ] = {}
        self.module_paths: set[Path] = {()}
        self._wild_cache: dict[tuple[Path, str, str, str], _Group] = {}

    def add(self, parsed: InstanceAddress, address: str) -> None:
        path: Path = parsed.module
        group = (path, parsed.mode, parsed.type, parsed.name)
        self.exact.setdefault(group, _Group()).add(parsed.key, address)
        conf = (_names(path), parsed.mode, parsed.type, parsed.name)
        self.by_config.setdefault(conf, []).append((path, parsed.key, address))
        for i in range(1, len(path) + 1):
            self.module_paths.add(path[:i])

    def lookup(self, path: Path, mode: str, rtype: str, name: str) -> _Group:
        """The instances of a resource in a module instance path (wildcard steps allowed)."""
        group = (path, mode, rtype, name)
        if not any(isinstance(k, _Wildcard) for _, k in path):
            return self.exact.get(group, _EMPTY_GROUP)
        cached = self._wild_cache.get(group)
        if cached is not None:
            return cached
        found = _Group()
        for inst_path, key, address in self.by_config.get((_names(path), mode, rtype, name), ()):
            if all(
                isinstance(want, _Wildcard) or _same_key(want, have)
                for (_, want), (_, have) in zip(path, inst_path, strict=True)
            ):
                found.add(key, address)
        self._wild_cache[group] = found
        return found


# --------------------------------------------------------------------------------------------
# Resolution


@dataclass(frozen=True, slots=True)
class _Scope:
    """Where references are evaluated: module instance path, repetition key, for_each refs."""

    path: Path
    key: Key = None  # count.index / each.key of the block being evaluated (None: not repeated)
    for_each: tuple[str, ...] = ()  # for_each_expression references of that block


@dataclass(slots=True)
class _Found:
    targets: dict[tuple[str, str], None] = field(default_factory=dict)  # (address, attribute)
    dead: bool = False


_Seen: TypeAlias = "set[tuple[str, _Scope, Key, tuple[Token, ...]]]"


class _Resolver:
    def __init__(self, config: ConfigIndex, index: _InstanceIndex, variables: object) -> None:
        self.config = config
        self.index = index
        self.variables = as_obj(variables)
        self._parsed: dict[str, _Parsed] = {}
        self._prepared: dict[tuple[str, ...], tuple[tuple[str, ...], bool]] = {}
        self._regions: dict[str, str | None] = {}

    # -- references -------------------------------------------------------------------------

    def _prepare(self, refs: tuple[str, ...]) -> tuple[tuple[str, ...], bool]:
        """Drop references implied by a longer one (`x.y` beside `x.y.id`); note dynamic keys."""
        got = self._prepared.get(refs)
        if got is not None:
            return got
        prefixes: set[str] = set()
        for ref in refs:
            tok = tokenize(ref)
            if tok is not None:
                prefixes.update(ref[:end] for end in tok[1][:-1])
        kept = tuple(dict.fromkeys(r for r in refs if r not in prefixes))
        dynamic = "count.index" in refs or "each.key" in refs
        got = (kept, dynamic)
        self._prepared[refs] = got
        return got

    def _parse(self, ref: str) -> _Parsed:
        parsed = self._parsed.get(ref)
        if parsed is None:
            parsed = _parse_reference(ref)
            self._parsed[ref] = parsed
        return parsed

    def resolve(
        self,
        refs: tuple[str, ...],
        scope: _Scope,
        pick: Key,
        suffix: tuple[Token, ...],
        found: _Found,
        seen: _Seen,
        hops: int,
    ) -> None:
        """Add to `found` every (instance, attribute) that `refs` evaluated in `scope` may equal.

        `pick` is the key to select from a keyless resource (for_each over a resource);
        `suffix` is the traversal applied after the value (`var.vpc.id` -> `.id`).
        """
        if hops > MAX_HOPS:
            found.dead = True
            return
        kept, dynamic = self._prepare(refs)
        for ref in kept:
            mark = (ref, scope, pick, suffix)
            if mark in seen:
                continue
            seen.add(mark)
            parsed = self._parse(ref)
            if isinstance(parsed, _ResourceRef):
                self._resource(parsed, scope, pick, dynamic, suffix, found)
            elif isinstance(parsed, _VarRef):
                self._var(parsed, scope, pick, suffix, found, seen, hops)
            elif isinstance(parsed, _ModuleRef):
                self._module(parsed, scope, pick, suffix, found, seen, hops)
            elif isinstance(parsed, _EachValueRef):
                if scope.for_each:
                    inner = _Scope(scope.path)
                    rest = parsed.rest + suffix
                    self.resolve(scope.for_each, inner, scope.key, rest, found, seen, hops + 1)
            elif isinstance(parsed, _Dead):
                found.dead = True

    def _resource(
        self,
        ref: _ResourceRef,
        scope: _Scope,
        pick: Key,
        dynamic: bool,
        suffix: tuple[Token, ...],
        found: _Found,
    ) -> None:
        attribute = _attribute(ref.rest + suffix)
        group = self.index.lookup(scope.path, ref.mode, ref.type, ref.name)
        if attribute is None or not group.addresses:
            found.dead = True
            return
        # Instance keys are int or str (never bool), so dict lookups compare them exactly.
        chosen: Sequence[str]
        if ref.has_key:
            chosen = group.by_key.get(ref.key, ())
        elif pick is not None:
            chosen = group.by_key.get(pick, ())
        elif dynamic and scope.key is not None:
            # `x[count.index]` / `x[each.key]` lost their index: assume the same key.
            chosen = group.by_key.get(scope.key) or group.addresses
        else:
            chosen = group.addresses
        if not chosen:
            found.dead = True
        for address in chosen:
            found.targets[(address, attribute)] = None

    def _var(
        self,
        ref: _VarRef,
        scope: _Scope,
        pick: Key,
        suffix: tuple[Token, ...],
        found: _Found,
        seen: _Seen,
        hops: int,
    ) -> None:
        if not scope.path:
            return  # a root variable: its value is known (plan `variables`)
        parent = scope.path[:-1]
        call_name, call_key = scope.path[-1]
        call = self.config.call(_names(parent), call_name)
        if call is None:
            found.dead = True
            return
        expressions = as_obj(call.get("expressions"))
        if ref.name not in expressions:
            return  # the variable's default: known
        refs = references(expressions[ref.name])
        if not refs:
            return
        key = None if isinstance(call_key, _Wildcard) else call_key
        caller = _Scope(parent, key, references(call.get("for_each_expression")))
        self.resolve(refs, caller, pick, ref.rest + suffix, found, seen, hops + 1)

    def _module(
        self,
        ref: _ModuleRef,
        scope: _Scope,
        pick: Key,
        suffix: tuple[Token, ...],
        found: _Found,
        seen: _Seen,
        hops: int,
    ) -> None:
        child = self.config.module((*_names(scope.path), ref.call))
        output = None if ref.output is None or child is None else child.outputs.get(ref.output)
        if output is None or len(scope.path) >= MAX_MODULE_DEPTH:
            found.dead = True  # includes `module.m[count.index].out`, whose refs lose the output
            return
        refs = references(output.get("expression"))
        if not refs:
            return
        step: StepKey
        if ref.has_key:
            step = ref.key
        elif (*scope.path, (ref.call, None)) in self.index.module_paths:
            step = None
        else:
            step = _WILD
        inner = _Scope((*scope.path, (ref.call, step)))
        self.resolve(refs, inner, pick, ref.rest + suffix, found, seen, hops + 1)

    def link(self, refs: tuple[str, ...], scope: _Scope, merged: bool, leaf: str) -> Value:
        """The value of an unknown leaf whose expression has `refs`: a Ref, or UNKNOWN."""
        found = _Found()
        self.resolve(refs, scope, None, (), found, set(), 0)
        if merged:
            # One reference list for several blocks: every `id` target is a candidate for an
            # id-like leaf; the builder picks by type and CIDR. Dead ends only shorten the list.
            if not (leaf == "id" or leaf.endswith(("_id", "_ids"))):
                return UNKNOWN
            ids = tuple(dict.fromkeys(a for a, attr in found.targets if attr == "id"))
            return Ref(ids, "id") if ids else UNKNOWN
        if found.dead or not found.targets:
            return UNKNOWN
        attributes = {attr for _, attr in found.targets}
        if len(attributes) != 1:
            return UNKNOWN
        return Ref(tuple(dict.fromkeys(a for a, _ in found.targets)), attributes.pop())

    # -- region -----------------------------------------------------------------------------

    def region(self, provider_key: object) -> str | None:
        if not isinstance(provider_key, str):
            return None
        if provider_key not in self._regions:
            self._regions[provider_key] = self._region(provider_key)
        return self._regions[provider_key]

    def _region(self, provider_key: str) -> str | None:
        provider = as_obj(self.config.providers.get(provider_key))
        module_address = provider.get("module_address")
        path: tuple[str, ...] = ()
        if isinstance(module_address, str) and module_address:
            parsed = _module_names(module_address)
            if parsed is None:
                return None
            path = parsed
        expr: object = as_obj(provider.get("expressions")).get("region")
        for _ in range(MAX_MODULE_DEPTH + 1):
            expr_obj = as_obj(expr)
            constant = expr_obj.get("constant_value")
            if isinstance(constant, str):
                return constant
            var_names = {
                p.name
                for p in map(self._parse, references(expr_obj))
                if isinstance(p, _VarRef) and not p.rest
            }
            if len(var_names) != 1 or len(references(expr_obj)) != 1:
                return None
            name = var_names.pop()
            if not path:
                value = as_obj(self.variables.get(name)).get("value")
                return value if isinstance(value, str) else None
            call = self.config.call(path[:-1], path[-1])
            expressions = as_obj(None if call is None else call.get("expressions"))
            if name not in expressions:
                return None  # the variable's default is not in plan JSON for child modules
            expr, path = expressions[name], path[:-1]
        return None


def _module_names(module_address: str) -> tuple[str, ...] | None:
    got = tokenize(module_address)
    if got is None:
        return None
    tokens = [t for t in got[0] if not t.is_index]
    if len(tokens) % 2 or any(t.name != "module" for t in tokens[::2]):
        return None
    return tuple(t.name for t in tokens[1::2])


# --------------------------------------------------------------------------------------------
# Values


def _has_true(node: object, depth: int = 0) -> bool:
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
    return any(child is True or (child and _has_true(child, depth + 1)) for child in children)


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
class _Draft:
    """An instance found in the document, before its values are converted."""

    address: str
    parsed: InstanceAddress
    values: object
    unknown: object = None
    sensitive: tuple[object, ...] = ()


class _Builder:
    def __init__(self, resolver: _Resolver | None) -> None:
        self.resolver = resolver

    def convert(
        self,
        value: object,
        unknown: object,
        sensitive: tuple[object, ...],
        expr: object,
        merged: tuple[str, ...] | None,
        leaf: str,
        scope: _Scope,
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
                keys += [k for k, u in unk.items() if k not in obj and _has_true(u)]
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
        self, expr: object, merged: tuple[str, ...] | None, leaf: str, scope: _Scope
    ) -> Value:
        if self.resolver is None:
            return UNKNOWN
        if merged is not None:
            return self.resolver.link(merged, scope, True, leaf) if merged else UNKNOWN
        if is_expression(expr):
            refs = references(expr)
            return self.resolver.link(refs, scope, False, leaf) if refs else UNKNOWN
        return UNKNOWN

    def values(self, draft: _Draft, config: Mapping[str, object] | None) -> Mapping[str, Value]:
        expressions: object = None
        scope = _Scope(draft.parsed.module, draft.parsed.key)
        if config is not None:
            expressions = as_obj(config.get("expressions"))
            scope = _Scope(
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


# --------------------------------------------------------------------------------------------
# Documents


def _walk_module(root: object) -> Iterator[Mapping[str, object]]:
    """Resources of a values-representation module and its child modules, in document order."""
    stack: list[tuple[object, int]] = [(root, 0)]
    while stack:
        raw, depth = stack.pop()
        mod = as_obj(raw)
        yield from (as_obj(r) for r in as_list(mod.get("resources")))
        if depth < MAX_MODULE_DEPTH:
            children = as_list(mod.get("child_modules"))
            stack.extend((child, depth + 1) for child in reversed(children))


def _actions(rc: Mapping[str, object]) -> list[str]:
    return [a for a in as_list(as_obj(rc.get("change")).get("actions")) if isinstance(a, str)]


def _gone_after_apply(actions: Sequence[str]) -> bool:
    return ("delete" in actions or "forget" in actions) and "create" not in actions


class _Drafts:
    def __init__(self) -> None:
        self.by_address: dict[str, _Draft] = {}

    def add(
        self,
        address: object,
        draft_values: object,
        *,
        unknown: object = None,
        sensitive: tuple[object, ...] = (),
    ) -> None:
        if not isinstance(address, str) or address in self.by_address:
            return
        parsed = parse_instance_address(address)
        if parsed is None:
            return
        # Only masks that mark something: `false`, `{}` and `{"tags": {}}` mark nothing.
        masks = tuple(m for m in sensitive if _has_true(m))
        self.by_address[address] = _Draft(address, parsed, draft_values, unknown, masks)


def _plan_drafts(data: Mapping[str, object]) -> _Drafts:
    changes: dict[str, Mapping[str, object]] = {}
    gone: set[str] = set()
    for raw in as_list(data.get("resource_changes")):
        rc = as_obj(raw)
        address = rc.get("address")
        if not isinstance(address, str) or "deposed" in rc:
            continue
        if _gone_after_apply(_actions(rc)):
            gone.add(address)
        else:
            changes.setdefault(address, rc)
    drafts = _Drafts()

    def add_change(address: str, rc: Mapping[str, object], extra: tuple[object, ...]) -> None:
        change = as_obj(rc.get("change"))
        after = change.get("after")
        drafts.add(
            address,
            after,
            unknown=change.get("after_unknown"),
            sensitive=(change.get("after_sensitive"), *extra),
        )

    for res in _walk_module(as_obj(data.get("planned_values")).get("root_module")):
        address = res.get("address")
        if not isinstance(address, str) or address in gone:
            continue
        sensitive = res.get("sensitive_values")
        planned_rc = changes.get(address)
        if planned_rc is not None and isinstance(
            as_obj(planned_rc.get("change")).get("after"), dict
        ):
            add_change(address, planned_rc, (sensitive,))
        else:
            drafts.add(address, res.get("values"), sensitive=(sensitive,))
    for address, rc in changes.items():
        if address not in drafts.by_address and isinstance(
            as_obj(rc.get("change")).get("after"), dict
        ):
            add_change(address, rc, ())
    prior = as_obj(as_obj(data.get("prior_state")).get("values")).get("root_module")
    for res in _walk_module(prior):
        address = res.get("address")
        if isinstance(address, str) and address not in gone:
            drafts.add(address, res.get("values"), sensitive=(res.get("sensitive_values"),))
    return drafts


@collector_paused()  # millions of acyclic objects that live until the end of the lint
def inventory_from_document(data: Mapping[str, object], source: str, kind: str) -> Inventory:
    """Resolve a parsed plan (`kind="plan"`) or state (`kind="state"`) JSON document."""
    if not isinstance(data, dict):
        return Inventory(source=source, kind=kind, instances=())
    drafts: _Drafts
    config: ConfigIndex | None = None
    if kind == "plan":
        drafts = _plan_drafts(data)
        config = ConfigIndex(data.get("configuration"))
    else:
        drafts = _Drafts()
        for res in _walk_module(as_obj(data.get("values")).get("root_module")):
            drafts.add(
                res.get("address"), res.get("values"), sensitive=(res.get("sensitive_values"),)
            )
    index = _InstanceIndex()
    for draft in drafts.by_address.values():
        index.add(draft.parsed, draft.address)
    resolver = None if config is None else _Resolver(config, index, data.get("variables"))
    builder = _Builder(resolver)
    instances: list[ResourceInstance] = []
    for draft in drafts.by_address.values():
        parsed = draft.parsed
        conf = None
        if config is not None:
            conf = config.resource(_names(parsed.module), parsed.relative)
        region = None
        if resolver is not None and conf is not None:
            region = resolver.region(conf.get("provider_config_key"))
        instances.append(
            ResourceInstance(
                address=draft.address,
                type=parsed.type,
                name=parsed.name,
                mode=parsed.mode,
                module=parsed.module_address,
                index=parsed.key,
                values=builder.values(draft, conf),
                region=region,
            )
        )
    return Inventory(source=source, kind=kind, instances=tuple(instances))
