"""Finding the root module a plan was made from, for a plan linted without `--source-dir`.

Here rather than in `hcl/`: a plan beside no `.tf` file is the common case, and it must not pay
for importing the HCL front end (a third of a second); that happens only for a candidate.

Locals, index arithmetic and list elements are only partly in plan JSON (it keeps an
expression's references, not the expression), so a plan is linted best with its HCL. CI usually
runs `terraform plan` in the root module and lints the plan there, so the candidates are the
plan file's directory, then the working directory. A candidate is taken only when its `.tf`
files declare exactly what the plan's `configuration` says the root module declares (resources
and data sources, module calls, variables, outputs): a stray `.tf` directory that happens to
sit beside a plan is not mistaken for its source.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from tflint_vpc.errors import InputError

Declaration = tuple[str, str]  # (kind, name): ("resource", "aws_vpc.main"), ("module", "vpc")
_CONFIG_SUFFIXES = (".tf", ".tofu", ".tf.json", ".tofu.json")


def _names(value: object) -> Iterable[str]:
    return (k for k in value if isinstance(k, str)) if isinstance(value, dict) else ()


def plan_declarations(configuration: object) -> frozenset[Declaration]:
    """What the plan's root module declares, from its `configuration`."""
    if not isinstance(configuration, dict):
        return frozenset()
    root = configuration.get("root_module")
    if not isinstance(root, dict):
        return frozenset()
    found: set[Declaration] = set()
    resources = root.get("resources")
    for resource in resources if isinstance(resources, list) else ():
        address = resource.get("address") if isinstance(resource, dict) else None
        if isinstance(address, str):
            found.add(("resource", address))
    found.update(("module", name) for name in _names(root.get("module_calls")))
    found.update(("variable", name) for name in _names(root.get("variables")))
    found.update(("output", name) for name in _names(root.get("outputs")))
    return frozenset(found)


def directory_declarations(directory: str) -> frozenset[Declaration] | None:
    """What the `.tf` files of `directory` declare; None when it has none or one does not parse."""
    from tflint_vpc.hcl.loader import ParseCache, display_path
    from tflint_vpc.hcl.modules import build_config, module_files
    from tflint_vpc.hcl.syntax import ParsedFile

    try:
        files = module_files(directory)
    except InputError:
        return None
    if not files:
        return None
    parsed: list[ParsedFile] = []
    for result in ParseCache().load(files).values():
        if not isinstance(result, ParsedFile):
            return None  # a syntax error: this is not the configuration the plan was made from
        parsed.append(result)
    config = build_config(directory, display_path(directory), parsed)
    found: set[Declaration] = {("resource", r.address) for r in config.resources.values()}
    found.update(("module", name) for name in config.calls)
    found.update(("variable", name) for name in config.variables)
    found.update(("output", name) for name in config.outputs)
    return frozenset(found)


def find_source_dir(plan_path: str, configuration: object, cwd: str | None = None) -> str | None:
    """The root module directory of the plan at `plan_path`, or None when none matches.

    Tried in order: the plan file's directory, then `cwd` (the working directory by default).
    The result is the candidate as a display path (relative to the working directory when
    below it).
    """
    wanted = plan_declarations(configuration)
    if not wanted:
        return None  # an empty configuration matches any directory: recognise nothing
    candidates = [os.path.dirname(plan_path) or ".", cwd if cwd is not None else os.getcwd()]
    seen: set[str] = set()
    for candidate in candidates:
        real = os.path.realpath(candidate)
        if real in seen or not _has_config_files(real):
            continue
        seen.add(real)
        if directory_declarations(candidate) == wanted:
            return _display(candidate)
    return None


def _has_config_files(directory: str) -> bool:
    try:
        return any(name.endswith(_CONFIG_SUFFIXES) for name in os.listdir(directory))
    except OSError:
        return False


def _display(path: str) -> str:
    from tflint_vpc.hcl.loader import display_path

    return display_path(path)
