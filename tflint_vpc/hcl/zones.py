"""Symbolic zones: elements of `data.aws_availability_zones` lists kept as references.

HCL mode never reads data sources, so `data.aws_availability_zones.x.names[1]` has no value.
But it is not just anything: the lists are the region's zones, each once, in one order for one
data source instance, so element 1 is a different zone from element 0 and the same zone as
element 1. Evaluation keeps such an element as `Ref(("data.aws_availability_zones.x",),
"names[1]")`; the builder turns it into a symbolic `AvailabilityZone` that compares with its
siblings only. Only the lists of this data source are kept so: an element of any other unknown
list stays UNKNOWN, as before.
"""

from __future__ import annotations

from tflint_vpc.address import parse_instance_address
from tflint_vpc.hcl.values import EvalValue
from tflint_vpc.inventory import Ref, element_attribute, split_attribute

ZONES_DATA_SOURCE = "aws_availability_zones"
ZONE_LISTS = frozenset({"names", "zone_ids"})


def _zone_list(value: EvalValue) -> Ref | None:
    """`value` when it is a whole zone list of one data source instance, else None."""
    if not isinstance(value, Ref) or value.target is None:
        return None
    name, index = split_attribute(value.attribute)
    if index is not None or name not in ZONE_LISTS:
        return None
    parsed = parse_instance_address(value.target)
    if parsed is None or parsed.mode != "data" or parsed.type != ZONES_DATA_SOURCE:
        return None
    return value


def element(value: EvalValue, index: EvalValue) -> Ref | None:
    """Element `index` of a zone list, as a reference; None when `value` is no zone list.

    A negative or fractional index is not an element either (None: the caller's error path).
    """
    zones = _zone_list(value)
    if zones is None or isinstance(index, bool):
        return None
    if isinstance(index, str) and index.isdigit():
        index = int(index)
    if isinstance(index, float) and index.is_integer():
        index = int(index)
    if not isinstance(index, int) or index < 0:
        return None
    return Ref(zones.targets, element_attribute(zones.attribute, index))


def elements(value: EvalValue, start: int, end: int) -> tuple[Ref, ...] | None:
    """`slice(zones, start, end)`: the elements as references (Terraform fails the plan when
    the region has fewer zones, so whatever is applied has them all)."""
    zones = _zone_list(value)
    if zones is None or not 0 <= start <= end:
        return None
    return tuple(
        Ref(zones.targets, element_attribute(zones.attribute, i)) for i in range(start, end)
    )
