"""Errors the user can act on. The CLI prints them as one line and exits 2."""

from __future__ import annotations


class InputError(Exception):
    """An input cannot be linted: wrong kind of file, unreadable, malformed.

    `str()` is the one-line message, starting with the path.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class UsageError(Exception):
    """A bad option, configuration key or rule selector."""
