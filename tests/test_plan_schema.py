"""The fast skeleton checker must find exactly what `jsonschema` finds with the same schema."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any, cast

import pytest
from jsonschema import Draft202012Validator

from tflint_vpc.plan import read, validate
from tflint_vpc.plan.schema import check, compile_schema

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FORMAT_FIXTURES = SHARED / "docs" / "format-fixtures"
CORPUS = sorted((SHARED / "corpus" / "plans").glob("*.json"))
SCHEMA_DIR = ROOT / "tflint_vpc" / "data"
SAMPLE_VALUES: list[object] = [None, True, 7, 1.5, "s", [], {}, ["s"], [1], {"k": 1}]

Found = set[tuple[tuple[str | int, ...], str]]


@cache
def _full_validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text()))


def _reference(data: dict[str, Any], kind: str) -> Found:
    return {
        (tuple(error.absolute_path), str(error.validator))
        for error in _full_validator(kind).iter_errors(data)
    }


def _ours(data: dict[str, Any], kind: str) -> Found:
    return {(error.path, error.keyword) for error in validate.schema_errors(data, kind)[0]}  # type: ignore[arg-type]


def _load(path: Path) -> Any:
    raw = path.read_bytes()
    encoding = "utf-16" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    return json.loads(raw.decode(encoding))


def _kind(data: dict[str, Any]) -> str:
    return "plan" if any(key in data for key in read._PLAN_KEYS) else "state"


def _documents() -> list[Path]:
    names = ["create.json", "update.json", "forget.json", "import_alias.json", "state_show.json"]
    paths = [FORMAT_FIXTURES / name for name in names] + CORPUS
    return [path for path in paths if "format_version" in _load(path)]  # not raw tfstate


@pytest.mark.parametrize("path", _documents(), ids=lambda p: p.name[:60])
def test_agrees_with_jsonschema_on_real_documents(path: Path) -> None:
    data = _load(path)
    kind = _kind(data)
    assert _ours(data, kind) == _reference(data, kind) == set()


def _paths(node: object, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _paths(child, (*prefix, index))


# Values below these keys are free-form (`true` or bare `object` in the schema); mutating inside
# them tests nothing, so only the key itself is mutated.
FREE_FORM = {"before", "after", "after_unknown", "before_sensitive", "after_sensitive", "values"}
FREE_FORM |= {"sensitive_values", "expressions", "constant_value", "checks", "importing"}
BROKEN = [0]


def _typed_paths(data: object) -> list[tuple[str | int, ...]]:
    return [
        path
        for path in _paths(data)
        if path and path[0] != "format_version" and not FREE_FORM.intersection(path[:-1])
    ]


def _agree_after(data: Any, where: tuple[str | int, ...], value: object, delete: bool) -> bool:
    """Mutate in place, compare, restore (deep copies of every variant would be too slow).

    Counts the mutations that broke the schema in `BROKEN`, so a test can tell that it
    exercised errors and not only valid documents."""
    parent = data
    for step in where[:-1]:
        parent = parent[step]
    old = parent[where[-1]]
    if delete:
        del parent[where[-1]]
    else:
        parent[where[-1]] = copy.deepcopy(value)
    try:
        if not any(key in data for key in read._PLAN_KEYS):
            return True
        expected = _reference(data, "plan")
        BROKEN[0] += bool(expected)
        return _ours(data, "plan") == expected
    finally:
        if delete and isinstance(parent, list):
            parent.insert(cast(int, where[-1]), old)
        else:
            parent[where[-1]] = old


@pytest.mark.parametrize("name", ["create.json", "update.json", "import_alias.json"])
def test_agrees_with_jsonschema_on_mutations(name: str) -> None:
    """Swap the value at typed paths for values of every JSON type; both must agree."""
    data = _load(FORMAT_FIXTURES / name)
    original = copy.deepcopy(data)
    paths = _typed_paths(data)
    sample = random.Random(name).sample(paths, min(len(paths), 30))  # deterministic
    BROKEN[0] = 0
    bad = [(p, v) for p in sample for v in SAMPLE_VALUES if not _agree_after(data, p, v, False)]
    assert bad == []
    assert BROKEN[0] > 30
    assert data == original


@pytest.mark.parametrize("name", ["update.json", "import_alias.json"])
def test_deletions_agree(name: str) -> None:
    data = _load(FORMAT_FIXTURES / name)
    original = copy.deepcopy(data)
    paths = _typed_paths(data)
    sample = random.Random(name).sample(paths, min(len(paths), 80))
    BROKEN[0] = 0
    bad = [p for p in sample if not _agree_after(data, p, None, True)]
    assert bad == []
    assert BROKEN[0] > 3
    assert data == original


def test_compile_refuses_unsupported_keywords() -> None:
    with pytest.raises(ValueError, match="unsupported schema keywords"):
        compile_schema({"$defs": {"x": {"type": "object", "oneOf": []}}}, "#/$defs/x")
    with pytest.raises(ValueError, match="unsupported \\$ref"):
        compile_schema({"$defs": {}}, "#/$defs/missing")


def test_integers_as_jsonschema_counts_them() -> None:
    shape = compile_schema({"$defs": {"i": {"type": "integer"}}}, "#/$defs/i")
    assert list(check(2.0, shape)) == []
    assert [e.keyword for e in check(2.5, shape)] == ["type"]
    assert [e.keyword for e in check(True, shape)] == ["type"]


def test_errors_come_in_document_order() -> None:
    shape = compile_schema(
        {"$defs": {"l": {"type": "array", "items": {"type": "string"}}}}, "#/$defs/l"
    )
    assert [e.path for e in check(["a", 1, "b", 2], shape, ("x",))] == [("x", 1), ("x", 3)]


def test_deep_recursive_schema_does_not_recurse() -> None:
    schema = {
        "$defs": {
            "m": {
                "type": "object",
                "properties": {"c": {"type": "array", "items": {"$ref": "#/$defs/m"}}},
            }
        }
    }
    shape = compile_schema(schema, "#/$defs/m")
    node: dict[str, object] = {"c": [{"c": "bad"}]}
    for _ in range(5000):
        node = {"c": [node]}
    errors = list(check(node, shape))
    assert len(errors) == 1
    assert len(errors[0].path) == 5001 * 2 + 1
    assert cast(str, errors[0].path[-1]) == "c"
