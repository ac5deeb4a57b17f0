"""Module directories: which files make a module, what it declares, where its calls point.

A module is the `.tf` and `.tofu` files of one directory (OpenTofu's rule: `x.tofu` shadows
`x.tf`). Local sources (`./`, `../`) resolve against the caller's directory; other sources
(registry, git) resolve through `.terraform/modules/modules.json` when `terraform init` wrote
it, else they are skipped. The static module tree is built before any evaluation, so a module
that calls itself is an error found without recursing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace

from tflint_vpc.errors import InputError
from tflint_vpc.files import read_text
from tflint_vpc.hcl import syntax as s
from tflint_vpc.hcl.budget import BudgetExceeded
from tflint_vpc.hcl.evaluate import Scope, evaluate
from tflint_vpc.hcl.parse import HclSyntaxError
from tflint_vpc.hcl.values import EvalError

MAX_MODULE_DEPTH = 64  # far beyond real configurations; stops pathological nesting
CONFIG_SUFFIXES = (".tf", ".tofu")
JSON_SUFFIXES = (".tf.json", ".tofu.json")


def module_files(directory: str) -> list[str]:
    """The configuration files of a module directory, sorted; `x.tofu` shadows `x.tf`.

    JSON-syntax files count too (`x.tofu.json` shadows `x.tf.json`).
    """
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:
        raise InputError(directory, f"cannot read directory: {exc.strerror}") from None
    present = set(names)
    chosen: list[str] = []
    for name in names:
        path = os.path.join(directory, name)
        if not name.endswith(CONFIG_SUFFIXES + JSON_SUFFIXES) or not os.path.isfile(path):
            continue
        for tf_suffix, tofu_suffix in ((".tf", ".tofu"), (".tf.json", ".tofu.json")):
            if name.endswith(tf_suffix) and name[: -len(tf_suffix)] + tofu_suffix in present:
                break  # OpenTofu loads x.tofu instead of x.tf
        else:
            chosen.append(path)
    return chosen


def reference_name(expr: s.Expr) -> str | None:
    """`aws.east` / `aws` / `"aws.east"` as written in provider references."""
    if isinstance(expr, s.Variable):
        return expr.name
    if isinstance(expr, s.GetAttr):
        inner = reference_name(expr.source)
        return None if inner is None else f"{inner}.{expr.name}"
    if isinstance(expr, s.Literal) and isinstance(expr.value, str):
        return expr.value
    return None


def declared_sensitive(block: s.Block) -> bool:
    """A variable's or output's `sensitive` argument, decided as Terraform decides it.

    Terraform evaluates it as a constant expression (no names, no functions) and converts the
    result to bool: `true`, `"true"`, `"1"`, `!false`, `1 == 1` and `"${true}"` all mark the
    value sensitive (each confirmed with a real Terraform 1.11 plan). Anything Terraform would
    reject (`"TRUE"`, `1`, `null`, `var.x`, a function call) counts as sensitive: guessing
    "not sensitive" could print a secret, guessing "sensitive" only hides a value.
    """
    item = block.attribute("sensitive")
    if item is None:
        return False
    if _calls_function(item.expr):
        return True
    try:
        value = evaluate(item.expr, Scope({}))
    except (EvalError, BudgetExceeded, RecursionError):
        return True
    # cty's string -> bool conversion accepts "true", "1", "false" and "0", nothing else
    return not (value is False or value in ("false", "0"))


def _calls_function(expr: s.Expr) -> bool:
    """Whether an expression calls a function anywhere (Terraform allows none in `sensitive`)."""
    pending: list[object] = [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, s.Call):
            return True
        if isinstance(node, tuple):
            pending.extend(node)
        elif is_dataclass(node) and not isinstance(node, type):
            pending.extend(getattr(node, f.name) for f in fields(node))
    return False


def literal_string(expr: s.Expr | None) -> str | None:
    if isinstance(expr, s.Literal) and isinstance(expr.value, str):
        return expr.value
    return None


@dataclass(frozen=True, slots=True)
class ResourceConfig:
    mode: str  # "managed" | "data"
    type: str
    name: str
    block: s.Block
    file: str  # display path
    count: s.Expr | None
    for_each: s.Expr | None
    provider: str | None  # "aws.east" when the resource names its provider

    @property
    def address(self) -> str:
        """Module-relative address (`aws_vpc.main`, `data.aws_vpc.x`)."""
        base = f"{self.type}.{self.name}"
        return base if self.mode == "managed" else f"{self.mode}.{base}"


@dataclass(frozen=True, slots=True)
class ModuleCall:
    name: str
    source: str | None
    block: s.Block
    file: str
    count: s.Expr | None
    for_each: s.Expr | None
    arguments: Mapping[str, s.Expr]
    providers: Mapping[str, str]  # child provider key -> caller provider key


@dataclass(frozen=True, slots=True)
class VariableConfig:
    name: str
    default: s.Expr | None
    type: s.Expr | None
    sensitive: bool = False  # its value is never evaluated: secrets stay out of the inventory


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    key: str  # "aws" or "aws.east"
    block: s.Block


@dataclass
class ModuleConfig:
    directory: str  # real path
    display: str  # as shown to the user
    files: list[s.ParsedFile] = field(default_factory=list)
    variables: dict[str, VariableConfig] = field(default_factory=dict)
    locals: dict[str, s.Expr] = field(default_factory=dict)
    local_sites: dict[str, str] = field(default_factory=dict)  # name -> `file:line`
    outputs: dict[str, s.Expr] = field(default_factory=dict)
    sensitive_outputs: set[str] = field(default_factory=set)
    resources: dict[str, ResourceConfig] = field(default_factory=dict)
    calls: dict[str, ModuleCall] = field(default_factory=dict)
    providers: dict[str, ProviderConfig] = field(default_factory=dict)


_META_ARGUMENTS = ("source", "version", "count", "for_each", "providers", "depends_on")


def is_override_file(path: str) -> bool:
    """Terraform's override files: `override.tf`, `*_override.tf` (and `.tofu`, `.json`)."""
    stem = os.path.basename(path).split(".", 1)[0]
    return stem == "override" or stem.endswith("_override")


