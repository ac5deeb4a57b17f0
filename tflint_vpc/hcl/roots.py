"""Root modules of a directory tree: `tfvpc lint --recursive` and the pre-commit hook.

A module is a directory with `.tf`/`.tofu` files; a root module is one that no other module of
the tree calls through a local `source` (`./x`, `../x`), as tflint's `--recursive` and
Terragrunt-less repositories lay them out. `.terraform/` (downloaded modules) and hidden
directories are skipped. Files that do not parse are skipped here: the lint reports them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from tflint_vpc.errors import InputError
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.loader import parse_any_or_error
from tflint_vpc.hcl.modules import is_local_source, literal_string, module_files

MAX_DIRECTORIES = 20_000  # a walk of a home directory by mistake must end


@dataclass
class ModuleGraph:
    """The modules under `top` (real paths -> paths as shown) and their local calls."""

    top: str
    shown: dict[str, str] = field(default_factory=dict)
    calls: dict[str, set[str]] = field(default_factory=dict)  # caller -> callees (real paths)

    def _root_modules(self) -> list[str]:
        called = {callee for caller, callees in self.calls.items() for callee in callees - {caller}}
        return [real for real in self.shown if real not in called]

    def roots(self) -> list[str]:
        """The root modules as shown, sorted: modules no other module of the tree calls."""
        return sorted(self.shown[real] for real in self._root_modules())

    def affected(self, directories: Iterable[str]) -> list[str]:
        """The root modules that are, or call (directly or through others), a module in
        `directories`; a changed module no root reaches (a loop of calls) is linted itself."""
        changed = {os.path.realpath(d) for d in directories} & set(self.shown)
        found: set[str] = set()
        reached: set[str] = set()
        for root in self._root_modules():
            reach = self._reach(root)
            if reach & changed:
                found.add(self.shown[root])
            reached |= reach
        found.update(self.shown[module] for module in changed - reached)
        return sorted(found)

    def _reach(self, start: str) -> set[str]:
        seen = {start}
        pending = [start]
        while pending:
            for callee in self.calls.get(pending.pop(), set()):
                if callee not in seen:
                    seen.add(callee)
                    pending.append(callee)
        return seen


def _skipped(name: str) -> bool:
    return name.startswith(".")  # .terraform, .git, .venv and every other hidden directory


def module_directories(top: str) -> list[str]:
    """Directories under `top` (itself included) holding Terraform files, as shown, sorted."""
    found: list[str] = []
    walked = 0
    for directory, subdirectories, _files in os.walk(top):
        subdirectories[:] = sorted(d for d in subdirectories if not _skipped(d))
        walked += 1
        if walked > MAX_DIRECTORIES:
            break
        try:
            if module_files(directory):
                found.append(os.path.normpath(directory))
        except InputError:  # an unreadable directory is not a module that can be linted
            continue
    return found


def local_sources(directory: str) -> list[str]:
    """The directories a module calls through literal local `source` paths (real paths)."""
    called: list[str] = []
    try:
        paths = module_files(directory)
    except InputError:
        return []
    for path in paths:
        try:
            parsed = parse_any_or_error(path)
        except InputError:  # unreadable or too large: the lint says so
            continue
        if not isinstance(parsed, s.ParsedFile):
            continue
        for item in parsed.body:
            if not isinstance(item, s.Block) or item.type != "module" or len(item.labels) != 1:
                continue
            source_attribute = item.attribute("source")
            source = literal_string(source_attribute.expr if source_attribute else None)
            if source is not None and is_local_source(source):
                called.append(os.path.realpath(os.path.join(directory, source)))
    return called


def scan(top: str) -> ModuleGraph:
    """Every module under `top` and the local calls between them."""
    graph = ModuleGraph(top)
    for directory in module_directories(top):
        real = os.path.realpath(directory)
        graph.shown.setdefault(real, directory)
        graph.calls.setdefault(real, set()).update(local_sources(directory))
    return graph


def root_modules(top: str) -> list[str]:
    """The root modules under `top`, as shown (joined to `top`), sorted."""
    return scan(top).roots()
