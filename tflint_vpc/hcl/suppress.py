"""`# tfvpc:ignore RULE[, RULE] [-- reason]` comments and the resource blocks they belong to.

A suppression applies to a resource block when the comment is inside the block, or directly
above it (the comment lines immediately preceding the block's first line, no blank line between).
`# tfvpc:ignore-file RULE[, RULE]` applies to every resource block of its file.

Spelling, as Terraform users write it: the directive is case-insensitive (`TFVPC:IGNORE`) and
may have spaces after the colon (`tfvpc: ignore`). A comment that tries to be a directive but is
not one (`tfvpc-ignore`, `tfvpc:ignores`, `tfvpc:ignore` naming no rule) is kept with a
`problem`, which the engine reports as TFVPC000 instead of ignoring it silently.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from tflint_vpc.hcl import syntax as s

# `tfvpc`, any separator, then a word starting with `ignore`: everything a user may have meant
# as a directive, so a near miss is reported rather than silently doing nothing. Prose that
# merely mentions tfvpc (`tfvpc: see the wiki`) does not match.
_IGNORE = re.compile(
    r"\btfvpc(?P<sep>[\s:_-]*)(?P<directive>ignore[\w-]*)(?P<body>.*)", re.DOTALL | re.IGNORECASE
)
_ACCEPTED_SEP = re.compile(r":\s*")
_DIRECTIVES = {"ignore": False, "ignore-file": True}  # directive -> applies to the whole file
_RULE_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@dataclass(frozen=True, slots=True)
class IgnoreComment:
    line: int
    end_line: int
    rules: tuple[str, ...]
    reason: str | None
    file_wide: bool = False  # `tfvpc:ignore-file`
    problem: str | None = None  # why this is not a valid directive (reported as TFVPC000)


def parse_ignore(comment: s.Comment) -> IgnoreComment | None:
    """The directive in a comment, or None when it has no `tfvpc:ignore` or no rule."""
    text = comment.text
    if text.startswith("/*"):
        text = text[2:].removesuffix("*/")
    match = _IGNORE.search(text)
    if match is None:
        return None
    end_line = comment.line + comment.text.count("\n")
    written = " ".join(match.group(0).split())[:80]
    directive = match.group("directive").lower()
    body = match.group("body")
    reason: str | None = None
    if "--" in body:
        body, _, reason_text = body.partition("--")
        reason = " ".join(reason_text.split()) or None
    rules = tuple(r for r in re.split(r"[\s,]+", body.strip()) if r)
    problem = None
    if not _ACCEPTED_SEP.fullmatch(match.group("sep")) or directive not in _DIRECTIVES:
        problem = f"malformed suppression {written!r}: write `tfvpc:ignore RULE[, RULE]`"
    elif not rules:
        problem = f"suppression {written!r} names no rule: write `tfvpc:{directive} RULE[, RULE]`"
    elif bad := [r for r in rules if not _RULE_TOKEN.fullmatch(r)]:
        problem = f"suppression names {', '.join(bad)!r}, which is not a rule code or name"
    if problem is not None:
        return IgnoreComment(comment.line, end_line, (), reason, problem=problem)
    return IgnoreComment(
        comment.line, end_line, rules, reason, file_wide=_DIRECTIVES[directive], problem=None
    )


class FileIgnores:
    """The directives of one file, indexed once: a block's directives in O(log n + found).

    Looking them up by scanning every directive (and every comment line) per block made a file
    with many resources and many comments quadratic.
    """

    def __init__(
        self, ignores: Sequence[IgnoreComment], only_comment_lines: frozenset[int]
    ) -> None:
        # file-wide directives apply to every block wherever they sit; kept out of the index
        self.file_wide = sorted((i for i in ignores if i.file_wide), key=lambda i: i.line)
        self.ignores = sorted((i for i in ignores if not i.file_wide), key=lambda i: i.line)
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
            *self.file_wide,
            *(
                ignore
                for ignore in self.ignores[low:high]
                if ignore.line >= block.line or ignore.end_line <= above
            ),
        ]


def ignores_for_block(
    block: s.Block, ignores: Sequence[IgnoreComment], only_comment_lines: frozenset[int]
) -> list[IgnoreComment]:
    """The directives inside `block` or in the run of comment lines right above it."""
    return FileIgnores(ignores, only_comment_lines).for_block(block)
