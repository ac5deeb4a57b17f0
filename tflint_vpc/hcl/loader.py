"""The HCL front end's entry point: directories (or `.tf` files) -> one Inventory per root module.

`load_hcl` returns an `HclResult`: the inventories of every root module that could be loaded and
the syntax errors (`path:line:col: syntax error: ...`) of files that could not be parsed. A file
with a syntax error is left out of its module and the rest is still linted; the caller reports
the errors and exits 2. Problems that make a whole input meaningless (a missing path, a module
that calls itself, a missing local module directory, a missing --var-file) raise `InputError`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from tflint_vpc.errors import InputError
from tflint_vpc.files import read_bytes
from tflint_vpc.hcl import budget
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.evaluate import Scope, evaluate
from tflint_vpc.hcl.instances import ModuleInstance, ResourceInstanceContext, Session
from tflint_vpc.hcl.jsonsyntax import parse_json_file
from tflint_vpc.hcl.modules import (
    CONFIG_SUFFIXES,
    JSON_SUFFIXES,
    ModuleConfig,
    ModuleTree,
    build_tree,
    display_file,
    module_files,
)
from tflint_vpc.hcl.parse import HclSyntaxError, parse_file_or_error, parse_text, warm_parser
from tflint_vpc.hcl.suppress import FileIgnores, IgnoreComment, parse_ignore
from tflint_vpc.hcl.unknowns import UnknownCauses
from tflint_vpc.hcl.values import EvalError, to_value
from tflint_vpc.inventory import (
    UNKNOWN,
    Inventory,
    Location,
    ResourceInstance,
    Suppression,
    Value,
)

# Below this many files a process pool costs more than it saves (start-up ~0.1 s per worker;
# parsing costs ~40 ms per 100-line file). Measured by benchmarks/hcl_200_files.py.
PARALLEL_MIN_FILES = 16
MAX_WORKERS = 8


@dataclass(frozen=True)
class HclResult:
    inventories: list[Inventory] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # `path:line:col: syntax error: ...`


class ParseCache:
    """Parses each file once per process; in a process pool only when asked (`--parallel`).

    By default the linter starts no process at all (a pre-commit hook and CI step should not
    fork workers behind the user's back); the pool pays off only on idle cores with many files.
    """

    def __init__(self, parallel: bool | None = False) -> None:
        self.parsed: dict[str, s.ParsedFile | HclSyntaxError] = {}
        self.parallel = parallel

    def load(self, paths: list[str]) -> Mapping[str, s.ParsedFile | HclSyntaxError]:
        missing = [p for p in dict.fromkeys(paths) if p not in self.parsed]
        workers = idle_cpus()
        use_pool = self.parallel
        if use_pool is None:  # "where it helps": a large batch and idle CPUs
            use_pool = len(missing) >= PARALLEL_MIN_FILES and workers > 1
        workers = max(2, workers)
        if use_pool and len(missing) > 1:
            warm_parser()  # forked workers inherit it instead of each building their own
            chunk = max(1, len(missing) // (workers * 4))
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for path, result in zip(
                    missing, pool.map(parse_any_or_error, missing, chunksize=chunk), strict=True
                ):
                    self.parsed[path] = result
        else:
            for path in missing:
                self.parsed[path] = parse_any_or_error(path)
        return {p: self.parsed[p] for p in paths}


def parse_any_or_error(path: str) -> s.ParsedFile | HclSyntaxError:
    """Parse a native or JSON-syntax file; the error is returned (worker processes)."""
    if not path.endswith(".json"):
        return parse_file_or_error(path)
    try:
        return parse_json_file(path)
    except HclSyntaxError as exc:
        return exc


def idle_cpus() -> int:
    """CPUs this process may use that are not already busy (a pool only helps on idle ones).

    On a loaded machine (CI runners shared with other jobs) a process pool was measured slower
    than parsing sequentially, so the load average counts against the CPU count.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    try:
        busy = os.getloadavg()[0]
    except (AttributeError, OSError):
        busy = 0.0
    return max(1, min(MAX_WORKERS, int(cpus - max(0.0, busy - 1.0) + 0.5)))


def display_path(path: str) -> str:
    """Relative to the working directory when the path is below it, else as given."""
    normal = os.path.normpath(path)
    if os.path.isabs(normal):
        try:
            relative = os.path.relpath(normal)
        except ValueError:  # another drive on Windows
            return normal
        if not relative.startswith(".."):
            return relative
    return normal


def root_directory(path: str) -> str:
    """The root module directory of a path: itself, or the directory of a `.tf` file."""
    if os.path.isdir(path):
        return path
    if os.path.isfile(path):
        if not path.endswith(CONFIG_SUFFIXES + JSON_SUFFIXES):
            raise InputError(path, "not a .tf or .tofu file or a directory")
        return os.path.dirname(path) or "."
    raise InputError(path, "no such file or directory")


def load_hcl(
    paths: Sequence[str],
    var_files: Sequence[str] = (),
    variables: Mapping[str, str] | None = None,
    *,
    parallel: bool | None = False,
) -> HclResult:
    """Load each root module named by `paths` (directories, or files grouped by directory).

    `parallel`: False parses in this process; None uses a process pool where it helps (many
    files, idle CPUs); True always uses the pool.

    A root that cannot be loaded at all (missing path, no Terraform files, a module loop, a
    missing local module directory or --var-file) gives one error line and the other roots are
    still loaded; so do syntax errors, which only drop their own file.
    """
    cache = ParseCache(parallel)
    result = HclResult()
    roots: dict[str, str] = {}
    for path in paths:
        try:
            directory = root_directory(path)
        except InputError as exc:
            _add(result.errors, str(exc))
            continue
        roots.setdefault(os.path.realpath(directory), directory)
    for directory in roots.values():
        try:
            inventory, errors = load_root(
                directory, directory, cache, var_files=var_files, variables=variables or {}
            )
        except InputError as exc:
            _add(result.errors, str(exc))
            continue
        result.inventories.append(inventory)
        for error in errors:
            _add(result.errors, error)
    return result


def _add(errors: list[str], error: str) -> None:
    if error not in errors:
        errors.append(error)


def load_root(
    directory: str,
    source: str,
    cache: ParseCache,
    var_files: Sequence[str] = (),
    variables: Mapping[str, str] | None = None,
    overrides: Mapping[str, object] | None = None,
) -> tuple[Inventory, list[str]]:
    """One root module's Inventory and its syntax errors; raises InputError.

    `overrides` are root variable values (JSON data) that win over every other source: the
    values a plan was made with.
    """
    if not module_files(directory):
        raise InputError(
            directory,
            "is a directory without .tf or .tofu files; expected a plan JSON file"
            " or a Terraform configuration directory",
        )
    tree = build_tree(directory, display_path(directory), cache.load)
    _refuse_undeclared(tree.root.config, variables or {})
    errors = [str(e) for e in tree.errors]
    # One budget for everything this root evaluates: variables, every module and instance.
    with budget.activate(budget.Budget()) as run:
        root_values, var_errors = root_variables(
            tree.root.config, directory, cache, var_files, variables or {}
        )
        errors.extend(var_errors)
        root_values.update({k: _plan_value(v) for k, v in (overrides or {}).items()})
        return _evaluate_root(tree, source, root_values, variables or {}, run), errors


def _evaluate_root(
    tree: ModuleTree,
    source: str,
    root_values: dict[str, Value],
    variables: Mapping[str, str],
    run: budget.Budget,
) -> Inventory:
    session = Session(root_values, run)
    root = ModuleInstance(session, tree.root, "", None, None, {})
    instances: list[ResourceInstance] = []
    locations: dict[str, Location] = {}
    suppressions: list[Suppression] = []
    notices = _tree_notices(tree)
    ignore_index = _IgnoreIndex(run)
    unknown_causes = UnknownCauses()
    for module in _walk(root):
        for instance in module.resource_instances():
            instances.append(to_resource_instance(instance))
            unknown_causes.check(instance, instances[-1].values)
            resource = instance.resource
            locations[instance.address] = Location(
                resource.file, resource.block.line, resource.block.end_line
            )
            ignores = ignore_index.for_resource(module.config, resource.file, resource.block)
            suppressions.extend(
                Suppression(
                    address=instance.address,
                    rules=ignore.rules,
                    location=Location(resource.file, ignore.line, ignore.end_line),
                    reason=ignore.reason,
                    file_wide=ignore.file_wide,
                    problem=ignore.problem,
                )
                for ignore in ignores
            )
    notices.extend(ignore_index.stray(tree))
    notices.extend(dict.fromkeys(session.notices))
    notices.extend(unknown_causes.notices())
    notices.extend(run.notices())
    return Inventory(
        source=source,
        kind="hcl",
        instances=tuple(instances),
        locations=locations,
        suppressions=tuple(suppressions),
        notices=tuple(notices),
    )


def _walk(module: ModuleInstance) -> Iterable[ModuleInstance]:
    yield module
    for child in module.children():
        yield from _walk(child)


def to_resource_instance(instance: ResourceInstanceContext) -> ResourceInstance:
    resource = instance.resource
    return ResourceInstance(
        address=instance.address,
        type=resource.type,
        name=resource.name,
        mode=resource.mode,
        module=instance.module.address,
        index=instance.key,
        values=instance.values(),
        region=instance.region(),
    )


def _tree_notices(tree: ModuleTree) -> list[str]:
    notices: list[str] = []
    if tree.skipped:
        notices.append(
            f"skipped {len(tree.skipped)} module(s) with a non-local source"
            f" ({', '.join(tree.skipped)}); run `terraform init` so that"
            " .terraform/modules/modules.json exists to lint them"
        )
    return notices


def _refuse_undeclared(config: ModuleConfig, variables: Mapping[str, str]) -> None:
    """A `--var` for a variable the root does not declare is an error, as in Terraform: likely
    a typo that would leave the intended variable unset. Only the name is shown: the value may
    be a secret."""
    for name in variables:
        if name not in config.variables:
            raise InputError(f"--var {name}", f"{config.display} declares no variable of that name")


class _IgnoreIndex:
    """`tfvpc:ignore` comments per file, and which of them belong to no resource block.

    Each file is indexed once and each block looked up once (not once per instance); a block's
    directives are deduplicated and capped, so N stacked comments on a block with count = N
    give at most N suppressions, not N * N.
    """

    def __init__(self, run: budget.Budget) -> None:
        self._run = run
        self._by_file: dict[str, FileIgnores] = {}
        self._files: dict[str, dict[str, s.ParsedFile]] = {}  # module display -> file -> parsed
        self._blocks: dict[tuple[str, int], list[IgnoreComment]] = {}
        self._used: set[tuple[str, int]] = set()

    def _load(self, config: ModuleConfig, file: str) -> FileIgnores:
        if file not in self._by_file:
            if config.display not in self._files:
                self._files[config.display] = {
                    display_file(config.display, p.path): p for p in config.files
                }
            parsed = self._files[config.display].get(file)
            ignores = (
                []
                if parsed is None
                else [i for c in parsed.comments if (i := parse_ignore(c)) is not None]
            )
            lines = frozenset() if parsed is None else parsed.comment_lines
            self._by_file[file] = FileIgnores(ignores, lines)
        return self._by_file[file]

    def for_resource(self, config: ModuleConfig, file: str, block: s.Block) -> list[IgnoreComment]:
        key = (file, block.line)
        if key not in self._blocks:
            index = self._load(config, file)
            found = index.for_block(block) if index.ignores or index.file_wide else []
            self._used.update((file, i.line) for i in found)
            kept: dict[tuple[object, ...], IgnoreComment] = {}
            for ignore in found:  # a repeated directive adds nothing but one more notice
                kept.setdefault((ignore.file_wide, ignore.problem, *sorted(ignore.rules)), ignore)
            chosen = list(kept.values())
            if len(chosen) > budget.MAX_IGNORES_PER_BLOCK:
                with self._run.at(f"{file}:{block.line}"):
                    self._run.note("ignore directives per block")
                chosen = chosen[: budget.MAX_IGNORES_PER_BLOCK]
            self._blocks[key] = chosen
        return self._blocks[key]

    def stray(self, tree: ModuleTree) -> list[str]:
        """Notices for directives that sit on no resource block (they could never apply)."""
        notices: list[str] = []
        stack = [tree.root]
        seen: set[str] = set()
        while stack:
            node = stack.pop()
            stack.extend(child for child in node.children.values() if child is not None)
            if node.config.directory in seen:
                continue
            seen.add(node.config.directory)
            for parsed in node.config.files:
                file = display_file(node.config.display, parsed.path)
                index = self._load(node.config, file)
                notices.extend(
                    f"{file}:{ignore.line}: tfvpc:ignore is not on or inside a"
                    " resource block that is linted; it has no effect"
                    + (f" ({ignore.problem})" if ignore.problem else "")
                    for ignore in (*index.ignores, *index.file_wide)
                    if (file, ignore.line) not in self._used
                )
        return notices


# --- root module variables ------------------------------------------------------------------


def root_variables(
    config: ModuleConfig,
    directory: str,
    cache: ParseCache,
    var_files: Sequence[str],
    variables: Mapping[str, str],
) -> tuple[dict[str, Value], list[str]]:
    """Values of root variables in Terraform's precedence order (later wins).

    terraform.tfvars, terraform.tfvars.json, *.auto.tfvars(.json) in lexical order, then each
    --var-file in order, then --var. Defaults are applied later by the evaluator.
    """
    values: dict[str, Value] = {}
    errors: list[str] = []
    automatic = ["terraform.tfvars", "terraform.tfvars.json"]
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        names = []
    automatic += [n for n in names if n.endswith((".auto.tfvars", ".auto.tfvars.json"))]
    found = [os.path.join(directory, n) for n in automatic if n in names]
    for path in var_files:
        if not os.path.exists(path):
            raise InputError(path, "variable file not found")
    # Discovered files must be regular (a FIFO would block); a --var-file may be a pipe.
    files = [(path, False) for path in found] + [(path, True) for path in var_files]
    for path, named in files:
        try:
            loaded = read_tfvars(path, cache, named=named)
        except InputError as exc:
            if named:
                raise
            errors.append(str(exc))
            continue
        if isinstance(loaded, HclSyntaxError):
            errors.append(str(loaded))
        else:
            values.update(loaded)
    for name, raw in variables.items():
        declared = config.variables.get(name)
        values[name] = parse_cli_value(raw, declared.type if declared else None)
    return values, errors


def read_tfvars(
    path: str, cache: ParseCache, *, named: bool = False
) -> dict[str, Value] | HclSyntaxError:
    """Values of a .tfvars/.tfvars.json file, or its syntax error; InputError when unreadable.

    Read through `files.read_bytes` (regular files, or a pipe when `named` on the command line;
    bounded), then parsed from the text, so a FIFO or device is never opened blocking.
    """
    del cache  # tfvars are read once each; the cache is for module files
    raw = read_bytes(path, allow_pipe=named)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return HclSyntaxError(path, 1, 1, "file is UTF-16; save it as UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return HclSyntaxError(path, raw[: exc.start].count(b"\n") + 1, 1, "file is not valid UTF-8")
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except RecursionError:
            return HclSyntaxError(path, 1, 1, "invalid JSON: nested too deeply to read")
        except ValueError as exc:
            return HclSyntaxError(path, 1, 1, f"invalid JSON: {exc}")
        if not isinstance(data, dict):
            return HclSyntaxError(path, 1, 1, "a .tfvars.json file must hold a JSON object")
        try:
            return {str(k): _json_value(v) for k, v in data.items()}
        except budget.BudgetExceeded:
            return HclSyntaxError(path, 1, 1, f"nested more than {budget.MAX_DEPTH} levels deep")
    try:
        parsed = parse_text(text, path)
    except HclSyntaxError as exc:
        return exc
    result: dict[str, Value] = {}
    for item in parsed.body:
        if isinstance(item, s.Attribute):
            try:
                result[item.name] = to_value(evaluate(item.expr, Scope({})))
            except (EvalError, budget.BudgetExceeded):
                continue
    return result


def _plan_value(value: object) -> Value:
    try:
        return _json_value(value)
    except budget.BudgetExceeded:  # noted on the run: one notice, the value unknown
        return UNKNOWN


def _json_value(value: object, depth: int = 0) -> Value:
    if isinstance(value, dict | list) and depth >= budget.MAX_DEPTH:
        raise budget.reached("nesting depth")
    if isinstance(value, dict):
        return {str(k): _json_value(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return tuple(_json_value(v, depth + 1) for v in value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def parse_cli_value(raw: str, type_expr: s.Expr | None) -> Value:
    """A `--var name=value` value, read the way Terraform reads it.

    A variable declared as `string` takes the text as is. Other declared types parse it as an
    HCL expression; an undeclared type parses it only when it looks like a list or map.
    """
    if isinstance(type_expr, s.Variable) and type_expr.name == "string":
        return raw
    if type_expr is None and not raw.lstrip().startswith(("[", "{")):
        return raw
    try:
        parsed = parse_text(f"value = {raw}\n", "--var")
        item = parsed.body[0]
        if isinstance(item, s.Attribute):
            return to_value(evaluate(item.expr, Scope({})))
    except (HclSyntaxError, EvalError, budget.BudgetExceeded, IndexError):
        pass
    return raw
