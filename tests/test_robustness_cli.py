"""The bad-input catalogue, end to end through `tfvpc lint` (`tflint_vpc.cli.main`).

Every entry is one class of input a user can hand the linter by mistake (or a legitimate but
unusual one). Wrong inputs must end with exit status 2 and exactly one line on stderr that names
the path and says what is wrong; unusual but valid inputs must lint (exit 0 or 1). No entry may
print a traceback or an "internal error".

`tests/test_plan_read.py` tests the reader module itself; this file checks what the user sees.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tflint_vpc import cli
from tflint_vpc.testing import CliRun, run_cli

SHOW_JSON = "`terraform show -json plan.out > plan.json`"


# --- running the CLI in-process ---------------------------------------------------------------


# --- a small realistic plan -------------------------------------------------------------------
# Two new VPCs with overlapping CIDRs and a peering between them, linked only through the
# `configuration` references (their ids are known after apply): TFVPC001 finds it, so a plan
# that really lints exits 1 with that finding, which tells "linted" from "silently skipped".


def _module_prefix(depth: int) -> str:
    return "".join(f"module.m{i}." for i in range(depth))


def make_plan(depth: int = 0) -> dict[str, object]:
    """A Terraform 1.11-shaped plan; with `depth` the resources sit in modules `depth` deep."""
    prefix = _module_prefix(depth)
    module_address = prefix[:-1] if depth else None
    vpcs = {"a": "10.0.0.0/16", "b": "10.0.128.0/17"}

    def change(
        address: str, type_: str, name: str, after: dict[str, object], *unknown: str
    ) -> dict[str, object]:
        rc: dict[str, object] = {
            "address": prefix + address,
            "mode": "managed",
            "type": type_,
            "name": name,
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {
                "actions": ["create"],
                "before": None,
                "after": after,
                "after_unknown": dict.fromkeys(("id", "arn", "tags_all", *unknown), True),
                "before_sensitive": False,
                "after_sensitive": {"tags_all": {}},
            },
        }
        if module_address:
            rc["module_address"] = module_address
        return rc

    changes = [
        change(f"aws_vpc.{n}", "aws_vpc", n, {"cidr_block": c, "instance_tenancy": "default"})
        for n, c in vpcs.items()
    ]
    changes.append(
        change(
            "aws_vpc_peering_connection.ab",
            "aws_vpc_peering_connection",
            "ab",
            {"auto_accept": True, "tags": None},
            "vpc_id",  # known after apply: linked through the configuration's references
            "peer_vpc_id",
        )
    )
    planned = [
        {
            "address": rc["address"],
            "mode": "managed",
            "type": rc["type"],
            "name": rc["name"],
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "schema_version": 1,
            "values": rc["change"]["after"],  # type: ignore[index]
            "sensitive_values": {"tags_all": {}},
        }
        for rc in changes
    ]
    config_resources: list[dict[str, object]] = [
        {
            "address": f"aws_vpc.{n}",
            "mode": "managed",
            "type": "aws_vpc",
            "name": n,
            "provider_config_key": "aws" if not depth else f"m{depth - 1}:aws",
            "expressions": {"cidr_block": {"constant_value": c}},
            "schema_version": 1,
        }
        for n, c in vpcs.items()
    ]
    config_resources.append(
        {
            "address": "aws_vpc_peering_connection.ab",
            "mode": "managed",
            "type": "aws_vpc_peering_connection",
            "name": "ab",
            "provider_config_key": "aws" if not depth else f"m{depth - 1}:aws",
            "expressions": {
                "vpc_id": {"references": ["aws_vpc.a.id", "aws_vpc.a"]},
                "peer_vpc_id": {"references": ["aws_vpc.b.id", "aws_vpc.b"]},
                "auto_accept": {"constant_value": True},
            },
            "schema_version": 0,
        }
    )
    # innermost first: planned_values child_modules and configuration module_calls, `depth` deep
    values_module: dict[str, object] = {"resources": planned}
    config_module: dict[str, object] = {"resources": config_resources}
    for level in reversed(range(depth)):
        address = "".join(f"module.m{i}." for i in range(level + 1))[:-1]
        values_module = {"address": address, "child_modules": [values_module]}
        config_module = {
            "module_calls": {
                f"m{level}": {"source": f"./modules/m{level}", "module": config_module}
            }
        }
    if depth:
        values_module = {"child_modules": [values_module]}
    return {
        "format_version": "1.2",
        "terraform_version": "1.11.4",
        "planned_values": {"root_module": values_module},
        "resource_changes": changes,
        "configuration": {
            "provider_config": {
                "aws": {
                    "name": "aws",
                    "full_name": "registry.terraform.io/hashicorp/aws",
                    "expressions": {"region": {"constant_value": "us-east-1"}},
                }
            },
            "root_module": config_module,
        },
        "timestamp": "2026-11-22T20:00:00Z",
        "applyable": True,
        "complete": True,
        "errored": False,
    }


def write_json(path: Path, data: object, encoding: str = "utf-8") -> str:
    path.write_bytes(json.dumps(data).encode(encoding))
    return str(path)


# --- the catalogue ----------------------------------------------------------------------------

MakeInput = Callable[[Path], str]  # writes the input under tmp_path, returns the path to lint


@dataclass(frozen=True)
class Case:
    name: str
    make_input: MakeInput
    expected_exit: int | tuple[int, ...]
    # For exit 2: the exact message after "tfvpc: error: <path>: ", or, starting with "{path}",
    # the whole line after "tfvpc: error: " (HCL errors name the file inside the directory).
    # For a lint: a fragment the output must contain (e.g. the rule that fired), or "".
    expected: str
    xfail: str | None = None  # a known bug in another module, reported to its owner


def _bytes(name: str, data: bytes) -> MakeInput:
    def make(tmp: Path) -> str:
        path = tmp / name
        path.write_bytes(data)
        return str(path)

    return make


def _doc(data: object, name: str = "plan.json") -> MakeInput:
    return lambda tmp: write_json(tmp / name, data)


def _plan_with(mutate: Callable[[dict[str, object]], object]) -> MakeInput:
    """The base plan after `mutate(plan)` (which changes it in place)."""

    def make(tmp: Path) -> str:
        plan = make_plan()
        mutate(plan)
        return write_json(tmp / "plan.json", plan)

    return make


def _set(*path: str | int, value: object) -> Callable[[dict[str, object]], object]:
    def mutate(plan: dict[str, object]) -> None:
        node: object = plan
        for step in path[:-1]:
            node = node[step]  # type: ignore[index]
        node[path[-1]] = value  # type: ignore[index]

    return mutate


def _truncated(tmp: Path) -> str:
    text = json.dumps(make_plan())
    path = tmp / "plan.json"
    path.write_text(text[: len(text) // 2], encoding="utf-8")
    return str(path)


def _log_stream(tmp: Path) -> str:
    lines = [
        {
            "@level": "info",
            "@message": "Terraform 1.11.4",
            "@module": "terraform.ui",
            "type": "version",
            "terraform": "1.11.4",
            "ui": "1.2",
        },
        {
            "@level": "info",
            "@message": "aws_vpc.a: Plan to create",
            "@module": "terraform.ui",
            "type": "planned_change",
            "change": {"resource": {"addr": "aws_vpc.a"}, "action": "create"},
        },
    ]
    path = tmp / "plan.json"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return str(path)


def _deep_json(tmp: Path) -> str:
    # a real plan with a 1,000-deep array tucked into a key the linter does not read
    text = json.dumps(make_plan())
    nested = "[" * 1000 + "]" * 1000
    path = tmp / "plan.json"
    path.write_text(text[:-1] + f', "relevant_attributes": {nested}}}', encoding="utf-8")
    return str(path)


def _deep_in_after(tmp: Path) -> str:
    # 800 levels inside an attribute value the resolver walks: json.loads accepts it, and
    # the walkers after it must not hit the recursion limit
    plan = make_plan()
    nested: dict[str, object] = {}
    node = nested
    for _ in range(800):
        node["k"] = {}
        node = node["k"]  # type: ignore[assignment]
    plan["resource_changes"][0]["change"]["after"]["tags"] = nested  # type: ignore[index]
    plan["planned_values"]["root_module"]["resources"][0]["values"]["tags"] = nested  # type: ignore[index]
    return write_json(tmp / "plan.json", plan)


def _very_deep_json(tmp: Path) -> str:
    # deeper than the C json parser's own recursion guard (it raises RecursionError)
    path = tmp / "plan.json"
    path.write_text('{"format_version": "1.2", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return str(path)


def _non_utf8(tmp: Path) -> str:
    text = json.dumps(make_plan())
    at = text.index("10.0.0.0/16")
    raw = text.encode()
    path = tmp / "plan.json"
    path.write_bytes(raw[:at] + b"\xff\xfe\xfa" + raw[at:])
    return str(path)


def _duplicate_addresses(tmp: Path) -> str:
    plan = make_plan()
    changes = plan["resource_changes"]
    assert isinstance(changes, list)
    changes.append(json.loads(json.dumps(changes[0])))
    return write_json(tmp / "plan.json", plan)


def _deposed(tmp: Path) -> str:
    # create_before_destroy replacement left a deposed object of aws_vpc.a behind: the same
    # address twice, told apart by `deposed` (inputs-and-outputs.md fact 14)
    plan = make_plan()
    changes = plan["resource_changes"]
    assert isinstance(changes, list)
    gone = json.loads(json.dumps(changes[0]))
    gone["deposed"] = "00000001"
    gone["change"] = {
        "actions": ["delete"],
        "before": {"id": "vpc-0123456789abcdef0", "cidr_block": "192.168.0.0/16"},
        "after": None,
        "after_unknown": {},
        "before_sensitive": {},
        "after_sensitive": False,
    }
    gone["action_reason"] = "replace_because_cannot_update"
    changes.insert(0, gone)
    return write_json(tmp / "plan.json", plan)


def _directory_named_like_json(tmp: Path) -> str:
    path = tmp / "plan.json"
    path.mkdir()
    return str(path)


def _hcl_dir(files: dict[str, str], root: str = "") -> MakeInput:
    def make(tmp: Path) -> str:
        for name, text in files.items():
            path = tmp / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return str(tmp / root) if root else str(tmp)

    return make


OVERLAP_HCL = """
resource "aws_vpc" "a" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "b" {
  cidr_block = "10.0.128.0/17"
}

