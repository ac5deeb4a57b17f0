"""`# tfvpc:ignore RULE[, RULE] [-- reason]` comments and the resource blocks they belong to.

A suppression applies to a resource block when the comment is inside the block, or directly
above it (the comment lines immediately preceding the block's first line, no blank line between).
"""

from __future__ import annotations

import re
from bisect import bisect_right
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


class FileIgnores:
    """The directives of one file, indexed once: a block's directives in O(log n + found).

    Looking them up by scanning every directive (and every comment line) per block made a file
    with many resources and many comments quadratic.
    """

    def __init__(
        self, ignores: Sequence[IgnoreComment], only_comment_lines: frozenset[int]
    ) -> None:
        self.ignores = sorted(ignores, key=lambda i: i.line)
        self.lines = [i.line for i in self.ignores]
        self.covered = set(only_comment_lines)
        for ignore in self.ignores:
            self.covered.update(range(ignore.line, ignore.end_line + 1))

    def for_block(self, block: s.Block) -> list[IgnoreComment]:
        """The directives inside `block` or in the run of comment lines right above it."""
        above = block.line - 1
        first_above = above
        while first_above in self.covered:
            first_above -= 1
        low = bisect_right(self.lines, first_above)
        high = bisect_right(self.lines, block.end_line)
        return [
            ignore
            for ignore in self.ignores[low:high]
            if ignore.line >= block.line or ignore.end_line <= above
        ]


def ignores_for_block(
    block: s.Block, ignores: Sequence[IgnoreComment], only_comment_lines: frozenset[int]
) -> list[IgnoreComment]:
    """The directives inside `block` or in the run of comment lines right above it."""
    return FileIgnores(ignores, only_comment_lines).for_block(block)
