"""The typed rule contract: mypy rejects a rule whose signature and options class disagree.

`@rule(code=..., options=Options)` accepts only `def f(topology: Topology, options: Options)`,
and `@rule(code=...)` only `def f(topology: Topology)`; the registry's rules all type-check
under `mypy --strict` (the project's own run), and this test shows the mistakes are caught.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tflint_vpc import registry

SNIPPET = """
from collections.abc import Iterator
from dataclasses import dataclass

from tflint_vpc.model import Topology
from tflint_vpc.rule import Finding, rule


@dataclass(frozen=True)
class Options:
    strict: bool = False


@dataclass(frozen=True)
class OtherOptions:
    limit: int = 3


@rule(code="TFVPC990", options=Options)
def right_options(topology: Topology, options: Options) -> Iterator[Finding]:
    yield from ()


@rule(code="TFVPC991")
def no_options(topology: Topology) -> Iterator[Finding]:
    yield from ()


@rule(code="TFVPC992", options=Options)
def wrong_options(topology: Topology, options: OtherOptions) -> Iterator[Finding]:  # BAD
    yield from ()


@rule(code="TFVPC993", options=Options)
def options_not_taken(topology: Topology) -> Iterator[Finding]:  # BAD
    yield from ()


@rule(code="TFVPC994")
def options_without_class(topology: Topology, options: Options) -> Iterator[Finding]:  # BAD
    yield from ()
"""


def test_mypy_rejects_mismatched_rule_signatures(tmp_path: Path) -> None:
    api = pytest.importorskip("mypy.api")
    module = tmp_path / "contract.py"
    module.write_text(SNIPPET, encoding="utf-8")
    out, _, status = api.run(
        ["--strict", "--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(module)]
    )
    flagged = {int(n) for n in re.findall(r"contract\.py:(\d+): error", out)}
    # the decorator line is reported; the BAD marker is on the def line just below it
    bad = {i for i, line in enumerate(SNIPPET.splitlines(), 1) if line.endswith("# BAD")}
    assert status == 1, out
    assert {n + 1 for n in flagged} == bad, out


def test_rules_with_options_reject_options_of_another_type() -> None:
    rule = registry.find("TFVPC005")
    assert rule is not None and rule.options is not None
    from tflint_vpc.model import Topology

    with pytest.raises(TypeError, match="expects Options"):
        list(rule.run(Topology(), object()))