def build_config(directory: str, display: str, files: Iterable[s.ParsedFile]) -> ModuleConfig:
    """Collect a module's declarations; override files are merged in last, as Terraform does.

    Later files win on duplicates (Terraform rejects them).
    """
    config = ModuleConfig(directory=directory, display=display)
    overrides: list[s.ParsedFile] = []
    for parsed in files:
        config.files.append(parsed)
        if is_override_file(parsed.path):
            overrides.append(parsed)
            continue
        shown = display_file(display, parsed.path)
        for item in parsed.body:
            if isinstance(item, s.Block):
                _declare(config, item, shown)
    for parsed in overrides:
        for item in parsed.body:
            if isinstance(item, s.Block):
                _override(config, item, display_file(display, parsed.path))
    return config


def merge_blocks(original: s.Block, override: s.Block) -> s.Block:
    """Override arguments replace the original's; override nested blocks replace all of a type."""
    names = {i.name for i in override.body if isinstance(i, s.Attribute)}
    types = {i.type for i in override.body if isinstance(i, s.Block)}
    kept = tuple(
        i
        for i in original.body
        if not (isinstance(i, s.Attribute) and i.name in names)
        and not (isinstance(i, s.Block) and i.type in types)
    )
    return replace(original, body=kept + override.body)


def _override(config: ModuleConfig, block: s.Block, file: str) -> None:
    kind, labels = block.type, block.labels
    if kind in ("resource", "data") and len(labels) == 2:
        address = f"{labels[0]}.{labels[1]}" if kind == "resource" else f"data.{'.'.join(labels)}"
        resource = config.resources.get(address)
        if resource is not None:
            _declare(config, merge_blocks(resource.block, block), resource.file)
            return
    elif kind == "module" and len(labels) == 1 and labels[0] in config.calls:
        call = config.calls[labels[0]]
        _declare(config, merge_blocks(call.block, block), call.file)
        return
    elif kind == "provider" and len(labels) == 1:
        alias = literal_string(a.expr if (a := block.attribute("alias")) else None)
        key = labels[0] if alias is None else f"{labels[0]}.{alias}"
        if key in config.providers:
            config.providers[key] = ProviderConfig(
                key, merge_blocks(config.providers[key].block, block)
            )
            return
    elif kind == "variable" and len(labels) == 1 and labels[0] in config.variables:
        variable = config.variables[labels[0]]
        default = block.attribute("default")
        type_ = block.attribute("type")
        config.variables[labels[0]] = VariableConfig(
            variable.name,
            default.expr if default else variable.default,
            type_.expr if type_ else variable.type,
            declared_sensitive(block) if block.attribute("sensitive") else variable.sensitive,
        )
        return
    elif kind == "output" and len(labels) == 1 and labels[0] in config.outputs:
        value = block.attribute("value")
        if value is not None:
            config.outputs[labels[0]] = value.expr
        if declared_sensitive(block):
            config.sensitive_outputs.add(labels[0])
        return
    # locals, and blocks the override does not match (Terraform rejects those): declare them.
    _declare(config, block, file)


