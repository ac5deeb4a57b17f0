"""Module instance paths, and the index of a document's resource instances by where they are.

Reference resolution looks instances up by (module instance path, mode, type, name); a path step
may be a wildcard when a reference names a repeated module call without a key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Final, TypeAlias

from tflint_vpc.address import InstanceAddress, Key


@dataclass(frozen=True, slots=True)
class Wildcard:
    """A module step key standing for every instance of a repeated module call."""


WILD: Final = Wildcard()
StepKey: TypeAlias = "int | str | Wildcard | None"
Path: TypeAlias = "tuple[tuple[str, StepKey], ...]"


@cache
def call_names(path: Path) -> tuple[str, ...]:
    """The configuration path (call names, no keys) of a module instance path."""
    return tuple(call for call, _ in path)


def _same_key(a: object, b: object) -> bool:
    # 0 == False and 1 == 1.0 in Python; instance keys are compared by type too.
    return type(a) is type(b) and a == b


@dataclass(slots=True)
class _Group:
    """The instances of one resource in one module instance (or several, with wildcards)."""

    by_key: dict[Key, list[str]] = field(default_factory=dict)
    addresses: list[str] = field(default_factory=list)

    def add(self, key: Key, address: str) -> None:
        self.by_key.setdefault(key, []).append(address)
        self.addresses.append(address)


_EMPTY_GROUP: Final = _Group()


class InstanceIndex:
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
        conf = (call_names(path), parsed.mode, parsed.type, parsed.name)
        self.by_config.setdefault(conf, []).append((path, parsed.key, address))
        for i in range(1, len(path) + 1):
            self.module_paths.add(path[:i])

    def lookup(self, path: Path, mode: str, rtype: str, name: str) -> _Group:
        """The instances of a resource in a module instance path (wildcard steps allowed)."""
        group = (path, mode, rtype, name)
        if not any(isinstance(k, Wildcard) for _, k in path):
            return self.exact.get(group, _EMPTY_GROUP)
        cached = self._wild_cache.get(group)
        if cached is not None:
            return cached
        found = _Group()
        for inst_path, key, address in self.by_config.get(
            (call_names(path), mode, rtype, name), ()
        ):
            if all(
                isinstance(want, Wildcard) or _same_key(want, have)
                for (_, want), (_, have) in zip(path, inst_path, strict=True)
            ):
                found.add(key, address)
        self._wild_cache[group] = found
        return found
