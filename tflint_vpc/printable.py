"""Control characters made visible, for every output a human reads (terminal, CI log, comment).

Addresses, file names and messages come from the linted input, and a crafted plan can put an
ANSI escape (`\\x1b[2K` erases the line), a carriage return or a newline into a resource key or a
module path. Written raw, these forge finding lines, hide real ones or move the cursor. So every
reporter that writes text for humans passes user-derived text through `printable`: control
characters (C0, DEL, C1), Unicode line/paragraph separators and bidirectional overrides (the
"Trojan Source" characters) become visible escapes such as `\\n`, `\\x1b` or `\\u202e`. JSON
and SARIF need none of this: the JSON encoder escapes control characters itself.
"""

from __future__ import annotations

import re
from typing import Final

_UNSAFE: Final = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
_NAMED: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep: str = "") -> str:
    """`text` with every control character escaped, except those in `keep` (such as "\\n",
    where the format has its own safe way to show a line break)."""
    if not keep:
        return _UNSAFE.sub(_escape, text)
    return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) in keep else _escape(m), text)


def is_printable(text: str) -> bool:
    """Whether `text` holds no character `printable` would escape."""
    return _UNSAFE.search(text) is None
