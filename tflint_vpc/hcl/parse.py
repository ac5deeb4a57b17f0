"""Parse one `.tf`/`.tofu`/`.tfvars` file with python-hcl2 (once) into our `syntax` tree.

python-hcl2 8.x is pinned (<9): we use its grammar and lark parser (`hcl2.parses_to_tree`) and
convert the raw lark tree, whose nodes carry line numbers (`propagate_positions`), straight into
our syntax tree. This skips python-hcl2's typed-tree transform (about a third of its parse time,
inputs-and-outputs.md §4.5) and its serialized dict, so expressions never have to be re-parsed
from `"${...}"` strings.
"""

from __future__ import annotations

import functools
import re
from typing import TypeAlias

from lark import Lark, Token, Tree
from lark.grammar import Rule
from lark.lexer import TerminalDef

from tflint_vpc.errors import InputError
from tflint_vpc.files import read_bytes
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.lexing import CommentsAsSpace, linear_terminal, linear_terminals

DIRECTIVE = "tfvpc:"
# Comments kept for suppress.py: any spelling of `tfvpc` (case-insensitive), so near-miss
# directives (`TFVPC:IGNORE`, `tfvpc-ignore`) reach the parser there and are reported.
_DIRECTIVE_HINT = re.compile(r"tfvpc", re.IGNORECASE)


def has_directive(text: str) -> bool:
    """Whether `text` may hold a `tfvpc:` directive (any case, any separator)."""
    return _DIRECTIVE_HINT.search(text) is not None


