"""Hygiene: no network, no programs started, no writes outside --output, same output every time.

* Network: every way to open a connection or resolve a name fails during a full lint of plans,
  states and HCL directories, and the lint still succeeds.
* Processes: no program is ever run (subprocess, os.system, posix_spawn, exec*) and, by default,
  not even a fork happens. Only with `--parallel` may the HCL loader parse many files in a
  process pool of its own interpreter (`concurrent.futures`), which must still run no other
  program.
* Writes: a lint in a subprocess, with cwd, HOME and TMPDIR in a scratch folder, changes no file
  anywhere we can watch (scratch folder, inputs, the repository, site-packages) except the
  `--output` / `--format x=FILE` / `--write-baseline` files it was asked to write. Python's own
  `__pycache__` is ignored. python-hcl2 writes its grammar cache `hcl2/.lark_cache.bin` into
  site-packages the first time it parses after an install; such a lark grammar cache, created
  next to the code that uses it, is the one allowed write (see `_grammar_cache_created` and
  `test_second_hcl_lint_writes_nothing`).
* Determinism: the same input gives byte-identical output in every format, across runs, across
  PYTHONHASHSEED values, with the inputs given in another order, and with the lists and objects
  inside a plan shuffled.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import sysconfig
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tflint_vpc.testing import run_cli

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab", "markdown")


def _plans() -> list[Path]:
    found = [
        ROOT / "examples" / "hub-and-spoke.plan.json",
        ROOT / "fixtures" / "secrets" / "plan.json",
        *sorted((ROOT / "fixtures" / "plans").glob("*.json")),
        *sorted((ROOT / "fixtures" / "rules").glob("*/bad_*.json")),
    ]
    return [p for p in found if p.is_file()]


def _hcl_dirs() -> list[Path]:
    found = [
        ROOT / "examples" / "hub-and-spoke",
        ROOT / "fixtures" / "secrets" / "estate",
        *sorted(p for p in (ROOT / "fixtures" / "plans").iterdir() if p.is_dir()),
    ]
    return [p for p in found if any(p.glob("*.tf"))]


PLANS = _plans()
HCL_DIRS = _hcl_dirs()


def test_inputs_exist() -> None:
    assert len(PLANS) >= 3, PLANS
    assert len(HCL_DIRS) >= 2, HCL_DIRS


# --- network and processes ---------------------------------------------------------------------


class Forbidden(AssertionError):
    pass


@contextlib.contextmanager
def forbidden(
    monkeypatch: pytest.MonkeyPatch, *, allow_own_workers: bool = False
) -> Iterator[list[str]]:
    """Make every network and process-starting call fail, and record the attempts."""
    attempts: list[str] = []

    def refuse(name: str) -> Callable[..., object]:
        def call(*args: object, **kwargs: object) -> object:
            attempts.append(name)
            raise Forbidden(f"tfvpc called {name}")

        return call

    network = {
        "connect": socket.socket,
        "connect_ex": socket.socket,
        "sendto": socket.socket,
        "bind": socket.socket,
    }
    for name, owner in network.items():
        monkeypatch.setattr(owner, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    monkeypatch.setattr(subprocess, "Popen", refuse("subprocess.Popen"))
    programs = [
        "system",
        "popen",
        "posix_spawn",
        "posix_spawnp",
        "execv",
        "execve",
        "execvp",
        "execvpe",
        "execl",
        "execle",
        "execlp",
        "spawnv",
        "spawnve",
        "spawnvp",
        "spawnl",
    ]
    if not allow_own_workers:
        programs += ["fork", "forkpty"]
        import _posixsubprocess

        monkeypatch.setattr(_posixsubprocess, "fork_exec", refuse("_posixsubprocess.fork_exec"))
    for name in programs:
        if hasattr(os, name):
            monkeypatch.setattr(os, name, refuse(f"os.{name}"))
    yield attempts


def test_the_guards_catch_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guards themselves work: a connection, a name lookup and a program all fail."""
    with forbidden(monkeypatch) as attempts:
        with pytest.raises(Forbidden):
            socket.create_connection(("192.0.2.1", 443), timeout=0.1)
        with socket.socket() as sock, pytest.raises(Forbidden):
            sock.connect(("192.0.2.1", 443))
        with pytest.raises(Forbidden):
            subprocess.run(["true"], check=False)
        with pytest.raises(Forbidden):
            os.system("true")
    assert attempts == [
        "socket.create_connection",
        "socket.connect",
        "subprocess.Popen",
        "os.system",
    ]


def test_no_network_and_no_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [str(p) for p in [*PLANS, *HCL_DIRS]]
    with forbidden(monkeypatch) as attempts:
        results = [run_cli("lint", "--format", fmt, *paths) for fmt in FORMATS]
    assert attempts == []
    for result in results:
        assert result.code in (0, 1), result.stderr
        assert result.stderr == ""
    assert json.loads(results[1].stdout)["summary"]["inputs"] == len(paths)


