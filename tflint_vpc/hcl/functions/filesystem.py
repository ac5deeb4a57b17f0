"""Filesystem functions: `basename`, and `file`, which reads only inside the linted tree.

Terraform resolves a relative `file()` path against its working directory, the root module's
directory (so modules write `file("${path.module}/policy.json")`, `path.module` being relative to
that root). `file()` here does the same, and reads a file only when its real path lies inside the
root module's directory or the calling module's own directory: the configuration being linted.
Anything else (a path escaping those, a missing file, a directory, FIFO or device, a file over
`MAX_FILE_BYTES`) is UNKNOWN, never an error or a blocking read: the linter cannot know what the
file will hold when Terraform runs, and must not read arbitrary files on the machine.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tflint_vpc.hcl.functions.arguments import Function, NeedsUnknown, arity, as_str
from tflint_vpc.hcl.values import EvalError, EvalValue

MAX_FILE_BYTES = 1 << 20  # policies and templates are kilobytes; more is not configuration


@dataclass(frozen=True, slots=True)
class ModuleFiles:
    """Where `file()` reads for one module: `root` resolves relative paths; reads stay in both."""

    root: str  # real path of the root module's directory (Terraform's working directory)
    module: str  # real path of the module whose expression calls file()

    @property
    def relative_module(self) -> str:
        """`path.module`: the module's directory relative to the root module's, "." for the root."""
        return os.path.relpath(self.module, self.root)

    def read(self, path: str) -> str:
        """The file's text; NeedsUnknown when it cannot or must not be read."""
        data = self._read_bytes(path)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            # Terraform's own error: file() needs UTF-8 text (filebase64 exists for the rest).
            raise EvalError("contents of the file are not valid UTF-8") from None

    def _read_bytes(self, path: str) -> bytes:
        if not path or path.startswith("~"):
            raise NeedsUnknown  # a home directory is never part of the linted tree
        try:
            real = os.path.realpath(os.path.join(self.root, path))
            if not (_inside(real, self.root) or _inside(real, self.module)):
                raise NeedsUnknown
            if not _small_regular(os.stat(real)):
                raise NeedsUnknown  # checked before open: opening a FIFO or device can block
            # O_NONBLOCK: should the path become a FIFO after the stat, open() still returns.
            descriptor = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
        except (OSError, ValueError):  # missing, unreadable, or a NUL in the path
            raise NeedsUnknown from None
        try:
            if not _small_regular(os.fstat(descriptor)):
                raise NeedsUnknown
            data = os.read(descriptor, MAX_FILE_BYTES + 1)
        except OSError:
            raise NeedsUnknown from None
        finally:
            os.close(descriptor)
        if len(data) > MAX_FILE_BYTES:
            raise NeedsUnknown  # grew past the limit since fstat
        return data


def _inside(path: str, directory: str) -> bool:
    return os.path.commonpath((path, directory)) == directory


def _small_regular(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES


def basename(args: Sequence[EvalValue]) -> EvalValue:
    """Go's `filepath.Base`: trailing slashes dropped, `.` for "", `/` for only slashes."""
    (path,) = arity(args, 1)
    text = as_str(path)
    if not text:
        return "."
    stripped = text.rstrip("/")
    if not stripped:
        return "/"
    return stripped.rsplit("/", 1)[-1]


def file(args: Sequence[EvalValue], files: ModuleFiles | None) -> EvalValue:
    (path,) = arity(args, 1)
    text = as_str(path)
    if files is None:
        raise NeedsUnknown  # evaluated without a module directory (a variable default, tfvars)
    return files.read(text)


FUNCTIONS: Mapping[str, Function] = {
    "basename": basename,
}

# Functions that read the module's files: called with the evaluator's ModuleFiles.
FILE_FUNCTIONS: Mapping[str, Callable[[Sequence[EvalValue], ModuleFiles | None], EvalValue]] = {
    "file": file,
}
