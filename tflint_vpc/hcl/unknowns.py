"""Notices for the attributes rules need that HCL evaluation left unknown, by cause.

A rule stays silent on an unknown CIDR, link, zone or instance type; the user should learn why,
when the cause is this linter's limit rather than Terraform's "known after apply": a function
the evaluator does not implement, or a data source, which HCL mode never reads. One notice per
cause lists the attributes it made unknown.

Kept cheap: only the attributes below, only when they came out UNKNOWN (a `Ref` is a link, not
a loss), and only a walk of their syntax (following `local.*` and a module's `var.*` to the
caller's argument), never a second evaluation. The walk names every such cause in the
expression: one of them made the value unknown, though a branch not taken may add another.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields

from tflint_vpc.hcl import functions
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.functions.filesystem import FILE_FUNCTIONS
from tflint_vpc.hcl.instances import ModuleInstance, ResourceInstanceContext
from tflint_vpc.inventory import Unknown, Value

# The top-level arguments the builder reads for the rules: CIDRs, VPC/subnet links, zones,
# instance types, route destinations and targets.
_ROUTE = frozenset(
    {
        "route_table_id",
        "destination_cidr_block",
        "destination_ipv6_cidr_block",
        "destination_prefix_list_id",
        "gateway_id",
        "nat_gateway_id",
        "transit_gateway_id",
        "vpc_peering_connection_id",
        "vpc_endpoint_id",
        "network_interface_id",
        "egress_only_gateway_id",
        "carrier_gateway_id",
        "local_gateway_id",
        "core_network_arn",
    }
)
NEEDED: Mapping[str, frozenset[str]] = {
    "aws_vpc": frozenset({"cidr_block", "ipv6_cidr_block", "instance_tenancy"}),
    "aws_vpc_ipv4_cidr_block_association": frozenset({"vpc_id", "cidr_block"}),
    "aws_vpc_ipv6_cidr_block_association": frozenset({"vpc_id", "ipv6_cidr_block"}),
    "aws_subnet": frozenset(
        {"vpc_id", "cidr_block", "ipv6_cidr_block", "availability_zone", "availability_zone_id"}
    ),
    "aws_instance": frozenset({"instance_type", "subnet_id", "availability_zone"}),
    "aws_network_interface": frozenset({"subnet_id"}),
    "aws_network_interface_attachment": frozenset({"instance_id", "network_interface_id"}),
    "aws_vpc_peering_connection": frozenset({"vpc_id", "peer_vpc_id"}),
    "aws_vpc_endpoint": frozenset({"vpc_id", "vpc_endpoint_type", "service_name"}),
    "aws_route_table": frozenset({"vpc_id"}),
    "aws_route_table_association": frozenset({"subnet_id", "route_table_id"}),
    "aws_main_route_table_association": frozenset({"vpc_id", "route_table_id"}),
    "aws_route": _ROUTE,
}
# Nested blocks holding such arguments: the inline routes of a route table.
_ROUTE_BLOCK = _ROUTE - {"route_table_id"} | {"cidr_block", "ipv6_cidr_block"}
NEEDED_BLOCKS: Mapping[str, Mapping[str, frozenset[str]]] = {
    "aws_route_table": {"route": _ROUTE_BLOCK},
    "aws_default_route_table": {"route": _ROUTE_BLOCK},
}
_LAZY = frozenset({"try", "can"})  # in the evaluator, not the function table
_LISTED = 5  # attribute addresses named per notice; the rest are counted


def _supported(name: str) -> bool:
    return name in _LAZY or name in functions.FUNCTIONS or name in FILE_FUNCTIONS


@dataclass
class UnknownCauses:
    """Collects, per cause, the attributes it left unknown; `notices()` renders them."""

    by_cause: dict[str, list[str]] = field(default_factory=dict)

    def check(self, instance: ResourceInstanceContext, values: Mapping[str, Value]) -> None:
        resource = instance.resource
        if resource.mode != "managed":
            return
        needed = NEEDED.get(resource.type, frozenset())
        self._check_body(instance, resource.block, values, needed, instance.address)
        for block_type, nested in NEEDED_BLOCKS.get(resource.type, {}).items():
            entries = values.get(block_type)
            blocks = resource.block.blocks(block_type)
            if not isinstance(entries, tuple) or len(entries) != len(blocks):
                continue  # `dynamic` blocks among them: positions do not match the syntax
            for position, (block, entry) in enumerate(zip(blocks, entries, strict=True)):
                if isinstance(entry, Mapping):
                    where = f"{instance.address}.{block_type}[{position}]"
                    self._check_body(instance, block, entry, nested, where)

    def _check_body(
        self,
        instance: ResourceInstanceContext,
        block: s.Block,
        values: Mapping[str, Value],
        needed: frozenset[str],
        where: str,
    ) -> None:
        for name in sorted(needed):
            value = values.get(name)
            if not isinstance(value, Unknown) or value.sensitive:
                continue
            item = block.attribute(name)
            if item is None:
                continue  # not set: computed by the provider ("known after apply")
            causes: dict[str, None] = {}
            _walk(item.expr, instance.module, causes, set())
            for cause in causes:
                self.by_cause.setdefault(cause, []).append(f"{where}.{name}")

    def notices(self) -> list[str]:
        lines = []
        for cause, attributes in sorted(self.by_cause.items()):
            count = len(attributes)
            shown = ", ".join(attributes[:_LISTED])
            more = f", and {count - _LISTED} more" if count > _LISTED else ""
            noun = "attribute" if count == 1 else "attributes"
            lines.append(f"{cause}: {count} {noun} unknown ({shown}{more})")
        return lines


# How many locals / module variables a cause is followed through: enough for real chains, and
# a bound on the work per attribute (a crafted chain of thousands of locals stays linear).
_MAX_FOLLOW = 64


def _walk(
    expr: s.Expr,
    module: ModuleInstance,
    causes: dict[str, None],
    seen: set[tuple[int, str]],
    depth: int = 0,
) -> None:
    if depth > _MAX_FOLLOW:
        return
    for node in _nodes(expr):
        if isinstance(node, s.Call) and not _supported(node.name):
            causes[f"function `{node.name}` is not supported"] = None
        elif isinstance(node, s.GetAttr):
            root = node.source
            if isinstance(root, s.GetAttr) and isinstance(root.source, s.Variable):
                if root.source.name == "data":
                    prefix = f"{module.address}." if module.address else ""
                    where = f"{prefix}data.{root.name}.{node.name}"
                    causes[f"data source `{where}` is not read in HCL mode"] = None
            elif isinstance(root, s.Variable):
                _follow(root.name, node.name, module, causes, seen, depth)


def _follow(
    namespace: str,
    name: str,
    module: ModuleInstance,
    causes: dict[str, None],
    seen: set[tuple[int, str]],
    depth: int,
) -> None:
    """Into `local.name`, or `var.name` of a child module (the caller's argument)."""
    key = (id(module), f"{namespace}.{name}")
    if key in seen:
        return
    seen.add(key)
    if namespace == "local":
        local = module.config.locals.get(name)
        if local is not None:
            _walk(local, module, causes, seen, depth + 1)
    elif namespace == "var" and module.parent is not None and module.call is not None:
        argument = module.call.arguments.get(name)
        if argument is not None:
            _walk(argument, module.parent, causes, seen, depth + 1)


def _nodes(expr: s.Expr) -> Iterator[object]:
    """Every syntax node of an expression, depth first."""
    stack: list[object] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, tuple):
            stack.extend(node)
            continue
        if not hasattr(node, "__dataclass_fields__"):
            continue  # a name, a literal value
        yield node
        stack.extend(getattr(node, f.name) for f in fields(node))  # type: ignore[arg-type]
