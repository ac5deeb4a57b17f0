"""Parse one `.tf`/`.tofu`/`.tfvars` file with python-hcl2 (once) into our `syntax` tree.

python-hcl2 8.x is pinned (<9) because line numbers come from the private `_meta` of its typed
tree (its `with_meta` option is a no-op, inputs-and-outputs.md §4.3). We read the typed tree
directly instead of its serialized dict, so expressions never have to be re-parsed from
`"${...}"` strings.
"""

from __future__ import annotations

import re
from typing import Any

from tflint_vpc.hcl import syntax as s

DIRECTIVE = "tfvpc:"
_POSITION_SUFFIX = re.compile(r" at line \d+, column \d+\.?$")
_COMMENT_LINE = re.compile(r"^\s*(#|//|/\*)")


class HclSyntaxError(Exception):
    """A file that does not parse. `str()` is `path:line:col: syntax error: <first line>`."""

    def __init__(self, path: str, line: int, column: int, message: str) -> None:
        super().__init__(f"{path}:{line}:{column}: syntax error: {message}")
        self.path = path
        self.line = line
        self.column = column
        self.message = message

    def __reduce__(self) -> tuple[type[HclSyntaxError], tuple[str, int, int, str]]:
        # Keeps the error picklable across worker processes (args hold only the text).
        return (HclSyntaxError, (self.path, self.line, self.column, self.message))


def read_text(path: str) -> str:
    """File text; a UTF-8 BOM is dropped (python-hcl2 rejects it), bad encodings are errors."""
    with open(path, "rb") as handle:
        raw = handle.read()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise HclSyntaxError(path, 1, 1, "file is UTF-16; save it as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise HclSyntaxError(path, line, 1, "file is not valid UTF-8") from None


def parse_text(text: str, path: str) -> s.ParsedFile:
    """Parse HCL text; raises HclSyntaxError."""
    import hcl2
    from lark.exceptions import UnexpectedInput

    try:
        tree = hcl2.parses(text)
    except UnexpectedInput as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        first = _POSITION_SUFFIX.sub("", first)  # the position is already in the prefix
        raise HclSyntaxError(path, exc.line, exc.column, first) from None
    except (RuntimeError, ValueError) as exc:  # semantic errors of python-hcl2 carry no position
        raise HclSyntaxError(path, 1, 1, str(exc).splitlines()[0]) from None
    converter = _Converter(path)
    body = converter.body(tree.body)
    if DIRECTIVE not in text:
        return s.ParsedFile(path=path, body=body)
    return s.ParsedFile(
        path=path,
        body=body,
        comments=_directive_comments(tree),
        comment_lines=frozenset(
            i for i, line in enumerate(text.splitlines(), 1) if _COMMENT_LINE.match(line)
        ),
    )


def parse_file(path: str) -> s.ParsedFile:
    """Read and parse a file; raises HclSyntaxError (also for unreadable encodings)."""
    return parse_text(read_text(path), path)


def parse_file_or_error(path: str) -> s.ParsedFile | HclSyntaxError:
    """For worker processes: return the error instead of raising it."""
    try:
        return parse_file(path)
    except HclSyntaxError as exc:
        return exc


def _line(node: Any) -> int:
    meta = getattr(node, "_meta", None)
    return int(getattr(meta, "line", 0) or 0)


def _end_line(node: Any) -> int:
    meta = getattr(node, "_meta", None)
    return int(getattr(meta, "end_line", 0) or 0)


def _directive_comments(tree: Any) -> tuple[s.Comment, ...]:
    """Comments holding `tfvpc:`, with the line each comment token starts on."""
    from hcl2.rules.whitespace import NewLineOrCommentRule

    found: list[s.Comment] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, NewLineOrCommentRule):
            line = _line(node)
            for token in node.children:
                text = str(token.value)
                if DIRECTIVE in text:
                    stripped = text.strip()
                    # A newline token may lead with blank lines before the comment itself.
                    offset = len(text) - len(text.lstrip())
                    start = line + text[:offset].count("\n")
                    found.append(s.Comment(start, stripped))
                line += text.count("\n")
            continue
        children = getattr(node, "children", None)
        if children:
            stack.extend(child for child in children if child is not None)
    found.sort(key=lambda c: c.line)
    return tuple(found)


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def repl(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, match.group(0))

    return _ESCAPE_RE.sub(repl, text)