MAX_NESTING = 100  # expression/block depth; real configurations stay far below
# Checked before the grammar runs. lark keeps a token's text and the regex engine a record per
# repetition, so one long line of string text costs ~100-200 bytes a character; real lines
# (a JSON policy on one line included) stay far below.
MAX_LINE_CHARS = 262_144
MAX_NUMBER_DIGITS = 309  # a whole-number literal; past a float's range it is not an address
_COMMENT_LINE = re.compile(r"^\s*(#|//|/\*)")
_OPERATOR_PREFIX = re.compile(r"^.*(?:\n|\*/)", re.DOTALL)  # through the last newline/comment


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
    """File text; a UTF-8 BOM is dropped (python-hcl2 rejects it), bad encodings are errors.

    Read only if it is a regular file (checked again on the open descriptor, opened without
    blocking): a FIFO or device that takes the name of a .tf file between listing and reading is
    an error of that file alone, never a hang. No size limit: a configuration file is the input.
    """
    try:
        raw = read_bytes(path, limit=None)
    except InputError as exc:
        raise HclSyntaxError(path, 1, 1, exc.message) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise HclSyntaxError(path, 1, 1, "file is UTF-16; save it as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise HclSyntaxError(path, line, 1, "file is not valid UTF-8") from None


def parse_text(text: str, path: str) -> s.ParsedFile:
    """Parse HCL text; raises HclSyntaxError."""
    from lark.exceptions import UnexpectedInput

    _check_shape(text, path)
    try:
        # python-hcl2 appends a newline too: its grammar needs one at the end (lark issue 237).
        tree = _parser().parse(text + "\n")
    except UnexpectedInput as exc:
        raise HclSyntaxError(path, exc.line, exc.column, _describe(exc)) from None
    except (RuntimeError, ValueError) as exc:  # python-hcl2 semantic errors carry no position
        raise HclSyntaxError(path, 1, 1, str(exc).splitlines()[0]) from None
    try:
        body = _Converter(path).body(_trees(tree)[0])
    except RecursionError:  # a last resort: MAX_NESTING normally stops first
        raise HclSyntaxError(path, 1, 1, "nested too deeply") from None
    if not has_directive(text):
        return s.ParsedFile(path=path, body=body)
    return s.ParsedFile(
        path=path,
        body=body,
        comments=_directive_comments(tree),
        comment_lines=frozenset(
            i for i, line in enumerate(text.splitlines(), 1) if _COMMENT_LINE.match(line)
        ),
    )


def _check_shape(text: str, path: str) -> None:
    """Refuse what the grammar would take very long or very much memory for."""
    if len(text) <= MAX_LINE_CHARS:
        return
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            raise HclSyntaxError(path, number, 1, f"line longer than {MAX_LINE_CHARS:,} characters")


def _describe(exc: Exception) -> str:
    """What went wrong, by token kind: never the token's text, which can be a secret default."""
    from lark.exceptions import UnexpectedCharacters, UnexpectedToken

    if isinstance(exc, UnexpectedToken):
        kind = str(getattr(exc.token, "type", "token"))
        if kind == "$END":
            return "unexpected end of file"
        names = _token_names()
        expected = sorted({names.get(str(e), str(e)) for e in exc.expected if str(e)[:1] != "_"})
        hint = f" (expected {', '.join(expected[:6])}{', ...' if len(expected) > 6 else ''})"
        return f"unexpected {names.get(kind, kind)}" + (hint if expected else "")
    if isinstance(exc, UnexpectedCharacters):
        return "unexpected character"
    return "unexpected end of file"


_TOKEN_KINDS = {
    "NAME": "identifier",
    "STRING_CHARS": "string text",
    "TEMPLATE_STRING": "string",
    "INT_LITERAL": "number",
    "FLOAT_LITERAL": "number",
    "NL_OR_COMMENT": "newline",
    "HEREDOC_TEMPLATE": "heredoc",
    "HEREDOC_TEMPLATE_TRIM": "heredoc",
}


@functools.lru_cache(maxsize=1)
def _token_names() -> dict[str, str]:
    """Grammar terminal -> what a user recognises: the literal (`{`), or a kind (identifier)."""
    names = {t.name: f"`{t.pattern.value}`" for t in _parser().terminals if t.pattern.type == "str"}
    return {**names, **_TOKEN_KINDS}


@functools.lru_cache(maxsize=1)
def _parser() -> Lark:
    """python-hcl2's parser, copied in memory without `propagate_positions`.

    Positions are taken from the tokens instead, which saves about a third of the parse time
    (lark otherwise computes a Meta for every rule node). The copy is made from python-hcl2's own
    cached tables (compiling the grammar takes ~2 s), through lark's serialization, so nothing is
    written to disk. Should a lark upgrade change that private entry point, the grammar is
    compiled afresh: slower, same result. Both use our postlexer (`lexing.CommentsAsSpace`) and
    the linear-time terminal patterns (`lexing.LINEAR_PATTERNS`).
    """
    import hcl2.parser

    base: Lark = hcl2.parser.parser()
    try:
        data, memo = base.memo_serialize([TerminalDef, Rule])
        linear_terminals(memo)
        copy: Lark = Lark.__new__(Lark)._load(
            {"data": data, "memo": memo}, propagate_positions=False, postlex=CommentsAsSpace()
        )
        copy.parse("a = 1\n")
    except Exception:  # noqa: BLE001 - any failure of the private API: compile the grammar
        return Lark.open(
            "hcl2.lark",
            parser="lalr",
            rel_to=hcl2.parser.__file__,
            postlex=CommentsAsSpace(),
            edit_terminals=linear_terminal,
        )
    return copy


def warm_parser() -> None:
    """Build the parser now (before forking workers)."""
    _parser()


def parse_file(path: str) -> s.ParsedFile:
    """Read and parse a file; raises HclSyntaxError (also for unreadable encodings)."""
    return parse_text(read_text(path), path)


def parse_file_or_error(path: str) -> s.ParsedFile | HclSyntaxError:
    """For worker processes: return the error instead of raising it."""
    try:
        return parse_file(path)
    except HclSyntaxError as exc:
        return exc


def _directive_comments(tree: Node) -> tuple[s.Comment, ...]:
    """Comments holding `tfvpc:`, with the line each comment token starts on."""
    found: list[s.Comment] = []
    for node in tree.iter_subtrees():
        if node.data != "new_line_or_comment":
            continue
        for token in node.children:
            text = str(token)
            if has_directive(text) and isinstance(token, Token) and token.line is not None:
                # A newline token may lead with blank lines before the comment itself.
                offset = len(text) - len(text.lstrip())
                start = int(token.line) + text[:offset].count("\n")
                found.append(s.Comment(start, text.strip()))
    found.sort(key=lambda c: c.line)
    return tuple(found)


_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)


