"""Hand-made inventories for the builder tests (tests/test_build_*.py).

State-like inventories link by literal ids (`"vpc-0a"`); plan-like ones link by `Ref`s because
ids are known after apply. Both must give the same topology, and nothing may be guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from ipaddress import ip_network

from tflint_vpc.build import build
from tflint_vpc.inventory import Inventory, Ref, ResourceInstance, Value
from tflint_vpc.model import Topology

_ADDRESS = re.compile(r"^(?:.*?\.)??(?:(data)\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[.*\])?$")


def res(address: str, region: str | None = None, **values: Value) -> ResourceInstance:
    """A resource instance; type, name and mode come from the address."""
    return res_of(address, values, region)


def res_of(
    address: str, values: Mapping[str, Value], region: str | None = None
) -> ResourceInstance:
    match = _ADDRESS.match(address)
    assert match is not None, address
    data, rtype, name = match.groups()
    return ResourceInstance(
        address=address,
        type=rtype,
        name=name,
        mode="data" if data else "managed",
        values=values,
        region=region,
    )


def ref(*targets: str, attribute: str = "id") -> Ref:
    return Ref(tuple(targets), attribute)


def topo(*instances: ResourceInstance, kind: str = "plan") -> Topology:
    return build(Inventory(source="test.json", kind=kind, instances=tuple(instances)))


def net(text: str) -> object:
    return ip_network(text)
