"""Finding a plan's root module by itself: the plan's directory, then the working directory."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tflint_vpc.api import LintRequest, lint
from tflint_vpc.plan.discover import directory_declarations, find_source_dir, plan_declarations
from tflint_vpc.testing import run_cli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "modules17" / "module_list_index"


def _configuration(plan: Path) -> object:
    return json.loads(plan.read_text())["configuration"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of a root module (with its local module) and the plan made from it."""
    copy = tmp_path / "root"
    shutil.copytree(FIXTURE, copy)
    return copy


def test_the_plans_own_directory_is_found(root: Path, tmp_path: Path) -> None:
    plan = root / "plan.json"
    assert find_source_dir(str(plan), _configuration(plan), cwd=str(tmp_path)) == str(root)


def test_the_working_directory_is_tried_next(root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "out"
    elsewhere.mkdir()
    plan = elsewhere / "plan.json"
    shutil.move(root / "plan.json", plan)
    assert find_source_dir(str(plan), _configuration(plan), cwd=str(root)) == str(root)
    assert find_source_dir(str(plan), _configuration(plan), cwd=str(elsewhere)) is None


def test_declarations_of_the_plan_and_of_the_tf_files_agree(root: Path) -> None:
    wanted = plan_declarations(_configuration(root / "plan.json"))
    assert ("module", "vpc") in wanted
    assert ("resource", "aws_network_interface.replication_fail") in wanted
    assert directory_declarations(str(root)) == wanted


@pytest.mark.parametrize(
    "change",
    [
        'resource "aws_vpc" "extra" {\n  cidr_block = "10.9.0.0/16"\n}\n',  # one more resource
        'output "x" {\n  value = 1\n}\n',  # one more output
        'resource "aws_vpc" "broken" {\n',  # a syntax error
    ],
)
def test_a_directory_that_differs_from_the_plan_is_not_taken(root: Path, change: str) -> None:
    (root / "extra.tf").write_text(change)
    plan = root / "plan.json"
    assert find_source_dir(str(plan), _configuration(plan), cwd=str(root)) is None


@pytest.mark.parametrize("configuration", [None, [], {}, {"root_module": {}}, {"root_module": 3}])
def test_a_plan_without_root_declarations_finds_nothing(root: Path, configuration: object) -> None:
    # an empty configuration would match any directory without .tf declarations
    empty = root / "empty"
    empty.mkdir()
    (empty / "main.tf").write_text("")
    assert find_source_dir(str(empty / "plan.json"), configuration, cwd=str(empty)) is None


def test_a_directory_without_tf_files_is_not_taken(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    shutil.copy(FIXTURE / "plan.json", plan)
    assert directory_declarations(str(tmp_path)) is None
    assert find_source_dir(str(plan), _configuration(plan), cwd=str(tmp_path)) is None


def test_the_cli_uses_a_found_root_module_and_no_source_dir_turns_it_off(root: Path) -> None:
    plan = str(root / "plan.json")
    found = run_cli("lint", plan)
    assert f"using {root} as --source-dir" in found.stderr
    assert "main.tf:17:" in found.stdout  # a file:line location: the HCL was used
    alone = run_cli("lint", plan, "--no-source-dir")
    assert "as --source-dir" not in alone.stderr
    assert "main.tf" not in alone.stdout
    assert found.code == alone.code == 1  # the same two findings either way


def test_a_found_root_module_that_cannot_be_loaded_leaves_the_plan_alone(root: Path) -> None:
    # the root's declarations still match, but its local module directory is gone
    shutil.rmtree(root / "modules")
    plan = str(root / "plan.json")
    result = lint(LintRequest(paths=(plan,)))
    assert result.errors == ()
    assert any(f"not using {root} as --source-dir" in n for n in result.notices), result.notices
    assert {d.rule_id for d in result.diagnostics} == {"TFVPC004"}  # the plan's own findings
