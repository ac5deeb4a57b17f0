"""Property-based fuzzing of the whole linter with mutated real plans and HCL.

Seeds are the real `terraform show -json` documents we have: the project's fixtures and
examples and the shared corpus (`../shared/corpus/plans/`). Each example takes one seed and
mutates it at random depths: deletes keys and list items, swaps a value for one of another JSON
type, duplicates and reorders list items, or truncates the serialized text; one test aims at
the attributes of `aws_*` resources, where random paths rarely land. HCL seeds (every
`.tf` file of the fixtures and examples) get tokens inserted, text deleted, lines duplicated and
truncation. The linter runs in-process through `tflint_vpc.cli.main` and must end with exit
status 0, 1 or 2, with no exception, no traceback and no "internal error" line.

Example counts: 2,000 in total by default (CI: structural 700, network attributes 400, wrong
types in read fields 400, truncation 300, HCL 200; about a minute on two cores), derandomized so
that CI runs the same examples every time: a failure is reproducible from the test name alone,
and a red build never turns green by luck. `TFVPC_FUZZ_EXAMPLES=N` shares N examples among the
tests the same way and switches to random exploration with the example database (`.hypothesis/`
in the working directory), for long local runs that look for new crashes.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tflint_vpc.testing import run_cli

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_TOTAL = 2000
FORMATS = ("json", "text", "sarif", "github", "junit", "gitlab", "markdown")

_LONG_RUN = os.environ.get("TFVPC_FUZZ_EXAMPLES")
TOTAL = int(_LONG_RUN) if _LONG_RUN else DEFAULT_TOTAL


def fuzz_settings(share: float) -> settings:
    """`share` of the total example budget for one test."""
    return settings(
        max_examples=max(1, int(TOTAL * share)),
        deadline=None,  # a 200 kB plan takes longer than hypothesis's 200 ms default
        derandomize=_LONG_RUN is None,
        database=None if _LONG_RUN is None else settings().database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )


# --- seeds ------------------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    return raw.decode("utf-8-sig")


@cache
def seeds() -> tuple[tuple[str, object], ...]:
    """(name, parsed JSON) of every real plan/state document we may read; sorted for stability."""
    paths = sorted(
        [
            *ROOT.glob("fixtures/**/*.json"),
            *ROOT.glob("examples/*.json"),
            *(SHARED / "corpus" / "plans").glob("*.json"),
        ]
    )
    found: list[tuple[str, object]] = []
    for path in paths:
        if "bad_inputs" in path.parts:
            continue  # the reader's wrong-kind fixtures: rejected before anything is resolved
        try:
            data = json.loads(_decode(path.read_bytes()))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            continue  # a deliberately broken fixture: not a useful seed to mutate
        if isinstance(data, dict) and "format_version" in data:
            found.append((str(path.relative_to(path.parents[1])), data))
    return tuple(found)


def test_there_are_seeds() -> None:
    names = [name for name, _ in seeds()]
    assert len(names) >= 5, names


# --- mutations --------------------------------------------------------------------------------

Json = object
Path_ = tuple[str | int, ...]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", "10.0.0.0/16", "aws_vpc.a", "vpc-0123", "module.m[0]", "1.2", "create"]),
)
json_values: st.SearchStrategy[Json] = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _children(node: Json) -> list[str | int]:
    if isinstance(node, dict):
        return list(node)
    if isinstance(node, list):
        return list(range(len(node)))
    return []


def pick_path(data: st.DataObject, root: Json) -> Path_:
    """A random path from the root, usually 2-14 levels deep and through containers at the
    top: the reader's own checks (format_version, kinds) are covered by the catalogue, and the
    resolver reads deep inside `resource_changes`, `planned_values` and `configuration`."""
    # one in 20, but not 0 or 19: hypothesis draws the bounds of a range more often
    anywhere = data.draw(st.integers(0, 19), label="anywhere") == 7
    depth = data.draw(st.integers(1 if anywhere else 2, 14), label="depth")
    path: list[str | int] = []
    node = root
    while len(path) < depth:
        keys = _children(node)
        if not path and not anywhere:
            keys = [k for k in keys if _children(node[k])]  # type: ignore[index]
        if not keys:
            break
        key = keys[data.draw(st.integers(0, len(keys) - 1), label="child")]
        path.append(key)
        node = node[key]  # type: ignore[index]
    return tuple(path)


def get(root: Json, path: Path_) -> Json:
    for step in path:
        root = root[step]  # type: ignore[index]
    return root


def replace(root: Json, path: Path_, edit: Callable[[Json], Json]) -> Json:
    """A copy of `root` with the node at `path` replaced by `edit(node)`; only the containers
    along the path are copied (the seeds are shared between examples and stay intact)."""
    if not path:
        return edit(root)
    head, rest = path[0], path[1:]
    if isinstance(root, dict):
        copy_d = dict(root)
        copy_d[head] = replace(root[head], rest, edit)
        return copy_d
    assert isinstance(root, list) and isinstance(head, int)
    copy_l = list(root)
    copy_l[head] = replace(root[head], rest, edit)
    return copy_l


def _delete_child(node: Json, key: str | int) -> Json:
    if isinstance(node, dict):
        return {k: v for k, v in node.items() if k != key}
    assert isinstance(node, list)
    return [v for i, v in enumerate(node) if i != key]


def _const(value: Json) -> Callable[[Json], Json]:
    return lambda _old: value


def _reordered(order: list[int]) -> Callable[[Json], Json]:
    def edit(node: Json) -> Json:
        assert isinstance(node, list)
        return [node[j] for j in order]

    return edit


def mutate_once(data: st.DataObject, root: Json) -> Json:
    path = pick_path(data, root)
    op = data.draw(st.sampled_from(["delete", "swap", "duplicate", "reorder"]), label="op")
    if op == "delete" and path:
        parent, key = path[:-1], path[-1]
        return replace(root, parent, lambda node: _delete_child(node, key))
    if op == "swap":
        value = data.draw(json_values, label="value")
        return replace(root, path, _const(value))
    # duplicate / reorder act on the nearest list at or above the path
    for cut in range(len(path), -1, -1):
        target = get(root, path[:cut])
        if isinstance(target, list) and target:
            if op == "duplicate":
                i = data.draw(st.integers(0, len(target) - 1), label="dup")

                def dup(node: Json, i: int = i) -> Json:
                    assert isinstance(node, list)
                    return [*node[: i + 1], node[i], *node[i + 1 :]]

                return replace(root, path[:cut], dup)
            order = data.draw(st.permutations(range(len(target))), label="order")
            return replace(root, path[:cut], _reordered(order))
    return root


# --- running the linter -----------------------------------------------------------------------


def lint_text(text: bytes, fmt: str) -> None:
    """Lint one document through the CLI; fail on anything but a clean 0/1/2 exit."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "plan.json")
        with open(path, "wb") as handle:
            handle.write(text)
        run = run_cli("lint", "--format", fmt, path)
    code, stderr = run.code, run.stderr
    assert code in (0, 1, 2), (code, stderr)
    assert "internal error" not in stderr, stderr
    assert "Traceback" not in stderr
    if code == 2:
        assert len(stderr.splitlines()) == 1, stderr
    else:
        assert stderr.count("tfvpc: error") == 0, stderr
    run.stdout.encode("utf-8")  # a real stdout is strict UTF-8: no lone surrogates


