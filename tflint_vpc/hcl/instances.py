"""Expand a module tree into resource instances, evaluating lazily.

Every name an expression can reach (`var.x`, `local.y`, `aws_vpc.main.id`, `module.m["k"].out`)
is a `Namespace` resolved on demand and cached, so evaluation order never matters and a cycle
(`a` needs `b` needs `a`) yields UNKNOWN instead of recursing forever.

Addresses are Terraform's: `module.net["a"].aws_subnet.this[0]`, keys Go-%q quoted.
A reference to another resource's attribute is the literal when the configuration sets it, else
a `Ref` to the exact instance (`aws_subnet.a[count.index].id` -> `Ref(("aws_subnet.a[0]",))`).

Instances count against the run's `budget` (all modules and counts together), and a resource's
or module call's collection is built once, so `aws_vpc.a[count.index]` costs O(1) per reference.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from tflint_vpc.hcl import budget, functions
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.blocks import RESOURCE_META, evaluate_body
from tflint_vpc.hcl.evaluate import Scope, evaluate_or_unknown
from tflint_vpc.hcl.modules import ModuleCall, ModuleNode, ResourceConfig
from tflint_vpc.hcl.schema_facts import DATA_SOURCES as COMPUTED_DATA
from tflint_vpc.hcl.schema_facts import RESOURCES as COMPUTED
from tflint_vpc.hcl.values import (
    EvalError,
    EvalValue,
    Namespace,
    normalize_number,
)
from tflint_vpc.inventory import SENSITIVE, UNKNOWN, Ref, Unknown, Value

Key = int | str | None
MAX_INSTANCES = 10_000  # per resource or module call; more is a mistake, not a network


def go_quote(text: str) -> str:
    """Go's %q for the strings Terraform uses as instance keys."""
    out = ['"']
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def key_suffix(key: Key) -> str:
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return f"[{go_quote(key)}]"


class Session:
    """State shared by one root module's evaluation: cycle guard, budget and notices."""

    def __init__(
        self, root_variables: Mapping[str, Value], run_budget: budget.Budget | None = None
    ) -> None:
        self.root_variables = root_variables
        self.active: set[tuple[int, str]] = set()
        self.notices: list[str] = []
        self.budget = run_budget if run_budget is not None else budget.Budget()

    def guarded(self, owner: object, what: str, compute: Callable[[], EvalValue]) -> EvalValue:
        key = (id(owner), what)
        if key in self.active:
            return UNKNOWN  # a reference cycle: Terraform rejects it; we stay silent
        self.active.add(key)
        try:
            return compute()
        finally:
            self.active.discard(key)


@dataclass(frozen=True, slots=True)
class Expansion:
    """The instance keys of a resource or module call (one `None` key when not repeated)."""

    keys: tuple[tuple[Key, EvalValue], ...] | None  # (key, each.value); None = unknown
    repeated: str | None  # "count" | "for_each" | None
    over_budget: bool = False  # unknown because the run's instance budget is spent

    def collection(self, make: Callable[[Key, EvalValue], EvalValue]) -> EvalValue:
        if self.keys is None:
            return UNKNOWN
        if self.repeated is None:
            return make(None, None)
        if self.repeated == "count":
            return tuple(make(k, v) for k, v in self.keys)
        return {str(k): make(k, v) for k, v in self.keys}


def expand(count: s.Expr | None, for_each: s.Expr | None, scope: Scope) -> Expansion:
    if count is not None:
        value = evaluate_or_unknown(count, scope)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not 0 <= value <= MAX_INSTANCES
            or value != int(value)
        ):
            return Expansion(None, "count")  # unknown, or not a count Terraform would accept
        return Expansion(tuple((i, None) for i in range(int(value))), "count")
    if for_each is not None:
        value = evaluate_or_unknown(for_each, scope)
        if isinstance(value, Mapping | tuple) and len(value) > MAX_INSTANCES:
            return Expansion(None, "for_each")
        if isinstance(value, Mapping):
            return Expansion(tuple((k, value[k]) for k in sorted(value)), "for_each")
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            keys = sorted({v for v in value if isinstance(v, str)})
            return Expansion(tuple((k, k) for k in keys), "for_each")
        return Expansion(None, "for_each")
    return Expansion(((None, None),), None)


class _Names(Namespace):
    """`var`, `local`, `module`, `data` and resource types of one module instance."""

    def __init__(self, resolve: Callable[[str], EvalValue], what: str) -> None:
        self.resolve = resolve
        self.what = what

    def attr(self, name: str) -> EvalValue:
        return self.resolve(name)

    def describe(self) -> str:
        return self.what


