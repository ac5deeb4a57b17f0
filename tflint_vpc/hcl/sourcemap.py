"""Plan mode with `--source-dir`: locations, suppressions and locals from the HCL beside a plan.

`source_map` indexes every resource block of the module tree by (module call names, module-
relative address): `(("network", "subnets"), "aws_subnet.this")`. A plan instance address
(`module.network["blue"].module.subnets.aws_subnet.this[1]`) is matched after dropping its
instance keys, never by `type.name` alone, so equal names in different modules stay apart.

`enrich` attaches those locations and suppressions to a plan Inventory and fills in what the
plan could not know but the HCL can (an `after_unknown` leaf whose expression goes through a
local, e.g. `for_each = local.subnets` with `subnet_id = each.value`). It only replaces UNKNOWN
leaves, never a value the plan knows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from tflint_vpc.address import parse_instance_address
from tflint_vpc.hcl.loader import ParseCache, display_path, load_root
from tflint_vpc.hcl.modules import ModuleNode, build_tree, display_file
from tflint_vpc.hcl.suppress import IgnoreComment, ignores_for_block, parse_ignore
from tflint_vpc.inventory import (
    Inventory,
    Location,
    Ref,
    ResourceInstance,
    Suppression,
    Unknown,
    Value,
)

SourceKey = tuple[tuple[str, ...], str]  # (module call names, module-relative address)


@dataclass(frozen=True, slots=True)
class SourceEntry:
    location: Location
    ignores: tuple[IgnoreComment, ...] = ()


@dataclass(frozen=True)
class SourceIndex:
    entries: Mapping[SourceKey, SourceEntry] = field(default_factory=dict)
    notices: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()  # syntax errors of the source files

    @staticmethod
    def key_of(address: str) -> SourceKey | None:
        """The index key of an absolute instance address; None when it does not parse."""
        parsed = parse_instance_address(address)
        if parsed is None:
            return None
        return tuple(call for call, _ in parsed.module), parsed.relative

    def lookup(self, address: str) -> SourceEntry | None:
        key = self.key_of(address)
        return None if key is None else self.entries.get(key)

    def location(self, address: str) -> Location | None:
        entry = self.lookup(address)
        return None if entry is None else entry.location


def source_map(root_dir: str, cache: ParseCache | None = None) -> SourceIndex:
    """Locations and ignore comments of every resource block under `root_dir`."""
    tree = build_tree(root_dir, display_path(root_dir), (cache or ParseCache()).load)
    entries: dict[SourceKey, SourceEntry] = {}
    stack: list[ModuleNode] = [tree.root]
    while stack:
        node = stack.pop()
        stack.extend(child for child in node.children.values() if child is not None)
        for parsed in node.config.files:
            file = display_file(node.config.display, parsed.path)
            ignores = [i for c in parsed.comments if (i := parse_ignore(c)) is not None]
            for resource in node.config.resources.values():
                if resource.file != file:
                    continue
                block = resource.block
                found = ignores_for_block(block, ignores, parsed.comment_lines) if ignores else []
                entries[(node.call_path, resource.address)] = SourceEntry(
                    Location(file, block.line, block.end_line), tuple(found)
                )
    notices = (
        (f"--source-dir: skipped module(s) with a non-local source: {', '.join(tree.skipped)}",)
        if tree.skipped
        else ()
    )
    return SourceIndex(entries, notices, tuple(str(e) for e in tree.errors))


def enrich(
    plan_inventory: Inventory,
    root_dir: str,
    var_files: Sequence[str] = (),
    variables: Mapping[str, str] | None = None,
    plan_variables: Mapping[str, object] | None = None,
) -> Inventory:
    """`plan_inventory` with locations, suppressions and HCL-resolved UNKNOWN leaves.

    The HCL is evaluated with the root variable values the plan was made with when given
    (`plan_variables`, from the plan's `variables.<name>.value`), else with tfvars and
    defaults like `tfvpc lint DIR` (plus `var_files`/`variables` as on the command line).
    Variables declared `sensitive` are never evaluated.
    """
    cache = ParseCache()
    index = source_map(root_dir, cache)
    hcl_inventory, _ = load_root(
        root_dir, root_dir, cache, var_files, variables or {}, overrides=plan_variables
    )
    from_hcl = {i.address: i for i in hcl_inventory.instances}
    locations = dict(plan_inventory.locations)
    suppressions = list(plan_inventory.suppressions)
    instances: list[ResourceInstance] = []
    for instance in plan_inventory.instances:
        entry = index.lookup(instance.address)
        if entry is not None:
            locations.setdefault(instance.address, entry.location)
            suppressions.extend(
                Suppression(
                    address=instance.address,
                    rules=ignore.rules,
                    location=Location(entry.location.file, ignore.line, ignore.end_line),
                    reason=ignore.reason,
                )
                for ignore in entry.ignores
            )
        twin = from_hcl.get(instance.address)
        if twin is not None:
            filled = fill_unknown(instance.values, twin.values)
            if filled != instance.values and isinstance(filled, Mapping):
                instance = replace(instance, values=filled)
        instances.append(instance)
    notices = [*plan_inventory.notices, *index.notices]
    notices.extend(f"--source-dir: {error}" for error in index.errors)
    return replace(
        plan_inventory,
        instances=tuple(instances),
        locations=locations,
        suppressions=tuple(suppressions),
        notices=tuple(notices),
    )


def fill_unknown(plan: Value, hcl: Value) -> Value:
    """`plan` with each UNKNOWN leaf replaced by the HCL's value there, when the HCL knows one,
    and each ambiguous reference by the HCL's narrower one."""
    if isinstance(plan, Unknown):
        if plan.sensitive or hcl is None or isinstance(hcl, Unknown):
            return plan  # a sensitive plan value stays hidden, whatever the HCL says
        return hcl
    if isinstance(plan, Ref) and isinstance(hcl, Ref) and len(plan.targets) > 1:
        # A plan merges the references of all inline blocks of an attribute into one list;
        # the HCL names the block's own target, one of them.
        if set(hcl.targets) < set(plan.targets) and hcl.attribute == plan.attribute:
            return hcl
        return plan
    if isinstance(plan, Mapping) and isinstance(hcl, Mapping):
        return {k: fill_unknown(v, hcl[k]) if k in hcl else v for k, v in plan.items()}
    if isinstance(plan, tuple) and isinstance(hcl, tuple) and len(plan) == len(hcl):
        return tuple(fill_unknown(p, h) for p, h in zip(plan, hcl, strict=True))
    return plan
