"""Discover rules: every module of the built-in pack plus packs registered as entry points.

No hand-kept list: a rule is a module-level `Rule` value in a module of a pack. The pack's
modules are imported with `pkgutil`, and the result is validated (one rule per module, unique
codes and names, name equal to the module stem).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import replace
from functools import cache
from importlib.metadata import entry_points
from types import ModuleType

from tflint_vpc.rule import Rule

ENTRY_POINT_GROUP = "tfvpc.rules"
BUILTIN_PACK = "tflint_vpc_rules"
_CODE = re.compile(r"^TFVPC\d{3}$|^[A-Z][A-Z0-9]*\d{3}$")


class RegistryError(Exception):
    """A rule pack is malformed (a bug in the pack, reported as a usage error)."""


def _pack_names() -> list[str]:
    names = [BUILTIN_PACK]
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.value not in names:
            names.append(ep.value)
    return names


def _rules_of_module(module: ModuleType) -> Rule:
    found = [v for v in vars(module).values() if isinstance(v, Rule)]
    if len(found) != 1:
        raise RegistryError(f"{module.__name__}: expected exactly one rule, found {len(found)}")
    stem = module.__name__.rsplit(".", 1)[-1]
    rule = found[0]
    if rule.name != stem.replace("_", "-"):
        raise RegistryError(f"{module.__name__}: rule name {rule.name!r} must match the module")
    doc = module.__doc__ or ""
    return replace(rule, doc=doc, module=stem)


@cache
def load() -> tuple[Rule, ...]:
    """All rules of all packs, sorted by code."""
    rules: list[Rule] = []
    for pack_name in _pack_names():
        pack = importlib.import_module(pack_name)
        for info in pkgutil.iter_modules(pack.__path__):
            if info.name.startswith("_"):
                continue
            rules.append(_rules_of_module(importlib.import_module(f"{pack_name}.{info.name}")))
    codes = [r.code for r in rules]
    names = [r.name for r in rules]
    for label, values in (("code", codes), ("name", names)):
        duplicates = sorted({v for v in values if values.count(v) > 1})
        if duplicates:
            raise RegistryError(f"duplicate rule {label}: {', '.join(duplicates)}")
    for code in codes:
        if not _CODE.match(code):
            raise RegistryError(f"rule code {code!r} must look like TFVPC001")
    return tuple(sorted(rules, key=lambda r: r.code))


def find(key: str) -> Rule | None:
    """A rule by code (case-insensitive) or name."""
    return next((r for r in load() if r.is_named(key)), None)
