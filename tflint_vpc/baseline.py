"""Baselines: record today's findings, then report only the new ones.

A baseline is a JSON file of entries keyed by `Diagnostic.fingerprint` (rule id + address + the
values that make the finding), so it survives reordering, rewording and unrelated edits. The
rule id, address and message are stored too, for the humans who review the file in a diff.

Matching is a multiset: two identical findings in the baseline excuse two findings, not ten.
A baseline entry that matches nothing any more is reported as fixed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from tflint_vpc.address import natural_key
from tflint_vpc.diagnostic import BaselineEntry, Diagnostic, LintResult
from tflint_vpc.errors import InputError
from tflint_vpc.files import read_text

# 2: rules' `values` say what kind of problem a finding is (TFVPC005: the hypervisor class,
# not the instance type). Version-1 entries are still read and match by rule and address; the
# next --write-baseline rewrites them as version 2.
BASELINE_VERSION = 2
_READABLE_VERSIONS = (1, 2)
_FIELDS = ("fingerprint", "rule_id", "address", "message")


def entry_of(diagnostic: Diagnostic) -> BaselineEntry:
    return BaselineEntry(
        diagnostic.fingerprint, diagnostic.rule_id, diagnostic.address, diagnostic.message
    )


def _entry_order(entry: BaselineEntry) -> tuple[str, tuple[str | int, ...], str, str]:
    return (entry.rule_id, natural_key(entry.address), entry.fingerprint, entry.message)


def dumps_baseline(diagnostics: Iterable[Diagnostic]) -> str:
    """The baseline file's text: sorted and stable, so regenerating it gives a clean diff."""
    entries = sorted((entry_of(d) for d in diagnostics), key=_entry_order)
    document = {
        "tool": "tfvpc",
        "version": BASELINE_VERSION,
        "entries": [{name: getattr(e, name) for name in _FIELDS} for e in entries],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_baseline(path: str | Path, diagnostics: Iterable[Diagnostic]) -> int:
    """Write the baseline for `diagnostics` to `path`; return the number of entries."""
    text = dumps_baseline(diagnostics)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot write baseline: {exc.strerror or exc}") from exc
    return len(json.loads(text)["entries"])


def read_baseline(path: str | Path) -> tuple[BaselineEntry, ...]:
    """The entries of a baseline file; InputError (one line, exit 2) when it cannot be used."""
    shown = str(path)
    try:
        # A regular file: a FIFO would block, a device or a huge file is not a baseline.
        text = read_text(shown)
    except InputError as exc:
        raise InputError(shown, f"cannot read baseline: {exc.message}") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            shown, f"baseline is not valid JSON: {exc.msg} (line {exc.lineno})"
        ) from exc
    except RecursionError:
        raise InputError(shown, "baseline JSON is nested too deeply to read") from None
    except ValueError:  # an integer longer than `sys.get_int_max_str_digits()`
        raise InputError(shown, "baseline JSON contains a number too long to read") from None
    if not isinstance(document, dict) or "entries" not in document:
        raise InputError(shown, "not a tfvpc baseline (expected an object with 'entries')")
    version = document.get("version")
    if version not in _READABLE_VERSIONS or isinstance(version, bool):
        raise InputError(
            shown,
            f"unsupported baseline version {version!r} "
            f"(expected {BASELINE_VERSION}; regenerate it with --write-baseline)",
        )
    raw_entries = document["entries"]
    if not isinstance(raw_entries, list):
        raise InputError(shown, "baseline 'entries' must be a list")
    entries: list[BaselineEntry] = []
    for index, raw in enumerate(raw_entries):
        if not isinstance(raw, dict) or not isinstance(raw.get("fingerprint"), str):
            raise InputError(shown, f"baseline entry {index} has no 'fingerprint' string")
        entries.append(
            BaselineEntry(
                fingerprint=raw["fingerprint"],
                rule_id=str(raw.get("rule_id", "")),
                address=str(raw.get("address", "")),
                message=str(raw.get("message", "")),
                legacy=version != BASELINE_VERSION,
            )
        )
    return tuple(entries)


def match_baseline(
    entries: Sequence[BaselineEntry], diagnostics: Iterable[Diagnostic]
) -> tuple[tuple[Diagnostic, ...], tuple[BaselineEntry, ...]]:
    """Split `diagnostics` against `entries`: (the new diagnostics, the entries now fixed).

    Current entries match by fingerprint; legacy (version-1) entries by rule and address.
    """
    remaining = Counter(_key(e) for e in entries)
    new: list[Diagnostic] = []
    for d in diagnostics:
        for key in (d.fingerprint, _legacy_key(d.rule_id, d.address)):
            if remaining[key] > 0:
                remaining[key] -= 1
                break
        else:
            new.append(d)
    fixed: list[BaselineEntry] = []
    for entry in sorted(entries, key=_entry_order):
        if remaining[_key(entry)] > 0:
            remaining[_key(entry)] -= 1
            fixed.append(entry)
    return tuple(new), tuple(fixed)


def _legacy_key(rule_id: str, address: str) -> str:
    # "\x1f" cannot occur in a fingerprint (hex), so the two kinds of key never collide
    return f"{rule_id}\x1f{address}"


def _key(entry: BaselineEntry) -> str:
    return _legacy_key(entry.rule_id, entry.address) if entry.legacy else entry.fingerprint


def apply_baseline(
    path: str | Path, diagnostics: Iterable[Diagnostic]
) -> tuple[tuple[Diagnostic, ...], tuple[BaselineEntry, ...]]:
    """Read the baseline at `path` and keep only the new diagnostics; also return the fixed."""
    return match_baseline(read_baseline(path), diagnostics)


def apply_baseline_to_result(path: str | Path, result: LintResult) -> LintResult:
    """`result` with only the findings not in the baseline, and the fixed entries filled in."""
    new, fixed = apply_baseline(path, result.diagnostics)
    return replace(result, diagnostics=new, fixed=fixed)
