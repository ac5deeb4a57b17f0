"""`# tfvpc:ignore RULE[, RULE] [-- reason]` comments and the resource blocks they belong to.

A suppression applies to a resource block when the comment is inside the block, or directly
above it (the comment lines immediately preceding the block's first line, no blank line between).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tflint_vpc.hcl import syntax as s

_IGNORE = re.compile(r"tfvpc:ignore\b(?P<body>.*)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class IgnoreComment:
    line: int
    end_line: int
    rules: tuple[str, ...]
    reason: str | None


def parse_ignore(comment: s.Comment) -> IgnoreComment | None:
    """The directive in a comment, or None when it has no `tfvpc:ignore` or no rule."""
    text = comment.text
    if text.startswith("/*"):
        text = text[2:].removesuffix("*/")
    match = _IGNORE.search(text)
    if match is None:
        return None
    body = match.group("body")
    reason: str | None = None
    if "--" in body:
        body, _, reason_text = body.partition("--")
        reason = " ".join(reason_text.split()) or None
    rules = tuple(r for r in re.split(r"[\s,]+", body.strip()) if r)
    if not rules:
        return None
    return IgnoreComment(comment.line, comment.line + comment.text.count("\n"), rules, reason)


def ignores_for_block(
    block: s.Block, ignores: Sequence[IgnoreComment], only_comment_lines: frozenset[int]
) -> list[IgnoreComment]:
    """The directives inside `block` or in the run of comment lines right above it."""
    covered = set(only_comment_lines)
    for ignore in ignores:
        covered.update(range(ignore.line, ignore.end_line + 1))
    above = block.line - 1
    first_above = above
    while first_above in covered:
        first_above -= 1
    result: list[IgnoreComment] = []
    for ignore in ignores:
        inside = block.line <= ignore.line <= block.end_line
        directly_above = first_above < ignore.line and ignore.end_line <= above
        if inside or directly_above:
            result.append(ignore)
    return result
