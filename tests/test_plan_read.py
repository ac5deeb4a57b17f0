"""The plan/state reader: every bad-input class gets its one exact line; good inputs are read."""

from __future__ import annotations

import copy
import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_helpers import read_error, write_json

from tflint_vpc.errors import InputError
from tflint_vpc.plan import Document, read_document

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad_inputs"
FORMAT_FIXTURES = Path(__file__).resolve().parents[1].parent / "shared" / "docs" / "format-fixtures"

SHOW = "`terraform show -json plan.out > plan.json`"
WRAPPER = (
    "from the hashicorp/setup-terraform wrapper; "
    "set `terraform_wrapper: false` on the setup-terraform step"
)
RAW_STATE = (
    "this is a raw state file (terraform.tfstate); run `terraform show -json` (for the state) "
    f"or {SHOW} (for a plan) and lint that"
)
LOG_STREAM = (
    "this is the `terraform plan -json` log stream, not a plan; save the plan with "
    f"`terraform plan -out=plan.out` and run {SHOW}"
)

# fixture file -> the exact message (the part after "<path>: ")
CATALOGUE = {
    "binary_plan.tfplan": f"this is a binary plan file, not JSON; run {SHOW} and lint plan.json",
    "plan_log_stream.jsonl": LOG_STREAM,
    "plan_log_stream_one_line.jsonl": LOG_STREAM,
    "raw_state_v4.tfstate": RAW_STATE,
    "raw_state_v3.tfstate": RAW_STATE,
    "providers_schema.json": (
        f"this is `terraform providers schema -json` output, not a plan; run {SHOW}"
    ),
    "terraform_output.json": f"this is `terraform output -json` output, not a plan; run {SHOW}",
    "config_only.json": (
        "this is a configuration-only document (`tofu show -json -config`/`-module`), "
        f"not a plan; run {SHOW}"
    ),
    "unknown_document.json": (
        "has none of `planned_values`, `resource_changes`, `configuration` or `values`, "
        f"so it is neither a plan nor a state; run {SHOW}"
    ),
    "config.tf.json": (
        "this is Terraform JSON configuration (.tf.json), not a plan; "
        f"lint its directory, or run {SHOW}"
    ),
    "empty.json": f"is empty; expected the output of {SHOW}",
    "whitespace.json": f"contains only whitespace; expected the output of {SHOW}",
    "truncated.json": (
        "is not valid JSON (truncated?) at line 1 column 58 (char 57): Unterminated string"
    ),
    "syntax_error.json": "is not valid JSON at line 3 column 3 (char 30): Expecting ',' delimiter",
    "trailing_data.json": "has more data after the JSON document at line 2 column 1 (char 134)",
    "human_readable.txt": (
        f"is not JSON (it starts with text, not '{{'); expected the output of {SHOW}"
    ),
    "not_object.json": (
        f"top-level JSON value is an array, not an object; expected the output of {SHOW}"
    ),
    "string_top.json": (
        f"top-level JSON value is a string, not an object; expected the output of {SHOW}"
    ),
    "format_version_2.json": (
        "unsupported format_version 2.0 (this tool reads 0.x and 1.x); "
        "upgrade tfvpc or use an older Terraform"
    ),
    "format_version_missing.json": (
        f"has no `format_version`, so it is not `terraform show -json` output; run {SHOW}"
    ),
    "format_version_number.json": "$.format_version: expected string, got number",
    "format_version_malformed.json": '$.format_version: expected MAJOR.MINOR such as "1.2"',
    "wrapper_noise.json": f"starts with CI log lines (`[command]...`) {WRAPPER}",
    "wrapper_noise_trailing.json": f"has CI log lines (`::debug::...`) after the JSON {WRAPPER}",
    "gzipped.json.gz": "is gzip-compressed; decompress it (gunzip) and lint the JSON",
    "nan.json": "is not valid JSON: it contains NaN or Infinity, which JSON does not allow",
    "long_number.json": "is not valid JSON: it contains a number too long to read",
    "invalid_utf8.json": (
        f"is not valid UTF-8 (bad byte at offset 62); write the file as UTF-8 with {SHOW}"
    ),
    "invalid_utf16.json": (
        f"is not valid UTF-16 (bad byte at offset 268); write the file as UTF-8 with {SHOW}"
    ),
}


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_bad_input_catalogue(name: str) -> None:
    assert read_error(BAD / name).message == CATALOGUE[name]


