"""Plan or state JSON -> `Inventory` of resource instances with references resolved.

Which instances exist after apply (plan): `planned_values` (root and child modules) merged with
`resource_changes` (deletes, `forget` and deposed objects skipped), plus resources that are only
in `prior_state` (data sources read during plan). A state's instances are its `values`. Their
values are converted by `values`, linking unknown leaves through `references`.

Nothing here raises on malformed input: an unexpected type reads as absent or unknown.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from tflint_vpc.address import parse_instance_address
from tflint_vpc.gc_pause import collector_paused
from tflint_vpc.inventory import Inventory, ResourceInstance
from tflint_vpc.plan.config import MAX_MODULE_DEPTH, ConfigIndex, as_list, as_obj
from tflint_vpc.plan.instances import InstanceIndex, call_names
from tflint_vpc.plan.references import ReferenceResolver
from tflint_vpc.plan.values import Draft, ValueConverter, has_true


def _walk_module(root: object) -> Iterator[Mapping[str, object]]:
    """Resources of a values-representation module and its child modules, in document order."""
    stack: list[tuple[object, int]] = [(root, 0)]
    while stack:
        raw, depth = stack.pop()
        mod = as_obj(raw)
        yield from (as_obj(r) for r in as_list(mod.get("resources")))
        if depth < MAX_MODULE_DEPTH:
            children = as_list(mod.get("child_modules"))
            stack.extend((child, depth + 1) for child in reversed(children))


def _actions(rc: Mapping[str, object]) -> list[str]:
    return [a for a in as_list(as_obj(rc.get("change")).get("actions")) if isinstance(a, str)]


def _gone_after_apply(actions: Sequence[str]) -> bool:
    return ("delete" in actions or "forget" in actions) and "create" not in actions


class _Drafts:
    """The instances found so far, by address; the first one found for an address wins."""

    def __init__(self) -> None:
        self.by_address: dict[str, Draft] = {}

    def add(
        self,
        address: object,
        draft_values: object,
        *,
        unknown: object = None,
        sensitive: tuple[object, ...] = (),
    ) -> None:
        if not isinstance(address, str) or address in self.by_address:
            return
        parsed = parse_instance_address(address)
        if parsed is None:
            return
        # Only masks that mark something: `false`, `{}` and `{"tags": {}}` mark nothing.
        masks = tuple(m for m in sensitive if has_true(m))
        self.by_address[address] = Draft(address, parsed, draft_values, unknown, masks)


def _plan_drafts(data: Mapping[str, object]) -> _Drafts:
    changes: dict[str, Mapping[str, object]] = {}
    gone: set[str] = set()
    for raw in as_list(data.get("resource_changes")):
        rc = as_obj(raw)
        address = rc.get("address")
        if not isinstance(address, str) or "deposed" in rc:
            continue
        if _gone_after_apply(_actions(rc)):
            gone.add(address)
        else:
            changes.setdefault(address, rc)
    drafts = _Drafts()

    def add_change(address: str, rc: Mapping[str, object], extra: tuple[object, ...]) -> None:
        change = as_obj(rc.get("change"))
        after = change.get("after")
        drafts.add(
            address,
            after,
            unknown=change.get("after_unknown"),
            sensitive=(change.get("after_sensitive"), *extra),
        )

    for res in _walk_module(as_obj(data.get("planned_values")).get("root_module")):
        address = res.get("address")
        if not isinstance(address, str) or address in gone:
            continue
        sensitive = res.get("sensitive_values")
        planned_rc = changes.get(address)
        if planned_rc is not None and isinstance(
            as_obj(planned_rc.get("change")).get("after"), dict
        ):
            add_change(address, planned_rc, (sensitive,))
        else:
            drafts.add(address, res.get("values"), sensitive=(sensitive,))
    for address, rc in changes.items():
        if address not in drafts.by_address and isinstance(
            as_obj(rc.get("change")).get("after"), dict
        ):
            add_change(address, rc, ())
    prior = as_obj(as_obj(data.get("prior_state")).get("values")).get("root_module")
    for res in _walk_module(prior):
        address = res.get("address")
        if isinstance(address, str) and address not in gone:
            drafts.add(address, res.get("values"), sensitive=(res.get("sensitive_values"),))
    return drafts


@collector_paused()  # millions of acyclic objects that live until the end of the lint
def inventory_from_document(data: Mapping[str, object], source: str, kind: str) -> Inventory:
    """Resolve a parsed plan (`kind="plan"`) or state (`kind="state"`) JSON document."""
    if not isinstance(data, dict):
        return Inventory(source=source, kind=kind, instances=())
    drafts: _Drafts
    config: ConfigIndex | None = None
    if kind == "plan":
        drafts = _plan_drafts(data)
        config = ConfigIndex(data.get("configuration"))
    else:
        drafts = _Drafts()
        for res in _walk_module(as_obj(data.get("values")).get("root_module")):
            drafts.add(
                res.get("address"), res.get("values"), sensitive=(res.get("sensitive_values"),)
            )
    index = InstanceIndex()
    for draft in drafts.by_address.values():
        index.add(draft.parsed, draft.address)
    resolver = None if config is None else ReferenceResolver(config, index, data.get("variables"))
    builder = ValueConverter(resolver)
    instances: list[ResourceInstance] = []
    for draft in drafts.by_address.values():
        parsed = draft.parsed
        conf = None
        if config is not None:
            conf = config.resource(call_names(parsed.module), parsed.relative)
        region = None
        if resolver is not None and conf is not None:
            region = resolver.region(conf.get("provider_config_key"))
        instances.append(
            ResourceInstance(
                address=draft.address,
                type=parsed.type,
                name=parsed.name,
                mode=parsed.mode,
                module=parsed.module_address,
                index=parsed.key,
                values=builder.values(draft, conf),
                region=region,
            )
        )
    return Inventory(source=source, kind=kind, instances=tuple(instances))