resource "aws_vpc_peering_connection" "ab" {
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.b.id
}
"""


def _symlink_loop(tmp: Path) -> str:
    # root calls ./a; a calls ./up, and a/up is a symlink back to the root: root -> a -> root ...
    root = tmp / "root"
    (root / "a").mkdir(parents=True)
    (root / "main.tf").write_text('module "a" {\n  source = "./a"\n}\n', encoding="utf-8")
    (root / "a" / "main.tf").write_text('module "up" {\n  source = "./up"\n}\n', encoding="utf-8")
    (root / "a" / "up").symlink_to("..", target_is_directory=True)
    return str(root)


def _unreadable(tmp: Path) -> str:
    path = tmp / "plan.json"
    write_json(path, make_plan())
    path.chmod(0)
    return str(path)


WRONG_TYPES: list[tuple[str, Callable[[dict[str, object]], object], str]] = [
    # (name, mutation, message after the path; "" = must lint)
    (
        "resource_changes_string",
        _set("resource_changes", value="aws_vpc.a"),
        "$.resource_changes: expected array, got string",
    ),
    (
        "resource_changes_null",
        _set("resource_changes", value=None),
        "$.resource_changes: expected array, got null",
    ),
    (
        "resource_change_null",
        _set("resource_changes", 0, value=None),
        "$.resource_changes[0]: expected object, got null",
    ),
    (
        "address_number",
        _set("resource_changes", 0, "address", value=42),
        "$.resource_changes[0].address: expected string, got integer",
    ),
    (
        "change_null",
        _set("resource_changes", 0, "change", value=None),
        "$.resource_changes[0].change: expected object, got null",
    ),
    (
        "actions_string",
        _set("resource_changes", 0, "change", "actions", value="create"),
        "$.resource_changes[0].change.actions: expected array, got string",
    ),
    ("after_string", _set("resource_changes", 0, "change", "after", value="x"), ""),
    ("after_unknown_list", _set("resource_changes", 0, "change", "after_unknown", value=[1]), ""),
    (
        "after_sensitive_number",
        _set("resource_changes", 0, "change", "after_sensitive", value=3),
        "",
    ),
    (
        "cidr_block_number",
        _set("resource_changes", 0, "change", "after", "cidr_block", value=10),
        "",
    ),
    (
        "cidr_block_null",
        _set("resource_changes", 0, "change", "after", "cidr_block", value=None),
        "",
    ),
    (
        "planned_values_null",
        _set("planned_values", value=None),
        "$.planned_values: expected object, got null",
    ),
    (
        "planned_resources_dict",
        _set("planned_values", "root_module", "resources", value={}),
        "$.planned_values.root_module.resources: expected array, got object",
    ),
    (
        "planned_address_number",
        _set("planned_values", "root_module", "resources", 0, "address", value=7),
        "$.planned_values.root_module.resources[0].address: expected string, got integer",
    ),
    (
        "planned_values_values_null",
        _set("planned_values", "root_module", "resources", 0, "values", value=None),
        "$.planned_values.root_module.resources[0].values: expected object, got null",
    ),
    (
        "configuration_list",
        _set("configuration", value=[]),
        "$.configuration: expected object, got array",
    ),
    (
        "config_resources_string",
        _set("configuration", "root_module", "resources", value="x"),
        "$.configuration.root_module.resources: expected array, got string",
    ),
    (
        "references_string",
        _set(
            "configuration",
            "root_module",
            "resources",
            2,
            "expressions",
            "vpc_id",
            "references",
            value="aws_vpc.a.id",
        ),
        "",
    ),
    (
        "references_numbers",
        _set(
            "configuration",
            "root_module",
            "resources",
            2,
            "expressions",
            "vpc_id",
            "references",
            value=[1, None],
        ),
        "",
    ),
    (
        "expressions_null",
        _set("configuration", "root_module", "resources", 2, "expressions", value=None),
        "$.configuration.root_module.resources[2].expressions: expected object, got null",
    ),
    (
        "provider_config_string",
        _set("configuration", "provider_config", value="aws"),
        "$.configuration.provider_config: expected object, got string",
    ),
    (
        "region_number",
        _set(
            "configuration",
            "provider_config",
            "aws",
            "expressions",
            "region",
            "constant_value",
            value=1,
        ),
        "",
    ),
    ("variables_null", _set("variables", value=None), "$.variables: expected object, got null"),
    (
        "prior_state_list",
        _set("prior_state", value=[]),
        "$.prior_state: expected object, got array",
    ),
]


CATALOGUE: list[Case] = [
    Case(
        "binary_plan",
        _bytes("plan.out", b"PK\x03\x04\x14\x00\x00\x00\x08\x00tfplan" + bytes(range(256))),
        2,
        f"this is a binary plan file, not JSON; run {SHOW_JSON} and lint plan.json",
    ),
    Case(
        "plan_json_log_stream",
        _log_stream,
        2,
        "this is the `terraform plan -json` log stream, not a plan; save the plan with "
        f"`terraform plan -out=plan.out` and run {SHOW_JSON}",
    ),
    Case(
        "raw_tfstate",
        _doc(
            {
                "version": 4,
                "terraform_version": "1.11.4",
                "serial": 3,
                "lineage": "5d6f0c1e-0000-4000-8000-000000000000",
                "outputs": {},
                "resources": [],
                "check_results": None,
            },
            "terraform.tfstate",
        ),
        2,
        "this is a raw state file (terraform.tfstate); run `terraform show -json` "
        f"(for the state) or {SHOW_JSON} (for a plan) and lint that",
    ),
    Case(
        "provider_schemas",
        _doc({"format_version": "1.0", "provider_schemas": {}}, "schemas.json"),
        2,
        f"this is `terraform providers schema -json` output, not a plan; run {SHOW_JSON}",
    ),
    Case(
        "empty_file", _bytes("plan.json", b""), 2, f"is empty; expected the output of {SHOW_JSON}"
    ),
    Case(
        "whitespace_only",
        _bytes("plan.json", b" \n\t\r\n  \n"),
        2,
        f"contains only whitespace; expected the output of {SHOW_JSON}",
    ),
    Case(
        "truncated_json",
        _truncated,
        2,
        "is not valid JSON (truncated?) at line 1 column {half} (char {halfpos}): {msg}",
    ),
    Case(
        "json_array",
        _bytes("plan.json", b"[1, 2, 3]"),
        2,
        f"top-level JSON value is an array, not an object; expected the output of {SHOW_JSON}",
    ),
    Case(
        "json_string",
        _bytes("plan.json", b'"format_version"'),
        2,
        f"top-level JSON value is a string, not an object; expected the output of {SHOW_JSON}",
    ),
    Case(
        "format_version_major_2",
        _plan_with(_set("format_version", value="2.0")),
        2,
        "unsupported format_version 2.0 (this tool reads 0.x and 1.x); "
        "upgrade tfvpc or use an older Terraform",
    ),
    Case(
        "format_version_missing",
        _plan_with(lambda plan: plan.pop("format_version")),
        2,
        f"has no `format_version`, so it is not `terraform show -json` output; run {SHOW_JSON}",
    ),
    Case(
        "format_version_number",
        _plan_with(_set("format_version", value=1.2)),
        2,
        "$.format_version: expected string, got number",
    ),
    *[
        Case(f"wrong_type_{name}", _plan_with(mutate), 2 if message else (0, 1), message)
        for name, mutate, message in WRONG_TYPES
    ],
    Case(
        "duplicate_addresses",
        _duplicate_addresses,
        2,
        "$.resource_changes[3]: duplicate address aws_vpc.a (first at $.resource_changes[0])",
    ),
    Case("deposed_object", _deposed, 1, "TFVPC001"),
    # modules 100 deep in planned_values, resource_changes and configuration: the references
    # inside the innermost module still resolve, so the overlap is found
    Case(
        "module_nesting_100_deep",
        lambda tmp: write_json(tmp / "plan.json", make_plan(100)),
        1,
        '"address": "module.m0.module.m1.module.m2.',
    ),
    Case(
        "json_nesting_1000_deep",
        _deep_json,
        2,
        "JSON is nested too deeply to read; not a Terraform plan",
    ),
    Case("json_nesting_800_deep_in_attribute", _deep_in_after, 1, "TFVPC001"),
    Case(
        "json_nesting_100000_deep",
        _very_deep_json,
        2,
        "JSON is nested too deeply to read; not a Terraform plan",
    ),
    Case(
        "non_utf8_bytes",
        _non_utf8,
        2,
        "is not valid UTF-8 (bad byte at offset {badpos}); write the file as UTF-8 with "
        f"{SHOW_JSON}",
    ),
    Case(
        "utf16_le_bom",
        lambda tmp: write_json(tmp / "plan.json", make_plan(), "utf-16"),
        1,
        "TFVPC001",
    ),
    Case(
        "utf16_be_no_bom",
        lambda tmp: write_json(tmp / "plan.json", make_plan(), "utf-16-be"),
        1,
        "TFVPC001",
    ),
    Case(
        "utf8_bom",
        lambda tmp: write_json(tmp / "plan.json", make_plan(), "utf-8-sig"),
        1,
        "TFVPC001",
    ),
    Case(
        "directory_named_like_json",
        _directory_named_like_json,
        2,
        "is a directory without .tf or .tofu files; expected a plan JSON file "
        "or a Terraform configuration directory",
    ),
    Case("missing_file", lambda tmp: str(tmp / "nope.json"), 2, "no such file"),
    Case(
        "unreadable_file",
        _unreadable,
        2,
        "permission denied (cannot read the file)",
    ),
    Case(
        "hcl_syntax_error",
        _hcl_dir({"main.tf": 'resource "aws_vpc" "a" {\n  cidr_block = = "10.0.0.0/16"\n}\n'}),
        2,
        "{path}/main.tf:2:16: syntax error: unexpected string text "
        '(expected `!`, `"`, `(`, `-`, `[`, `{`, ...)',
    ),
    Case(
        "hcl_module_calls_itself",
        _hcl_dir({"main.tf": OVERLAP_HCL + '\nmodule "again" {\n  source = "./"\n}\n'}),
        2,
        "{path}/main.tf: module loop: module.again loads {path} again, "
        "which is already loading it ({path} -> {path})",
    ),
    Case(
        "hcl_module_symlink_loop",
        _symlink_loop,
        2,
        "{path}/a/main.tf: module loop: module.a.module.up loads {path}/a/up again, "
        "which is already loading it ({path} -> {path}/a -> {path})",
    ),
    Case(
        "hcl_module_outside_directory",
        _hcl_dir(
            {
                "envs/prod/main.tf": 'module "net" {\n  source = "../../modules/net"\n}\n',
                "modules/net/main.tf": OVERLAP_HCL,
            },
            root="envs/prod",
        ),
        1,
        "TFVPC001",
    ),
]


def _expected_message(case: Case, path: str) -> str:
    """Fill in the parts of a message that depend on the generated input."""
    message = case.expected
    if case.name == "truncated_json":
        text = Path(path).read_text(encoding="utf-8")
        try:
            json.loads(text)
        except json.JSONDecodeError as e:
            return message.format(
                half=e.colno, halfpos=e.pos, msg=e.msg.removesuffix(" starting at")
            )
    if case.name == "non_utf8_bytes":
        return message.format(badpos=Path(path).read_bytes().index(b"\xff"))
    return message


def _params() -> list[object]:
    """The catalogue as pytest params; a known bug is a strict xfail, so its fix shows up."""
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else [],
        )
        for case in CATALOGUE
    ]


@pytest.mark.parametrize("case", _params())
def test_bad_input_catalogue(case: Case, tmp_path: Path) -> None:
    if case.name == "unreadable_file" and os.geteuid() == 0:
        pytest.skip("root reads every file; see test_unreadable_file_as_unprivileged_user")
    path = case.make_input(tmp_path)
    result = run_cli("lint", "--format", "json", path)

    assert "Traceback" not in result.stderr + result.stdout
    assert "internal error" not in result.stderr
    allowed = case.expected_exit if isinstance(case.expected_exit, tuple) else (case.expected_exit,)
    assert result.code in allowed, result.stderr
    if result.code == 2:
        assert len(result.error_lines) == 1, result.stderr
        line = result.error_lines[0]
        assert path in line
        message = _expected_message(case, path)
        if message.startswith("{path}"):
            assert line == "tfvpc: error: " + message.replace("{path}", path)
        else:
            assert line == f"tfvpc: error: {path}: {message}"
    else:
        assert result.stderr == ""
        if case.expected:
            assert case.expected in result.stdout
        if case.name == "module_nesting_100_deep":
            # the overlap; other rules may add notices (TFVPC008: no route uses the peering)
            (finding,) = [
                f for f in json.loads(result.stdout)["findings"] if f["rule_id"] == "TFVPC001"
            ]
            assert finding["address"] == _module_prefix(100) + "aws_vpc_peering_connection.ab"
        assert json.loads(result.stdout)["summary"]["inputs"] == 1


def test_exit_2_still_lints_the_good_inputs(tmp_path: Path) -> None:
    """One bad file among good ones: one line for it, the others are still reported."""
    good = write_json(tmp_path / "good.json", make_plan())
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"")
    result = run_cli("lint", "--format", "json", "--select", "TFVPC001", good, str(bad))
    assert result.code == 2
    assert result.error_lines == [
        f"tfvpc: error: {bad}: is empty; expected the output of {SHOW_JSON}"
    ]
    findings = json.loads(result.stdout)["findings"]
    assert [f["rule_id"] for f in findings] == ["TFVPC001"]


def test_unreadable_file_as_unprivileged_user(tmp_path: Path) -> None:
    """Root reads every file, so fork, drop to `nobody` and lint there to see the real message."""
    if os.geteuid() != 0:
        pytest.skip("the catalogue entry covers this when not running as root")
    path = _unreadable(tmp_path)
    tmp_path.chmod(0o755)
    # `nobody` may not read the Python installation: run the same command on a readable plan and
    # on a missing file first, so that every module the child needs is already imported
    run_cli("lint", "--format", "json", write_json(tmp_path / "readable.json", make_plan()))
    run_cli("lint", "--format", "json", str(tmp_path / "missing.json"))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        status = 3
        try:
            os.close(read_end)
            os.setgid(65534)
            os.setuid(65534)
            with (
                open(write_end, "w") as err,
                contextlib.redirect_stderr(err),
                contextlib.redirect_stdout(io.StringIO()),
            ):
                try:
                    cli.main(["lint", "--format", "json", path])
                except SystemExit as e:
                    status = e.code if isinstance(e.code, int) else 4
        finally:
            os._exit(status)
    os.close(write_end)
    with open(read_end) as reader:
        stderr = reader.read()
    _, wait_status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(wait_status) == 2, stderr
    assert stderr.splitlines() == [
        f"tfvpc: error: {path}: permission denied (cannot read the file)"
    ]


# --- a directory (or nothing) where an option expects a file, and the reverse ----------------

OPTION_CASES: list[tuple[str, list[str], str]] = [
    # (name, option arguments with {dir} / {missing} / {plan}, the whole stderr line)
    (
        "output_is_a_directory",
        ["--output", "{dir}"],
        "tfvpc: error: cannot write {dir}: Is a directory",
    ),
    (
        "format_file_is_a_directory",
        ["--format", "json={dir}"],
        "tfvpc: error: cannot write {dir}: Is a directory",
    ),
    (
        "write_baseline_is_a_directory",
        ["--write-baseline", "{dir}"],
        "tfvpc: error: {dir}: cannot write baseline: Is a directory",
    ),
    (
        "baseline_is_a_directory",
        ["--baseline", "{dir}"],
        "tfvpc: error: {dir}: cannot read baseline: is a directory, expected a regular file",
    ),
    (
        "baseline_is_missing",
        ["--baseline", "{missing}"],
        "tfvpc: error: {missing}: cannot read baseline: no such file",
    ),
    (
        "config_is_a_directory",
        ["--config", "{dir}"],
        "tfvpc: error: {dir}: cannot read configuration: is a directory, expected a regular file",
    ),
    (
        "config_is_missing",
        ["--config", "{missing}"],
        "tfvpc: error: {missing}: cannot read configuration: no such file",
    ),
    (
        "source_dir_is_a_file",
        ["--source-dir", "{plan}"],
        "tfvpc: error: {plan}: cannot read directory: Not a directory",
    ),
]


@pytest.mark.parametrize(
    ("name", "options", "expected"), OPTION_CASES, ids=[c[0] for c in OPTION_CASES]
)
def test_option_expects_a_file(
    name: str, options: list[str], expected: str, tmp_path: Path
) -> None:
    plan = write_json(tmp_path / "plan.json", make_plan())
    values = {"dir": str(tmp_path / "adir"), "missing": str(tmp_path / "none.x"), "plan": plan}
    (tmp_path / "adir").mkdir()
    args = [o.format(**values) for o in options]
    result = run_cli("lint", plan, *args)
    assert result.code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.error_lines == [expected.format(**values)]


def test_var_file_is_a_directory(tmp_path: Path) -> None:
    config = _hcl_dir({"main.tf": OVERLAP_HCL})(tmp_path / "cfg")
    (tmp_path / "vars.tfvars").mkdir()
    result = run_cli("lint", config, "--var-file", str(tmp_path / "vars.tfvars"))
    assert result.code == 2
    assert len(result.error_lines) == 1
    assert str(tmp_path / "vars.tfvars") in result.error_lines[0]


# --- standard input ("-") and usage errors -----------------------------------------------------


def run_cli_stdin(data: bytes, *args: str) -> CliRun:
    stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    saved = sys.stdin
    sys.stdin = stdin
    try:
        return run_cli(*args)
    finally:
        sys.stdin = saved


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("empty", b"", f"tfvpc: error: -: is empty; expected the output of {SHOW_JSON}"),
        (
            "binary_plan",
            b"PK\x03\x04\x14\x00",
            (
                f"tfvpc: error: -: this is a binary plan file, not JSON; run {SHOW_JSON} and lint "
                "plan.json"
            ),
        ),
        (
            "utf16",
            b"\xff\xfe" + '{"format_version": 1}'.encode("utf-16-le"),
            "tfvpc: error: -: $.format_version: expected string, got integer",
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else "",
)
def test_standard_input_errors(name: str, data: bytes, line: str) -> None:
    result = run_cli_stdin(data, "lint", "--format", "json", "-")
    assert result.code == 2
    assert result.error_lines == [line]


def test_standard_input_lints() -> None:
    plan = json.dumps(make_plan()).encode()
    result = run_cli_stdin(plan, "lint", "--format", "json", "--select", "TFVPC001", "-")
    assert result.code == 1, result.stderr
    assert [f["rule_id"] for f in json.loads(result.stdout)["findings"]] == ["TFVPC001"]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["lint"],
            "tfvpc: error: no input: give plan files, .tf files or directories, or --recursive",
        ),
        (
            ["lint", "--format", "nope", "x.json"],
            (
                "tfvpc: error: unknown format 'nope' "
                "(choose from text, json, sarif, github, junit, gitlab, markdown)"
            ),
        ),
        (
            ["lint", "--select", "NOPE", "x.json"],
            "tfvpc: error: unknown rule 'NOPE' in --select (see `tfvpc rules`)",
        ),
        (["lint", "--no-such-option", "x.json"], "tfvpc: error: No such option: --no-such-option"),
    ],
    ids=["no_paths", "unknown_format", "unknown_rule", "unknown_option"],
)
def test_usage_errors(args: list[str], line: str) -> None:
    result = run_cli(*args)
    assert result.code == 2
    assert result.error_lines == [line]
    assert result.stdout == ""