def test_catalogue_covers_every_bad_fixture() -> None:
    good = {p.name for p in BAD.iterdir() if p.name.startswith(("utf", "state_"))}
    assert {p.name for p in BAD.iterdir()} - good == set(CATALOGUE)


# --- files that cannot be read ----------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert read_error(tmp_path / "nope.json").message == "no such file"


def test_directory(tmp_path: Path) -> None:
    assert read_error(tmp_path).message == "is a directory, expected a plan or state JSON file"


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root can read any file")
def test_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("{}")
    path.chmod(0)
    try:
        assert read_error(path).message == "permission denied (cannot read the file)"
    finally:
        path.chmod(0o600)


def test_permission_denied_without_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def deny(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    (tmp_path / "plan.json").write_text("{}")
    monkeypatch.setattr("os.open", deny)  # the reader opens with os.open (non-blocking)
    assert read_error(tmp_path / "plan.json").message == "permission denied (cannot read the file)"


def test_other_os_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    (tmp_path / "plan.json").write_text("{}")
    monkeypatch.setattr("os.open", fail)
    assert read_error(tmp_path / "plan.json").message == "cannot read the file: Input/output error"


# --- encodings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["utf16le_bom.json", "utf16be_bom.json", "utf16le_nobom.json", "utf8_bom.json"]
)
def test_encodings_are_decoded(name: str) -> None:
    document = read_document(str(BAD / name))
    assert (document.kind, document.format_version) == ("plan", "1.2")
    assert document.terraform_version == "1.11.4"


