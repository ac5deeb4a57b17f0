"""Every rule's documented `## Example` is real: linted as HCL, it gives that rule's finding.

The first ```hcl block of the section is the anti-pattern; a ```hcl block after a line starting
with "Use instead" is the fixed version and must give no finding of the rule. Both go through
`api.lint` and the HCL front end exactly as `tfvpc lint DIR` would, with every enabled rule
running (TFVPC000 needs the rules its suppression names). A ```toml block in the section is
the configuration the example needs (TFVPC015's intents), read as a `pyproject.toml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tflint_vpc import api, registry
from tflint_vpc.config import load_config
from tflint_vpc.engine import RunOptions
from tflint_vpc.rule import Rule

_BLOCK = re.compile(r"```hcl\n(.*?)```", re.DOTALL)
_TOML = re.compile(r"```toml\n(.*?)```", re.DOTALL)
_REPORTS = re.compile(r"reports[^`]*`([^`]+)`")
_DECLARED = re.compile(r'^resource\s+"([a-z0-9_]+)"\s+"([a-z0-9_-]+)"', re.MULTILINE)
_REFERENCE = re.compile(r"(?<![\w.\"])(aws_[a-z0-9_]+)\.([a-z0-9_-]+)\.")


def example_section(rule: Rule) -> str:
    assert "\n## Example\n" in rule.doc, f"{rule.code}: no ## Example section"
    return rule.doc.split("\n## Example\n", 1)[1].split("\n## ", 1)[0]


@dataclass(frozen=True)
class Example:
    bad: str  # the anti-pattern's HCL
    said: tuple[str, ...]  # what the text says it reports: each `reports ...` quote
    fixed: str | None  # the "Use instead" HCL, if the example shows one
    config: str | None = None  # the configuration the example needs, if it shows one


def example_of(rule: Rule) -> Example:
    section = example_section(rule)
    bad, _, rest = section.partition("\nUse instead")
    found = _BLOCK.search(bad)
    assert found, f"{rule.code}: the ## Example section has no ```hcl block"
    said = tuple(" ".join(q.split()) for q in _REPORTS.findall(bad[found.end() :]))
    fixed = _BLOCK.search(rest)
    config = _TOML.search(section)
    return Example(
        found.group(1),
        said,
        fixed.group(1) if fixed else None,
        config.group(1) if config else None,
    )


def assert_complete(hcl: str, rule: Rule) -> None:
    """Every `aws_x.name.attr` reference names a resource the snippet declares."""
    declared = set(_DECLARED.findall(hcl))
    code = "\n".join(line.split("#", 1)[0] for line in hcl.splitlines())
    missing = {ref for ref in _REFERENCE.findall(code) if ref not in declared}
    assert not missing, f"{rule.code}: the example refers to undeclared {sorted(missing)}"


def lint_snippet(hcl: str, folder: Path, rule: Rule, config: str | None = None) -> list[str]:
    """`CODE address: message` of every finding of `tfvpc lint --select ALL` over `hcl`."""
    assert_complete(hcl, rule)
    folder.mkdir()
    (folder / "main.tf").write_text(hcl, encoding="utf-8")
    options = RunOptions()
    if config is not None:
        (folder / "pyproject.toml").write_text(config, encoding="utf-8")
        options = load_config(folder / "pyproject.toml").run_options()
    request = api.LintRequest(paths=(str(folder),), select=("ALL",), run_options=options)
    result = api.lint(request)
    assert not result.errors, result.errors
    return [f"{d.rule_id} {d.address}: {d.message}" for d in result.diagnostics]


RULES = [pytest.param(r, id=r.code) for r in registry.load()]


@pytest.mark.parametrize("rule", RULES)
def test_example_gives_the_rules_finding(rule: Rule, tmp_path: Path) -> None:
    example = example_of(rule)
    found = lint_snippet(example.bad, tmp_path / "example", rule, example.config)
    own = [f for f in found if f.startswith(f"{rule.code} ")]
    assert own, found
    for quote in example.said:  # "reports `...`": that text is in one of the rule's findings
        assert any(quote in " ".join(f.split()) for f in own), (quote, own)


@pytest.mark.parametrize("rule", RULES)
def test_use_instead_gives_no_finding_of_the_rule(rule: Rule, tmp_path: Path) -> None:
    example = example_of(rule)
    if example.fixed is None:
        pytest.skip(f"{rule.code}: the example has no 'Use instead' HCL block")
    found = lint_snippet(example.fixed, tmp_path / "fixed", rule, example.config)
    assert not [f for f in found if f.startswith(f"{rule.code} ")], found