class _Converter:
    """python-hcl2 typed tree -> syntax tree. Dispatch on the grammar rule name."""

    def __init__(self, path: str) -> None:
        self.path = path

    def body(self, node: Any) -> s.Body:
        from hcl2.rules.base import AttributeRule, BlockRule

        items: list[s.Attribute | s.Block] = []
        seen: dict[str, int] = {}
        for child in node.children:
            if isinstance(child, AttributeRule):
                name = str(child.identifier.serialize())
                if name in seen:
                    raise HclSyntaxError(
                        self.path,
                        _line(child),
                        1,
                        f'attribute "{name}" redefined (first defined on line {seen[name]})',
                    )
                seen[name] = _line(child)
                items.append(s.Attribute(name, self.expr(child.expression), _line(child)))
            elif isinstance(child, BlockRule):
                labels = [self.label(label) for label in child.labels]
                items.append(
                    s.Block(
                        type=labels[0],
                        labels=tuple(labels[1:]),
                        body=self.body(child.body),
                        line=_line(child),
                        end_line=_end_line(child),
                    )
                )
        blocks = {item.type for item in items if isinstance(item, s.Block)}
        for item in items:
            if isinstance(item, s.Attribute) and item.name in blocks:
                raise HclSyntaxError(
                    self.path,
                    item.line,
                    1,
                    f'"{item.name}" is defined both as an attribute and as a block',
                )
        return tuple(items)

    def label(self, node: Any) -> str:
        if node.lark_name() == "string":
            return "".join(
                _unescape(str(part.content.value))
                for part in node.string_parts
                if part.content.lark_name() == "STRING_CHARS"
            )
        return str(node.serialize())

    def expr(self, node: Any) -> s.Expr:
        name = node.lark_name()
        if name == "expr_term":
            return self.expr(node.expression)
        if name == "identifier":
            return s.Variable(str(node.serialize()))
        if name == "literal_value":
            text = str(node.token.value)
            return s.Literal({"true": True, "false": False, "null": None}[text])
        if name == "int_lit":
            return s.Literal(int(str(node.token.value)))
        if name == "float_lit":
            return s.Literal(float(str(node.token.value)))
        if name == "string":
            return self.string(node)
        if name == "template_string":
            return s.Literal(_unescape(node.inner_value))
        if name in ("heredoc_template", "heredoc_template_trim"):
            return self.heredoc(node)
        if name == "tuple":
            return s.TupleExpr(tuple(self.expr(e) for e in node.elements))
        if name == "object":
            return s.ObjectExpr(
                tuple((self.object_key(e.key), self.expr(e.expression)) for e in node.elements)
            )
        if name == "get_attr_expr_term":
            return s.GetAttr(self.expr(node.expr_term), str(node.get_attr.identifier.serialize()))
        if name == "index_expr_term":
            return s.Index(self.expr(node.children[0]), self.index(node.children[1]))
        if name in ("attr_splat_expr_term", "full_splat_expr_term"):
            steps: list[str | s.Expr] = []
            for step in node.attr_splat.get_attrs:
                if step.lark_name() == "get_attr":
                    steps.append(str(step.identifier.serialize()))
                else:
                    steps.append(self.index(step))
            return s.Splat(
                self.expr(node.expr_term), tuple(steps), full=name == "full_splat_expr_term"
            )
        if name == "function_call":
            names = "::".join(str(i.serialize()) for i in node.identifiers)
            args = node.arguments
            if args is None:
                return s.Call(names, ())
            return s.Call(
                names, tuple(self.expr(a) for a in args.arguments), expand_final=args.has_ellipsis
            )
        if name == "conditional":
            return s.Conditional(
                self.expr(node.condition), self.expr(node.if_true), self.expr(node.if_false)
            )
        if name == "binary_op":
            op = str(node.binary_term.binary_operator.token.value).strip()
            return s.BinaryOp(op, self.expr(node.expr_term), self.expr(node.binary_term.expr_term))
        if name == "unary_op":
            return s.UnaryOp(node.operator.strip(), self.expr(node.expr_term))
        if name in ("for_tuple_expr", "for_object_expr"):
            intro = node.for_intro
            first = str(intro.first_iterator.serialize())
            second = intro.second_iterator
            cond = node.condition
            is_object = name == "for_object_expr"
            return s.ForExpr(
                key_var=first if second is not None else None,
                value_var=str(second.serialize()) if second is not None else first,
                collection=self.expr(intro.iterable),
                value=self.expr(node.value_expr),
                key=self.expr(node.key_expr) if is_object else None,
                condition=self.expr(cond.condition_expr) if cond is not None else None,
                grouping=is_object and node.ellipsis is not None,
            )
        return s.Opaque(name)

    def object_key(self, node: Any) -> s.Expr:
        if node.lark_name() == "object_elem_key":
            value = node.value
            if value.lark_name() == "identifier":
                return s.Literal(str(value.serialize()))
            if value.lark_name() in ("int_lit", "float_lit"):
                return s.Literal(str(value.token.value))
            return self.expr(value)
        if node.lark_name() == "object_elem_key_expr":
            inner = node.expression
            # `{ (var.k) = 1 }` is an expression; a bare `foo = 1` key is a name.
            if inner.lark_name() == "expr_term" and not inner.parentheses:
                inner = inner.expression
                if inner.lark_name() == "identifier":
                    return s.Literal(str(inner.serialize()))
            return self.expr(node.expression)
        return self.expr(node)

    def index(self, node: Any) -> s.Expr:
        if node.lark_name() == "short_index":
            return s.Literal(int(str(node.index.value)))
        return self.expr(node.index_expression)

    def string(self, node: Any) -> s.Expr:
        parts: list[str | s.Expr] = []
        for part in node.string_parts:
            content = part.content
            kind = content.lark_name()
            if kind == "STRING_CHARS":
                parts.append(_unescape(str(content.value)))
            elif kind in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE"):
                parts.append(str(content.value)[1:])  # `$${` -> `${`, `%%{` -> `%{`
            elif kind == "interpolation":
                parts.append(self.expr(content.expression))
            else:  # template directives (%{if}, %{for}): not evaluated
                return s.Opaque("template directive")
        if not parts:
            return s.Literal("")
        if all(isinstance(p, str) for p in parts):
            return s.Literal("".join(p for p in parts if isinstance(p, str)))
        return s.Template(tuple(parts))

    def heredoc(self, node: Any) -> s.Expr:
        import hcl2

        opts = hcl2.SerializationOptions(preserve_heredocs=False, strip_string_quotes=True)
        text = str(node.serialize(opts))
        if "${" in text or "%{" in text:
            return s.Opaque("heredoc template")
        return s.Literal(text if text.endswith("\n") else text + "\n")
