"""The intermediate every front end produces: resolved resource instances.

Plan JSON, state JSON and HCL directories are three front ends; each turns its input into an
`Inventory` of `ResourceInstance`s, and the one builder (`build/`) turns that into the typed
`Topology` the rules read. Values are plain JSON-like data except for two markers:

* `UNKNOWN`: the value is not known before apply (or could not be evaluated); `SENSITIVE`, a
  value flagged sensitive. A rule must never guess through either.
* `Ref`: the value is not known, but it is known to equal an attribute of another instance
  (`vpc_id = aws_vpc.main.id` while the VPC's id is "known after apply"). `targets` holds the
  absolute instance addresses it may refer to; more than one means the front end could not tell
  which (e.g. a merged `references` list) and the builder decides or leaves it unknown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, TypeAlias


@dataclass(frozen=True, slots=True)
class Unknown:
    """Marker for a value that is not known at lint time.

    `sensitive` marks a value the input holds but flags as sensitive: it is unknown to the rules
    and must stay so (no other source may fill it in, or a secret could reach the output).
    """

    sensitive: bool = False

    def __repr__(self) -> str:
        return "SENSITIVE" if self.sensitive else "UNKNOWN"


UNKNOWN: Final = Unknown()
SENSITIVE: Final = Unknown(sensitive=True)


@dataclass(frozen=True, slots=True)
class Ref:
    """A value equal to `attribute` of one of `targets` (absolute instance addresses).

    `attribute` may name one element of a list attribute, `names[1]` (`element_attribute`):
    the HCL front end keeps `data.aws_availability_zones.x.names[1]` so, a zone that is unknown
    but known to differ from `names[0]` of the same data source.
    """

    targets: tuple[str, ...]
    attribute: str = "id"

    @property
    def target(self) -> str | None:
        """The single target, or None when the reference is ambiguous."""
        return self.targets[0] if len(self.targets) == 1 else None


def element_attribute(attribute: str, index: int) -> str:
    """The `Ref.attribute` of element `index` of list `attribute`: `names[1]`."""
    return f"{attribute}[{index}]"


def split_attribute(attribute: str) -> tuple[str, int | None]:
    """`names[1]` -> ("names", 1); a plain attribute -> (attribute, None)."""
    name, bracket, rest = attribute.partition("[")
    if bracket and rest.endswith("]") and rest[:-1].isdigit():
        return name, int(rest[:-1])
    return attribute, None


Value: TypeAlias = (
    "str | int | float | bool | Unknown | Ref | tuple[Value, ...] | Mapping[str, Value] | None"
)


@dataclass(frozen=True, slots=True)
class Location:
    """Where a resource block is written: path as given (relative when possible), 1-based lines."""

    file: str
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class ResourceInstance:
    """One resource instance after apply (as far as the input knows it).

    `address` is the absolute instance address (`module.net["a"].aws_subnet.this[0]`),
    `module` the module instance address (`""` for the root), `index` the count/for_each key.
    `values` maps attribute names to values; nested blocks are tuples of mappings, as in plan JSON.
    `region` comes from the provider configuration the resource uses (aliases included), when known.
    """

    address: str
    type: str
    name: str
    mode: str = "managed"  # "managed" | "data"
    module: str = ""
    index: int | str | None = None
    values: Mapping[str, Value] = field(default_factory=dict)
    region: str | None = None


@dataclass(frozen=True, slots=True)
class Suppression:
    """A `# tfvpc:ignore RULE[, RULE] [-- reason]` comment that applies to one resource."""

    address: str
    rules: tuple[str, ...]  # codes or names as written
    location: Location
    reason: str | None = None
    file_wide: bool = False  # `tfvpc:ignore-file`: one per resource of the file, judged together
    problem: str | None = None  # a malformed directive: silences nothing, reported as TFVPC000


@dataclass(frozen=True, slots=True)
class Inventory:
    """What a front end hands to the builder and the engine for one input."""

    source: str  # the input path as the user gave it
    kind: str  # "plan" | "state" | "hcl"
    instances: tuple[ResourceInstance, ...]
    locations: Mapping[str, Location] = field(default_factory=dict)  # by instance address
    suppressions: tuple[Suppression, ...] = ()
    notices: tuple[str, ...] = ()  # one-line notes for the user (e.g. a skipped remote module)


def get_path(values: Mapping[str, Value], *path: str | int) -> Value:
    """Walk `values` along `path`; a missing step gives None, an unknown one UNKNOWN."""
    current: Value = values
    for step in path:
        if isinstance(current, Unknown | Ref):
            return UNKNOWN
        if isinstance(step, int):
            if not isinstance(current, tuple) or step >= len(current):
                return None
            current = current[step]
        else:
            if not isinstance(current, Mapping):
                return None
            current = current.get(step)
    return current
