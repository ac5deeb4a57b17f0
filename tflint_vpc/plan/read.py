"""Read `terraform show -json` output (plans and states) and refuse every other kind of file.

The reader answers each wrong input with one line that says what to run instead: a binary plan,
the `terraform plan -json` log stream, a raw `terraform.tfstate`, provider schemas, CI wrapper
noise, bad encodings, broken or truncated JSON, an unsupported `format_version`, and documents
whose skeleton (the parts the resolver reads) has the wrong shape (see `validate`).

Plans hold secrets in clear text, so no message ever quotes a value from the document: only key
paths, JSON type names and the `format_version`.

Big plans (hundreds of MB) are read once, decoded once and parsed once; the raw bytes are dropped
before parsing so that they do not add to the peak memory of `json.loads`.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from tflint_vpc.errors import InputError
from tflint_vpc.files import read_bytes
from tflint_vpc.gc_pause import collector_paused
from tflint_vpc.plan.schema import type_name
from tflint_vpc.plan.validate import Kind, refuse_duplicate_addresses, validate

SHOW_JSON = "`terraform show -json plan.out > plan.json`"

_NEWEST_KNOWN: Mapping[Kind, tuple[int, int]] = {"plan": (1, 2), "state": (1, 0)}
# Top-level blocks of the JSON configuration syntax (`*.tf.json`, e.g. from `cdktf synth`).
_CONFIG_BLOCKS = frozenset({"resource", "data", "module", "provider", "terraform", "locals"})
_PLAN_KEYS = ("planned_values", "resource_changes", "configuration")
_STATE_KEYS = frozenset({"format_version", "terraform_version", "values", "checks"})
_LEADING_SPACE = re.compile(r"[ \t\r\n]*")
_FORMAT_VERSION = re.compile(r"(\d{1,6})\.(\d{1,6})")


@dataclass(frozen=True)
class Document:
    """One parsed `terraform show -json` document."""

    path: str
    kind: Kind
    data: Mapping[str, object]
    format_version: str
    terraform_version: str | None
    notices: tuple[str, ...] = ()  # one-line notes for the user, e.g. a newer format minor


def read_document(path: str) -> Document:
    """Read, sniff, parse, classify and validate one plan or state JSON file.

    `path` "-" reads standard input. Raises `InputError(path, one-line message)`.
    """
    text = _decode(path, _read_bytes(path))
    _sniff_text(path, text)
    parsed = _parse(path, text)
    del text  # the parsed tree is all we keep
    data, kind, format_version = _classify(path, parsed)
    validate(path, data, kind)
    refuse_duplicate_addresses(path, data)
    terraform_version = data.get("terraform_version")
    return Document(
        path=path,
        kind=kind,
        data=data,
        format_version=format_version,
        terraform_version=terraform_version if isinstance(terraform_version, str) else None,
        notices=_notices(kind, format_version),
    )


def _notices(kind: Kind, format_version: str) -> tuple[str, ...]:
    # Minor versions only add keys (the format's promise), so a newer minor is read as the
    # newest we know; the user should still hear that it was not tested.
    known = _NEWEST_KNOWN[kind]
    major, minor = (int(part) for part in format_version.split("."))
    if (major, minor) > known:
        newest = f"{known[0]}.{known[1]}"
        note = f"format_version {format_version} is newer than {newest}, the newest this tool"
        return (f"{note} knows; reading it as {newest}",)
    return ()


# --- bytes ----------------------------------------------------------------------------------


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    if os.path.isdir(path):
        raise InputError(path, "is a directory, expected a plan or state JSON file")
    # A regular file only (stdin is "-"): a FIFO in a checkout would block, and a device such
    # as /dev/zero would be read until memory runs out.
    return read_bytes(path, limit=None)


def _decode(path: str, raw: bytes) -> str:
    if raw.startswith(b"PK\x03\x04"):
        raise InputError(
            path, f"this is a binary plan file, not JSON; run {SHOW_JSON} and lint plan.json"
        )
    if raw.startswith(b"\x1f\x8b"):
        raise InputError(path, "is gzip-compressed; decompress it (gunzip) and lint the JSON")
    # PowerShell `>` writes UTF-16 with a BOM; without a BOM, JSON text in UTF-16 still shows
    # itself by a NUL byte beside its first (ASCII) character.
    encoding = "utf-8"
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "utf-32"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif len(raw) >= 2 and raw[1] == 0 and raw[0] != 0:
        encoding = "utf-16-le"
    elif len(raw) >= 2 and raw[0] == 0 and raw[1] != 0:
        encoding = "utf-16-be"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        name = "UTF-8" if encoding.startswith("utf-8") else encoding.upper()
        raise InputError(
            path,
            f"is not valid {name} (bad byte at offset {error.start}); "
            f"write the file as UTF-8 with {SHOW_JSON}",
        ) from None


# --- text -----------------------------------------------------------------------------------

_WRAPPER_HINT = (
    "from the hashicorp/setup-terraform wrapper; "
    "set `terraform_wrapper: false` on the setup-terraform step"
)


def _sniff_text(path: str, text: str) -> None:
    """Cheap checks on the start of the text; the full text is never copied."""
    start = _LEADING_SPACE.match(text)
    first = start.end() if start else 0
    if not text:
        raise InputError(path, f"is empty; expected the output of {SHOW_JSON}")
    if first == len(text):
        raise InputError(path, f"contains only whitespace; expected the output of {SHOW_JSON}")
    head = text[first : first + 16]
    if head.startswith(("[command]", "::debug::", "::set-output", "::group::")):
        raise InputError(path, f"starts with CI log lines (`[command]...`) {_WRAPPER_HINT}")


@collector_paused()  # the tree has no cycles and lives until the end of the lint
def _parse(path: str, text: str) -> object:
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise too_deep(path) from None
    except json.JSONDecodeError as error:
        raise _syntax_error(path, text, error) from None
    except _NonJSONConstantError:
        reason = "it contains NaN or Infinity, which JSON does not allow"
        raise InputError(path, f"is not valid JSON: {reason}") from None
    except ValueError:
        # Python refuses integers of more than `sys.get_int_max_str_digits()` digits.
        raise InputError(path, "is not valid JSON: it contains a number too long to read") from None


class _NonJSONConstantError(Exception):
    """Python's json accepts NaN and Infinity by default; Terraform never writes them."""


