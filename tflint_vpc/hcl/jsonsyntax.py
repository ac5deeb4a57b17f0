"""Terraform's JSON configuration syntax (`.tf.json`, `.tofu.json`, e.g. from CDKTF) -> syntax tree.

Follows Terraform's "JSON Configuration Syntax": block types and labels are nested object keys,
strings in expressions are templates (`"${aws_vpc.main.id}"`), a variable `default` is a literal,
`"//"` properties are comments. Inside a resource, whether a property is a nested block or an
object/list attribute depends on the provider schema; the builder's AWS types carry their block
types in `schema_facts.BLOCK_TYPES`, and for anything else a list or object value evaluates to the
same tuple-of-mappings/mapping shape either way.

Line numbers come from locating the block's keys in the text (the json module gives none), in
one forward pass: each key is searched for after its previous sibling, lines come from an index
of newline offsets, and a block's end from a token scan. (Searching from offset 0 per block made
16,000 resources take 30 s in issue 18's review.)
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator

from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.parse import (
    MAX_NESTING,
    HclSyntaxError,
    has_directive,
    parse_text,
    read_text,
)
from tflint_vpc.hcl.schema_facts import BLOCK_TYPES

JsonValue = object
_META_BLOCKS = frozenset(("lifecycle", "provisioner", "connection"))
_OPENING = re.compile(r"[{\[]")
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]]')  # strings skipped whole
_PLAIN = re.compile(r'[^"\\\x00-\x1f\x7f-\uffff]*')  # text json.dumps writes unchanged


def parse_json_file(path: str) -> s.ParsedFile:
    """Read and convert a JSON-syntax configuration file; raises HclSyntaxError."""
    return parse_json_text(read_text(path), path)


def parse_json_text(text: str, path: str) -> s.ParsedFile:
    try:
        data = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", 1)
        column = getattr(exc, "colno", 1)
        message = getattr(exc, "msg", str(exc))
        raise HclSyntaxError(path, line, column, f"invalid JSON: {message}") from None
    except RecursionError:
        raise HclSyntaxError(path, 1, 1, "invalid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise HclSyntaxError(path, 1, 1, "a JSON configuration file must hold an object")
    _check_nesting(data, path)
    return _Converter(text, path).file(data)


def _check_nesting(data: JsonValue, path: str) -> None:
    """The native parser's depth limit, before the (recursive) conversion runs."""
    pending: list[tuple[JsonValue, int]] = [(data, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_NESTING:
            raise HclSyntaxError(path, 1, 1, f"nested more than {MAX_NESTING} levels deep")
        if isinstance(value, dict):
            pending.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            pending.extend((v, depth + 1) for v in value)


def _entries(value: JsonValue) -> Iterator[tuple[str, JsonValue]]:
    """Properties of an object, or of each object in a list (both forms are allowed)."""
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            for key, inner in item.items():
                if key != "//":
                    yield key, inner


def _bodies(value: JsonValue) -> list[dict[str, JsonValue]]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def _hcl_quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


class _Converter:
    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.comments: list[s.Comment] = []
        self.newlines = [m.start() for m in re.finditer("\n", text)]
        self.found: dict[tuple[str, ...], int] = {(): -1}  # keys -> offset of the last key
        self.cursor: dict[tuple[str, ...], int] = {}  # keys -> where the next child key is
        self.block = (0, len(text))  # offsets of the block being converted

    # --- positions -------------------------------------------------------------------------------

    def _find(self, keys: tuple[str, ...]) -> int:
        """Offset of the last of `keys` (JSON-quoted, each after the previous), or -1.

        Keys come in document order, so a key is searched for after its previous sibling.
        """
        if keys in self.found:
            return self.found[keys]
        parent = keys[:-1]
        base = self._find(parent)
        if parent and base < 0:
            return -1
        needle = json.dumps(keys[-1])
        found = self.text.find(needle, self.cursor.get(parent, base + 1))
        if found < 0:  # out of document order (a duplicate key): search the parent again
            found = self.text.find(needle, base + 1)
        if found >= 0:
            self.cursor[parent] = found + len(needle)
        self.found[keys] = found
        return found

    def _line(self, offset: int) -> int:
        return bisect_right(self.newlines, max(offset, 0) - 1) + 1

    def _span(self, keys: tuple[str, ...]) -> tuple[int, int, int]:
        """(start offset, first line, last line) of the value that follows the keys."""
        start = self._find(keys)
        if start < 0:
            self.block = (0, 0)
            return 0, 1, 1
        opening = _OPENING.search(self.text, start)
        if opening is None:
            self.block = (start, start)
            return start, self._line(start), self._line(start)
        end = self._matching(opening.start())
        self.block = (start, end)
        return start, self._line(start), self._line(end)

    def _matching(self, opening: int) -> int:
        depth = 0
        for token in _STRUCTURE.finditer(self.text, opening):
            char = token.group()
            if char in "{[":
                depth += 1
            elif char in "}]":
                depth -= 1
                if depth == 0:
                    return token.start()
        return len(self.text) - 1

    # --- structure -------------------------------------------------------------------------------

    def file(self, data: dict[str, JsonValue]) -> s.ParsedFile:
        items: list[s.Attribute | s.Block] = []
        for kind, value in data.items():
            if kind in ("resource", "data"):
                for type_, named in _entries(value):
                    for name, body in _entries(named):
                        items.extend(self._resource(kind, type_, name, body))
            elif kind in ("module", "variable", "output", "provider"):
                for name, body in _entries(value):
                    _, line, end = self._span((kind, name))
                    items.extend(
                        self._simple_block(kind, name, one, line, end) for one in _bodies(body)
                    )
            elif kind == "locals":
                _, line, end = self._span((kind,))
                attributes = tuple(
                    s.Attribute(key, self.expr(inner), line) for key, inner in _entries(value)
                )
                items.append(s.Block("locals", (), attributes, line, end))
        self.comments.sort(key=lambda c: c.line)
        return s.ParsedFile(
            path=self.path,
            body=tuple(items),
            comments=tuple(self.comments),
            comment_lines=frozenset(c.line for c in self.comments),
        )

    def _resource(self, kind: str, type_: str, name: str, body: JsonValue) -> list[s.Block]:
        start, line, end = self._span((kind, type_, name))
        blocks = BLOCK_TYPES.get(type_, frozenset()) if kind == "resource" else frozenset()
        result: list[s.Block] = []
        for one in _bodies(body):
            self._comments(one, start)
            result.append(s.Block(kind, (type_, name), self._body(one, blocks, line), line, end))
        return result

    def _comments(self, body: dict[str, JsonValue], start: int) -> None:
        note = body.get("//")
        for text in note if isinstance(note, list) else [note]:
            if isinstance(text, str) and has_directive(text):
                # within the block: a search to the end of the file per comment is quadratic
                offset = self.text.find(json.dumps(text)[1:-1], start, self.block[1] + 1)
                line = self._line(offset if offset >= 0 else start)
                self.comments.append(s.Comment(line, f"# {text}"))

    def _body(self, body: dict[str, JsonValue], blocks: frozenset[str], line: int) -> s.Body:
        items: list[s.Attribute | s.Block] = []
        for key, value in body.items():
            if key == "//" or key in _META_BLOCKS:
                continue
            if key == "dynamic":
                for label, spec in _entries(value):
                    items.extend(self._dynamic(label, spec, line))
            elif key in blocks and (isinstance(value, dict) or _all_objects(value)):
                items.extend(
                    s.Block(key, (), self._body(one, frozenset(), line), line, line)
                    for one in _bodies(value)
                )
            elif key == "provider" and isinstance(value, str):
                items.append(s.Attribute(key, s.Literal(value), line))  # a name, not a template
            else:
                items.append(s.Attribute(key, self.expr(value), line))
        return tuple(items)

    def _dynamic(self, label: str, spec: JsonValue, line: int) -> list[s.Block]:
        result: list[s.Block] = []
        for one in _bodies(spec):
            items: list[s.Attribute | s.Block] = []
            for key, value in one.items():
                if key == "content":
                    items.extend(
                        s.Block("content", (), self._body(c, frozenset(), line), line, line)
                        for c in _bodies(value)
                    )
                elif key == "iterator" and isinstance(value, str):
                    items.append(s.Attribute(key, s.Variable(value), line))
                elif key != "//":
                    items.append(s.Attribute(key, self.expr(value), line))
            result.append(s.Block("dynamic", (label,), tuple(items), line, line))
        return result

    def _simple_block(
        self, kind: str, name: str, body: dict[str, JsonValue], line: int, end: int
    ) -> s.Block:
        items: list[s.Attribute | s.Block] = []
        for key, value in body.items():
            if key == "//":
                continue
            if kind == "variable" and key == "default":
                expr = self.literal(value)  # a variable default is not a template
            elif kind == "variable" and key == "type" and isinstance(value, str):
                expr = self.hcl_expression(value, line)
            elif (kind, key) in (("module", "source"), ("provider", "alias")):
                expr = s.Literal(value if isinstance(value, str) else None)
            elif kind == "module" and key == "providers" and isinstance(value, dict):
                expr = s.ObjectExpr(
                    tuple((s.Literal(k), s.Literal(str(v))) for k, v in value.items())
                )
            else:
                expr = self.expr(value)
            items.append(s.Attribute(key, expr, line))
        return s.Block(kind, (name,), tuple(items), line, end)

    # --- expressions -----------------------------------------------------------------------------

    def literal(self, value: JsonValue) -> s.Expr:
        if isinstance(value, list):
            return s.TupleExpr(tuple(self.literal(v) for v in value))
        if isinstance(value, dict):
            return s.ObjectExpr(tuple((s.Literal(k), self.literal(v)) for k, v in value.items()))
        if isinstance(value, str | int | float | bool) or value is None:
            return s.Literal(value)
        return s.Opaque("json")

    def expr(self, value: JsonValue) -> s.Expr:
        if isinstance(value, str):
            return self.template(value)
        if isinstance(value, list):
            return s.TupleExpr(tuple(self.expr(v) for v in value))
        if isinstance(value, dict):
            return s.ObjectExpr(
                tuple((self.template(k), self.expr(v)) for k, v in value.items() if k != "//")
            )
        return self.literal(value)

    def template(self, text: str) -> s.Expr:
        if "${" not in text and "%{" not in text:
            return s.Literal(text.replace("$${", "${").replace("%%{", "%{"))
        return self.hcl_expression(_hcl_quote(text), self._template_line(text))

    def _template_line(self, text: str) -> int:
        """The line of a template, searched for within its block only (else the block's line)."""
        start, end = self.block
        needle = text[:40]
        plain = _PLAIN.match(needle)
        found = -1
        if plain is not None and plain.end() == len(needle):  # written as is in the file
            found = self.text.find(needle, start, end)
        return self._line(found if found >= 0 else start)

    def hcl_expression(self, source: str, line: int) -> s.Expr:
        try:
            parsed = parse_text(f"value = {source}\n", self.path)
        except HclSyntaxError as exc:
            raise HclSyntaxError(self.path, line, 1, exc.message) from None
        item = parsed.body[0] if parsed.body else None
        return item.expr if isinstance(item, s.Attribute) else s.Opaque("json")


def _all_objects(value: JsonValue) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)
