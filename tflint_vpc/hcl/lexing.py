"""The token stream between lark's lexer and parser: python-hcl2's postlexer, one HCL fix, and
linear-time patterns for the terminals whose python-hcl2 patterns backtrack."""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token
from lark.lexer import PatternRE, TerminalDef

# Tokens that continue a traversal: `x[0]`, `x.a`, `x.0`, `x.*`, `x[*]`.
_TRAVERSAL_TOKENS = frozenset({"LSQB", "DOT", "ATTR_SPLAT", "FULL_SPLAT_START"})


class CommentsAsSpace:
    """python-hcl2's postlexer, after one more pass: a `/* */` comment before a traversal is space.

    The grammar lexes every comment as NL_OR_COMMENT, a newline, so in `var.x /* c */[0]` the
    comment ends the expression and `[0]` becomes a syntax error; in HCL an inline comment is
    whitespace. Dropping that comment token leaves every other token, with its line and column,
    as it was, so diagnostics keep their positions. (A line comment does end the line, in HCL
    too, so `var.x # c` followed by `[0]` on the next line stays an error.)
    """

    always_accept = ()  # the lark postlexer protocol: no terminal beyond the grammar's

    def __init__(self) -> None:
        from hcl2.postlexer import PostLexer  # python-hcl2 loads on first parse, as in parse.py

        self._hcl2 = PostLexer()

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        return self._hcl2.process(_drop_comments_before_traversals(stream))


def _drop_comments_before_traversals(stream: Iterator[Token]) -> Iterator[Token]:
    pending: list[Token] = []  # block comments since the last other token
    for token in stream:
        if token.type == "NL_OR_COMMENT" and str(token).startswith("/*"):
            pending.append(token)
            continue
        if token.type not in _TRAVERSAL_TOKENS:
            yield from pending
        pending.clear()
        yield token
    yield from pending


# Two of python-hcl2's terminals backtrack: the heredoc body (`(.|\n)*?` then `\s*` before the
# closing marker, both of which take blank lines: quadratic, issue 18's review measured 12-22 s
# for 40 kB) and quoted string text (one regex iteration, and one backtracking record, per
# character: 194 MB peak for a 1 MB string here). These match the same text, by whole lines and
# by runs of plain characters.
LINEAR_PATTERNS = {
    "HEREDOC_TEMPLATE": r"<<(?P<heredoc>[a-zA-Z][a-zA-Z0-9._-]*)\r?\n"
    r"(?:[^\n]*\n)*?[ \t]*(?P=heredoc)\r?\n",
    "HEREDOC_TEMPLATE_TRIM": r"<<-(?P<heredoc_trim>[a-zA-Z][a-zA-Z0-9._-]*)\r?\n"
    r"(?:[^\n]*\n)*?[ \t]*(?P=heredoc_trim)\r?\n",
    "STRING_CHARS": r"(?:[^\"\\$%]+|\\.|\$(?!\$?\{)|%(?!%?\{))+",
}


def linear_terminals(memo: dict[int, dict[str, object]]) -> None:
    """Swap the backtracking terminal patterns (serialized form) for the linear ones."""
    for entry in memo.values():
        pattern = entry.get("pattern")
        name = entry.get("name")
        if isinstance(name, str) and name in LINEAR_PATTERNS and isinstance(pattern, dict):
            pattern["value"] = LINEAR_PATTERNS[name]


def linear_terminal(terminal: TerminalDef) -> None:
    """The same swap on a terminal of a grammar being compiled (lark's `edit_terminals`)."""
    if terminal.name in LINEAR_PATTERNS:
        terminal.pattern = PatternRE(LINEAR_PATTERNS[terminal.name])