def _refuse_constant(name: str) -> object:
    raise _NonJSONConstantError(name)


def _syntax_error(path: str, text: str, error: json.JSONDecodeError) -> InputError:
    where = f"line {error.lineno} column {error.colno} (char {error.pos})"
    if error.msg == "Extra data":
        rest = text[error.pos : error.pos + 16]
        if rest.startswith(("::debug::", "::set-output", "[command]", "::group::")):
            return InputError(
                path, f"has CI log lines (`::debug::...`) after the JSON {_WRAPPER_HINT}"
            )
        if _is_log_stream_line(text[: text.find("\n")] if "\n" in text[:65536] else ""):
            return _log_stream(path)
        return InputError(path, f"has more data after the JSON document at {where}")
    start = _LEADING_SPACE.match(text)
    first = start.end() if start else 0
    if error.pos == first and text[first] not in "{[":
        return InputError(
            path,
            f"is not JSON (it starts with text, not '{{'); expected the output of {SHOW_JSON}",
        )
    # "Unterminated string" can only mean the text ended inside a string (a raw newline in a
    # string is "Invalid control character"), so it is a truncation too.
    truncated = error.msg.startswith("Unterminated string") or not text[error.pos :].strip()
    hint = " (truncated?)" if truncated else ""
    # json's messages end with "starting at" when they point back at `where` themselves
    reason = error.msg.removesuffix(" starting at").removesuffix(":")
    return InputError(path, f"is not valid JSON{hint} at {where}: {reason}")


def _is_log_stream_line(line: str) -> bool:
    if not line.startswith("{"):
        return False
    try:
        message = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return False
    return isinstance(message, dict) and _is_log_message(message)


def _is_output(value: object) -> bool:
    return (
        isinstance(value, dict) and "value" in value and ("type" in value or "sensitive" in value)
    )


def _is_log_message(data: Mapping[str, object]) -> bool:
    return "@level" in data or "@message" in data or data.get("type") == "version"


def _log_stream(path: str) -> InputError:
    return InputError(
        path,
        "this is the `terraform plan -json` log stream, not a plan; "
        f"save the plan with `terraform plan -out=plan.out` and run {SHOW_JSON}",
    )


def too_deep(path: str) -> InputError:
    """The error for a document nested deeper than Python can parse or walk.

    `json.loads` refuses about 1,000 levels on CPython 3.11 (more on 3.12+); callers that walk
    parsed values recursively should turn a `RecursionError` into this error too.
    """
    return InputError(path, "JSON is nested too deeply to read; not a Terraform plan")


# --- kind -----------------------------------------------------------------------------------


def _classify(path: str, data: object) -> tuple[dict[str, object], Kind, str]:
    if not isinstance(data, dict):
        raise InputError(
            path,
            f"top-level JSON value is {_article(type_name(data))}, not an object; "
            f"expected the output of {SHOW_JSON}",
        )
    if _is_log_message(data):
        raise _log_stream(path)
    if "provider_schemas" in data:
        raise InputError(
            path,
            f"this is `terraform providers schema -json` output, not a plan; run {SHOW_JSON}",
        )
    if "format_version" not in data and ("lineage" in data or "serial" in data):
        raise InputError(
            path,
            "this is a raw state file (terraform.tfstate); run `terraform show -json` "
            f"(for the state) or {SHOW_JSON} (for a plan) and lint that",
        )
    if "format_version" not in data and _CONFIG_BLOCKS.intersection(data):
        raise InputError(
            path,
            "this is Terraform JSON configuration (.tf.json), not a plan; "
            f"lint its directory, or run {SHOW_JSON}",
        )
    if "format_version" not in data and data and all(map(_is_output, data.values())):
        raise InputError(
            path, f"this is `terraform output -json` output, not a plan; run {SHOW_JSON}"
        )
    if "format_version" not in data:
        raise InputError(
            path,
            f"has no `format_version`, so it is not `terraform show -json` output; run {SHOW_JSON}",
        )
    format_version = data["format_version"]
    if not isinstance(format_version, str):
        raise InputError(
            path, f"$.format_version: expected string, got {type_name(format_version)}"
        )
    match = _FORMAT_VERSION.fullmatch(format_version)
    if match is None:
        raise InputError(path, '$.format_version: expected MAJOR.MINOR such as "1.2"')
    if match.group(1) not in ("0", "1"):
        raise InputError(
            path,
            f"unsupported format_version {format_version} (this tool reads 0.x and 1.x); "
            "upgrade tfvpc or use an older Terraform",
        )
    if any(key in data for key in _PLAN_KEYS):
        return data, "plan", format_version
    if "root_module" in data:
        raise InputError(
            path,
            "this is a configuration-only document (`tofu show -json -config`/`-module`), "
            f"not a plan; run {SHOW_JSON}",
        )
    if "values" in data or data.keys() <= _STATE_KEYS:
        return data, "state", format_version
    raise InputError(
        path,
        "has none of `planned_values`, `resource_changes`, `configuration` or `values`, "
        f"so it is neither a plan nor a state; run {SHOW_JSON}",
    )


def _article(name: str) -> str:
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"
