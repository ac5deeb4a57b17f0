"""Which EC2 instance types run on the Nitro System and which on Xen.

The table (`data/nitro-families.json`) maps an instance *family* (the part of the instance type
before the first dot) to its hypervisor, with per-type exceptions such as `i3.metal` (Nitro bare
metal while every other i3 size is Xen). It is loaded lazily, once, from the package data.
An instance type whose family the table does not know gives `None`: rules never guess.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from functools import cache
from importlib.resources import files


class Hypervisor(str, Enum):
    NITRO = "nitro"
    XEN = "xen"


@dataclass(frozen=True, slots=True)
class _Family:
    hypervisor: Hypervisor
    exceptions: Mapping[str, Hypervisor]


def _hypervisor(value: object) -> Hypervisor | None:
    # The table spells bare metal as "nitro-bare-metal": still the Nitro System.
    if not isinstance(value, str):
        return None
    if value.startswith("nitro"):
        return Hypervisor.NITRO
    if value == "xen":
        return Hypervisor.XEN
    return None


@cache
def _table() -> Mapping[str, _Family]:
    raw = json.loads(files("tflint_vpc").joinpath("data/nitro-families.json").read_text("utf-8"))
    table: dict[str, _Family] = {}
    for name, entry in raw["families"].items():
        hypervisor = _hypervisor(entry.get("hypervisor"))
        if hypervisor is None:
            continue  # a family of unknown hypervisor is the same as an absent one
        exceptions = {
            instance_type: h
            for instance_type, value in entry.get("exceptions", {}).items()
            if (h := _hypervisor(value)) is not None
        }
        table[name] = _Family(hypervisor, exceptions)
    return table


def family(instance_type: str) -> str:
    """`m5.large` -> `m5`, `p3dn.24xlarge` -> `p3dn`, `u-6tb1.metal` -> `u-6tb1`."""
    return instance_type.strip().lower().split(".", 1)[0]


def hypervisor(instance_type: str) -> Hypervisor | None:
    """The hypervisor of an instance type, or None when its family is not in the table."""
    normalized = instance_type.strip().lower()
    entry = _table().get(family(normalized))
    if entry is None:
        return None
    return entry.exceptions.get(normalized, entry.hypervisor)


def is_nitro(instance_type: str) -> bool | None:
    """True on Nitro, False on Xen, None when unknown."""
    h = hypervisor(instance_type)
    return None if h is None else h is Hypervisor.NITRO
