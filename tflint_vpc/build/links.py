"""Links: resolving attribute values to the instances they name, for the builder.

A value names another node in one of three ways: a literal id (`"vpc-0abc"`, as in state and
in plans of existing resources), a `Ref` with attribute `id`/`arn` (the target's identity, as
in plans where the id is "known after apply"), or a `Ref` to another attribute, which is
followed through the target's values (`aws_vpc_ipv4_cidr_block_association.x.vpc_id`).
One resolver does all three, filtered to the resource types the caller expects, and reports
ambiguity instead of choosing: the caller decides, and by default an ambiguous value is unknown.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from tflint_vpc.inventory import UNKNOWN, Ref, ResourceInstance, Unknown, Value, split_attribute

# Attributes of a resource that stand for the resource itself.
IDENTITY_ATTRIBUTES = frozenset({"id", "arn"})

# Resources whose identity is another resource's identity: an accepter *is* the connection
# it accepts, so `aws_vpc_peering_connection_accepter.x.id` names the peering connection.
ID_ALIASES: Mapping[str, str] = {
    "aws_vpc_peering_connection_accepter": "vpc_peering_connection_id",
    "aws_vpc_peering_connection_options": "vpc_peering_connection_id",
    "aws_ec2_transit_gateway_vpc_attachment_accepter": "transit_gateway_attachment_id",
    "aws_ec2_transit_gateway_peering_attachment_accepter": "transit_gateway_attachment_id",
}

_MAX_DEPTH = 32  # reference chains longer than this are treated as unknown


def instance_values(instance: ResourceInstance) -> Mapping[str, Value]:
    """The instance's values, or an empty mapping when a front end handed something else."""
    values = instance.values
    return values if isinstance(values, Mapping) else {}


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a value may name: input addresses, literal ids outside the input, or unknown parts."""

    addresses: tuple[str, ...] = ()
    literals: tuple[str, ...] = ()  # ids that name no instance of the expected types
    opaque: bool = False  # some candidate could not be followed (unknown, outside the input)

    @property
    def address(self) -> str | None:
        """The one address the value names for certain, else None."""
        if len(self.addresses) == 1 and not self.literals and not self.opaque:
            return self.addresses[0]
        return None

    @property
    def literal(self) -> str | None:
        """The one literal id (of something not in the input) the value names, else None."""
        if not self.addresses and len(self.literals) == 1 and not self.opaque:
            return self.literals[0]
        return None


@dataclass(slots=True)
class _Found:
    addresses: dict[str, None] = field(default_factory=dict)  # ordered set
    literals: dict[str, None] = field(default_factory=dict)
    opaque: bool = False


class LinkResolver:
    """Indexes built once (by address, by literal id); every lookup is a dict access."""

    def __init__(self, instances: Mapping[str, ResourceInstance]) -> None:
        self._by_address = instances
        self._by_id: dict[str, list[ResourceInstance]] = {}
        for instance in instances.values():
            values = instance_values(instance)
            for attribute in IDENTITY_ATTRIBUTES:  # ids, and ARNs (`core_network_arn`)
                ident = values.get(attribute)
                if isinstance(ident, str) and ident:
                    self._by_id.setdefault(ident, []).append(instance)
        # (address, attribute) -> address of the node that attribute names, for attributes whose
        # value is unknown in a plan but whose meaning the builder knows (a VPC's
        # default_route_table_id is its aws_default_route_table).
        self._derived: dict[tuple[str, str], str] = {}
        # data source address -> the managed resource it looks up (None: not a lookup of one)
        self._aliases: dict[str, str | None] = {}
        self._aliasing: set[str] = set()

    def add_id(self, identifier: str, instance: ResourceInstance) -> None:
        """Index an id an instance answers to besides its `id` (a VPN's TGW attachment id)."""
        self._by_id.setdefault(identifier, []).append(instance)

    def add_derived(self, address: str, attribute: str, node: str) -> None:
        self._derived.setdefault((address, attribute), node)

    def alias(self, address: str) -> str | None:
        """The managed resource a data source looks up by `id`, when that is certain, else None.

        `data "aws_vpc" "x" { id = aws_vpc.y.id }` reads back `aws_vpc.y`: whatever else the
        lookup says, it either fails or returns that object, so the data source *is* the managed
        resource. Every link to it and every attribute of it is that resource's. Resolved here,
        in the builder, rather than in the front ends: all three (plan, state, HCL) already hand
        over the data source with its `id` argument (a `Ref`, or in state the literal id), and
        this resolver is the one place every link goes through. Only `id` is followed: a lookup
        by `filter`, `tags` or `cidr_block` may match another object than the one written there.
        """
        if address in self._aliases:
            return self._aliases[address]
        instance = self._by_address.get(address)
        if instance is None or instance.mode != "data" or address in self._aliasing:
            return None  # not a data source, or a cycle of lookups: no alias
        self._aliasing.add(address)
        try:
            found = self.resolve(instance_values(instance).get("id"), (instance.type,)).address
        finally:
            self._aliasing.discard(address)
        target = self._by_address.get(found) if found is not None else None
        alias = found if target is not None and target.mode == "managed" else None
        self._aliases[address] = alias
        return alias

    def resolve(self, value: Value, types: Collection[str]) -> Resolution:
        found = _Found()
        self._walk(value, types, found, set(), 0)
        return Resolution(tuple(found.addresses), tuple(found.literals), found.opaque)

    def node(self, value: Value, types: Collection[str]) -> str | None:
        """The address of the node of one of `types` that `value` names, or None. Never guesses."""
        return self.resolve(value, types).address

    def node_or_id(self, value: Value, types: Collection[str]) -> str | None:
        """The node's address when it is in the input, else the literal id, else None."""
        resolution = self.resolve(value, types)
        return resolution.address or resolution.literal

    def literal(self, value: Value) -> Value:
        """`value` with references followed to a known value; UNKNOWN when that is not possible.

        A reference with several targets gives a value only when every target that has the
        attribute agrees on it.
        """
        return self._literal(value, set(), 0)

    def _literal(self, value: Value, visited: set[tuple[str, str]], depth: int) -> Value:
        if not isinstance(value, Ref):
            return value
        if depth > _MAX_DEPTH or not isinstance(value.attribute, str):
            return UNKNOWN
        seen: list[Value] = []
        for target in _targets(value):
            target = self.alias(target) or target
            instance = self._by_address.get(target)
            key = (target, value.attribute)
            if instance is None or key in visited:
                return UNKNOWN
            visited.add(key)
            result = self._literal(
                attribute_value(instance_values(instance), value.attribute), visited, depth + 1
            )
            if result is None:
                continue  # this target has no such attribute: it is not the source
            if isinstance(result, Unknown | Ref):
                return UNKNOWN
            seen.append(result)
        if seen and all(item == seen[0] for item in seen):
            return seen[0]
        return UNKNOWN

    def _walk(
        self,
        value: Value,
        types: Collection[str],
        found: _Found,
        visited: set[tuple[str, str]],
        depth: int,
    ) -> None:
        if isinstance(value, str):
            self._walk_literal(value, types, found)
        elif isinstance(value, Ref):
            if depth > _MAX_DEPTH or not isinstance(value.attribute, str):
                found.opaque = True
                return
            for target in _targets(value):
                self._walk_target(target, value.attribute, types, found, visited, depth)
        elif isinstance(value, Unknown):
            found.opaque = True
        # None, numbers, booleans, blocks: name nothing

    def _walk_literal(self, value: str, types: Collection[str], found: _Found) -> None:
        if not value:
            return  # "" means "not set" in plan JSON
        matches = [i for i in self._by_id.get(value, ()) if i.type in types]
        if len(matches) > 1:
            # A data source reading a managed resource shares its id: both are the same
            # object, and the managed one is the node that carries the configuration.
            managed = [i for i in matches if i.mode == "managed"]
            if len(managed) == 1:
                matches = managed
        if matches:
            for match in matches:
                found.addresses[match.address] = None
        else:
            found.literals[value] = None

    def _walk_target(
        self,
        target: str,
        attribute: str,
        types: Collection[str],
        found: _Found,
        visited: set[tuple[str, str]],
        depth: int,
    ) -> None:
        target = self.alias(target) or target
        instance = self._by_address.get(target)
        if instance is None:
            found.opaque = True  # a target outside the input: could be anything
            return
        key = (target, attribute)
        if key in visited:
            found.opaque = True
            return
        visited.add(key)
        derived = self._derived.get(key)
        if derived is not None:
            derived_instance = self._by_address.get(derived)
            if derived_instance is not None and derived_instance.type in types:
                found.addresses[derived] = None
                return
        if attribute in IDENTITY_ATTRIBUTES:
            if instance.type in types:
                found.addresses[target] = None
                return
            alias = ID_ALIASES.get(instance.type)
            if alias is not None:
                self._walk(instance_values(instance).get(alias), types, found, visited, depth + 1)
            # another type's identity cannot name a node of `types`: filtered out
            return
        self._walk(
            attribute_value(instance_values(instance), attribute), types, found, visited, depth + 1
        )


def attribute_value(values: Mapping[str, Value], attribute: str) -> Value:
    """The value of a `Ref.attribute`: an attribute, or one element of a list attribute.

    An element of a list that is not known, or not that long, is UNKNOWN (not None: the target
    has the attribute, only its element cannot be read).
    """
    name, index = split_attribute(attribute)
    value = values.get(name)
    if index is None or value is None:
        return value
    if isinstance(value, tuple | list) and index < len(value):
        element: Value = value[index]
        return element
    return UNKNOWN


def _targets(ref: Ref) -> tuple[str, ...]:
    targets = ref.targets
    if not isinstance(targets, tuple | list):
        return ()
    return tuple(t for t in targets if isinstance(t, str))