def test_binary_plan_is_detected_by_magic_not_by_name(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes((BAD / "binary_plan.tfplan").read_bytes())
    assert read_error(path).message.startswith("this is a binary plan file")


# --- format versions and kinds --------------------------------------------------------------

MINIMAL_PLAN: dict[str, object] = {
    "format_version": "1.2",
    "terraform_version": "1.11.4",
    "planned_values": {"root_module": {}},
    "configuration": {"root_module": {}},
}


@pytest.mark.parametrize("version", ["0.1", "0.2", "1.0", "1.1", "1.2"])
def test_supported_format_versions(tmp_path: Path, version: str) -> None:
    document = read_document(str(write_json(tmp_path, {**MINIMAL_PLAN, "format_version": version})))
    assert document == Document(
        path=str(tmp_path / "plan.json"),
        kind="plan",
        data={**MINIMAL_PLAN, "format_version": version},
        format_version=version,
        terraform_version="1.11.4",
    )


def test_newer_minor_is_read_with_a_notice(tmp_path: Path) -> None:
    document = read_document(str(write_json(tmp_path, {**MINIMAL_PLAN, "format_version": "1.3"})))
    assert document.notices == (
        "format_version 1.3 is newer than 1.2, the newest this tool knows; reading it as 1.2",
    )
    state = read_document(str(write_json(tmp_path, {"format_version": "1.1", "values": {}})))
    assert state.notices == (
        "format_version 1.1 is newer than 1.0, the newest this tool knows; reading it as 1.0",
    )
    assert read_document(str(write_json(tmp_path, MINIMAL_PLAN))).notices == ()


@pytest.mark.parametrize("version", ["2.0", "3.1", "10.0"])
def test_unsupported_major(tmp_path: Path, version: str) -> None:
    message = read_error(write_json(tmp_path, {**MINIMAL_PLAN, "format_version": version})).message
    assert message.startswith(f"unsupported format_version {version} ")


def test_state_and_empty_state() -> None:
    state = read_document(str(FORMAT_FIXTURES / "state_show.json"))
    assert (state.kind, state.format_version) == ("state", "1.0")
    empty = read_document(str(BAD / "state_empty.json"))
    assert (empty.kind, empty.data, empty.terraform_version) == (
        "state",
        {"format_version": "1.0"},
        None,
    )


@pytest.mark.parametrize(
    "name", ["create.json", "update.json", "forget.json", "refresh_only.json", "empty.json"]
)
def test_real_plans(name: str) -> None:
    assert read_document(str(FORMAT_FIXTURES / name)).kind == "plan"


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = __import__("io").BytesIO(json.dumps(MINIMAL_PLAN).encode())

    monkeypatch.setattr(sys, "stdin", FakeStdin)
    assert read_document("-").kind == "plan"


# --- nesting -----------------------------------------------------------------------------------


def _nested_modules(depth: int) -> dict[str, object]:
    config: dict[str, object] = {
        "resources": [
            {
                "address": "aws_vpc.x",
                "mode": "managed",
                "type": "aws_vpc",
                "name": "x",
                "expressions": {},
            }
        ]
    }
    values: dict[str, object] = {"address": "", "resources": []}
    for level in range(depth):
        config = {"module_calls": {f"m{level}": {"source": "./m", "module": config}}}
        values = {"address": "", "child_modules": [values]}
    return {
        "format_version": "1.2",
        "planned_values": {"root_module": values},
        "configuration": {"root_module": config},
    }


def test_hundred_deep_module_nesting_is_read(tmp_path: Path) -> None:
    assert read_document(str(write_json(tmp_path, _nested_modules(100)))).kind == "plan"


TOO_DEEP = "JSON is nested too deeply to read; not a Terraform plan"


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_deep_json_nesting_is_a_clear_error(tmp_path: Path, depth: int) -> None:
    path = tmp_path / "deep.json"
    path.write_text(
        '{"format_version": "1.2", "configuration": {}, "x": ' + "[" * depth + "]" * depth + "}"
    )
    assert read_error(path).message == TOO_DEEP


def test_deep_module_nesting_does_not_recurse(tmp_path: Path) -> None:
    # 300 module levels nest the configuration ~900 JSON levels deep: json.loads copes, and
    # validation must not recurse (jsonschema alone would hit the recursion limit here).
    plan = _nested_modules(300)
    module = plan["configuration"]["root_module"]  # type: ignore[index]
    for _ in range(299):
        module = module["module_calls"][next(iter(module["module_calls"]))]["module"]
    module["module_calls"]["bad"] = {"source": 7}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    message = read_error(path).message
    assert message == (
        "$.configuration.root_module.module_calls.m299.module.module_calls.m298.module"
        ".module_calls.m297.<882 more steps>.module.module_calls.m2.module.module_calls.m1"
        ".module.module_calls.bad.source: expected string, got integer"
    )


# --- fuzz: whatever the bytes, the reader returns a Document or raises InputError -----------

FUZZ_EXAMPLES = int(os.environ.get("TFVPC_FUZZ_EXAMPLES", "200"))
SMALL_PLAN = (FORMAT_FIXTURES / "create.json").read_bytes()  # holds the secret "hunter2"


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None)
@given(
    cut=st.integers(min_value=0, max_value=len(SMALL_PLAN)),
    insert_at=st.integers(min_value=0, max_value=len(SMALL_PLAN)),
    insert=st.binary(max_size=8),
    prefix=st.sampled_from(
        [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"PK\x03\x04", b"[command]", b" \n"]
    ),
)
def test_byte_mutations_never_crash(
    tmp_path_factory: pytest.TempPathFactory, cut: int, insert_at: int, insert: bytes, prefix: bytes
) -> None:
    body = SMALL_PLAN[:insert_at] + insert + SMALL_PLAN[insert_at:]
    path = tmp_path_factory.mktemp("fuzz") / "plan.json"
    path.write_bytes(prefix + body[:cut] if cut < len(SMALL_PLAN) // 2 else prefix + body)
    try:
        document = read_document(str(path))
    except InputError as error:
        assert "\n" not in str(error)
        assert "hunter2" not in str(error)
    else:
        assert document.kind == "plan"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)
PLAN_TREE = json.loads(SMALL_PLAN)


def _all_paths(node: object, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, child in node.items():
            found += _all_paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _all_paths(child, (*prefix, index))
    return found


PLAN_PATHS = [p for p in _all_paths(PLAN_TREE) if p]


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None)
@given(where=st.sampled_from(PLAN_PATHS), value=JSON_VALUES, delete=st.booleans())
def test_tree_mutations_never_crash(
    tmp_path_factory: pytest.TempPathFactory,
    where: tuple[str | int, ...],
    value: object,
    delete: bool,
) -> None:
    plan = copy.deepcopy(PLAN_TREE)
    node = plan
    for step in where[:-1]:
        node = node[step]
    if delete:
        del node[where[-1]]
    else:
        node[where[-1]] = value
    path = tmp_path_factory.mktemp("fuzz") / "plan.json"
    path.write_text(json.dumps(plan))
    try:
        read_document(str(path))
    except InputError as error:
        assert "\n" not in str(error)
        assert "hunter2" not in str(error)
