"""What `tfvpc lint` lints when told `--recursive` or `--changed` (the pre-commit hook).

`--recursive DIR...`: every root module under each DIR (`hcl.roots`). `--changed FILE...`: the
files are what changed (pre-commit passes the staged ones); each `.tf`/`.tofu`/`.tfvars` file
stands for its module directory, and what is linted is every root module that is, or calls, a
changed module: a child module is only meaningful with its caller's values. Plan JSON files are
linted as they are.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from tflint_vpc.diagnostic import LintResult
from tflint_vpc.errors import InputError, UsageError
from tflint_vpc.hcl.modules import module_files
from tflint_vpc.hcl.roots import module_directories, root_modules, scan
from tflint_vpc.reporoot import git_top
from tflint_vpc.rule import Severity

MODULE_SUFFIXES = (".tf", ".tofu", ".tf.json", ".tofu.json")
TFVARS_SUFFIXES = (".tfvars", ".tfvars.json")


def recursive_targets(directories: Sequence[str]) -> list[str]:
    """The root modules under each directory (default: the working directory)."""
    targets: list[str] = []
    for directory in directories or ["."]:
        if not os.path.isdir(directory):
            raise UsageError(f"--recursive expects directories; {directory} is not one")
        found = root_modules(directory)
        if not found:
            raise UsageError(f"{directory}: no directory with .tf or .tofu files below it")
        targets.extend(t for t in found if t not in targets)
    return targets


def changed_targets(files: Sequence[str], cwd: Path | None = None) -> list[str]:
    """The root modules affected by the changed `files`, then the plan files among them."""
    here = (cwd or Path.cwd()).resolve()
    plans = [
        f
        for f in files
        if f.endswith(".json") and not f.endswith(MODULE_SUFFIXES + TFVARS_SUFFIXES)
    ]
    modules = {
        os.path.join(here, os.path.dirname(f))
        for f in files
        if f.endswith(MODULE_SUFFIXES + TFVARS_SUFFIXES)
    }
    if not modules:
        return plans
    graph = scan(str(git_top(here) or here))
    return [os.path.relpath(m, here) for m in graph.affected(modules)] + plans


def suggest_recursive(paths: Sequence[str]) -> None:
    """A directory without Terraform files but with modules below it is a usage error that
    suggests `--recursive` (one line), instead of the loader's "no .tf files" error."""
    for path in paths:
        if not os.path.isdir(path):
            continue
        try:
            if module_files(path):
                continue
        except InputError:  # the loader reports an unreadable directory itself
            continue
        below = module_directories(path)
        if below:
            raise UsageError(
                f"{path}: no .tf or .tofu files in this directory, but {len(below)} module"
                f" director{'y' if len(below) == 1 else 'ies'} below it;"
                f" run `tfvpc lint --recursive {path}` to lint every root module"
            )


def summary_lines(modules: Sequence[str], result: LintResult) -> list[str]:
    """One line per root module linted: its findings by severity (a run with input errors
    exits 2 with one line instead)."""
    lines: list[str] = []
    linted = set(result.inputs)
    for module in modules:
        found = [d for d in result.diagnostics if d.source == module]
        if module not in linted:
            lines.append(f"{module}: not linted (see the errors)")
        elif not found:
            lines.append(f"{module}: no findings")
        else:
            counts = dict.fromkeys(Severity, 0)
            for d in found:
                counts[d.severity] += 1
            parts = ", ".join(
                f"{n} {s.value}{'' if n == 1 else 's'}" for s, n in counts.items() if n
            )
            lines.append(
                f"{module}: {len(found)} finding{'' if len(found) == 1 else 's'} ({parts})"
            )
    return lines