class ModuleInstance:
    def __init__(
        self,
        session: Session,
        node: ModuleNode,
        address: str,
        parent: ModuleInstance | None,
        call: ModuleCall | None,
        call_names: Mapping[str, EvalValue],
    ) -> None:
        self.session = session
        self.node = node
        self.config = node.config
        self.address = address
        self.parent = parent
        self.call = call
        self.call_names = call_names  # each/count of this instance, for evaluating call args
        self._variables: dict[str, EvalValue] = {}
        self._locals: dict[str, EvalValue] = {}
        self._outputs: dict[str, EvalValue] = {}
        self._expansions: dict[str, Expansion] = {}
        self._resources: dict[tuple[str, Key], ResourceInstanceContext] = {}
        self._children: dict[tuple[str, Key], ModuleInstance] = {}
        self._collections: dict[str, EvalValue] = {}  # built once: indexing them is O(1)
        self._regions: dict[str, str | None] | None = None
        directory = os.path.realpath(self.config.directory)
        root = directory if parent is None else parent.files.root
        self.files: functions.ModuleFiles = functions.ModuleFiles(root=root, module=directory)
        names: dict[str, EvalValue] = {
            "var": _Names(self.variable, "var"),
            "local": _Names(self.local, "local"),
            "module": _Names(self.module_collection, "module"),
            "data": _Names(self._data_type, "data"),
            # As Terraform sees them when run in the root module: what file() resolves against.
            "path": {"module": self.files.relative_module, "root": ".", "cwd": self.files.root},
            "terraform": {"workspace": "default"},
        }
        self.scope = Scope(names, self._resource_type, self.files)
        self._managed_types = {
            r.type for r in self.config.resources.values() if r.mode == "managed"
        }

    # --- names ---------------------------------------------------------------------------------

    def variable(self, name: str) -> EvalValue:
        if name not in self._variables:
            self._variables[name] = self.session.guarded(
                self, f"var.{name}", lambda: self._compute_variable(name)
            )
        return self._variables[name]

    def _compute_variable(self, name: str) -> EvalValue:
        declared = self.config.variables.get(name)
        if declared is None:
            raise EvalError(f"undeclared variable {name!r}")
        if declared.sensitive:
            return SENSITIVE  # as plan JSON masks it: a secret never reaches values or messages
        if self.parent is None:
            if name in self.session.root_variables:
                return convert_to_type(self.session.root_variables[name], declared.type)
        elif self.call is not None and name in self.call.arguments:
            scope = self.parent.scope.child(self.call_names)
            value = evaluate_or_unknown(self.call.arguments[name], scope)
            if value is not None or declared.default is None:
                return convert_to_type(value, declared.type)
        if declared.default is not None:
            default = evaluate_or_unknown(declared.default, Scope({}))
            return convert_to_type(default, declared.type)
        return UNKNOWN  # a required variable without a value (Terraform would ask)

    def local(self, name: str) -> EvalValue:
        if name not in self._locals:
            expr = self.config.locals.get(name)
            if expr is None:
                raise EvalError(f"undeclared local {name!r}")
            with self.session.budget.at(self.config.local_sites.get(name, "")):
                self._locals[name] = self.session.guarded(
                    self, f"local.{name}", lambda: evaluate_or_unknown(expr, self.scope)
                )
        return self._locals[name]

    def output(self, name: str) -> EvalValue:
        if name not in self._outputs:
            expr = self.config.outputs.get(name)
            if expr is None:
                raise EvalError(f"module has no output {name!r}")
            # A sensitive output is never evaluated. One not marked but derived from a secret
            # comes out SENSITIVE from evaluation, as Terraform marks it in the caller.
            if name in self.config.sensitive_outputs:
                return SENSITIVE
            self._outputs[name] = self.session.guarded(
                self, f"output.{name}", lambda: evaluate_or_unknown(expr, self.scope)
            )
        return self._outputs[name]

    def _resource_type(self, type_: str) -> EvalValue:
        if type_ not in self._managed_types:
            raise EvalError(f"unknown name {type_!r}")
        return _Names(lambda name: self.resource_collection(f"{type_}.{name}"), type_)

    def _data_type(self, type_: str) -> EvalValue:
        return _Names(lambda name: self.resource_collection(f"data.{type_}.{name}"), type_)

    # --- resources -----------------------------------------------------------------------------

    def expansion(self, kind: str, name: str) -> Expansion:
        cache_key = f"{kind}:{name}"
        if cache_key not in self._expansions:
            if kind == "resource":
                resource = self.config.resources[name]
                count, for_each = resource.count, resource.for_each
                where = f"{resource.file}:{resource.block.line}"
            else:
                call = self.config.calls[name]
                count, for_each = call.count, call.for_each
                where = f"{call.file}:{call.block.line}"
            result: list[Expansion] = []

            def compute() -> EvalValue:
                result.append(expand(count, for_each, self.scope))
                return None

            run = self.session.budget
            with run.at(where):
                self.session.guarded(self, f"expand.{cache_key}", compute)
                found = result[0] if result else Expansion(None, "count" if count else "for_each")
                if found.keys is None and run.spent:  # unknown for the budget, not for Terraform
                    found = Expansion(None, found.repeated, over_budget=True)
                # Counted over the whole run: a count inside a module with a count multiplies.
                if found.keys is not None and not run.take_instances(len(found.keys)):
                    found = Expansion(None, found.repeated, over_budget=True)
            self._expansions[cache_key] = found
        return self._expansions[cache_key]

    def resource_collection(self, address: str) -> EvalValue:
        if address not in self.config.resources:
            raise EvalError(f"undeclared resource {address!r}")
        if address not in self._collections:
            self._collections[address] = self.expansion("resource", address).collection(
                lambda key, each: ResourceObject(self.resource_instance(address, key, each))
            )
        return self._collections[address]

    def resource_instance(
        self, address: str, key: Key, each_value: EvalValue
    ) -> ResourceInstanceContext:
        cache_key = (address, key)
        if cache_key not in self._resources:
            resource = self.config.resources[address]
            self._resources[cache_key] = ResourceInstanceContext(self, resource, key, each_value)
        return self._resources[cache_key]

    def resource_instances(self) -> Iterator[ResourceInstanceContext]:
        for address, resource in self.config.resources.items():
            expansion = self.expansion("resource", address)
            if expansion.over_budget:
                continue  # the budget's own notice says so, once
            if expansion.keys is None:
                where = f"{self.address}.{address}" if self.address else address
                self.session.notices.append(
                    f"{where}: {expansion.repeated} is not known before apply (or not valid);"
                    f" its instances are not linted ({resource.file}:{resource.block.line})"
                )
                continue
            for key, each in expansion.keys:
                yield self.resource_instance(address, key, each)

    # --- modules -------------------------------------------------------------------------------

    def module_collection(self, name: str) -> EvalValue:
        if name not in self.config.calls:
            raise EvalError(f"undeclared module {name!r}")
        if self.node.children.get(name) is None:
            return UNKNOWN  # a remote module we could not load
        cache_key = f"module.{name}"
        if cache_key not in self._collections:
            self._collections[cache_key] = self.expansion("module", name).collection(
                lambda key, each: ModuleOutputs(self.child(name, key, each))
            )
        return self._collections[cache_key]

    def child(self, name: str, key: Key, each_value: EvalValue) -> ModuleInstance:
        cache_key = (name, key)
        if cache_key not in self._children:
            node = self.node.children[name]
            assert node is not None
            call = self.config.calls[name]
            prefix = f"{self.address}." if self.address else ""
            names: dict[str, EvalValue] = {}
            if call.count is not None:
                names["count"] = {"index": key}
            elif call.for_each is not None:
                names["each"] = {"key": key, "value": each_value}
            self._children[cache_key] = ModuleInstance(
                self.session, node, f"{prefix}module.{name}{key_suffix(key)}", self, call, names
            )
        return self._children[cache_key]

    def children(self) -> Iterator[ModuleInstance]:
        for name, call in self.config.calls.items():
            if self.node.children.get(name) is None:
                continue
            expansion = self.expansion("module", name)
            if expansion.over_budget:
                continue
            if expansion.keys is None:
                where = f"{self.address}.module.{name}" if self.address else f"module.{name}"
                self.session.notices.append(
                    f"{where}: {expansion.repeated} is not known before apply (or not valid);"
                    f" its resources are not linted ({call.file}:{call.block.line})"
                )
                continue
            for key, each in expansion.keys:
                yield self.child(name, key, each)

    # --- providers -----------------------------------------------------------------------------

    def regions(self) -> Mapping[str, str | None]:
        """Provider configuration key (`aws`, `aws.east`) -> region, as far as known."""
        if self._regions is None:
            regions: dict[str, str | None] = {}
            if self.parent is not None and self.call is not None:
                inherited = self.parent.regions()
                # Default (unaliased) configurations are inherited implicitly.
                regions.update({k: v for k, v in inherited.items() if "." not in k})
                for child_key, parent_key in self.call.providers.items():
                    regions[child_key] = inherited.get(parent_key)
            for key, provider in self.config.providers.items():
                region = provider.block.attribute("region")
                found = evaluate_or_unknown(region.expr, self.scope) if region else None
                regions[key] = found if isinstance(found, str) else None
            self._regions = regions
        return self._regions