def _serialize(doc: Json) -> bytes:
    return json.dumps(doc).encode("utf-8", "surrogatepass")


def _seed(data: st.DataObject) -> Json:
    all_seeds = seeds()
    return all_seeds[data.draw(st.integers(0, len(all_seeds) - 1), label="seed")][1]


@fuzz_settings(0.35)
@given(data=st.data())
def test_structural_mutations_never_crash(data: st.DataObject) -> None:
    doc = _seed(data)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        doc = mutate_once(data, doc)
    lint_text(_serialize(doc), data.draw(st.sampled_from(FORMATS), label="format"))


@fuzz_settings(0.15)
@given(data=st.data())
def test_truncated_plans_never_crash(data: st.DataObject) -> None:
    text = _serialize(_seed(data))
    cut = data.draw(st.integers(0, len(text)), label="cut")
    lint_text(text[:cut], "json")


# The fields the reader and the resolver read, where a wrong type is most likely to slip past the
# schema into code that assumes a shape. `*` stands for any list index / object key.
READ_FIELDS: tuple[tuple[str, ...], ...] = (
    # deepest first: hypothesis draws the first entries most often
    ("resource_changes", "*", "address"),
    ("resource_changes", "*", "module_address"),
    ("resource_changes", "*", "type"),
    ("resource_changes", "*", "mode"),
    ("resource_changes", "*", "index"),
    ("resource_changes", "*", "deposed"),
    ("resource_changes", "*", "provider_name"),
    ("resource_changes", "*", "change"),
    ("resource_changes", "*", "change", "actions"),
    ("resource_changes", "*", "change", "after"),
    ("resource_changes", "*", "change", "after", "*"),
    ("resource_changes", "*", "change", "after_unknown"),
    ("resource_changes", "*", "change", "after_unknown", "*"),
    ("resource_changes", "*", "change", "after_sensitive"),
    ("resource_changes", "*", "change", "before"),
    ("planned_values", "root_module", "resources", "*", "values"),
    ("planned_values", "root_module", "resources", "*", "sensitive_values"),
    ("planned_values", "root_module", "child_modules"),
    ("prior_state", "values", "root_module", "resources"),
    ("prior_state", "values", "root_module", "resources", "*", "values", "*"),
    ("configuration", "provider_config", "*", "expressions", "region"),
    ("configuration", "root_module", "resources", "*", "expressions"),
    ("configuration", "root_module", "resources", "*", "expressions", "*"),
    ("configuration", "root_module", "resources", "*", "expressions", "*", "references"),
    ("configuration", "root_module", "resources", "*", "count_expression"),
    ("configuration", "root_module", "resources", "*", "provider_config_key"),
    ("configuration", "root_module", "module_calls"),
    ("configuration", "root_module", "module_calls", "*", "module"),
    ("configuration", "root_module", "module_calls", "*", "expressions"),
    ("configuration", "root_module", "outputs"),
    ("configuration", "root_module", "variables"),
    ("values", "root_module", "resources", "*", "values"),
    ("resource_changes",),
    ("resource_changes", "*"),
    ("configuration", "provider_config"),
    ("variables",),
    ("format_version",),
)


