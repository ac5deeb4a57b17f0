"""Plan mode with `--source-dir`: locations, suppressions and locals from the HCL beside a plan.

`source_map` indexes every resource block of the module tree by (module call names, module-
relative address): `(("network", "subnets"), "aws_subnet.this")`. A plan instance address
(`module.network["blue"].module.subnets.aws_subnet.this[1]`) is matched after dropping its
instance keys, never by `type.name` alone, so equal names in different modules stay apart.

`enrich` attaches those locations and suppressions to a plan Inventory and fills in what the
plan could not know but the HCL can (an `after_unknown` leaf whose expression goes through a
local, e.g. `for_each = local.subnets` with `subnet_id = each.value`). It also replaces the
plan's links (`Ref`s) where the HCL names one target for certain: the plan keeps only the
references of an expression, so `aws_subnet.x[1 - count.index].id` and a list output's element
are read there with less than the HCL evaluates. It never replaces a value the plan knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
                    file_wide=ignore.file_wide,
                    problem=ignore.problem,
                )
                for ignore in entry.ignores
            )
        twin = from_hcl.get(instance.address)
        if twin is not None:
            filled = merge_hcl(instance.values, twin.values)
            if filled != instance.values and isinstance(filled, Mapping):
                instance = replace(instance, values=filled)
        instances.append(instance)
    notices = [*plan_inventory.notices, *index.notices]
    notices.extend(f"--source-dir: {error}" for error in index.errors)
    managed = [i for i in plan_inventory.instances if i.mode == "managed"]
    if managed and not any(i.address in locations for i in managed):
        # Nothing pairs up: most likely another module's directory. Say so rather than lint
        # silently without the locations, suppressions and values the user asked for.
        notices.append(
            f"--source-dir {root_dir}: declares none of the plan's {len(managed)} resources;"
            " it is not the plan's root module (no locations or suppressions from it)"
        )
    return replace(
        plan_inventory,
        instances=tuple(instances),
        locations=locations,
        suppressions=tuple(suppressions),
        notices=tuple(notices),
    )


def merge_hcl(plan: Value, hcl: Value) -> Value:
    """`plan` with the HCL's value where the plan has none or only a link the HCL improves on.

    An UNKNOWN leaf takes any value the HCL knows. A `Ref` (the plan's reading of an
    expression's references) takes the HCL's `Ref` when that names exactly one target: the HCL
    evaluated the whole expression, index arithmetic and list elements included, with the
    plan's variable values. Known plan values and sensitive ones are never replaced.
    """
    if isinstance(plan, Unknown):
        if plan.sensitive or hcl is None or isinstance(hcl, Unknown):
            return plan  # a sensitive plan value stays hidden, whatever the HCL says
        return hcl
    if isinstance(plan, Ref):
        if not isinstance(hcl, Ref):
            return plan
        if len(hcl.targets) == 1:
            return hcl
        # A plan merges the references of all inline blocks of an attribute into one list;
        # the HCL names the block's own targets, some of them.
        narrower = bool(hcl.targets) and set(hcl.targets) < set(plan.targets)
        return hcl if narrower and hcl.attribute == plan.attribute else plan
    if isinstance(plan, Mapping) and isinstance(hcl, Mapping):
        return {k: merge_hcl(v, hcl[k]) if k in hcl else v for k, v in plan.items()}
    if isinstance(plan, tuple) and isinstance(hcl, tuple) and len(plan) == len(hcl):
        if all(isinstance(p, Mapping) for p in plan) and all(isinstance(h, Mapping) for h in hcl):
            return tuple(_merge_blocks(plan, hcl))
        return tuple(merge_hcl(p, h) for p, h in zip(plan, hcl, strict=True))
    return plan


def _merge_blocks(plan: tuple[Value, ...], hcl: tuple[Value, ...]) -> Iterable[Value]:
    """Nested blocks paired by what they say, not by position.

    Set-typed blocks (a table's `route` blocks) come in another order in plan JSON than in the
    HCL, so a plan block takes the HCL's values only from the one HCL block that agrees with it
    on every scalar both know; with no such block, or several, it stays as the plan has it.
    One block on each side is the same block, whatever they say.
    """
    if len(plan) == 1:
        yield merge_hcl(plan[0], hcl[0])
        return
    for block in plan:
        twins = [other for other in hcl if _agree(block, other)]
        yield merge_hcl(block, twins[0]) if len(twins) == 1 else block


def _agree(plan: Value, hcl: Value) -> bool:
    if not isinstance(plan, Mapping) or not isinstance(hcl, Mapping):
        return False
    for key, value in plan.items():
        other = hcl.get(key)
        scalars = isinstance(value, str | int | float | bool) and isinstance(
            other, str | int | float | bool
        )
        if scalars and value != other:
            return False
    return True
