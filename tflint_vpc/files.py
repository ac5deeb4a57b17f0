"""Reading the files tfvpc is given or finds: regular files only, bounded, one-line errors.

A file the tool *discovers* (`terraform.tfvars`, `.terraform/modules/modules.json`, a
`pyproject.toml` in a parent directory) may be anything a hostile checkout contains: opening a
FIFO blocks until a writer comes, which is never, and `/dev/zero` never ends. So the type is
checked with `stat` before opening, the open is non-blocking, and `fstat` checks again on the
open descriptor (the path may have been swapped in between). Auxiliary files are also read
with a size limit: a 16 MiB tfvars, configuration or baseline is not a real one.

Plans, states, configuration and baselines are regular files too (a plan on stdin is "-"). Only
a `--var-file` may also be a pipe (`--var-file <(sops -d secrets.tfvars)`): the user named it
and the writer is there; it is still read with the size limit. Devices, sockets and
directories are always refused. Every error is an `InputError` naming the file, with a
one-line reason.
"""

from __future__ import annotations

import os
import stat
from typing import Final

from tflint_vpc.errors import InputError

MAX_AUX_BYTES: Final = 16 << 20  # tfvars, modules.json, configuration, baseline
_CHUNK: Final = 1 << 20


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _mib(size: int) -> str:
    return f"{size / (1 << 20):.1f} MiB"


def _check(path: str, info: os.stat_result, limit: int | None, allow_pipe: bool) -> None:
    mode = info.st_mode
    if not (stat.S_ISREG(mode) or (allow_pipe and stat.S_ISFIFO(mode))):
        kind = _kind(mode)
        article = "" if kind.startswith(("a ", "not ")) else "a "
        raise InputError(path, f"is {article}{kind}, expected a regular file")
    if limit is not None and stat.S_ISREG(mode) and info.st_size > limit:
        raise InputError(path, f"is too large ({_mib(info.st_size)}; the limit is {_mib(limit)})")


def _os_error(path: str, error: OSError) -> InputError:
    if isinstance(error, FileNotFoundError):
        return InputError(path, "no such file")
    if isinstance(error, PermissionError):
        return InputError(path, "permission denied (cannot read the file)")
    if isinstance(error, NotADirectoryError):
        return InputError(path, "no such file (a part of the path is not a directory)")
    return InputError(path, f"cannot read the file: {error.strerror or 'I/O error'}")


def read_bytes(path: str, *, limit: int | None = MAX_AUX_BYTES, allow_pipe: bool = False) -> bytes:
    """The bytes of the regular file (or, with `allow_pipe`, pipe) at `path`; `limit` bytes at most.

    Raises `InputError(path, reason)`: missing, unreadable, a directory, a device, a FIFO where
    none is allowed, or larger than `limit` (None: no limit, for plans).
    """
    try:
        info = os.stat(path)
        _check(path, info, limit, allow_pipe)
    except OSError as error:
        raise _os_error(path, error) from None
    except ValueError:  # a NUL byte in the path
        raise InputError(path, "no such file (the path contains a NUL byte)") from None
    flags = os.O_RDONLY | getattr(os, "O_NOCTTY", 0)
    # Non-blocking unless a pipe was allowed and seen: a FIFO swapped in after the stat must
    # not block the open; fstat below then refuses it.
    pipe = stat.S_ISFIFO(info.st_mode)
    try:
        descriptor = os.open(path, flags if pipe else flags | os.O_NONBLOCK)
    except OSError as error:
        raise _os_error(path, error) from None
    try:
        opened = os.fstat(descriptor)
        _check(path, opened, limit, allow_pipe)
        if stat.S_ISFIFO(opened.st_mode):
            os.set_blocking(descriptor, True)  # an allowed pipe: wait for its writer
        return _read_all(path, descriptor, limit)
    except OSError as error:
        raise _os_error(path, error) from None
    finally:
        os.close(descriptor)


def _read_all(path: str, descriptor: int, limit: int | None) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        # A regular file is read in one call of its size; a pipe in chunks up to the limit.
        want = _CHUNK if limit is None else min(_CHUNK, limit + 1 - total)
        size = os.fstat(descriptor).st_size
        if total == 0 and size > want and (limit is None or size <= limit):
            want = size + 1
        chunk = os.read(descriptor, want)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if limit is not None and total > limit:
            raise InputError(path, f"is too large (over {_mib(limit)}, the limit)")


def read_text(path: str, *, limit: int | None = MAX_AUX_BYTES, allow_pipe: bool = False) -> str:
    """`read_bytes` decoded as UTF-8 (a BOM dropped); bad encodings are an `InputError`."""
    raw = read_bytes(path, limit=limit, allow_pipe=allow_pipe)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text (bad byte at offset {error.start})") from None
