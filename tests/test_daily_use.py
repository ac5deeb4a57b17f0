"""Daily use in repositories and CI (issue 14, part A): repository-relative paths, recursive
runs, the changed-files mode of the pre-commit hook, text on stdout, and the smaller CLI points.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tflint_vpc.hcl.roots import scan
from tflint_vpc.reporoot import default_root
from tflint_vpc.targets import changed_targets
from tflint_vpc.testing import run_cli

ROOT = Path(__file__).resolve().parents[1]
BAD_TF = ROOT / "examples" / "hub-and-spoke" / "main.tf"

# A child module with a peering whose CIDRs come from the caller: alone it cannot know them.
CHILD = """
variable "a" { type = string }
variable "b" { type = string }
resource "aws_vpc" "a" { cidr_block = var.a }
resource "aws_vpc" "b" { cidr_block = var.b }
resource "aws_vpc_peering_connection" "ab" {
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.b.id
}
"""
CALLER = """
module "net" {
  source = "../../modules/net"
  a      = var.a
  b      = "10.0.128.0/20"
}
variable "a" { type = string }
"""


def _repository(tmp_path: Path) -> Path:
    """infra/prod and infra/dev call modules/net; each root has its own tfvars."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "modules" / "net").mkdir(parents=True)
    (repo / "modules" / "net" / "main.tf").write_text(CHILD)
    for env, cidr in (("prod", "10.0.0.0/16"), ("dev", "10.1.0.0/16")):
        (repo / "infra" / env).mkdir(parents=True)
        (repo / "infra" / env / "main.tf").write_text(CALLER)
        (repo / "infra" / env / "terraform.tfvars").write_text(f'a = "{cidr}"\n')
    hidden = repo / "infra" / "prod" / ".terraform" / "modules" / "x"
    hidden.mkdir(parents=True)
    (hidden / "main.tf").write_text('resource "aws_vpc" "x" { cidr_block = "10.9.0.0/16" }\n')
    return repo


# --- 1. paths relative to the repository root ---------------------------------------------------


def test_the_readme_github_job_annotates_repository_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's job: checkout in GITHUB_WORKSPACE, `working-directory: infra`, no flag."""
    workspace = tmp_path / "workspace"
    (workspace / "infra").mkdir(parents=True)
    shutil.copy(BAD_TF, workspace / "infra" / "main.tf")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(workspace))
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.chdir(workspace / "infra")
    run = run_cli("lint", ".", "--format", "github", "--format", "sarif=tfvpc.sarif")
    assert run.code == 1, run.stderr
    assert "::error file=infra/main.tf,line=" in run.stdout
    assert "file=main.tf" not in run.stdout
    sarif = json.loads((workspace / "infra" / "tfvpc.sarif").read_text())
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        for loc in r["locations"]
    }
    assert uris == {"infra/main.tf"}


def test_repo_root_flag_wins_and_applies_to_text_and_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a" / "infra").mkdir(parents=True)
    shutil.copy(BAD_TF, tmp_path / "a" / "infra" / "main.tf")
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.delenv("CI_PROJECT_DIR", raising=False)
    monkeypatch.chdir(tmp_path / "a" / "infra")
    run = run_cli("lint", ".", "--repo-root", str(tmp_path), "--format", "json=out.json")
    assert "a/infra/main.tf:" in run.stdout  # text, still on stdout
    document = json.loads(Path("out.json").read_text())
    assert {f["location"]["file"] for f in document["findings"]} == {"a/infra/main.tf"}


