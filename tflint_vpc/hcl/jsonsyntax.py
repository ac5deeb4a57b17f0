"""Terraform's JSON configuration syntax (`.tf.json`, `.tofu.json`, e.g. from CDKTF) -> syntax tree.

Follows Terraform's "JSON Configuration Syntax": block types and labels are nested object keys,
strings in expressions are templates (`"${aws_vpc.main.id}"`), a variable `default` is a literal,
`"//"` properties are comments. Inside a resource, whether a property is a nested block or an
object/list attribute depends on the provider schema; the builder's AWS types carry their block
types in `schema_facts.BLOCK_TYPES`, and for anything else a list or object value evaluates to the
same tuple-of-mappings/mapping shape either way.

Line numbers come from locating the block's keys in the text (the json module gives none).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.parse import DIRECTIVE, HclSyntaxError, parse_text, read_text
from tflint_vpc.hcl.schema_facts import BLOCK_TYPES

JsonValue = object
_META_BLOCKS = frozenset(("lifecycle", "provisioner", "connection"))


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
    if not isinstance(data, dict):
        raise HclSyntaxError(path, 1, 1, "a JSON configuration file must hold an object")
    return _Converter(text, path).file(data)


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

    # --- positions -------------------------------------------------------------------------------

    def _find(self, keys: tuple[str, ...], start: int = 0) -> int:
        """Offset of the last of `keys` (JSON-quoted, each after the previous), or -1."""
        offset = start
        for key in keys:
            found = self.text.find(json.dumps(key), offset)
            if found < 0:
                return -1
            offset = found + 1
        return offset - 1

    def _line(self, offset: int) -> int:
        return self.text.count("\n", 0, max(offset, 0)) + 1

    def _span(self, keys: tuple[str, ...]) -> tuple[int, int, int]:
        """(start offset, first line, last line) of the value that follows the keys."""
        start = self._find(keys)
        if start < 0:
            return 0, 1, 1
        opening = min(
            (i for i in (self.text.find("{", start), self.text.find("[", start)) if i >= 0),
            default=-1,
        )
        if opening < 0:
            return start, self._line(start), self._line(start)
        return start, self._line(start), self._line(self._matching(opening))

    def _matching(self, opening: int) -> int:
        depth = 0
        in_string = False
        index = opening
        while index < len(self.text):
            char = self.text[index]
            if in_string:
                if char == "\\":
                    index += 1
                elif char == '"':
                    in_string = False
            elif char == '"':
                in_string = True
            elif char in "{[":
                depth += 1
            elif char in "}]":
                depth -= 1
                if depth == 0:
                    return index
            index += 1
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
            if isinstance(text, str) and DIRECTIVE in text:
                offset = self.text.find(json.dumps(text)[1:-1], start)
                self.comments.append(s.Comment(self._line(offset), f"# {text}"))

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
        return self.hcl_expression(_hcl_quote(text), self._line(self.text.find(text[:40])))

    def hcl_expression(self, source: str, line: int) -> s.Expr:
        try:
            parsed = parse_text(f"value = {source}\n", self.path)
        except HclSyntaxError as exc:
            raise HclSyntaxError(self.path, line, 1, exc.message) from None
        item = parsed.body[0] if parsed.body else None
        return item.expr if isinstance(item, s.Attribute) else s.Opaque("json")


def _all_objects(value: JsonValue) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) for v in value)