def convert_to_type(value: EvalValue, type_expr: s.Expr | None) -> EvalValue:
    """Terraform's conversion of a variable value to its declared type, for the simple cases.

    Primitive types convert between strings, numbers and bools (`count = var.n` with n = "2");
    `set(...)` removes duplicates and orders elements. Anything else passes through unchanged.
    """
    if type_expr is None or isinstance(value, Unknown | Ref | Namespace) or value is None:
        return value
    if isinstance(type_expr, s.Variable):
        if type_expr.name == "number" and isinstance(value, str):
            try:
                return normalize_number(float(value))
            except ValueError:
                return value
        if type_expr.name == "bool" and value in ("true", "false"):
            return value == "true"
        if type_expr.name == "string" and isinstance(value, bool):
            return "true" if value else "false"
        if type_expr.name == "string" and isinstance(value, int | float):
            return str(normalize_number(value))
        return value
    if isinstance(type_expr, s.Call) and type_expr.name == "set" and isinstance(value, tuple):
        return functions.call("toset", [value])
    return value


class ResourceInstanceContext:
    """One instance of a resource block, evaluated lazily."""

    def __init__(
        self, module: ModuleInstance, resource: ResourceConfig, key: Key, each_value: EvalValue
    ) -> None:
        self.module = module
        self.resource = resource
        self.key = key
        prefix = f"{module.address}." if module.address else ""
        self.address = f"{prefix}{resource.address}{key_suffix(key)}"
        names: dict[str, EvalValue] = {}
        if resource.count is not None:
            names["count"] = {"index": key}
        elif resource.for_each is not None:
            names["each"] = {"key": key, "value": each_value}
        self.scope = module.scope.child(names)
        self._attributes: dict[str, EvalValue] = {}
        self._values: dict[str, Value] | None = None

    def attribute(self, name: str) -> EvalValue:
        if name not in self._attributes:
            item = self.resource.block.attribute(name)
            if item is None or name in RESOURCE_META:
                raise KeyError(name)
            self._attributes[name] = self.module.session.guarded(
                self, name, lambda: evaluate_or_unknown(item.expr, self.scope)
            )
        return self._attributes[name]

    def values(self) -> dict[str, Value]:
        if self._values is None:
            where = f"{self.resource.file}:{self.resource.block.line}"
            with self.module.session.budget.at(where):
                values = evaluate_body(self.resource.block.body, self.scope, top=True)
            # Computed attributes left unset are "known after apply", as plan JSON says.
            table = COMPUTED if self.resource.mode == "managed" else COMPUTED_DATA
            for name in table.get(self.resource.type, ()):
                if values.get(name) is None:
                    values[name] = UNKNOWN
            self._values = values
        return self._values

    def region(self) -> str | None:
        provider = self.resource.provider or self.resource.type.split("_", 1)[0]
        return self.module.regions().get(provider)


