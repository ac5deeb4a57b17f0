"""Tokenizer for Terraform addresses and references (`module.m["a.b"].aws_x.y[0].id`).

Keys are Go-`%q` strings that may hold `.`, `[`, `]` and `"`, so addresses cannot be split on
dots. The tokenizer yields `Token`s: a name (`module`, `aws_vpc`, `id`) or an index (`[0]`,
`["k"]`, `[*]`), plus the offset where each token ends so callers can rebuild prefixes.
Nothing here raises on odd input: a text that does not tokenize gives `None`.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple, TypeAlias

Key: TypeAlias = "int | str | None"

# One token: `.name` (the dot is optional for the first), `[int]`, `["plain string"]`, `[*]`.
# Strings with escapes fall back to `_quoted`.
_TOKEN: Final = re.compile(r'(\.?)([A-Za-z_][A-Za-z0-9_-]*)|\[(?:(-?[0-9]+)|"([^"\\]*)"|(\*))\]')
# One module step with a plain key, followed by the dot before the next step.
_MODULE_STEP: Final = re.compile(
    r'module\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[(?:(-?[0-9]+)|"([^"\\]*)")\])?\.'
)
# The common root-module instance address: `type.name`, `type.name[0]`, `type.name["k"]`.
_SIMPLE_INSTANCE: Final = re.compile(
    r'([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)(?:\[(?:(-?[0-9]+)|"([^"\\]*)")\])?'
)
_SIMPLE_ESCAPES: Final = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "/": "/",
}
_HEX_LEN: Final = {"x": 2, "u": 4, "U": 8}


class Token(NamedTuple):
    """One step: a name, or an index (`is_index` True; `key` int, str, or None for `[*]`)."""

    name: str = ""
    key: Key = None
    is_index: bool = False


class InstanceAddress(NamedTuple):
    """A parsed resource instance address."""

    module: tuple[tuple[str, Key], ...]  # (call name, instance key or None) per module step
    module_address: str  # the module part as written ("" for the root)
    mode: str  # "managed" | "data" | "ephemeral"
    type: str
    name: str
    key: Key

    @property
    def relative(self) -> str:
        """The module-relative resource address used by `configuration` (no instance key)."""
        prefix = "" if self.mode == "managed" else f"{self.mode}."
        return f"{prefix}{self.type}.{self.name}"


def _quoted(text: str, pos: int) -> tuple[str, int] | None:
    """Decode a Go-quoted string starting at `text[pos] == '"'`; return (value, end) or None."""
    out: list[str] = []
    i = pos + 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            return "".join(out), i + 1
        if c != "\\":
            out.append(c)
            i += 1
            continue
        if i + 1 >= n:
            return None
        e = text[i + 1]
        if e in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[e])
            i += 2
        elif e in _HEX_LEN:
            width = _HEX_LEN[e]
            digits = text[i + 2 : i + 2 + width]
            if len(digits) != width or not all(d in "0123456789abcdefABCDEF" for d in digits):
                return None
            code = int(digits, 16)
            if code > 0x10FFFF:
                return None
            out.append(chr(code))
            i += 2 + width
        else:
            return None
    return None


def tokenize(text: str) -> tuple[list[Token], list[int]] | None:
    """Split `text` into tokens and the end offset of each; None if it is not an address."""
    tokens: list[Token] = []
    ends: list[int] = []
    pos = 0
    n = len(text)
    match = _TOKEN.match
    while pos < n:
        m = match(text, pos)
        if m is not None:
            dot, name, number, plain, _star = m.groups()
            if name is not None:
                if bool(dot) != bool(tokens):  # a dot between names, none before the first
                    return None
                tokens.append(Token(name))
            elif number is not None:
                tokens.append(Token("", int(number), True))
            elif plain is not None:
                tokens.append(Token("", plain, True))
            else:
                tokens.append(Token("", None, True))  # [*]
            pos = m.end()
        elif text.startswith('["', pos):
            got = _quoted(text, pos + 1)
            if got is None or not text.startswith("]", got[1]):
                return None
            tokens.append(Token("", got[0], True))
            pos = got[1] + 1
        else:
            return None
        ends.append(pos)
    if not tokens:
        return None
    return tokens, ends


def _parse_plain(text: str) -> InstanceAddress | None:
    """Fast path for addresses whose keys have no escapes; None means "use the tokenizer"."""
    pos = 0
    module: list[tuple[str, Key]] = []
    while text.startswith("module.", pos):
        step = _MODULE_STEP.match(text, pos)
        if step is None:
            return None
        call, number, plain = step.groups()
        module.append((call, int(number) if number is not None else plain))
        pos = step.end()
    module_address = text[: pos - 1] if module else ""
    mode = "managed"
    for prefix in ("data.", "ephemeral."):
        if text.startswith(prefix, pos):
            mode = prefix[:-1]
            pos += len(prefix)
            break
    simple = _SIMPLE_INSTANCE.fullmatch(text, pos)
    if simple is None or simple.group(1) in ("module", "data", "ephemeral"):
        return None
    rtype, rname, number, plain = simple.groups()
    key: Key = int(number) if number is not None else plain
    return InstanceAddress(tuple(module), module_address, mode, rtype, rname, key)


def parse_instance_address(text: str) -> InstanceAddress | None:
    """Parse `module.a["x"].data.aws_vpc.main[0]`; None when it is not an instance address."""
    fast = _parse_plain(text)
    if fast is not None:
        return fast
    got = tokenize(text)
    if got is None:
        return None
    tokens, ends = got
    i = 0
    module: list[tuple[str, Key]] = []
    module_end = 0
    # A module step is `module NAME [key]`; a resource type named "module" cannot exist.
    while i + 2 < len(tokens) and tokens[i] == Token(name="module") and not tokens[i + 1].is_index:
        call = tokens[i + 1].name
        i += 2
        key = None
        if i < len(tokens) and tokens[i].is_index:
            key = tokens[i].key
            if key is None:  # `[*]` is not an instance
                return None
            i += 1
        module.append((call, key))
        module_end = ends[i - 1]
    mode = "managed"
    rest = tokens[i:]
    if (
        len(rest) >= 3
        and rest[0].name in ("data", "ephemeral")
        and not rest[0].is_index
        and not rest[2].is_index
    ):
        mode = rest[0].name
        rest = rest[1:]
    if len(rest) not in (2, 3) or rest[0].is_index or rest[1].is_index:
        return None
    if mode == "managed" and rest[0].name in ("module", "data", "ephemeral"):
        return None
    key = None
    if len(rest) == 3:
        if not rest[2].is_index or rest[2].key is None:
            return None
        key = rest[2].key
    return InstanceAddress(
        module=tuple(module),
        module_address=text[:module_end],
        mode=mode,
        type=rest[0].name,
        name=rest[1].name,
        key=key,
    )


def format_key(key: Key) -> str:
    """Render an instance key as Terraform does (`[0]`, `["a"]`, or "" for none)."""
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    escaped = key.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'["{escaped}"]'


_DIGITS: Final = re.compile(r"(\d+)")


def natural_key(address: str) -> tuple[str | int, ...]:
    """Sort key that orders `x[2]` before `x[10]`, as a reader of a plan expects.

    `re.split` with a capture group alternates text and digit runs, so keys of two addresses
    compare text with text and numbers with numbers at every position.
    """
    return tuple(int(part) if i % 2 else part for i, part in enumerate(_DIGITS.split(address)))
