"""The `configuration` part of a plan JSON, indexed once for reference resolution.

Configuration has one entry per `module` block (not per instance) and module-RELATIVE resource
addresses, so everything is keyed by the call-name path without instance keys, e.g.
`("network", "subnets")` for `module.network[0].module.subnets[1]`. Every accessor tolerates
odd types (mutated or foreign plans): a wrong type reads as "absent".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

MAX_MODULE_DEPTH = 200  # deeper nesting is treated as absent (guards against crafted input)


def as_obj(value: object) -> Mapping[str, object]:
    """`value` if it is a JSON object, else an empty mapping."""
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> Sequence[object]:
    """`value` if it is a JSON array, else an empty sequence."""
    return value if isinstance(value, list) else ()


def references(expr: object) -> tuple[str, ...]:
    """The `references` of an expression object (strings only)."""
    return tuple(r for r in as_list(as_obj(expr).get("references")) if isinstance(r, str))


def is_expression(node: object) -> bool:
    """True for an expression object (`{}`, `{"references": …}`, `{"constant_value": …}`).

    Block-expressions are also objects but keyed by attribute names; attributes literally
    named `references` or `constant_value` do not occur in the AWS schemas.
    """
    return isinstance(node, dict) and node.keys() <= {"references", "constant_value"}


@dataclass(slots=True)
class ConfigModule:
    """One configuration module: its resources by relative address, calls and outputs."""

    resources: dict[str, Mapping[str, object]] = field(default_factory=dict)
    calls: dict[str, Mapping[str, object]] = field(default_factory=dict)
    outputs: dict[str, Mapping[str, object]] = field(default_factory=dict)


class ConfigIndex:
    """Configuration modules by call-name path, plus provider configurations."""

    def __init__(self, configuration: object) -> None:
        conf = as_obj(configuration)
        self.providers: Mapping[str, object] = as_obj(conf.get("provider_config"))
        self.modules: dict[tuple[str, ...], ConfigModule] = {}
        # Iterative walk: module nesting in crafted input must not hit the recursion limit.
        stack: list[tuple[tuple[str, ...], object]] = [((), conf.get("root_module"))]
        while stack:
            path, raw = stack.pop()
            if path in self.modules or len(path) > MAX_MODULE_DEPTH:
                continue
            mod = as_obj(raw)
            entry = ConfigModule()
            for res in as_list(mod.get("resources")):
                res_obj = as_obj(res)
                address = res_obj.get("address")
                if isinstance(address, str):
                    entry.resources.setdefault(address, res_obj)
            for name, call in as_obj(mod.get("module_calls")).items():
                call_obj = as_obj(call)
                entry.calls[name] = call_obj
                stack.append(((*path, name), call_obj.get("module")))
            for name, out in as_obj(mod.get("outputs")).items():
                entry.outputs[name] = as_obj(out)
            self.modules[path] = entry

    def module(self, path: tuple[str, ...]) -> ConfigModule | None:
        return self.modules.get(path)

    def resource(self, path: tuple[str, ...], relative: str) -> Mapping[str, object] | None:
        mod = self.modules.get(path)
        return None if mod is None else mod.resources.get(relative)

    def call(self, path: tuple[str, ...], name: str) -> Mapping[str, object] | None:
        mod = self.modules.get(path)
        return None if mod is None else mod.calls.get(name)
