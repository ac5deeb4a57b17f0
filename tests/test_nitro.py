"""The Nitro table: family parsing, per-type exceptions, unknown families."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from tflint_vpc.nitro import Hypervisor, family, hypervisor, is_nitro

# rules.md: the Xen families (i3 and p3 except i3.metal and p3dn)
XEN_FAMILIES = {
    *("m1", "m2", "m3", "m4", "c1", "c3", "c4", "r3", "r4", "t1", "t2", "i2", "i3", "d2"),
    *("h1", "f1", "p2", "p3", "g2", "g3", "g3s", "x1", "x1e", "cr1", "hs1", "cc2", "cg1", "hi1"),
}


@pytest.mark.parametrize(
    ("instance_type", "expected"),
    [
        ("m5.large", "m5"),
        ("p3dn.24xlarge", "p3dn"),
        ("u-6tb1.metal", "u-6tb1"),
        ("t2", "t2"),
        (" M4.Large ", "m4"),
    ],
)
def test_family(instance_type: str, expected: str) -> None:
    assert family(instance_type) == expected


@pytest.mark.parametrize(
    ("instance_type", "expected"),
    [
        ("m5.large", Hypervisor.NITRO),
        ("c5.xlarge", Hypervisor.NITRO),
        ("m6i.large", Hypervisor.NITRO),
        ("p3dn.24xlarge", Hypervisor.NITRO),
        ("u-6tb1.metal", Hypervisor.NITRO),
        ("m4.large", Hypervisor.XEN),
        ("t2.micro", Hypervisor.XEN),
        ("c4.xlarge", Hypervisor.XEN),
        ("p3.2xlarge", Hypervisor.XEN),
        ("i3.large", Hypervisor.XEN),
        ("i3.metal", Hypervisor.NITRO),  # per-type exception: Nitro bare metal
        ("M4.LARGE", Hypervisor.XEN),
    ],
)
def test_hypervisor(instance_type: str, expected: Hypervisor) -> None:
    assert hypervisor(instance_type) is expected


@pytest.mark.parametrize("instance_type", ["zz9.large", "", "future.metal", "m5large"])
def test_unknown_family_is_none(instance_type: str) -> None:
    assert hypervisor(instance_type) is None
    assert is_nitro(instance_type) is None


def test_is_nitro() -> None:
    assert is_nitro("m5.large") is True
    assert is_nitro("m4.large") is False


def test_xen_families_are_those_of_the_rule_documentation() -> None:
    raw = json.loads(files("tflint_vpc").joinpath("data/nitro-families.json").read_text())
    xen = {name for name in raw["families"] if hypervisor(f"{name}.large") is Hypervisor.XEN}
    assert xen == XEN_FAMILIES
    # every family of the table resolves to one of the two hypervisors
    for name in raw["families"]:
        assert hypervisor(f"{name}.large") is not None, name
