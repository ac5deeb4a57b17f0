"""The directory report paths are relative to: `--repo-root`, the CI workspace, or git's top.

CI annotations (GitHub workflow commands, SARIF, GitLab code quality) are matched to the files of
the repository, so `main.tf` from a job that runs in `working-directory: infra` must be reported
as `infra/main.tf`. The CI's workspace variable is used only when it holds every input: a job
may lint a checkout elsewhere, and then paths relative to that checkout's own top are right.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

# GitHub Actions and GitLab CI: the checkout the job runs in
WORKSPACE_VARIABLES = ("GITHUB_WORKSPACE", "CI_PROJECT_DIR")


def git_top(start: Path) -> Path | None:
    """The nearest directory from `start` upwards holding `.git` (a directory, or the file of a
    worktree or submodule); no subprocess, so it works where git is not installed."""
    here = start.resolve()
    for directory in (here, *here.parents):
        if (directory / ".git").exists():
            return directory
    return None


def _holds(root: Path, paths: Sequence[Path]) -> bool:
    return all(p == root or root in p.parents for p in paths)


def default_root(
    inputs: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Path:
    """The repository root for `inputs`: the CI workspace holding them, else git's top level
    of the working directory (when it holds them), else the working directory."""
    env = os.environ if env is None else env
    here = (cwd or Path.cwd()).resolve()
    resolved = [(here / p).resolve() for p in inputs] or [here]
    for name in WORKSPACE_VARIABLES:
        value = env.get(name)
        if value:
            workspace = (here / value).resolve()
            if _holds(workspace, resolved):
                return workspace
    top = git_top(here)
    if top is not None and _holds(top, resolved):
        return top
    return here


def repo_root(given: str | None, inputs: Sequence[str]) -> Path:
    """`--repo-root` as given, else `default_root`."""
    return Path(given) if given is not None else default_root(inputs)
