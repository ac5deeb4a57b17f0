"""Lint inputs end to end: front end -> builder -> engine. What the CLI and tests call.

`lint` is the one path from a request to its result, filtering included: the engine applies
inline suppressions and per-address and per-path ignores to each input, then `lint` applies the
baseline over all of them. The CLI only turns flags and the config file into a `LintRequest`
(`request_for`), so a library caller with the same request gets the same diagnostics.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from tflint_vpc import __version__, coverage
from tflint_vpc.baseline import match_baseline, read_baseline, write_baseline
from tflint_vpc.config import Config
from tflint_vpc.diagnostic import BaselineEntry, Diagnostic, LintResult, UndecidedNote
from tflint_vpc.engine import RunOptions, run, select_rules
from tflint_vpc.errors import InputError
from tflint_vpc.gc_pause import collector_paused
from tflint_vpc.inventory import Inventory
from tflint_vpc.model import Topology
from tflint_vpc.registry import load
from tflint_vpc.rule import Rule

HCL_SUFFIXES = (".tf", ".tofu", ".tf.json", ".tofu.json")


@dataclass(frozen=True)
class LintRequest:
    """What to lint and how; the CLI fills it from flags and the config file."""

    paths: tuple[str, ...]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    run_options: RunOptions = field(default_factory=RunOptions)
    var_files: tuple[str, ...] = ()
    variables: Mapping[str, str] = field(default_factory=dict)
    source_dir: str | None = None  # HCL beside a plan: locations, suppressions, locals
    find_source_dir: bool = True  # without source_dir, look for the plan's root module
    parallel: bool = False  # parse HCL in worker processes where it helps (many files, idle CPUs)
    baseline: str | None = None  # report only findings not recorded in this baseline file
    write_baseline: str | None = None  # record the findings (before `baseline`) in this file


def request_for(
    paths: Sequence[str],
    config: Config,
    *,
    baseline: str | None = None,
    write_baseline: str | None = None,
    var_files: Sequence[str] = (),
    variables: Mapping[str, str] | None = None,
    source_dir: str | None = None,
    find_source_dir: bool = True,
    parallel: bool = False,
) -> LintRequest:
    """A request for `paths` under `config` (rules, severities, options, ignores)."""
    return LintRequest(
        paths=tuple(paths),
        select=config.select,
        ignore=config.ignore,
        run_options=config.run_options(),
        var_files=tuple(var_files),
        variables=dict(variables or {}),
        source_dir=source_dir,
        find_source_dir=find_source_dir,
        parallel=parallel,
        baseline=baseline,
        write_baseline=write_baseline,
    )


def is_hcl(path: str) -> bool:
    return os.path.isdir(path) or path.endswith(HCL_SUFFIXES)


def load_json_input(
    path: str,
    source_dir: str | None = None,
    var_files: Sequence[str] = (),
    variables: Mapping[str, str] | None = None,
    find_source_dir: bool = False,
) -> Inventory:
    """A plan or state JSON file as an Inventory; raises InputError.

    With `source_dir`, the HCL adds locations, suppressions and what the plan cannot resolve,
    evaluated with the variable values the plan was made with. With `find_source_dir` and no
    `source_dir`, a plan's root module is looked for (`plan.discover`) and used with a notice.
    """
    from tflint_vpc.plan import inventory_from_document, read_document

    document = read_document(path)
    try:
        inventory = inventory_from_document(document.data, path, document.kind)
    except RecursionError:  # a pathological nesting the reader let through (newer Pythons)
        raise InputError(path, "is nested too deeply to lint; not a Terraform plan") from None
    if document.notices:
        inventory = replace(inventory, notices=(*document.notices, *inventory.notices))
    plan_variables = _plan_variables(document.data)
    if source_dir is not None:
        from tflint_vpc.hcl import enrich

        return enrich(inventory, source_dir, var_files, variables, plan_variables)
    if not find_source_dir or document.kind != "plan":
        return inventory
    from tflint_vpc.plan.discover import find_source_dir as discover

    found = discover(path, document.data.get("configuration"))
    if found is None:
        return inventory
    from tflint_vpc.hcl import enrich  # imported only when used: the parser is slow to load

    try:
        enriched = enrich(inventory, found, var_files, variables, plan_variables)
    except InputError as e:  # the user did not ask for this directory: lint the plan alone
        notice = f"{path}: not using {found} as --source-dir: {e}"
        return replace(inventory, notices=(notice, *inventory.notices))
    notice = (
        f"{path}: using {found} as --source-dir (its .tf files match the plan);"
        " --no-source-dir lints the plan alone"
    )
    return replace(enriched, notices=(notice, *enriched.notices))


def _plan_variables(data: Mapping[str, object]) -> dict[str, object]:
    variables = data.get("variables")
    if not isinstance(variables, Mapping):
        return {}
    return {
        name: entry["value"]
        for name, entry in variables.items()
        if isinstance(entry, Mapping) and "value" in entry
    }


def load_inputs(request: LintRequest) -> tuple[list[Inventory], list[str]]:
    """Inventories of every input that could be read, and one-line errors for the others."""
    inventories: list[Inventory] = []
    errors: list[str] = []
    hcl_paths = [p for p in request.paths if is_hcl(p)]
    for path in request.paths:
        if path in hcl_paths:
            continue
        try:
            inventories.append(
                load_json_input(
                    path,
                    request.source_dir,
                    request.var_files,
                    request.variables,
                    find_source_dir=request.find_source_dir,
                )
            )
        except InputError as e:
            errors.append(str(e))
    if hcl_paths:
        from tflint_vpc.hcl import load_hcl

        result = load_hcl(
            hcl_paths,
            request.var_files,
            request.variables,
            parallel=None if request.parallel else False,
        )
        inventories.extend(result.inventories)
        errors.extend(result.errors)
    return inventories, errors


def lint_inventory(
    inventory: Inventory,
    rules: Sequence[Rule],
    options: RunOptions | None = None,
    catalogue: Sequence[Rule] | None = None,
) -> list[Diagnostic]:
    """Build the topology of one input and run `rules` over it (filters of one input applied)."""
    from tflint_vpc.build import build

    return run(build(inventory), inventory, rules, options, catalogue=catalogue)


def topologies(request: LintRequest) -> tuple[list[tuple[Inventory, Topology]], list[str]]:
    """Each readable input with its topology (for `tfvpc reach`), and one-line errors."""
    from tflint_vpc.build import build

    inventories, errors = load_inputs(request)
    return [(inventory, build(inventory)) for inventory in inventories], errors


@collector_paused()
def lint(request: LintRequest) -> LintResult:
    catalogue = load()
    rules = select_rules(catalogue, request.select, request.ignore)
    # a baseline that cannot be read is a usage error before any input is linted
    entries = read_baseline(request.baseline) if request.baseline is not None else None
    inventories, errors = load_inputs(request)
    diagnostics: list[Diagnostic] = []
    undecided: list[UndecidedNote] = []  # what the rules could not judge (`-v`)
    extra: list[str] = []  # notices of the lint itself, after the inputs' own
    from tflint_vpc.build import READ_TYPES, build

    options = request.run_options
    for inventory in inventories:
        topology = build(inventory)  # once: the rules and the intents' notices share it
        diagnostics.extend(
            run(topology, inventory, rules, options, catalogue=catalogue, undecided=undecided)
        )
        extra.extend(_undecided_intents(topology, rules, options))
        # once per input: what it holds that no rule looked at
        unanalysed = coverage.notice(inventory, READ_TYPES)
        if unanalysed is not None:
            extra.append(unanalysed)
    # one order whatever the order of the inputs on the command line
    diagnostics.sort(key=Diagnostic.sort_key)
    written = None
    if request.write_baseline is not None:
        written = write_baseline(request.write_baseline, diagnostics)
    fixed: tuple[BaselineEntry, ...] = ()
    kept = tuple(diagnostics)
    if entries is not None:
        kept, fixed = match_baseline(entries, diagnostics)
    return LintResult(
        diagnostics=kept,
        fixed=fixed,
        inputs=tuple(inv.source for inv in inventories),
        resources=sum(len(inv.instances) for inv in inventories),
        rules=rules,
        tool_version=__version__,
        errors=tuple(errors),
        notices=capped_notices([*inventories, extra]),
        baseline_written=written,
        undecided=tuple(sorted(set(undecided), key=UndecidedNote.sort_key)),
    )


@collector_paused()
def lint_topologies(
    request: LintRequest,
) -> tuple[list[tuple[Topology, list[Diagnostic]]], list[str]]:
    """Each readable input's topology with its diagnostics (suppressions and ignores applied;
    no baseline), for `tfvpc graph` to draw; and one-line errors for the other inputs."""
    from tflint_vpc.build import build

    catalogue = load()
    rules = select_rules(catalogue, request.select, request.ignore)
    inventories, errors = load_inputs(request)
    drawn: list[tuple[Topology, list[Diagnostic]]] = []
    for inventory in inventories:
        topology = build(inventory)
        found = run(topology, inventory, rules, request.run_options, catalogue=catalogue)
        drawn.append((topology, found))
    return drawn, errors


MAX_NOTICES = 20  # each is a stderr line; a crafted input must not print thousands


def capped_notices(inventories: Sequence[Inventory | Sequence[str]]) -> tuple[str, ...]:
    """Notices by group (an input's, the lint's own), deduplicated, sorted within each group,
    capped.

    Sorted so the order cannot depend on how a front end iterated (sets follow
    `PYTHONHASHSEED`); capped with one closing line that counts what was left out.
    """
    groups = [inv.notices if isinstance(inv, Inventory) else inv for inv in inventories]
    notices = tuple(dict.fromkeys(n for g in groups for n in sorted(dict.fromkeys(g))))
    if len(notices) <= MAX_NOTICES:
        return notices
    more = len(notices) - (MAX_NOTICES - 1)
    return (*notices[: MAX_NOTICES - 1], f"{more} more notices not shown")


def _undecided_intents(topology: Topology, rules: Sequence[Rule], options: RunOptions) -> list[str]:
    """Notices for the intents TFVPC015 cannot decide (it reports only what is certain)."""
    from tflint_vpc.config import INTENT_RULE
    from tflint_vpc.reachability import undecided

    rule = next((r for r in rules if r.name == INTENT_RULE), None)
    intents = getattr(options.rule_options.get(rule.code), "intents", ()) if rule else ()
    return undecided(topology, intents) if intents else []