class ResourceObject(Namespace):
    """A resource instance as seen by a reference (`aws_vpc.main`)."""

    def __init__(self, instance: ResourceInstanceContext) -> None:
        self.instance = instance

    def attr(self, name: str) -> EvalValue:
        block = self.instance.resource.block
        if block.attribute(name) is not None and name not in RESOURCE_META:
            value = self.instance.attribute(name)
            if isinstance(value, Unknown) and value.sensitive:
                return SENSITIVE  # set from a secret: not a Ref another source could fill in
            if isinstance(value, Unknown) or value is None:
                return Ref((self.instance.address,), name)
            return value
        if block.blocks(name) or any(d.labels[:1] == (name,) for d in block.blocks("dynamic")):
            session = self.instance.module.session
            # A block that refers to its own resource is a cycle: UNKNOWN, not a recursion.
            return session.guarded(
                self.instance, "values", lambda: self.instance.values().get(name, UNKNOWN)
            )
        # Not set in the configuration: computed by the provider, known to equal itself.
        return Ref((self.instance.address,), name)

    def describe(self) -> str:
        return self.instance.address


class ModuleOutputs(Namespace):
    def __init__(self, module: ModuleInstance) -> None:
        self.module = module

    def attr(self, name: str) -> EvalValue:
        return self.module.output(name)

    def describe(self) -> str:
        return self.module.address