def _many_hcl_files(root: Path, count: int = 20) -> Path:
    """A configuration of `count` files (enough for the loader's process pool) with a finding."""
    root.mkdir()
    (root / "vpcs.tf").write_text(
        'resource "aws_vpc" "a" {\n  cidr_block = "10.0.0.0/16"\n}\n'
        'resource "aws_vpc" "b" {\n  cidr_block = "10.0.128.0/17"\n}\n'
        'resource "aws_vpc_peering_connection" "ab" {\n'
        "  vpc_id      = aws_vpc.a.id\n  peer_vpc_id = aws_vpc.b.id\n}\n",
        encoding="utf-8",
    )
    for i in range(count - 1):
        (root / f"subnet_{i:02d}.tf").write_text(
            f'resource "aws_subnet" "s{i}" {{\n  vpc_id     = aws_vpc.a.id\n'
            f'  cidr_block = "10.0.{i}.0/24"\n}}\n',
            encoding="utf-8",
        )
    return root


def test_many_hcl_files_start_no_process_by_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = _many_hcl_files(tmp_path / "many")
    with forbidden(monkeypatch) as attempts:
        result = run_cli("lint", "--format", "json", "--select", "TFVPC001", str(root))
    assert attempts == []
    assert result.code == 1, result.stderr
    assert [f["rule_id"] for f in json.loads(result.stdout)["findings"]] == ["TFVPC001"]


def test_parse_workers_run_no_other_program(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = _many_hcl_files(tmp_path / "many")
    with forbidden(monkeypatch, allow_own_workers=True) as attempts:
        result = run_cli(
            "lint", "--parallel", "--format", "json", "--select", "TFVPC001", str(root)
        )
    assert attempts == []
    assert result.code == 1, result.stderr
    assert [f["rule_id"] for f in json.loads(result.stdout)["findings"]] == ["TFVPC001"]


# --- writes -------------------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime_ns) of every file under root, `__pycache__` and `.git` left out."""
    found: dict[str, tuple[int, int]] = {}
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = [d for d in subdirs if d not in ("__pycache__", ".git", ".hypothesis")]
        for name in files:
            path = os.path.join(directory, name)
            with contextlib.suppress(FileNotFoundError):
                st = os.lstat(path)
                found[path] = (st.st_size, st.st_mtime_ns)
    return found


def changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    return sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))


SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"])


def isolated_package(root: Path) -> Path:
    """A private copy of the linter's code under `root`, put first on PYTHONPATH by
    `_lint_in_subprocess`: writes into the package folder are seen there, and edits that other
    people make in the working tree meanwhile are not mistaken for the linter's."""
    target = root / "pkg"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "tflint_vpc", target / "tflint_vpc", ignore=ignore)
    shutil.copytree(ROOT / "rules", target / "tflint_vpc_rules", ignore=ignore)
    return target


def copy_inputs(root: Path) -> list[str]:
    """The plans and HCL directories, copied under `root` (so no one else touches them)."""
    for source in (*PLANS, *HCL_DIRS):
        target = root / source.relative_to(ROOT)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return [str(root / p.relative_to(ROOT)) for p in (*PLANS, *HCL_DIRS)]


def _environment(scratch: Path, hashseed: str, package: Path | None) -> dict[str, str]:
    home, tmp = scratch / "home", scratch / "tmp"
    home.mkdir(exist_ok=True)
    tmp.mkdir(exist_ok=True)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "TMPDIR": str(tmp),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PYTHONHASHSEED": hashseed,
        "PYTHONDONTWRITEBYTECODE": "1",
        "NO_COLOR": "1",
    }
    if package is not None:
        env["PYTHONPATH"] = str(package)
    return env


def _lint_in_subprocess(
    scratch: Path, args: list[str], hashseed: str = "0", package: Path | None = None
) -> str:
    env = _environment(scratch, hashseed, package)
    if package is not None:  # the copy, not the working tree, is what runs
        where = subprocess.run(
            [sys.executable, "-c", "import tflint_vpc, tflint_vpc_rules as r; print(r.__file__)"],
            cwd=scratch,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        assert Path(where.stdout.strip()).is_relative_to(package), where.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "tflint_vpc", "lint", *args],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    # --write-baseline says what it wrote (issue 14); nothing else goes to stderr
    lines = [ln for ln in proc.stderr.splitlines() if not ln.startswith("tfvpc: wrote ")]
    assert lines == [], proc.stderr
    return proc.stdout


def test_writes_only_the_requested_files(tmp_path: Path) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    package = isolated_package(tmp_path)
    paths = copy_inputs(tmp_path / "inputs")
    watched = [tmp_path, SITE_PACKAGES]
    before = {str(w): snapshot(w) for w in watched}

    _lint_in_subprocess(
        scratch,
        [
            *paths,
            "--format",
            "sarif",
            "--output",
            "report.sarif",
            "--format",
            "json=report.json",
            "--write-baseline",
            "baseline.json",
        ],
        package=package,
    )

    changed: list[str] = []
    for w in watched:
        changed += changes(before[str(w)], snapshot(w))
    expected = {str(scratch / "report.sarif"), str(scratch / "report.json")}
    expected.add(str(scratch / "baseline.json"))
    unexpected = [
        path
        for path in changed
        if path not in expected and not _grammar_cache_created(path, before, package)
    ]
    assert unexpected == []
    assert {str(scratch / "report.json"), str(scratch / "baseline.json")} <= set(changed)


