"""The engine: selection, stamping, suppressions, TFVPC000, ignores, ordering, exit status."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

import pytest

from tflint_vpc.engine import RunOptions, exit_status, run, select_rules
from tflint_vpc.errors import UsageError
from tflint_vpc.inventory import Inventory, Location, Suppression
from tflint_vpc.model import Topology, Vpc
from tflint_vpc.rule import Finding, Rule, Severity, engine_rule, rule

TOPOLOGY = Topology(vpcs=(Vpc("aws_vpc.b"), Vpc("aws_vpc.a")))


@rule(code="TFVPC901", severity=Severity.ERROR)
def every_vpc(topology: Topology) -> Iterator[Finding]:
    for vpc in topology.vpcs:
        yield Finding(vpc.address, f"{vpc.address} seen", values=(vpc.address,))


@rule(code="TFVPC902", severity=Severity.NOTICE, enabled=False)
def quiet_rule(topology: Topology) -> Iterator[Finding]:
    yield Finding("aws_vpc.a", "a notice")


RULES: tuple[Rule, ...] = (every_vpc, quiet_rule)
UNUSED_SUPPRESSION = engine_rule(
    code="TFVPC000", name="unused-suppression", severity=Severity.NOTICE
)
CATALOGUE = (UNUSED_SUPPRESSION, *RULES)


def inventory(
    locations: dict[str, Location] | None = None, suppressions: tuple[Suppression, ...] = ()
) -> Inventory:
    return Inventory("plan.json", "plan", (), locations or {}, suppressions)


def test_engine_stamps_identity_and_sorts() -> None:
    diagnostics = run(TOPOLOGY, inventory(), [every_vpc])
    assert [(d.rule_id, d.rule, d.severity, d.address) for d in diagnostics] == [
        ("TFVPC901", "every-vpc", Severity.ERROR, "aws_vpc.a"),
        ("TFVPC901", "every-vpc", Severity.ERROR, "aws_vpc.b"),
    ]
    assert all(d.source == "plan.json" and d.location is None for d in diagnostics)


def test_severity_override_and_location() -> None:
    loc = Location("main.tf", 3, 5)
    options = RunOptions(severities={"TFVPC901": Severity.WARNING})
    diagnostics = run(TOPOLOGY, inventory(locations={"aws_vpc.a": loc}), [every_vpc], options)
    assert {d.severity for d in diagnostics} == {Severity.WARNING}
    assert {d.address: d.location for d in diagnostics} == {"aws_vpc.a": loc, "aws_vpc.b": None}


@rule(code="TFVPC903", severity=Severity.ERROR)
def lesser_for_b(topology: Topology) -> Iterator[Finding]:
    for vpc in topology.vpcs:
        lesser = Severity.WARNING if vpc.address == "aws_vpc.b" else None
        yield Finding(vpc.address, "seen", severity=lesser)


def test_a_finding_may_carry_a_lesser_level_that_configuration_overrides() -> None:
    found = run(TOPOLOGY, inventory(), [lesser_for_b])
    assert {d.address: d.severity for d in found} == {
        "aws_vpc.a": Severity.ERROR,
        "aws_vpc.b": Severity.WARNING,
    }
    options = RunOptions(severities={"TFVPC903": Severity.NOTICE})
    configured = run(TOPOLOGY, inventory(), [lesser_for_b], options)
    assert {d.severity for d in configured} == {Severity.NOTICE}


def test_select_and_ignore_by_code_name_and_prefix() -> None:
    assert select_rules(RULES) == (every_vpc,)  # disabled rules only when selected
    assert select_rules(RULES, select=["quiet-rule"]) == (quiet_rule,)
    assert select_rules(RULES, select=["TFVPC9"]) == (every_vpc, quiet_rule)
    assert select_rules(RULES, select=["ALL"], ignore=["TFVPC901"]) == (quiet_rule,)
    with pytest.raises(UsageError, match="unknown rule 'NOPE'"):
        select_rules(RULES, select=["NOPE"])


LOC = Location("main.tf", 1, 1)
USED = Suppression("aws_vpc.a", ("every-vpc",), LOC)
UNUSED = Suppression("aws_vpc.zzz", ("TFVPC901",), LOC)
UNKNOWN = Suppression("aws_vpc.b", ("TFVPC9O1",), LOC)  # a letter O: no such rule
SUPPRESSIONS = (USED, UNUSED, UNKNOWN)


def _lint(rules: Sequence[Rule], options: RunOptions | None = None) -> list[tuple[str, str, str]]:
    found = run(TOPOLOGY, inventory(suppressions=SUPPRESSIONS), rules, options, catalogue=CATALOGUE)
    return [(d.rule_id, d.address, d.severity.value) for d in found]


def test_suppression_silences_and_unused_or_unknown_ones_are_tfvpc000() -> None:
    assert _lint([every_vpc, UNUSED_SUPPRESSION]) == [
        ("TFVPC901", "aws_vpc.b", "error"),
        ("TFVPC000", "aws_vpc.b", "notice"),
        ("TFVPC000", "aws_vpc.zzz", "notice"),
    ]
    found = run(TOPOLOGY, inventory(suppressions=SUPPRESSIONS), [UNUSED_SUPPRESSION], None,
                catalogue=CATALOGUE)  # fmt: skip
    messages = {d.address: d.message for d in found}
    assert messages == {
        "aws_vpc.b": "suppression names unknown rule TFVPC9O1 (see `tfvpc rules`)",
        "aws_vpc.zzz": "suppression of TFVPC901 silences nothing",
    }
    assert found[0].location == LOC  # points at the comment, not the resource


def test_tfvpc000_alone_judges_the_named_rules_without_reporting_them() -> None:
    assert _lint([UNUSED_SUPPRESSION]) == [
        ("TFVPC000", "aws_vpc.b", "notice"),
        ("TFVPC000", "aws_vpc.zzz", "notice"),
    ]


def test_without_tfvpc000_suppressions_still_silence_but_are_not_judged() -> None:
    assert _lint([every_vpc]) == [("TFVPC901", "aws_vpc.b", "error")]


def test_tfvpc000_takes_severity_overrides_and_ignores() -> None:
    options = RunOptions(
        severities={"TFVPC000": Severity.ERROR},
        address_ignores=(("aws_vpc.b", ("unused-suppression",)),),
    )
    assert _lint([every_vpc, UNUSED_SUPPRESSION], options) == [
        ("TFVPC901", "aws_vpc.b", "error"),
        ("TFVPC000", "aws_vpc.zzz", "error"),
    ]


def test_path_ignores_match_the_file_or_the_input() -> None:
    located = inventory(locations={"aws_vpc.a": Location("legacy/main.tf", 2, 1)})
    options = RunOptions(path_ignores=(("legacy/*", ()),))
    assert [d.address for d in run(TOPOLOGY, located, [every_vpc], options)] == ["aws_vpc.b"]
    options = RunOptions(path_ignores=(("plan.json", ("TFVPC901",)),))
    assert [d.address for d in run(TOPOLOGY, located, [every_vpc], options)] == ["aws_vpc.a"]


def test_address_ignores_use_globs_and_rule_keys() -> None:
    options = RunOptions(address_ignores=(("aws_vpc.a*", ("every-vpc",)), ("aws_vpc.b", ("X",))))
    assert [d.address for d in run(TOPOLOGY, inventory(), [every_vpc], options)] == ["aws_vpc.b"]


def test_exit_status_gates() -> None:
    diagnostics = run(TOPOLOGY, inventory(), [quiet_rule])
    assert exit_status(diagnostics) == 0  # notices alone do not fail by default
    assert exit_status(diagnostics, "notice") == 1
    errors = run(TOPOLOGY, inventory(), [every_vpc])
    assert exit_status(errors, "error") == 1
    assert exit_status(errors, "never") == 0
    assert exit_status([], "notice") == 0


def test_fingerprint_ignores_message_but_not_values() -> None:
    a = run(TOPOLOGY, inventory(), [every_vpc])[0]
    assert (
        a.fingerprint == replace(a, message="reworded", location=Location("x.tf", 9, 9)).fingerprint
    )
    assert a.fingerprint != replace(a, values=("other",)).fingerprint