def display_file(display_dir: str, path: str) -> str:
    return os.path.normpath(os.path.join(display_dir, os.path.basename(path)))


def _declare(config: ModuleConfig, block: s.Block, file: str) -> None:
    kind = block.type
    if kind in ("resource", "data") and len(block.labels) == 2:
        mode = "managed" if kind == "resource" else "data"
        count = block.attribute("count")
        for_each = block.attribute("for_each")
        provider = block.attribute("provider")
        resource = ResourceConfig(
            mode=mode,
            type=block.labels[0],
            name=block.labels[1],
            block=block,
            file=file,
            count=count.expr if count else None,
            for_each=for_each.expr if for_each else None,
            provider=reference_name(provider.expr) if provider else None,
        )
        config.resources[resource.address] = resource
    elif kind == "variable" and len(block.labels) == 1:
        default = block.attribute("default")
        type_ = block.attribute("type")
        config.variables[block.labels[0]] = VariableConfig(
            block.labels[0],
            default.expr if default else None,
            type_.expr if type_ else None,
            declared_sensitive(block),
        )
    elif kind == "locals":
        for item in block.body:
            if isinstance(item, s.Attribute):
                config.locals[item.name] = item.expr
                config.local_sites[item.name] = f"{file}:{item.line}"
    elif kind == "output" and len(block.labels) == 1:
        value = block.attribute("value")
        if value is not None:
            config.outputs[block.labels[0]] = value.expr
        if declared_sensitive(block):
            config.sensitive_outputs.add(block.labels[0])
    elif kind == "module" and len(block.labels) == 1:
        config.calls[block.labels[0]] = _module_call(block, file)
    elif kind == "provider" and len(block.labels) == 1:
        alias = literal_string(a.expr if (a := block.attribute("alias")) else None)
        key = block.labels[0] if alias is None else f"{block.labels[0]}.{alias}"
        config.providers[key] = ProviderConfig(key, block)


def _module_call(block: s.Block, file: str) -> ModuleCall:
    source = block.attribute("source")
    count = block.attribute("count")
    for_each = block.attribute("for_each")
    providers: dict[str, str] = {}
    mapping = block.attribute("providers")
    if mapping is not None and isinstance(mapping.expr, s.ObjectExpr):
        for key_expr, value_expr in mapping.expr.items:
            child, parent = reference_name(key_expr), reference_name(value_expr)
            if child is not None and parent is not None:
                providers[child] = parent
    arguments = {
        item.name: item.expr
        for item in block.body
        if isinstance(item, s.Attribute) and item.name not in _META_ARGUMENTS
    }
    return ModuleCall(
        name=block.labels[0],
        source=literal_string(source.expr if source else None),
        block=block,
        file=file,
        count=count.expr if count else None,
        for_each=for_each.expr if for_each else None,
        arguments=arguments,
        providers=providers,
    )


def is_local_source(source: str) -> bool:
    return source.startswith(("./", "../", ".\\", "..\\")) or source in (".", "..")


def read_manifest(root: str) -> dict[str, str]:
    """`.terraform/modules/modules.json`: dotted call path -> directory (real path)."""
    path = os.path.join(root, ".terraform", "modules", "modules.json")
    if not os.path.isfile(path):
        return {}  # not installed (a FIFO or device here is refused by read_text, unblocked)
    try:
        data = json.loads(read_text(path))
    except (InputError, ValueError, RecursionError):  # RecursionError: nested ~1,000 deep
        return {}
    result: dict[str, str] = {}
    for entry in data.get("Modules", []) if isinstance(data, dict) else []:
        if isinstance(entry, dict) and isinstance(entry.get("Key"), str):
            directory = entry.get("Dir")
            if isinstance(directory, str) and entry["Key"]:
                result[entry["Key"]] = directory
    return result