def test_default_root_order(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    infra = repo / "infra" / "prod"
    # the git top level (a `.git` directory) when no CI workspace is set
    assert default_root(["."], env={}, cwd=infra) == repo.resolve()
    # GitLab's checkout when it holds the input
    assert (
        default_root(["."], env={"CI_PROJECT_DIR": str(repo / "infra")}, cwd=infra)
        == (repo / "infra").resolve()
    )
    # a workspace that does not hold the input is not used
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert default_root(["."], env={"GITHUB_WORKSPACE": str(elsewhere)}, cwd=infra) == (
        repo.resolve()
    )
    # no git, no CI: the working directory
    assert default_root(["."], env={}, cwd=elsewhere) == elsewhere.resolve()


# --- 2. recursive runs ---------------------------------------------------------------------------


def test_recursive_finds_root_modules_and_skips_hidden_and_children(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    assert scan(str(repo)).roots() == [str(repo / "infra" / "dev"), str(repo / "infra" / "prod")]


def test_lint_recursive_lints_each_root_with_its_own_tfvars(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    monkeypatch.chdir(repo)
    run = run_cli("lint", "--recursive", "--format", "json")
    assert run.code == 1, run.stderr
    findings = json.loads(run.stdout)["findings"]
    overlaps = {(f["source"], f["rule_id"]) for f in findings if f["rule_id"] == "TFVPC001"}
    # prod's 10.0.0.0/16 overlaps the child's 10.0.128.0/20; dev's 10.1.0.0/16 does not
    assert overlaps == {("infra/prod", "TFVPC001")}
    assert "tfvpc: infra/dev: " in run.stderr
    assert "tfvpc: infra/prod: " in run.stderr and "1 error" in run.stderr
    assert not any(f["source"] == "modules/net" for f in findings)


def test_lint_of_a_repository_root_suggests_recursive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    monkeypatch.chdir(repo)
    run = run_cli("lint", ".")
    assert run.code == 2
    assert len(run.stderr.splitlines()) == 1
    assert "tfvpc lint --recursive ." in run.stderr


# --- 3. the pre-commit hook's changed-files mode ------------------------------------------------


def test_changed_child_module_lints_every_caller(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    assert changed_targets(["modules/net/main.tf"], cwd=repo) == ["infra/dev", "infra/prod"]
    assert changed_targets(["infra/dev/terraform.tfvars"], cwd=repo) == ["infra/dev"]
    assert changed_targets(["infra/dev/x.auto.tfvars.json"], cwd=repo) == ["infra/dev"]
    assert changed_targets(["envs/prod.tfplan.json"], cwd=repo) == ["envs/prod.tfplan.json"]
    assert changed_targets(["README.md"], cwd=repo) == []


def test_lint_changed_reports_the_callers_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _repository(tmp_path)
    monkeypatch.chdir(repo)
    run = run_cli("lint", "--changed", "modules/net/main.tf")
    assert run.code == 1, run.stdout + run.stderr
    assert "TFVPC001" in run.stdout and "module.net.aws_vpc_peering_connection.ab" in run.stdout
    assert run_cli("lint", "--changed", "README.md").code == 0


def test_plan_hook_matches_only_plan_file_names() -> None:
    # the hooks file's `- id:` entries and their `files:` patterns (plain YAML scalars)
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    ids = re.findall(r"^- id: (\S+)$", text, re.MULTILINE)
    patterns = re.findall(r"^  files: (.+)$", text, re.MULTILINE)
    hooks = {i: {"files": p} for i, p in zip(ids, patterns, strict=True)}
    plan = re.compile(hooks["tfvpc-plan"]["files"])
    for name in ("plan.json", "x/tfplan.json", "envs/prod.tfplan.json"):
        assert plan.search(name), name
    for name in ("docs/airplane-seats.json", "planning.json", "plan.json.bak"):
        assert not plan.search(name), name
    hcl = re.compile(hooks["tfvpc"]["files"])
    for name in ("a/main.tf", "main.tofu", "prod.tfvars", "terraform.tfvars.json"):
        assert hcl.search(name), name


# --- 4. text on stdout --------------------------------------------------------------------------


def test_text_stays_on_stdout_when_formats_go_to_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli("lint", str(BAD_TF.parent), "--format", "sarif=x.sarif")
    assert "TFVPC001" in run.stdout and run.stdout.rstrip().splitlines()[-1].startswith("Found")
    assert (tmp_path / "x.sarif").is_file()
    quiet = run_cli("lint", str(BAD_TF.parent), "--format", "sarif=y.sarif", "--quiet")
    assert quiet.code == 1 and quiet.stdout == ""


# --- 6. smaller points --------------------------------------------------------------------------


def test_unknown_var_is_an_error_naming_the_variable() -> None:
    run = run_cli("lint", str(BAD_TF.parent), "--var", "nonexist=1")
    assert run.code == 2
    assert "--var nonexist:" in run.stderr and "declares no variable" in run.stderr
    assert "No findings" not in run.stdout


def test_a_run_whose_only_input_failed_does_not_say_no_findings(tmp_path: Path) -> None:
    run = run_cli("lint", str(tmp_path / "missing.json"))
    assert run.code == 2
    assert "No findings" not in run.stdout
    assert "could not be linted" in run.stdout


def test_bare_tfvpc_prints_help_as_a_page() -> None:
    run = run_cli()
    assert "Commands:" in run.stdout and len(run.stdout.splitlines()) > 5


def test_help_shows_no_python_types() -> None:
    for command in ("lint", "reach", "rules", "explain"):
        run = run_cli(command, "--help")
        assert "<list[str]>" not in run.stdout and "list[str]" not in run.stdout, command


def test_explain_has_one_options_section_with_hyphens() -> None:
    run = run_cli("explain", "TFVPC005")
    assert run.stdout.count("## Options") == 1
    assert "original-2018-restriction" in run.stdout
    assert "original_2018_restriction" not in run.stdout


def test_a_source_dir_that_does_not_match_the_plan_gives_a_notice(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text('resource "aws_vpc" "other" { cidr_block = "10.0.0.0/16" }\n')
    plan = ROOT / "examples" / "hub-and-spoke.plan.json"
    run = run_cli("lint", str(plan), "--source-dir", str(tmp_path))
    assert run.code == 1, run.stderr
    assert f"--source-dir {tmp_path}: declares none of the plan's" in run.stderr
    matching = run_cli("lint", str(plan), "--source-dir", str(BAD_TF.parent))
    assert "declares none" not in matching.stderr


# --- 5. configuration ---------------------------------------------------------------------------

DOTFILE = """
select = ["ALL"]
ignore = ["TFVPC003"]
fail-on = "error"

[severity]
TFVPC005 = "error"

[rules.endpoint-peering-instance-type]
original-2018-restriction = true
"""


def test_dotfile_with_the_pyproject_table_explains_the_mistake(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".tfvpc.toml").write_text('[tool.tfvpc]\nselect = ["ALL"]\n')
    monkeypatch.chdir(tmp_path)
    run = run_cli("lint", str(BAD_TF.parent))
    assert run.code == 2
    assert "[tool.tfvpc] is the table of pyproject.toml" in run.stderr
    assert "top level" in run.stderr
    (tmp_path / ".tfvpc.toml").write_text(DOTFILE)
    assert run_cli("lint", str(BAD_TF.parent)).code == 1  # top-level keys are accepted


def test_config_command_says_where_each_setting_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".tfvpc.toml").write_text(DOTFILE)
    monkeypatch.chdir(tmp_path)
    run = run_cli("config", "--fail-on", "never")
    assert run.code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "# configuration file: .tfvpc.toml"
    assert 'select = ["ALL"]  # .tfvpc.toml' in lines
    assert 'fail-on = "never"  # command line' in lines
    assert "per-path-ignores = {}  # default" in lines
    assert "TFVPC005 endpoint-peering-instance-type: error  # .tfvpc.toml" in lines
    assert "  original-2018-restriction = true  # .tfvpc.toml" in lines
    assert "TFVPC001 peering-cidr-overlap: error  # default" in lines
    assert not any(line.startswith("TFVPC003") for line in lines)


def test_rules_honours_the_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".tfvpc.toml").write_text(DOTFILE)
    monkeypatch.chdir(tmp_path)
    table = run_cli("rules").stdout
    assert not any(line.startswith("TFVPC003") for line in table.splitlines())
    assert "Not run under .tfvpc.toml: TFVPC003" in table
    rows = {r["id"]: r for r in json.loads(run_cli("rules", "--format", "json").stdout)}
    assert rows["TFVPC003"]["enabled"] is False
    assert rows["TFVPC005"]["severity"] == "error"


# --- the README's CI recipes, run as written in a simulated job ---------------------------------

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _recipe(heading: str) -> tuple[str, list[str]]:
    """The recipe's working directory and its `tfvpc lint` command (folded YAML joined)."""
    section = README.split(f"### {heading}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    yaml = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert yaml is not None
    lines = yaml.group(1).splitlines()
    start = next(i for i, line in enumerate(lines) if "tfvpc lint" in line)
    command = [lines[start]]
    indent = len(lines[start]) - len(lines[start].lstrip())
    for line in lines[start + 1 :]:
        if (
            not line.strip()
            or len(line) - len(line.lstrip()) <= indent - 2
            or "- " in line[:indent]
        ):
            break
        command.append(line)
    words = " ".join(command).split()
    words = words[words.index("lint") :]
    workdir = re.search(r"working-directory: (\S+)", yaml.group(1))
    return (workdir.group(1) if workdir else "."), words


def _job(tmp_path: Path, workdir: str) -> Path:
    """A checkout with the example module and its plan in `workdir`, as the recipe makes them."""
    workspace = tmp_path / "workspace"
    here = workspace / workdir
    here.mkdir(parents=True)
    shutil.copy(BAD_TF, here / "main.tf")
    shutil.copy(ROOT / "examples" / "hub-and-spoke.plan.json", here / "plan.json")
    return workspace


def test_readme_github_recipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workdir, command = _recipe("GitHub Actions")
    assert workdir == "infra" and "--repo-root" not in command
    workspace = _job(tmp_path, workdir)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(workspace))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.chdir(workspace / workdir)
    run = run_cli(*command)
    assert run.code == 1, run.stderr
    assert "::error file=infra/main.tf,line=18," in run.stdout
    assert not re.search(r"file=(main\.tf|plan\.json)", run.stdout)
    sarif = json.loads((workspace / "infra" / "tfvpc.sarif").read_text())
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
        for loc in r["locations"]
    }
    assert uris == {"infra/main.tf"}


def test_readme_gitlab_recipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """GitLab's recipe runs in the checkout itself ($CI_PROJECT_DIR)."""
    workdir, command = _recipe("GitLab CI")
    assert workdir == "."
    workspace = _job(tmp_path, workdir)
    monkeypatch.setenv("GITLAB_CI", "true")
    monkeypatch.setenv("CI_PROJECT_DIR", str(workspace))
    monkeypatch.chdir(workspace)
    run = run_cli(*command)
    assert run.code == 1, run.stderr
    assert "main.tf:18: error TFVPC001" in run.stdout  # --format text, in the job log
    issues = json.loads((workspace / "gl-code-quality.json").read_text())
    assert {i["location"]["path"] for i in issues} == {"main.tf"}
    assert (workspace / "tfvpc-junit.xml").is_file()