def _concrete(data: st.DataObject, root: Json, pattern: tuple[str, ...]) -> Path_ | None:
    path: list[str | int] = []
    node = root
    for step in pattern:
        if step == "*":
            keys = _children(node)
            if not keys:
                return None
            key: str | int = keys[data.draw(st.integers(0, len(keys) - 1), label="key")]
        elif isinstance(node, dict) and step in node:
            key = step
        else:
            return None
        path.append(key)
        node = node[key]  # type: ignore[index]
    return tuple(path)


@fuzz_settings(0.2)
@given(data=st.data())
def test_wrong_types_in_read_fields_never_crash(data: st.DataObject) -> None:
    doc = _seed(data)
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        pattern = data.draw(st.sampled_from(READ_FIELDS), label="field")
        path = _concrete(data, doc, pattern)
        if path is None:
            continue
        value = data.draw(json_values, label="value")
        doc = replace(doc, path, _const(value))
    lint_text(_serialize(doc), data.draw(st.sampled_from(("json", "text", "sarif")), label="fmt"))


# --- attributes of AWS network resources ------------------------------------------------------
# Random paths rarely land on the few attributes the builder and the rules read, so this test
# aims there: it picks an attribute of an `aws_*` resource and gives it a value of another
# shape in every place the plan holds it (`change.after`, `planned_values`, `prior_state`), so
# that no other copy of the value hides the mutation from the resolver.

AttributeKey = tuple[str, str]  # (resource address, attribute name)


def _resources_in(module: object, where: Path_) -> Iterator[tuple[Path_, dict[str, object]]]:
    if not isinstance(module, dict):
        return
    for i, resource in enumerate(module.get("resources") or []):
        if isinstance(resource, dict):
            yield (*where, "resources", i), resource
    for j, child in enumerate(module.get("child_modules") or []):
        yield from _resources_in(child, (*where, "child_modules", j))


@cache
def attribute_index(seed: int) -> tuple[tuple[AttributeKey, tuple[Path_, ...]], ...]:
    """Where each attribute of each `aws_*` resource is held in seed `seed`."""
    doc = seeds()[seed][1]
    assert isinstance(doc, dict)
    found: dict[AttributeKey, list[Path_]] = {}

    def add(address: object, values: object, where: Path_) -> None:
        if isinstance(address, str) and isinstance(values, dict):
            for attribute in values:
                found.setdefault((address, attribute), []).append((*where, attribute))

    for i, rc in enumerate(doc.get("resource_changes") or []):
        if isinstance(rc, dict) and str(rc.get("type", "")).startswith("aws_"):
            change = rc.get("change")
            if isinstance(change, dict):
                add(
                    rc.get("address"),
                    change.get("after"),
                    ("resource_changes", i, "change", "after"),
                )
    roots: list[tuple[object, Path_]] = [
        (doc.get("planned_values", {}), ("planned_values",)),
        (doc.get("values", {}), ("values",)),
    ]
    prior = doc.get("prior_state")
    if isinstance(prior, dict):
        roots.append((prior.get("values", {}), ("prior_state", "values")))
    for root, where in roots:
        if isinstance(root, dict):
            for path, resource in _resources_in(root.get("root_module"), (*where, "root_module")):
                if str(resource.get("type", "")).startswith("aws_"):
                    add(resource.get("address"), resource.get("values"), (*path, "values"))
    return tuple(sorted((key, tuple(paths)) for key, paths in found.items()))


