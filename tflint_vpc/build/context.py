"""What every build step shares: the indexed input, the link resolver, and value readers.

Values of the wrong shape (a number where a string is expected, a mapping where a list is) read
as unknown (`None`), never raise: front ends hand the builder whatever the input held.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType

from tflint_vpc.build.links import LinkResolver, instance_values
from tflint_vpc.inventory import Inventory, Ref, ResourceInstance, Value

Block = Mapping[str, Value]


# --- reading values -------------------------------------------------------------------------


def text(value: Value) -> str | None:
    return value if isinstance(value, str) and value else None


def flag(value: Value) -> bool | None:
    return value if isinstance(value, bool) else None


def integer(value: Value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def is_set(value: Value) -> bool:
    """A route target attribute that holds something: a non-empty literal or a reference."""
    return isinstance(value, Ref) or (isinstance(value, str) and value != "")


def blocks(value: Value) -> tuple[tuple[Block, ...], bool]:
    """Nested blocks and whether that list is complete (None: no blocks; odd shapes: unknown)."""
    if value is None:
        return (), True
    if not isinstance(value, tuple | list):
        return (), False
    found = tuple(item for item in value if isinstance(item, Mapping))
    return found, len(found) == len(value)


def items(value: Value) -> tuple[tuple[Value, ...], bool]:
    """List elements and whether the list itself is known."""
    if value is None:
        return (), True
    if not isinstance(value, tuple | list):
        return (), False
    return tuple(value), True


# --- the indexed input ----------------------------------------------------------------------


class Context:
    """The inventory indexed by address and type, and the one resolver every link goes through.

    The only state the steps share: the resolver learns derived links (a VPC's default route
    table, a VPN's attachment id) in the registration steps that run before any node is built.
    Everything else one domain needs from another is passed as an argument.
    """

    def __init__(self, inventory: Inventory) -> None:
        raw = inventory.instances if isinstance(inventory.instances, tuple | list) else ()
        self.count = len(raw)
        self.instances: dict[str, ResourceInstance] = {}
        self._order: dict[str, int] = {}
        self._by_type: dict[str, list[ResourceInstance]] = {}
        for position, instance in enumerate(raw):
            if not isinstance(instance, ResourceInstance):
                continue
            address = instance.address
            if not isinstance(address, str) or address in self.instances:
                continue  # a repeated address is a front-end slip: the first one wins
            if not isinstance(instance.type, str) or not isinstance(instance.mode, str):
                continue  # counted, but it cannot be a node or a link target
            self.instances[address] = instance
            self._order[address] = position
            self._by_type.setdefault(instance.type, []).append(instance)
        self.resolver = LinkResolver(self.instances)

    def of(self, types: Collection[str], *, data: bool = True) -> list[ResourceInstance]:
        """Instances of `types` in input order (data sources only when `data`).

        A data source that looks up a managed resource of the input by id is that resource
        (`LinkResolver.alias`), not a node of its own: it is left out.
        """
        found = [i for t in types for i in self._by_type.get(t, ())]
        if len(types) > 1:
            found.sort(key=lambda i: self._order[i.address])
        return [
            i
            for i in found
            if i.mode != "data" or (data and self.resolver.alias(i.address) is None)
        ]

    def value(self, values: Block, attribute: str) -> Value:
        """An attribute with references followed to a known value where possible."""
        return self.resolver.literal(values.get(attribute))

    def text(self, values: Block, attribute: str) -> str | None:
        """A string attribute, references followed; None when unknown or empty."""
        return text(self.value(values, attribute))

    def tags(self, values: Block) -> Mapping[str, str]:
        """The `tags` argument's entries whose values are known strings (others are left out:
        an intent matching `tag:K=V` must not match a value it cannot see)."""
        raw = self.value(values, "tags")
        if not isinstance(raw, Mapping):
            return MappingProxyType({})
        known = {k: self.resolver.literal(v) for k, v in raw.items()}
        return MappingProxyType({k: v for k, v in known.items() if isinstance(v, str)})

    def managed_default(
        self, instance: ResourceInstance, attribute: str, default: bool
    ) -> bool | None:
        """A boolean argument; when a managed resource leaves it out, the provider default (a
        plan spells defaults out, HCL does not: both must build the same topology)."""
        raw = self.value(instance_values(instance), attribute)
        if raw is None and instance.mode != "data":
            return default
        return flag(raw)

    def node(self, value: Value, types: Collection[str]) -> str | None:
        return self.resolver.node(value, types)

    def nodes(self, value: Value, types: Collection[str]) -> tuple[tuple[str, ...], bool]:
        """A list of links: the nodes found, and False when some element is unknown."""
        elements, complete = items(value)
        found: dict[str, None] = {}
        for element in elements:
            node = self.node(element, types)
            if node is None:
                complete = False
            else:
                found[node] = None
        return tuple(found), complete