def _unescape(text: str) -> str:
    """Resolve HCL escapes; raises ValueError for a `\\U` beyond Unicode (HCL rejects it too)."""
    if "\\" not in text:
        return text

    def repl(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU" and len(code) > 1:
            point = int(code[1:], 16)
            if point > 0x10FFFF or 0xD800 <= point <= 0xDFFF:
                raise ValueError("invalid Unicode escape sequence")
            return chr(point)
        return _ESCAPES.get(code, match.group(0))

    return _ESCAPE_RE.sub(repl, text)


def _unescape_token(token: Token | Tree[Token], path: str) -> str:
    try:
        return _unescape(str(token))
    except ValueError as exc:
        line = int(getattr(token, "line", 1) or 1)
        raise HclSyntaxError(path, line, int(getattr(token, "column", 1) or 1), str(exc)) from None


_SKIP = "new_line_or_comment"
Node: TypeAlias = "Tree[Token]"


def _trees(node: Node) -> list[Node]:
    """Child rules, without newlines/comments."""
    return [c for c in node.children if isinstance(c, Tree) and c.data != _SKIP]


def _first_line(node: Node) -> int:
    current: Node | Token = node
    while isinstance(current, Tree):  # iterative: trees can be deep
        if not current.children:
            return 0
        current = current.children[0]
    return int(current.line or 0)


def _last_line(node: Node) -> int:
    last = node.children[-1]
    if isinstance(last, Token):
        return int(last.end_line or last.line or 0)
    return _last_line(last)


def _token_text(node: Node) -> str:
    """The text of a rule holding one token (identifier, keyword, literal_value, ...)."""
    return str(node.children[0])


class _Converter:
    """Raw lark tree of the python-hcl2 grammar -> syntax tree (dispatch on rule names)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.depth = 0

    def body(self, node: Node) -> s.Body:
        self._enter(node)
        items: list[s.Attribute | s.Block] = []
        seen: dict[str, int] = {}
        for child in _trees(node):
            line = _first_line(child)
            if child.data == "attribute":
                parts = _trees(child)
                name = _token_text(parts[0])
                if name in seen:
                    raise HclSyntaxError(
                        self.path,
                        line,
                        1,
                        f'attribute "{name}" redefined (first defined on line {seen[name]})',
                    )
                seen[name] = line
                items.append(s.Attribute(name, self.expr(parts[-1]), line))
            elif child.data == "block":
                parts = _trees(child)
                labels = [self.label(label) for label in parts[:-1]]
                items.append(
                    s.Block(
                        type=labels[0],
                        labels=tuple(labels[1:]),
                        body=self.body(parts[-1]),
                        line=line,
                        end_line=_last_line(child),
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
        self.depth -= 1
        return tuple(items)

    def label(self, node: Node) -> str:
        if node.data == "string":
            return "".join(
                _unescape_token(part.children[0], self.path)
                for part in _trees(node)
                if isinstance(part.children[0], Token) and part.children[0].type == "STRING_CHARS"
            )
        return _token_text(node)

    def expr(self, node: Node) -> s.Expr:
        handler = getattr(self, "rule_" + str(node.data), None)
        if handler is None:
            return s.Opaque(str(node.data))
        if node.data == "expr_term" and not isinstance(node.children[0], Token):
            return self.rule_expr_term(node)  # a wrapper, not a level of nesting (unless `(`)
        self._enter(node)
        result: s.Expr = handler(node)
        self.depth -= 1
        return result

    def _enter(self, node: Node) -> None:
        # Every later stage (evaluation, pickling to workers) recurses over the tree too.
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise HclSyntaxError(
                self.path, _first_line(node), 1, f"nested more than {MAX_NESTING} levels deep"
            )

    def rule_expr_term(self, node: Node) -> s.Expr:
        return self.expr(_trees(node)[0])

    def rule_identifier(self, node: Node) -> s.Expr:
        return s.Variable(_token_text(node))

    def rule_literal_value(self, node: Node) -> s.Expr:
        return s.Literal({"true": True, "false": False, "null": None}[_token_text(node)])

    def rule_int_lit(self, node: Node) -> s.Expr:
        text = _token_text(node)
        if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:  # int() refuses past 4,300 digits anyway
            raise HclSyntaxError(
                self.path,
                _first_line(node),
                1,
                f"number literal longer than {MAX_NUMBER_DIGITS} digits",
            )
        return s.Literal(int(text))

    def rule_float_lit(self, node: Node) -> s.Expr:
        return s.Literal(float(_token_text(node)))

    def rule_template_string(self, node: Node) -> s.Expr:
        raw = _token_text(node)
        if raw.startswith('\\"') and raw.endswith('\\"'):
            raw = raw[2:-2]
        try:
            return s.Literal(_unescape(raw))
        except ValueError as exc:
            raise HclSyntaxError(self.path, _first_line(node), 1, str(exc)) from None

    def rule_string(self, node: Node) -> s.Expr:
        parts: list[str | s.Expr] = []
        for part in _trees(node):
            content = part.children[0]
            if isinstance(content, Token):
                if content.type == "STRING_CHARS":
                    parts.append(_unescape_token(content, self.path))
                else:  # ESCAPED_INTERPOLATION / ESCAPED_DIRECTIVE: `$${` -> `${`, `%%{` -> `%{`
                    parts.append(str(content)[1:])
            elif content.data == "interpolation":
                parts.append(self.expr(_trees(content)[0]))
            else:  # template directives (%{if}, %{for}): not evaluated
                return s.Opaque("template directive")
        if not parts:
            return s.Literal("")
        if all(isinstance(p, str) for p in parts):
            return s.Literal("".join(p for p in parts if isinstance(p, str)))
        return s.Template(tuple(parts))

    def rule_heredoc_template(self, node: Node) -> s.Expr:
        import hcl2
        from hcl2.transformer import RuleTransformer

        # Heredocs are rare: let python-hcl2 cut the body (markers, trimming, CRLF).
        rule = RuleTransformer().transform(node)
        opts = hcl2.SerializationOptions(preserve_heredocs=False, strip_string_quotes=True)
        text = str(rule.serialize(opts))
        if "${" in text or "%{" in text:
            return s.Opaque("heredoc template")
        return s.Literal(text if text.endswith("\n") else text + "\n")

    rule_heredoc_template_trim = rule_heredoc_template

    def rule_tuple(self, node: Node) -> s.Expr:
        return s.TupleExpr(tuple(self.expr(e) for e in _trees(node)))

    def rule_object(self, node: Node) -> s.Expr:
        items: list[tuple[s.Expr, s.Expr]] = []
        for elem in _trees(node):
            key, value = _trees(elem)
            items.append((self.object_key(key), self.expr(value)))
        return s.ObjectExpr(tuple(items))

    def object_key(self, node: Node) -> s.Expr:
        inner = _trees(node)[0]
        if inner.data == "keyword":
            return s.Literal(_token_text(inner))
        if inner.data == "expr_term":
            first = inner.children[0]
            parenthesised = isinstance(first, Token) and first.type == "LPAR"
            term = _trees(inner)[0]
            if not parenthesised:
                # `{ Name = 1 }`: a name; `{ 1 = x }`: a string key; `{ (var.k) = 1 }`: evaluated.
                if term.data in ("identifier", "keyword", "literal_value"):
                    return s.Literal(_token_text(term))
                if term.data in ("int_lit", "float_lit"):
                    return s.Literal(_token_text(term))
        return self.expr(inner)

    def rule_get_attr_expr_term(self, node: Node) -> s.Expr:
        source, attr = _trees(node)
        return s.GetAttr(self.expr(source), _token_text(_trees(attr)[0]))

    def rule_index_expr_term(self, node: Node) -> s.Expr:
        source, index = _trees(node)
        return s.Index(self.expr(source), self.index(index))

    def index(self, node: Node) -> s.Expr:
        if node.data == "short_index":
            return s.Literal(int(str(node.children[-1])))
        return self.expr(_trees(node)[0])

    def _splat(self, node: Node, full: bool) -> s.Expr:
        source, splat = _trees(node)
        steps: list[str | s.Expr] = []
        for step in _trees(splat):
            if step.data == "get_attr":
                steps.append(_token_text(_trees(step)[0]))
            else:
                steps.append(self.index(step))
        return s.Splat(self.expr(source), tuple(steps), full=full)

    def rule_attr_splat_expr_term(self, node: Node) -> s.Expr:
        return self._splat(node, full=False)

    def rule_full_splat_expr_term(self, node: Node) -> s.Expr:
        return self._splat(node, full=True)

    def rule_function_call(self, node: Node) -> s.Expr:
        parts = _trees(node)
        names = [_token_text(p) for p in parts if p.data == "identifier"]
        arguments = next((p for p in parts if p.data == "arguments"), None)
        if arguments is None:
            return s.Call("::".join(names), ())
        expand = any(isinstance(c, Token) and c.type == "ELLIPSIS" for c in arguments.children)
        return s.Call(
            "::".join(names),
            tuple(self.expr(a) for a in _trees(arguments)),
            expand_final=expand,
        )

    def rule_conditional(self, node: Node) -> s.Expr:
        condition, if_true, if_false = _trees(node)
        return s.Conditional(self.expr(condition), self.expr(if_true), self.expr(if_false))

    def rule_binary_op(self, node: Node) -> s.Expr:
        left, term = _trees(node)[:2]
        operator, right = _trees(term)
        # The postlexer glues a newline or comment before an operator into its token.
        symbol = _OPERATOR_PREFIX.sub("", _token_text(operator)).strip()
        return s.BinaryOp(symbol, self.expr(left), self.expr(right))

    def rule_unary_op(self, node: Node) -> s.Expr:
        return s.UnaryOp(str(node.children[0]).strip(), self.expr(_trees(node)[0]))

    def _for(self, node: Node, is_object: bool) -> s.Expr:
        parts = _trees(node)
        intro = parts[0]
        condition = parts[-1] if parts[-1].data == "for_cond" else None
        intro_parts = _trees(intro)
        names = [_token_text(p) for p in intro_parts[:-1]]
        grouping = is_object and any(
            isinstance(c, Token) and c.type == "ELLIPSIS" for c in node.children
        )
        return s.ForExpr(
            key_var=names[0] if len(names) == 2 else None,
            value_var=names[-1],
            collection=self.expr(intro_parts[-1]),
            value=self.expr(parts[2] if is_object else parts[1]),
            key=self.expr(parts[1]) if is_object else None,
            condition=self.expr(_trees(condition)[0]) if condition is not None else None,
            grouping=grouping,
        )

    def rule_for_tuple_expr(self, node: Node) -> s.Expr:
        return self._for(node, is_object=False)

    def rule_for_object_expr(self, node: Node) -> s.Expr:
        return self._for(node, is_object=True)
