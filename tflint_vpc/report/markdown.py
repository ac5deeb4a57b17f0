"""A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.

Counts, one table row per finding (most severe first, capped so a comment stays under GitHub's
65,536-character limit, picked round-robin by rule), and the documentation of each rule that
fired, once, in a collapsed `<details>` block. Cell text is escaped: pipes, HTML and newlines
cannot break the table.

* Locations link to the file and line on the forge when the CI says where the commit is:
  GitHub Actions (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY`, `GITHUB_SHA`) or GitLab CI
  (`CI_PROJECT_URL`, `CI_COMMIT_SHA`); elsewhere they stay plain text. Only repository-relative
  paths are linked (a path outside the root would be a broken link).
* A rule in the table links to its documentation further down the same comment (an anchor on
  its `<details>`), not to a source file: the text is what `tfvpc explain CODE` prints.
* The docstrings are wrapped at 100 columns for the terminal; GitHub renders a newline inside a
  comment paragraph as a line break, so wrapped lines are joined back into paragraphs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from tflint_vpc.diagnostic import Diagnostic, LintResult
from tflint_vpc.printable import is_printable, printable
from tflint_vpc.report import ReportOptions
from tflint_vpc.report._common import (
    count_by_severity,
    most_severe_first,
    place_of,
    round_robin,
    rules_for,
)
from tflint_vpc.report._picture import findings_picture
from tflint_vpc.rule import Rule, Severity

MAX_ROWS = 100


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def escape_cell(text: str) -> str:
    """Plain text for a table cell: no HTML, no column breaks, no line breaks, no controls."""
    text = printable(text.replace("\r\n", "\n"), keep="\n")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "\\`")
    return "<br>".join(text.split("\n"))


def code_cell(text: str) -> str:
    """`text` as inline code in a table cell (GFM still needs the pipes escaped there)."""
    if "`" in text or not is_printable(text):
        return escape_cell(text)
    return "`" + text.replace("|", "\\|") + "`"


def _headline(diagnostics: Sequence[Diagnostic]) -> str:
    if not diagnostics:
        return "## tfvpc: no findings"
    counts = count_by_severity(diagnostics)
    parts = [_plural(counts[s], s.value) for s in Severity if counts[s]]
    return f"## tfvpc: {_plural(len(diagnostics), 'finding')} ({', '.join(parts)})"


def _scope(result: LintResult) -> str:
    inputs = ", ".join(code_cell(i) for i in result.inputs) or "no inputs"
    return (
        f"Linted {_plural(result.resources, 'resource')} in {inputs} "
        f"with {_plural(len(result.rules), 'rule')} (tfvpc {result.tool_version})."
    )


def forge_blob_url(environ: Mapping[str, str]) -> tuple[str, str] | None:
    """(URL prefix of a file at the commit, line-range style) from the CI's variables, or None.

    GitHub: `{server}/{owner/repo}/blob/{sha}/PATH#L1-L5`;
    GitLab: `{project}/-/blob/{sha}/PATH#L1-5`.
    """
    server, repo, sha = (
        environ.get(k, "") for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")
    )
    if server and repo and sha:
        return f"{server.rstrip('/')}/{repo}/blob/{sha}/", "github"
    project, sha = environ.get("CI_PROJECT_URL", ""), environ.get("CI_COMMIT_SHA", "")
    if project and sha:
        return f"{project.rstrip('/')}/-/blob/{sha}/", "gitlab"
    return None


_SAFE_URL = re.compile(r"https?://[^\s<>()\[\]\"'`|\\]+")


def _link(path: str, line: int, end_line: int, forge: tuple[str, str] | None) -> str | None:
    if forge is None:
        return None
    pure = PurePosixPath(path)
    if pure.is_absolute() or ".." in pure.parts or not path:
        return None  # outside the repository: no page on the forge
    prefix, style = forge
    anchor = f"#L{line}"
    if end_line > line:
        anchor += f"-L{end_line}" if style == "github" else f"-{end_line}"
    url = prefix + quote(path, safe="/") + anchor
    # the variables come from the CI, but a link must not break out of the table cell
    return url if _SAFE_URL.fullmatch(url) else None


def rule_anchor(rule_id: str) -> str:
    """The anchor of a rule's documentation in the comment (GitHub prefixes `user-content-`
    to ids and resolves `#name` links to it)."""
    return "tfvpc-" + re.sub(r"[^a-z0-9-]", "-", rule_id.lower())


def _row(
    d: Diagnostic, root: Path | None, forge: tuple[str, str] | None, documented: set[str]
) -> str:
    place = place_of(d, root)
    where = f"{place.path}:{place.line}" if place.exact else f"{place.path} (plan)"
    url = _link(place.path, place.line, place.end_line, forge) if place.exact else None
    location = f"[{code_cell(where)}]({url})" if url else code_cell(where)
    rule = f"{d.rule_id} {code_cell(d.rule)}"
    if d.rule_id in documented:
        rule = f"[{d.rule_id}](#{rule_anchor(d.rule_id)}) {code_cell(d.rule)}"
    cells = (
        d.severity.value,
        rule,
        code_cell(d.address),
        location,
        escape_cell(d.message),
    )
    return "| " + " | ".join(cells) + " |"


_BLOCK_START = re.compile(r"^(#{1,6} |[-*+] |\d+[.)] |\||>|<)")


def unwrap(text: str) -> str:
    """Join the hard-wrapped lines of each paragraph (and list item) into one line.

    Fenced code, headings, tables and blank lines are kept as they are; a line that starts a
    list item, a heading or a table row starts a new line.
    """
    out: list[str] = []
    fenced = False
    joinable = False  # whether the last output line is paragraph text
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            fenced = not fenced
            out.append(line)
            joinable = False
            continue
        if fenced or not stripped:
            out.append(line)
            joinable = False
            continue
        if joinable and not _BLOCK_START.match(stripped):
            out[-1] = out[-1].rstrip() + " " + stripped
            continue
        out.append(line)
        joinable = not stripped.startswith(("#", "|", "<"))
    return "\n".join(out)


def _rule_details(rule: Rule) -> list[str]:
    lines = rule.doc.strip().splitlines()
    summary = lines[0].strip() if lines else rule.name
    body = "\n".join(lines[1:]).strip()
    out = [
        "<details>",
        (
            f'<summary><a name="{rule_anchor(rule.code)}"></a>{rule.code} '
            f"<code>{rule.name}</code>: {escape_cell(summary)}</summary>"
        ),
        "",
    ]
    if body:
        # The docs use `##` sections; nest them under this summary's `### Rules` heading.
        body = "\n".join("##" + ln if ln.startswith("## ") else ln for ln in body.splitlines())
        out += [unwrap(body), ""]
    if rule.code.startswith("TFVPC"):
        out += [f"`tfvpc explain {rule.code}` prints this text.", ""]
    out.append("</details>")
    return out


def render(
    result: LintResult, *, root: Path | None = None, environ: Mapping[str, str] | None = None
) -> str:
    forge = forge_blob_url(os.environ if environ is None else environ)
    diagnostics = most_severe_first(result.diagnostics)
    out = [_headline(diagnostics), "", _scope(result)]
    if result.errors:
        out += ["", f"**{_plural(len(result.errors), 'input')} could not be linted:**", ""]
        out += [f"- {escape_cell(e)}" for e in result.errors]
    if result.fixed:
        out += ["", f"{_plural(len(result.fixed), 'baseline finding')} no longer found (fixed)."]
    if diagnostics:
        out += [
            "",
            "| Severity | Rule | Address | Location | Message |",
            "| --- | --- | --- | --- | --- |",
        ]
        # rows picked round-robin by rule: 250 of one rule must not hide the 3 of another
        shown, hidden = round_robin(diagnostics, MAX_ROWS)
        documented = {r.code for r in rules_for(result) if r.doc.strip()}
        out += [_row(d, root, forge, documented) for d in shown]
        if hidden:
            out += ["", f"… and {_plural(len(hidden), 'more finding')} (see the full report)."]
        out += findings_picture(diagnostics)
        fired = {d.rule_id for d in diagnostics}
        out += ["", "### Rules"]
        for rule in sorted(rules_for(result), key=lambda r: r.code):
            if rule.code in fired and rule.doc.strip():
                out += ["", *_rule_details(rule)]
    return "\n".join(out) + "\n"


def report(result: LintResult, options: ReportOptions) -> str:
    return render(result, root=options.root)
