"""Reference expressions of a plan's `configuration`: parse them and resolve them to instances.

An unknown leaf is linked through `configuration`: the config resource is found by its
module-relative address in the call-name path (instance keys dropped), and the references of its
expression are followed through `var.` (to the caller's module call arguments), module outputs
(a literal element of a counted resource's splat list included), and `each.value` of a
`for_each` over another resource. The result is a `Ref` to the absolute addresses of the
instances it may equal; anything that cannot be followed (locals, unknown roots, missing
configuration) leaves the value `UNKNOWN`. An index is never guessed: the references of
`x[count.index]` are those of `x[1 - count.index]`, so both name every instance of `x` (which
the builder treats as unknown) and only the HCL (`--source-dir`) can pick one. A provider's
`region` is followed the same way, through `var.` up to the root variables.

Nothing here raises on malformed input: an unexpected type reads as absent or unknown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, TypeAlias

from tflint_vpc.address import Key, Token, tokenize
from tflint_vpc.inventory import UNKNOWN, Ref, Value
from tflint_vpc.plan.config import MAX_MODULE_DEPTH, ConfigIndex, as_obj, references
from tflint_vpc.plan.instances import WILD, InstanceIndex, Path, StepKey, Wildcard, call_names

MAX_HOPS: Final = 200  # var/module/each hops followed for one value (2 frames each)
_META_ROOTS: Final = frozenset({"count", "path", "terraform"})
_DEAD_ROOTS: Final = frozenset({"local", "self", "ephemeral", "resource", "action", "check"})


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


@dataclass(frozen=True, slots=True)
class ReferenceScope:
    """Where references are evaluated: module instance path, repetition key, for_each refs."""

    path: Path
    key: Key = None  # count.index / each.key of the block being evaluated (None: not repeated)
    for_each: tuple[str, ...] = ()  # for_each_expression references of that block


@dataclass(slots=True)
class _Resolution:
    """What `resolve` found: the targets a value may equal; `dead` when a path was lost."""

    targets: dict[tuple[str, str], None] = field(default_factory=dict)  # (address, attribute)
    dead: bool = False


_Mark: TypeAlias = "tuple[str, ReferenceScope, Key, tuple[Token, ...]]"


@dataclass(slots=True)
class _Walk:
    """One link's walk: each (reference, scope, pick, suffix) resolved once, cycles seen.

    Without the memo, a module output and a call argument that refer to each other by several
    paths branch at every hop, exponentially in a few KB of crafted plan; with it, the work is
    bounded by the distinct marks.
    """

    memo: dict[_Mark, _Resolution] = field(default_factory=dict)
    active: set[_Mark] = field(default_factory=set)  # marks being resolved: a repeat is a cycle


def _suffix(rest: tuple[Token, ...]) -> tuple[Token, ...]:
    """What `_attribute` reads of a traversal: its first two names (indexes never count).

    Normalised, so that `var.x[0]` and `var.x[1]` on a cycle do not make ever-longer, distinct
    suffixes that defeat the memo.
    """
    return tuple(t for t in rest if not t.is_index)[:2]


class ReferenceResolver:
    """Resolves references within one document's configuration; also finds provider regions."""

    def __init__(self, config: ConfigIndex, index: InstanceIndex, variables: object) -> None:
        self.config = config
        self.index = index
        self.variables = as_obj(variables)
        self._parsed: dict[str, _Parsed] = {}
        self._prepared: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._regions: dict[str, str | None] = {}

    # -- references -------------------------------------------------------------------------

    def _prepare(self, refs: tuple[str, ...]) -> tuple[str, ...]:
        """Drop references implied by a longer one (`x.y` beside `x.y.id`)."""
        got = self._prepared.get(refs)
        if got is not None:
            return got
        prefixes: set[str] = set()
        for ref in refs:
            tok = tokenize(ref)
            if tok is not None:
                prefixes.update(ref[:end] for end in tok[1][:-1])
        got = tuple(dict.fromkeys(r for r in refs if r not in prefixes))
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
        scope: ReferenceScope,
        pick: Key,
        suffix: tuple[Token, ...],
        found: _Resolution,
        walk: _Walk,
        hops: int,
    ) -> None:
        """Add to `found` every (instance, attribute) that `refs` evaluated in `scope` may equal.

        `pick` is the key to select from a keyless resource (for_each over a resource);
        `suffix` is the traversal applied after the value (`var.vpc.id` -> `.id`).
        """
        if hops > MAX_HOPS:
            found.dead = True
            return
        suffix = _suffix(suffix)
        for ref in self._prepare(refs):
            mark = (ref, scope, pick, suffix)
            if mark in walk.active:
                found.dead = True  # a reference cycle (Terraform rejects it): unknown
                continue
            done = walk.memo.get(mark)
            if done is None:
                done = _Resolution()
                walk.active.add(mark)
                self._follow(ref, scope, pick, suffix, done, walk, hops)
                walk.active.discard(mark)
                walk.memo[mark] = done
            found.targets.update(done.targets)
            found.dead = found.dead or done.dead

    def _follow(
        self,
        ref: str,
        scope: ReferenceScope,
        pick: Key,
        suffix: tuple[Token, ...],
        found: _Resolution,
        walk: _Walk,
        hops: int,
    ) -> None:
        parsed = self._parse(ref)
        if isinstance(parsed, _ResourceRef):
            self._resource(parsed, scope, pick, suffix, found)
        elif isinstance(parsed, _VarRef):
            self._var(parsed, scope, pick, suffix, found, walk, hops)
        elif isinstance(parsed, _ModuleRef):
            self._module(parsed, scope, pick, suffix, found, walk, hops)
        elif isinstance(parsed, _EachValueRef):
            if scope.for_each:
                inner = ReferenceScope(scope.path)
                rest = parsed.rest + suffix
                self.resolve(scope.for_each, inner, scope.key, rest, found, walk, hops + 1)
        elif isinstance(parsed, _Dead):
            found.dead = True

    def _resource(
        self,
        ref: _ResourceRef,
        scope: ReferenceScope,
        pick: Key,
        suffix: tuple[Token, ...],
        found: _Resolution,
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
            # `each.value` of a for_each over this resource: the instance with that key. Over a
            # map of single resources' ids (`{ a = aws_subnet.a.id }`) the plan does not say
            # which entry holds the key, and the key is no key of theirs: nothing is chosen.
            chosen = group.by_key.get(pick, ()) if None not in group.by_key else ()
        else:
            # Keyless: every instance. A dynamic index (`x[count.index]`) is not assumed to be
            # the block's own key: `x[1 - count.index]` leaves the same references, so only
            # the HCL (`--source-dir`) can tell which instance it is.
            chosen = group.addresses
        if not chosen:
            found.dead = True
        for address in chosen:
            found.targets[(address, attribute)] = None

    def _var(
        self,
        ref: _VarRef,
        scope: ReferenceScope,
        pick: Key,
        suffix: tuple[Token, ...],
        found: _Resolution,
        walk: _Walk,
        hops: int,
    ) -> None:
        if not scope.path:
            return  # a root variable: its value is known (plan `variables`)
        parent = scope.path[:-1]
        call_name, call_key = scope.path[-1]
        call = self.config.call(call_names(parent), call_name)
        if call is None:
            found.dead = True
            return
        expressions = as_obj(call.get("expressions"))
        if ref.name not in expressions:
            return  # the variable's default: known
        refs = references(expressions[ref.name])
        if not refs:
            return
        key = None if isinstance(call_key, Wildcard) else call_key
        caller = ReferenceScope(parent, key, references(call.get("for_each_expression")))
        self.resolve(refs, caller, pick, ref.rest + suffix, found, walk, hops + 1)

    def _module(
        self,
        ref: _ModuleRef,
        scope: ReferenceScope,
        pick: Key,
        suffix: tuple[Token, ...],
        found: _Resolution,
        walk: _Walk,
        hops: int,
    ) -> None:
        child = self.config.module((*call_names(scope.path), ref.call))
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
            step = WILD
        inner = ReferenceScope((*scope.path, (ref.call, step)))
        rest = ref.rest
        if rest and rest[0].is_index:
            # `module.vpc.private_subnets[1]`: an element of a list output.
            element = self._list_element(refs, inner, pick, rest[0])
            if element is None:
                found.dead = True
                return
            pick, rest = element, rest[1:]
        self.resolve(refs, inner, pick, rest + suffix, found, walk, hops + 1)

    def _list_element(
        self, refs: tuple[str, ...], inner: ReferenceScope, pick: Key, index: Token
    ) -> int | None:
        """The instance key a literal index picks from a list output, or None if unsure.

        Only the shape `aws_subnet.private[*].id` (references: the one keyless resource, which
        has `count`) is read, as the list of its instances in index order. The plan keeps no
        more of the expression, so a function over that splat (`reverse(...)`) would read the
        same; `--source-dir` evaluates the real expression and wins over this.
        """
        if pick is not None or not isinstance(index.key, int) or isinstance(index.key, bool):
            return None
        kept = self._prepare(refs)
        if len(kept) != 1:
            return None
        parsed = self._parse(kept[0])
        if not isinstance(parsed, _ResourceRef) or parsed.has_key or parsed.rest:
            return None
        group = self.index.lookup(inner.path, parsed.mode, parsed.type, parsed.name)
        if not group.by_key or not all(type(k) is int for k in group.by_key):
            return None  # not counted: a for_each map or a single resource has no list order
        return index.key

    def link(self, refs: tuple[str, ...], scope: ReferenceScope, merged: bool, leaf: str) -> Value:
        """The value of an unknown leaf whose expression has `refs`: a Ref, or UNKNOWN."""
        found = _Resolution()
        self.resolve(refs, scope, None, (), found, _Walk(), 0)
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
