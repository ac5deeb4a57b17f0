"""GitHub Actions workflow-command annotations, plus the job's step summary.

`::error file=F,line=L,endLine=E,title=T::MESSAGE` per finding, most severe first.

* Escaping follows actions/toolkit `command.ts`: in the message `%`, CR and LF become `%25`,
  `%0D`, `%0A`; in property values also `:` and `,` become `%3A` and `%2C`.
* GitHub annotates at most 10 errors, 10 warnings and 10 notices per step and drops the rest
  silently. We emit up to that many per level, picked round-robin by rule so one noisy rule
  cannot hide the others, then one `::notice::` saying how many were not
  annotated (keeping a notice slot free for it), then the rest as plain log lines so the log
  still holds every finding.
* A plan-only finding (no `.tf` line) gets no `file=`: the plan JSON is a build artifact, not a
  file in the repository, so a file annotation would point at nothing. Without `file` GitHub
  shows the annotation on the workflow run's summary page, titled with the rule, and the message
  leads with the Terraform address and names the plan it came from.
* `render()` also appends the Markdown summary (`report.markdown`) to `$GITHUB_STEP_SUMMARY`
  when that variable is set, so one `--format github` gives annotations and a readable table.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.errors import InputError
from tflint_vpc.printable import printable
from tflint_vpc.report import ReportOptions, markdown
from tflint_vpc.report._common import most_severe_first, place_of, round_robin
from tflint_vpc.rule import Severity

ANNOTATIONS_PER_LEVEL = 10  # per step, per level (actions/toolkit docs/problem-matchers.md)
SUMMARY_ENV = "GITHUB_STEP_SUMMARY"


def escape_data(text: str) -> str:
    # CR and LF are the command's own escapes; every other control character is made visible.
    text = printable(text, keep="\r\n")
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(diagnostic: Diagnostic, root: Path | None) -> str:
    place = place_of(diagnostic, root)
    props: list[tuple[str, str]] = []
    message = f"{diagnostic.address}: {diagnostic.message}"
    if place.exact:
        props += [("file", place.path), ("line", str(place.line))]
        if place.end_line > place.line:
            props.append(("endLine", str(place.end_line)))
    else:
        message += f" (in {place.path})"
    props.append(("title", f"{diagnostic.rule_id} {diagnostic.rule}"))
    params = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{diagnostic.severity.value} {params}::{escape_data(message)}"


def _plain(diagnostic: Diagnostic, root: Path | None) -> str:
    """A log line that is not a workflow command (no leading `::`), one line per finding."""
    place = place_of(diagnostic, root)
    where = f"{place.path}:{place.line}" if place.exact else place.path
    text = f"{diagnostic.severity.value} {diagnostic.rule_id} {diagnostic.rule} {where} "
    text += f"{diagnostic.address}: {diagnostic.message}"
    return " ".join(printable(text, keep="\n\r\t").split())


def workflow_commands(result: LintResult, *, root: Path | None = None) -> str:
    """The workflow commands (and overflow log lines) for `result`, without side effects."""
    # Inputs that could not be read come first: they make the run exit 2, and the findings of
    # the other inputs are incomplete without them. They use error slots like findings do.
    input_errors = [f"::error title=tfvpc input error::{escape_data(e)}" for e in result.errors]
    caps = dict.fromkeys(Severity, ANNOTATIONS_PER_LEVEL)
    caps[Severity.ERROR] = max(ANNOTATIONS_PER_LEVEL - len(input_errors), 0)
    ordered = most_severe_first(result.diagnostics)
    per_level = {s: [d for d in ordered if d.severity is s] for s in Severity}
    if any(len(per_level[s]) > caps[s] for s in Severity):
        caps[Severity.NOTICE] -= 1  # our own "N more" notice needs a slot, or GitHub drops it
    shown: list[Diagnostic] = []
    hidden: list[Diagnostic] = []
    for severity, ds in per_level.items():
        # every rule gets a slot before any rule gets a second one
        level_shown, level_hidden = round_robin(ds, max(caps[severity], 0))
        shown += level_shown
        hidden += level_hidden
    lines = input_errors[:ANNOTATIONS_PER_LEVEL]
    lines += [f"error: {printable(e)}" for e in result.errors[ANNOTATIONS_PER_LEVEL:]]
    lines += [_annotation(d, root) for d in shown]
    if hidden:
        noun = "finding was" if len(hidden) == 1 else "findings were"
        lines.append(
            f"::notice title=tfvpc::{len(hidden)} more {noun} not annotated "
            f"(GitHub shows at most {ANNOTATIONS_PER_LEVEL} per level in a step); "
            "they are listed below and in the job summary"
        )
        lines += [_plain(d, root) for d in hidden]
    return "".join(line + "\n" for line in lines)


def append_step_summary(
    result: LintResult, environ: Mapping[str, str] | None = None
) -> Path | None:
    """Append the Markdown summary to `$GITHUB_STEP_SUMMARY`; the file written, or None."""
    env = os.environ if environ is None else environ
    target = env.get(SUMMARY_ENV)
    if not target:
        return None
    path = Path(target)
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(markdown.render(result) + "\n")
    except OSError as exc:
        raise InputError(target, f"cannot write the step summary: {exc.strerror or exc}") from exc
    return path


def render(
    result: LintResult,
    *,
    root: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """Annotations for stdout; appends the step summary when `GITHUB_STEP_SUMMARY` is set."""
    append_step_summary(result, environ)
    return workflow_commands(result, root=root)


def report(result: LintResult, options: ReportOptions) -> str:
    return render(result, root=options.root)
