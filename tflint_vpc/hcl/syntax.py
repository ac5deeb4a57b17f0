"""A small, picklable syntax tree for HCL files, independent of python-hcl2's private classes.

`parse.py` converts python-hcl2's typed tree into these nodes once per file (possibly in a worker
process, hence plain frozen dataclasses); `evaluate.py` interprets them. Keeping our own tree
means a python-hcl2 upgrade touches one converter, not the evaluator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Literal:
    value: str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Template:
    """A quoted string with interpolations; parts are literal text or expressions."""

    parts: tuple[str | Expr, ...]


@dataclass(frozen=True, slots=True)
class TupleExpr:
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class ObjectExpr:
    items: tuple[tuple[Expr, Expr], ...]


@dataclass(frozen=True, slots=True)
class Variable:
    """A root name of a traversal: `var`, `local`, `aws_vpc`, `each`, a for-expression iterator."""

    name: str


@dataclass(frozen=True, slots=True)
class GetAttr:
    source: Expr
    name: str


@dataclass(frozen=True, slots=True)
class Index:
    source: Expr
    key: Expr


@dataclass(frozen=True, slots=True)
class Splat:
    """`x[*].a[0]` (full) or `x.*.a` (attribute-only: indexes end the splat)."""

    source: Expr
    steps: tuple[str | Expr, ...]  # str = attribute name, Expr = index
    full: bool


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    expand_final: bool = False  # f(x...)


@dataclass(frozen=True, slots=True)
class Conditional:
    condition: Expr
    if_true: Expr
    if_false: Expr


@dataclass(frozen=True, slots=True)
class BinaryOp:
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True)
class UnaryOp:
    op: str
    operand: Expr


@dataclass(frozen=True, slots=True)
class ForExpr:
    key_var: str | None
    value_var: str
    collection: Expr
    value: Expr
    key: Expr | None  # set for `{for ...}` (object result)
    condition: Expr | None
    grouping: bool = False


@dataclass(frozen=True, slots=True)
class Opaque:
    """Something we do not evaluate (template directives, heredocs with interpolation)."""

    text: str


Expr: TypeAlias = (
    "Literal | Template | TupleExpr | ObjectExpr | Variable | GetAttr | Index | Splat | Call"
    " | Conditional | BinaryOp | UnaryOp | ForExpr | Opaque"
)


@dataclass(frozen=True, slots=True)
class Attribute:
    name: str
    expr: Expr
    line: int


@dataclass(frozen=True, slots=True)
class Block:
    type: str
    labels: tuple[str, ...]
    body: Body
    line: int
    end_line: int

    def attribute(self, name: str) -> Attribute | None:
        for item in self.body:
            if isinstance(item, Attribute) and item.name == name:
                return item
        return None

    def blocks(self, type_: str) -> tuple[Block, ...]:
        return tuple(b for b in self.body if isinstance(b, Block) and b.type == type_)


Body: TypeAlias = "tuple[Attribute | Block, ...]"


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment that carries a `tfvpc:` directive (others are not kept)."""

    line: int
    text: str


@dataclass(frozen=True, slots=True)
class ParsedFile:
    path: str  # as opened (absolute or as given)
    body: Body
    comments: tuple[Comment, ...] = ()
    comment_lines: frozenset[int] = frozenset()  # lines holding only a comment (when directives)