def _grammar_cache_created(
    path: str, before: dict[str, dict[str, tuple[int, int]]], package: Path
) -> bool:
    """A lark grammar cache created next to the code that uses it (python-hcl2's own, or
    tfvpc's), where none was: a one-time write per installation. Never in the temp directory
    or the home directory: a cache there is a pickle anyone on the machine could plant."""
    if "lark_cache" not in os.path.basename(path):
        return False
    if not any(Path(path).is_relative_to(d) for d in (SITE_PACKAGES, package)):
        return False
    return all(path not in files for files in before.values())


def test_second_hcl_lint_writes_nothing(tmp_path: Path) -> None:
    """A grammar cache is written at most once per installation.

    Building the HCL grammar's parse tables takes 2-6 s on this machine, loading them from
    lark's cache 0.1-0.4 s, so a cache is worth keeping; but after the first run nothing at all
    may be written, anywhere.
    """
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    package = isolated_package(tmp_path)
    hcl = tmp_path / "hcl"
    shutil.copytree(HCL_DIRS[0], hcl)
    # the first run creates the grammar cache if needed
    _lint_in_subprocess(scratch, [str(hcl)], package=package)
    watched = [tmp_path, SITE_PACKAGES]
    before = {str(w): snapshot(w) for w in watched}
    _lint_in_subprocess(scratch, [str(hcl)], package=package)
    assert [c for w in watched for c in changes(before[str(w)], snapshot(w))] == []


# --- determinism --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_same_output(fmt: str) -> None:
    paths = [str(p) for p in [*PLANS, *HCL_DIRS]]
    first = run_cli("lint", "--format", fmt, *paths)
    second = run_cli("lint", "--format", fmt, *paths)
    assert first.code in (0, 1), first.stderr
    assert first == second


@pytest.mark.parametrize("fmt", ["json", "text", "sarif"])
def test_input_order_does_not_change_the_output(fmt: str) -> None:
    paths = [str(p) for p in [*PLANS, *HCL_DIRS]]
    forward = run_cli("lint", "--format", fmt, *paths)
    backward = run_cli("lint", "--format", fmt, *reversed(paths))
    shuffled = list(paths)
    random.Random(7).shuffle(shuffled)
    mixed = run_cli("lint", "--format", fmt, *shuffled)
    assert forward.code == 1, forward.stderr
    assert forward == backward == mixed


def _shuffle_plan(value: object, rng: random.Random, key: str = "") -> object:
    """The same plan with every list whose order carries no meaning, and every object's keys,
    in another order. Lists inside attribute values (`after`, `values`, ...) keep their order:
    there it can be meaningful (e.g. `subnet_ids` positions, route blocks)."""
    if isinstance(value, dict):
        items = list(value.items())
        rng.shuffle(items)
        if key in ("after", "before", "values", "after_unknown", "after_sensitive"):
            return dict(items)
        if key in ("before_sensitive", "sensitive_values", "expressions", "constant_value"):
            return dict(items)
        return {k: _shuffle_plan(v, rng, k) for k, v in items}
    if isinstance(value, list):
        unordered = key in ("resource_changes", "resources", "child_modules", "resource_drift")
        elements = [_shuffle_plan(v, rng, "") for v in value]
        if unordered:
            rng.shuffle(elements)
        return elements
    return value


def test_shuffled_plan_gives_the_same_findings(tmp_path: Path) -> None:
    for plan_path in PLANS:
        plan = json.loads(plan_path.read_text(encoding="utf-8"))
        expected = run_cli("lint", "--format", "json", str(plan_path))
        for seed in range(3):
            shuffled = tmp_path / f"shuffled_{seed}" / plan_path.name
            shuffled.parent.mkdir(exist_ok=True)
            shuffled.write_text(json.dumps(_shuffle_plan(plan, random.Random(seed))))
            got = run_cli("lint", "--format", "json", str(shuffled))
            assert got.code == expected.code, (plan_path, got.stderr)
            assert _without_source(got.stdout) == _without_source(expected.stdout), plan_path


def _without_source(report: str) -> object:
    document = json.loads(report)
    for finding in document["findings"]:
        finding.pop("source")
    return document


def test_hash_seed_does_not_change_the_output(tmp_path: Path) -> None:
    """Set and dict-of-set iteration order depends on PYTHONHASHSEED for strings."""
    paths = copy_inputs(tmp_path / "inputs")
    outputs = {
        seed: _lint_in_subprocess(tmp_path, [*paths, "--format", "sarif"], seed)
        for seed in ("0", "1", "12345")
    }
    assert len(set(outputs.values())) == 1
