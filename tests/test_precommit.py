"""The pre-commit hooks, run by the real `pre-commit try-repo` in temporary git repositories.

pre-commit builds the hook's environment from this repository (pip install from the package
registries), so this test is slow (~1 minute) but shows exactly what users get.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOOD_TF = """
resource "aws_vpc" "app" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "data" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_vpc_peering_connection" "app_data" {
  vpc_id      = aws_vpc.app.id
  peer_vpc_id = aws_vpc.data.id
}
"""
PRE_COMMIT = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or shutil.which(
    "pre-commit"
)

pytestmark = pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _write(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _try_repo(
    repo: Path,
    home: Path,
    hook: str,
    files: dict[str, str],
    committed: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """try-repo on `files` staged, after `committed` (not staged, so not passed) was committed."""
    repo.mkdir()
    _git(repo, "init", "-q")
    if committed:
        _write(repo, committed)
        _git(repo, "add", ".")
        _git(repo, "commit", "-q", "-m", "base")
    _write(repo, files)
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    assert PRE_COMMIT is not None
    return subprocess.run(
        [PRE_COMMIT, "try-repo", str(ROOT), hook, "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


# The child alone cannot know its CIDRs; the root module that calls it makes them overlap.
CHILD_TF = """
variable "a" { type = string }
variable "b" { type = string }
resource "aws_vpc" "a" { cidr_block = var.a }
resource "aws_vpc" "b" { cidr_block = var.b }
resource "aws_vpc_peering_connection" "ab" {
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.b.id
}
"""
CALLER_TF = """
module "net" {
  source = "../modules/net"
  a      = "10.0.0.0/16"
  b      = "10.0.128.0/20"
}
"""


def test_hcl_hook_lints_the_caller_of_a_staged_child_module(
    tmp_path: Path, pre_commit_home: Path
) -> None:
    caller = {"infra/main.tf": CALLER_TF}
    bad = _try_repo(
        tmp_path / "bad",
        pre_commit_home,
        "tfvpc",
        {"modules/net/main.tf": CHILD_TF},  # staged alone: the caller is committed
        committed={**caller, "modules/net/main.tf": CHILD_TF.replace("ab", "xy")},
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "TFVPC001" in bad.stdout
    assert "module.net.aws_vpc_peering_connection.ab" in bad.stdout  # the root module's finding
    assert "modules/net/main.tf:" in bad.stdout  # file:line from the HCL front end
    good = _try_repo(tmp_path / "good", pre_commit_home, "tfvpc", {"net/main.tf": GOOD_TF})
    assert good.returncode == 0, good.stdout + good.stderr


def test_plan_hook_lints_committed_plan_json(tmp_path: Path, pre_commit_home: Path) -> None:
    plan = (ROOT / "examples" / "hub-and-spoke.plan.json").read_text()
    bad = _try_repo(
        tmp_path / "bad", pre_commit_home, "tfvpc-plan", {"plans/net.tfplan.json": plan}
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "TFVPC004" in bad.stdout
    other = _try_repo(
        tmp_path / "other", pre_commit_home, "tfvpc-plan", {"docs/airplane-seats.json": "{}"}
    )
    assert other.returncode == 0, other.stdout + other.stderr  # not a plan name: not linted
