"""String functions; regular expressions run on RE2, the engine (and syntax) Terraform uses.

Terraform's `regex()` and `regexall()` are Go's `regexp`, which is RE2: linear time in the input,
no backreferences or lookaround. Python's `re` backtracks (`(a*)*b` against 24 `a`s took 2.8 s
here, and the time multiplies with each further character) and accepts syntax RE2 rejects, so it
would both hang and guess. The `google-re2` bindings give the same engine and the same refusals
(a pattern RE2 rejects is an error in Terraform too, so it is one here).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import re2  # google-re2: Terraform's regex engine, linear time

from tflint_vpc.hcl import budget
from tflint_vpc.hcl.functions.arguments import (
    Function,
    NeedsUnknown,
    arity,
    as_int,
    as_list,
    as_number,
    as_str,
    need,
)
from tflint_vpc.hcl.values import (
    EvalError,
    EvalValue,
)
from tflint_vpc.inventory import Ref


def join(args: Sequence[EvalValue]) -> EvalValue:
    if len(args) < 2:
        raise EvalError("join needs a separator and lists")
    elements = [v for arg in args[1:] for v in as_list(arg)]
    single = _single_ref(args[0], elements)
    if single is not None:
        return single
    separator = as_str(args[0])
    parts = [as_str(v) for v in elements]
    budget.check_string_parts([*parts, separator * max(0, len(parts) - 1)])
    return separator.join(parts)


def _single_ref(separator: EvalValue, elements: Sequence[EvalValue]) -> Ref | None:
    """The one reference `join` returns unchanged, when the others cannot add a character.

    `join("", data.aws_vpc.x[*].id)` over a counted data source (the cloudposse idiom for an
    optional resource) is the id of its one instance: keeping the `Ref` keeps the link. That
    holds for any separator when there is one element, and for `""` when every other element
    is the empty string.
    """
    refs = [v for v in elements if isinstance(v, Ref)]
    if len(refs) != 1:
        return None
    if len(elements) == 1 or (separator == "" and all(v == "" or v is refs[0] for v in elements)):
        return refs[0]
    return None


def split(args: Sequence[EvalValue]) -> EvalValue:
    separator, text = arity(args, 2)
    return tuple(as_str(text).split(as_str(separator)))


def lower(args: Sequence[EvalValue]) -> EvalValue:
    (text,) = arity(args, 1)
    return as_str(text).lower()


def upper(args: Sequence[EvalValue]) -> EvalValue:
    (text,) = arity(args, 1)
    return as_str(text).upper()


def trimspace(args: Sequence[EvalValue]) -> EvalValue:
    (text,) = arity(args, 1)
    return as_str(text).strip()


def replace(args: Sequence[EvalValue]) -> EvalValue:
    text, old, new = (as_str(a) for a in arity(args, 3))
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        raise NeedsUnknown  # regex replacement ($1 expansion): not evaluated
    # The size of the result before it exists: `replace` fed its own output doubles each time.
    if len(text) + text.count(old) * (len(new) - len(old)) > budget.MAX_STRING:
        raise budget.reached("string length")
    return text.replace(old, new)


_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # RE2 logs a refused pattern to stderr by default


def _pattern(value: EvalValue) -> Any:  # re2._Regexp: google-re2 ships no type hints
    text = as_str(value)
    try:
        return re2.compile(text, _RE2_OPTIONS)
    except re2.error:
        # Backreferences, lookaround, possessive quantifiers: Terraform rejects them too.
        raise EvalError("invalid regular expression (RE2 syntax)") from None


def regex(args: Sequence[EvalValue]) -> EvalValue:
    pattern, text = arity(args, 2)
    compiled = _pattern(pattern)
    match = compiled.search(as_str(text))
    if match is None:
        raise EvalError("pattern did not match any part of the given string")
    if compiled.groupindex:
        return {name: match.group(name) for name in compiled.groupindex}
    if compiled.groups:
        return tuple(match.groups())
    return str(match.group(0))


def regexall(args: Sequence[EvalValue]) -> EvalValue:
    pattern, text = arity(args, 2)
    compiled = _pattern(pattern)
    result: list[EvalValue] = []
    for match in compiled.finditer(as_str(text)):
        budget.step()  # a match per character is possible: count them as work
        if compiled.groupindex:
            result.append({name: match.group(name) for name in compiled.groupindex})
        elif compiled.groups:
            result.append(tuple(match.groups()))
        else:
            result.append(match.group(0))
    return tuple(result)


def startswith(args: Sequence[EvalValue]) -> EvalValue:
    text, prefix = arity(args, 2)
    return as_str(text).startswith(as_str(prefix))


def endswith(args: Sequence[EvalValue]) -> EvalValue:
    text, suffix = arity(args, 2)
    return as_str(text).endswith(as_str(suffix))


def substr(args: Sequence[EvalValue]) -> EvalValue:
    text, offset, size = arity(args, 3)
    value, start, count = as_str(text), as_int(offset), as_int(size)
    if start < 0:
        start += len(value)
    end = len(value) if count < 0 else start + count
    return value[start:end]


# Flags, then a width that cannot start with 0 (a 0 is a flag): no two parts of the pattern can
# match the same characters, so a long run of them is scanned once, not once per split.
_VERB = re.compile(r"%(%|[-+# 0]*(?:[1-9]\d*)?(?:\.\d+)?[sdvqft])")
_NUMBERS = re.compile(r"\d+")


def format_(args: Sequence[EvalValue]) -> EvalValue:
    if not args:
        raise EvalError("format needs a format string")
    spec = as_str(args[0])
    rest = list(args[1:])
    position = 0

    def repl(match: re.Match[str]) -> str:
        nonlocal position
        verb = match.group(1)
        if verb == "%":
            return "%"
        for number in _NUMBERS.findall(verb):  # width, precision: padding allocated up front
            if len(number) > 6 or int(number) > budget.MAX_FORMAT_WIDTH:
                raise budget.reached("format width")
        if position >= len(rest):
            raise EvalError("format: not enough arguments")
        value = need(rest[position])
        position += 1
        kind = verb[-1]
        flags = verb[:-1]
        if kind in "sv":
            if isinstance(value, tuple | Mapping):
                raise NeedsUnknown  # JSON-ish rendering of collections is not worth guessing
            return ("%" + flags + "s") % as_str(value)
        if kind == "q":
            return '"' + as_str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
        if kind == "d":
            return ("%" + flags + "d") % as_int(value)
        return ("%" + flags + "f") % float(as_number(value))

    result = _VERB.sub(repl, spec)
    return result


def trimsuffix(args: Sequence[EvalValue]) -> EvalValue:
    """Removes the suffix once, if present (Go's `strings.TrimSuffix`)."""
    text, suffix = arity(args, 2)
    return as_str(text).removesuffix(as_str(suffix))


def _separates_words(char: str) -> bool:
    """Go's `strings.Title` word boundary: ASCII other than letters, digits and `_`, or a space."""
    if char <= "\x7f":
        return not (char.isascii() and (char.isalnum() or char == "_"))
    if char.isalpha() or char.isdecimal():
        return False
    return char.isspace()


def title(args: Sequence[EvalValue]) -> EvalValue:
    """Upper-cases the first letter of each word and leaves the rest alone (not `str.title`)."""
    (text,) = arity(args, 1)
    result: list[str] = []
    previous = " "
    for char in as_str(text):
        if _separates_words(previous):
            titled = char.title()
            # Go maps one rune to one rune: a multi-character title case ("ß" -> "Ss") stays put.
            result.append(titled if len(titled) == 1 else char)
        else:
            result.append(char)
        previous = char
    return "".join(result)


FUNCTIONS: Mapping[str, Function] = {
    "join": join,
    "split": split,
    "lower": lower,
    "upper": upper,
    "trimspace": trimspace,
    "replace": replace,
    "regex": regex,
    "regexall": regexall,
    "startswith": startswith,
    "endswith": endswith,
    "substr": substr,
    "format": format_,
    "trimsuffix": trimsuffix,
    "title": title,
}
