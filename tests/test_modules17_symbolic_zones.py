"""Symbolic zones: `data.aws_availability_zones.x.names[i]` compared with its siblings only.

The fixture `fixtures/modules17/symbolic_zones` (real plan, read deferred) is checked per mode
against its EXPECTED.md; the model's comparison, the HCL evaluation and the builder's reading
are pinned below.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from build_helpers import ref, res, topo

from tflint_vpc.api import LintRequest, lint
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.evaluate import Scope, evaluate_or_unknown
from tflint_vpc.hcl.parse import parse_text
from tflint_vpc.inventory import UNKNOWN, Ref
from tflint_vpc.model import AvailabilityZone, ZoneSymbol

FIXTURE = Path(__file__).parent.parent / "fixtures" / "modules17" / "symbolic_zones"
BATCH = ("TFVPC004", "aws_network_interface_attachment.batch_spare_fail")
WEB = ("TFVPC004", "aws_network_interface.web_data_fail")
MODES = {
    "hcl": (LintRequest(paths=(str(FIXTURE),)), sorted([WEB, BATCH])),
    # the plan reference resolver drops the constant index of `names[1]` (EXPECTED.md)
    "plan": (LintRequest(paths=(str(FIXTURE / "plan.json"),), find_source_dir=False), []),
    "plan+src": (
        # the HCL's certain `names[i]` links replace the plan's whole-list ones
        LintRequest(paths=(str(FIXTURE / "plan.json"),), source_dir=str(FIXTURE)),
        sorted([WEB, BATCH]),
    ),
}


@pytest.mark.parametrize("mode", MODES)
def test_fixture_findings_per_mode(mode: str) -> None:
    request, expected = MODES[mode]
    result = lint(request)
    assert not result.errors
    assert sorted((d.rule_id, d.address) for d in result.diagnostics) == expected
    for diagnostic in result.diagnostics:
        assert "data.aws_availability_zones.available.names[" in diagnostic.message


# --- the model ------------------------------------------------------------------------------

AVAILABLE = "data.aws_availability_zones.available"


def symbolic(index: int, source: str = AVAILABLE, attribute: str = "names") -> AvailabilityZone:
    return AvailabilityZone(symbol=ZoneSymbol(source, attribute, index))


def test_symbols_of_one_list_compare_by_index() -> None:
    assert symbolic(0).differs_from(symbolic(1)) is True
    assert symbolic(1).differs_from(symbolic(1)) is False
    assert str(symbolic(1)) == f"{AVAILABLE}.names[1]"


@pytest.mark.parametrize(
    "other",
    [
        symbolic(1, source="module.vpc.data.aws_availability_zones.available"),
        symbolic(1, attribute="zone_ids"),
        AvailabilityZone(name="us-east-1b"),
        AvailabilityZone(id="use1-az2"),
        AvailabilityZone(),
    ],
)
def test_symbols_are_incomparable_with_anything_else(other: AvailabilityZone) -> None:
    assert symbolic(0).differs_from(other) is None
    assert other.differs_from(symbolic(0)) is None


def test_literal_zones_win_over_symbols() -> None:
    a = AvailabilityZone(name="us-east-1a", symbol=ZoneSymbol(AVAILABLE, "names", 0))
    b = AvailabilityZone(name="us-east-1a", symbol=ZoneSymbol(AVAILABLE, "names", 1))
    assert a.differs_from(b) is False  # the names are known: they decide
    assert str(a) == "us-east-1a"


# --- HCL evaluation -------------------------------------------------------------------------


def _evaluate(text: str) -> object:
    item = parse_text(f"x = {text}\n", "test.tf").body[0]
    assert isinstance(item, s.Attribute)
    zones = {
        "available": {"names": Ref((AVAILABLE,), "names")},
        "other": {"names": Ref(("data.aws_vpcs.other",), "names")},
    }
    scope = Scope({"data": {"aws_availability_zones": zones, "aws_vpcs": zones}})
    return evaluate_or_unknown(item.expr, scope)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("data.aws_availability_zones.available.names[1]", Ref((AVAILABLE,), "names[1]")),
        (
            "element(slice(data.aws_availability_zones.available.names, 0, 3), 4)",
            Ref((AVAILABLE,), "names[1]"),
        ),
        (
            "slice(data.aws_availability_zones.available.names, 1, 3)",
            (Ref((AVAILABLE,), "names[1]"), Ref((AVAILABLE,), "names[2]")),
        ),
        # element() wraps around a list of unknown length: no element is certain
        ("element(data.aws_availability_zones.available.names, 1)", UNKNOWN),
        ("data.aws_availability_zones.available.names[-1]", UNKNOWN),
        # an unknown list of another data source stays unknown
        ("data.aws_vpcs.other.names[1]", UNKNOWN),
    ],
)
def test_hcl_keeps_elements_of_zone_lists(text: str, expected: object) -> None:
    assert _evaluate(text) == expected


# --- the builder ----------------------------------------------------------------------------


def test_builder_reads_symbols_and_known_lists() -> None:
    t = topo(
        res(AVAILABLE, names=UNKNOWN, zone_ids=UNKNOWN),
        res("data.aws_availability_zones.read", names=("us-east-1a", "us-east-1b")),
        res("aws_subnet.a", availability_zone=ref(AVAILABLE, attribute="names[1]")),
        res("aws_subnet.b", availability_zone_id=ref(AVAILABLE, attribute="zone_ids[2]")),
        # a known list (a data source read at plan time): the element is the literal
        res(
            "aws_subnet.c",
            availability_zone=ref("data.aws_availability_zones.read", attribute="names[1]"),
        ),
        # the wrong list for the argument, or the whole list: no zone
        res("aws_subnet.d", availability_zone=ref(AVAILABLE, attribute="zone_ids[0]")),
        res("aws_subnet.e", availability_zone=ref(AVAILABLE, attribute="names")),
        res("aws_instance.i", availability_zone=ref(AVAILABLE, attribute="names[0]")),
    )
    zones = {subnet.address: subnet.az for subnet in t.subnets}
    assert zones["aws_subnet.a"] == AvailabilityZone(symbol=ZoneSymbol(AVAILABLE, "names", 1))
    assert zones["aws_subnet.b"] == AvailabilityZone(symbol=ZoneSymbol(AVAILABLE, "zone_ids", 2))
    assert zones["aws_subnet.c"] == AvailabilityZone(name="us-east-1b")
    assert zones["aws_subnet.d"] == AvailabilityZone()
    assert zones["aws_subnet.e"] == AvailabilityZone()
    assert t.instance_az(t.instances[0]) == AvailabilityZone(
        symbol=ZoneSymbol(AVAILABLE, "names", 0)
    )