@dataclass
class ModuleNode:
    """A module in the static call tree (one per `module` block, not per instance)."""

    config: ModuleConfig
    call_path: tuple[str, ...]
    children: dict[str, ModuleNode | None] = field(default_factory=dict)  # None: not loadable


FileLoader = Callable[[list[str]], Mapping[str, s.ParsedFile | HclSyntaxError]]


@dataclass
class ModuleTree:
    root: ModuleNode
    skipped: list[str]  # "module.x (source)" for remote modules without modules.json
    errors: list[HclSyntaxError]


def build_tree(root_dir: str, root_display: str, load_files: FileLoader) -> ModuleTree:
    """Load the root module and every local/installed module it calls, level by level.

    Each level's files are parsed in one batch (in parallel when large). A call whose directory
    is already on the chain of its callers is a loop and raises InputError.
    """
    manifest = read_manifest(root_dir)
    skipped: list[str] = []
    errors: list[HclSyntaxError] = []
    reported: set[str] = set()  # a set: thousands of broken files must not be quadratic
    configs: dict[tuple[str, str], ModuleConfig] = {}

    def load_level(dirs: list[tuple[str, str]]) -> None:
        wanted: list[str] = []
        listing: dict[tuple[str, str], list[str]] = {}
        for real, display in dirs:
            if (real, display) in configs or (real, display) in listing:
                continue
            listing[(real, display)] = module_files(real)
            wanted.extend(listing[(real, display)])
        parsed = load_files(wanted)
        for (real, display), paths in listing.items():
            files: list[s.ParsedFile] = []
            for path in paths:
                result = parsed[path]
                if isinstance(result, HclSyntaxError):
                    shown = HclSyntaxError(
                        display_file(display, path), result.line, result.column, result.message
                    )
                    if str(shown) not in reported:
                        reported.add(str(shown))
                        errors.append(shown)
                else:
                    files.append(result)
            configs[(real, display)] = build_config(real, display, files)

    real_root = os.path.realpath(root_dir)
    load_level([(real_root, root_display)])
    root = ModuleNode(configs[(real_root, root_display)], ())
    level: list[tuple[ModuleNode, tuple[str, ...]]] = [(root, (real_root,))]
    shown: dict[str, str] = {real_root: root_display}
    while level:
        pending: list[tuple[ModuleNode, str, str, str, tuple[str, ...]]] = []
        for node, chain in level:
            for call in node.config.calls.values():
                call_path = (*node.call_path, call.name)
                where = ".".join(f"module.{c}" for c in call_path)
                target = _resolve(call, node.config, call_path, root_dir, root_display, manifest)
                if target is None:
                    skipped.append(f"{where} ({call.source})")
                    node.children[call.name] = None
                    continue
                real, display = target
                if not os.path.isdir(real):
                    raise InputError(
                        call.file, f'module "{call.name}": source directory {display} not found'
                    )
                if real in chain:
                    loop = " -> ".join(shown.get(d, d) for d in (*chain, real))
                    raise InputError(
                        call.file,
                        f"module loop: {where} loads {display} again, which is already"
                        f" loading it ({loop})",
                    )
                shown.setdefault(real, display)
                if len(call_path) > MAX_MODULE_DEPTH:
                    raise InputError(call.file, f"modules nested deeper than {MAX_MODULE_DEPTH}")
                pending.append((node, call.name, real, display, (*chain, real)))
        load_level([(real, display) for _, _, real, display, _ in pending])
        next_level: list[tuple[ModuleNode, tuple[str, ...]]] = []
        for node, name, real, display, chain in pending:
            child = ModuleNode(configs[(real, display)], (*node.call_path, name))
            node.children[name] = child
            next_level.append((child, chain))
        level = next_level
    return ModuleTree(root, skipped, errors)


def _resolve(
    call: ModuleCall,
    caller: ModuleConfig,
    call_path: tuple[str, ...],
    root_dir: str,
    root_display: str,
    manifest: Mapping[str, str],
) -> tuple[str, str] | None:
    """(real directory, display directory) of a call, or None when it cannot be loaded."""
    if call.source is not None and is_local_source(call.source):
        real = os.path.realpath(os.path.join(caller.directory, call.source))
        display = os.path.normpath(os.path.join(caller.display, call.source))
        return real, display
    installed = manifest.get(".".join(call_path))
    if installed is not None:
        real = os.path.realpath(os.path.join(root_dir, installed))
        return real, os.path.normpath(os.path.join(root_display, installed))
    return None