def _seeds_with_attributes() -> list[int]:
    return [i for i in range(len(seeds())) if attribute_index(i)]


def _inside(data: st.DataObject, value: Json) -> tuple[str | int, ...]:
    """A path from `value` to itself or to something nested in it (a block's field)."""
    path: list[str | int] = []
    while _children(value) and data.draw(st.integers(0, 2), label="deeper") == 1:
        keys = _children(value)
        key = keys[data.draw(st.integers(0, len(keys) - 1), label="nested")]
        path.append(key)
        value = value[key]  # type: ignore[index]
    return tuple(path)


@fuzz_settings(0.2)
@given(data=st.data())
def test_network_attribute_shapes_never_crash(data: st.DataObject) -> None:
    candidates = _seeds_with_attributes()
    seed = candidates[data.draw(st.integers(0, len(candidates) - 1), label="seed")]
    doc = seeds()[seed][1]
    index = attribute_index(seed)
    for _ in range(data.draw(st.integers(1, 3), label="attributes")):
        _, paths = index[data.draw(st.integers(0, len(index) - 1), label="attribute")]
        inner = _inside(data, get(doc, paths[0]))
        value = data.draw(json_values, label="value")
        for path in paths:
            try:
                get(doc, (*path, *inner))
            except (KeyError, IndexError, TypeError):
                continue  # this copy has another shape there
            doc = replace(doc, (*path, *inner), _const(value))
    lint_text(_serialize(doc), data.draw(st.sampled_from(("json", "text")), label="fmt"))


@pytest.mark.parametrize("index", range(len(seeds())), ids=[n for n, _ in seeds()])
def test_every_seed_lints_unmutated(index: int) -> None:
    """The baseline of the fuzzing: every seed on its own ends cleanly too."""
    lint_text(_serialize(seeds()[index][1]), "json")


# --- HCL ---------------------------------------------------------------------------------------


@cache
def hcl_seeds() -> tuple[str, ...]:
    """The text of every `.tf` file of the fixtures and examples, sorted by path."""
    paths = sorted([*ROOT.glob("fixtures/**/*.tf"), *ROOT.glob("examples/**/*.tf")])
    return tuple(p.read_text(encoding="utf-8") for p in paths)


HCL_TOKENS = (
    "{", "}", "[", "]", "(", ")", '"', "${", "%{", "=", "==", ",", ".", "*", "\n", "#", "//",
    "/*", "*/", "<<EOT\n", "EOT\n", "\\", "\t", "\x00", "\ufeff", "é", "count.index",
    "each.key", "var.", "module.", "aws_vpc.a.id", "for x in", ":", "?", "...", "-1", "1e999",
    "null", "true", "dynamic", "locals {", "module \"m\" {\n source = \"./\"\n}\n",
)  # fmt: skip


def mutate_text(data: st.DataObject, text: str) -> str:
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        op = data.draw(st.sampled_from(["insert", "delete", "duplicate", "truncate"]), label="op")
        at = data.draw(st.integers(0, len(text)), label="at")
        if op == "insert":
            token = data.draw(st.sampled_from(HCL_TOKENS) | st.text(max_size=4), label="token")
            text = text[:at] + token + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + data.draw(st.integers(1, 40), label="n") :]
        elif op == "duplicate":
            end = text.find("\n", at) + 1 or len(text)
            text = text[:end] + text[at:end] + text[end:]
        else:
            text = text[:at]
    return text


@fuzz_settings(0.1)
@given(data=st.data())
def test_mutated_hcl_never_crashes(data: st.DataObject) -> None:
    seeds_ = hcl_seeds()
    text = mutate_text(data, seeds_[data.draw(st.integers(0, len(seeds_) - 1), label="seed")])
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "main.tf").write_bytes(text.encode("utf-8", "surrogatepass"))
        run = run_cli("lint", "--format", "json", tmp)
    code, stderr = run.code, run.stderr
    assert code in (0, 1, 2), (code, stderr)
    assert "internal error" not in stderr, stderr
    assert "Traceback" not in stderr
