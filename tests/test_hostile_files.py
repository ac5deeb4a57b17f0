"""Hostile files and a hostile output channel (issue 18): every case ends in one line or quietly.

FIFOs and devices where a file is expected, deep or huge-integer TOML and JSON, a closed or full
stdout, two reports sent to one file, and messages carrying newlines. Cases that hung or ran out
of memory before run in a subprocess with a timeout and an address-space limit, so a regression
fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tflint_vpc.errors import InputError
from tflint_vpc.files import read_bytes
from tflint_vpc.testing import run_cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_PLAN = ROOT / "examples" / "hub-and-spoke.plan.json"
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")

# Two VPCs peered; `b_cidr` decides whether they overlap (TFVPC001).
PEERED_HCL = """
variable "b_cidr" {
  type    = string
  default = "10.1.0.0/16"
}
resource "aws_vpc" "a" { cidr_block = "10.0.0.0/16" }
resource "aws_vpc" "b" { cidr_block = var.b_cidr }
resource "aws_vpc_peering_connection" "ab" {
  vpc_id      = aws_vpc.a.id
  peer_vpc_id = aws_vpc.b.id
}
"""


def _limit_memory() -> None:
    # /dev/zero read to the end would take all memory; 1 GiB of address space fails fast.
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def tfvpc(
    *args: str, cwd: Path | None = None, timeout: float = 60, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    """`tfvpc ARGS` in a child process: bounded in time and memory."""
    if "stdout" not in kwargs:
        kwargs["stdout"] = kwargs["stderr"] = subprocess.PIPE
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "tflint_vpc", *args],
        cwd=cwd,
        check=False,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
        **kwargs,
    )


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("tfvpc: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- 1. only regular files are read ----------------------------------------------------------


@POSIX
def test_fifo_named_terraform_tfvars_is_one_error_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PEERED_HCL)
    os.mkfifo(tmp_path / "terraform.tfvars")
    run = tfvpc("lint", str(tmp_path))
    assert run.returncode == 2
    line = one_error_line(run.stderr)
    assert "terraform.tfvars: is a FIFO (named pipe), expected a regular file" in line


@POSIX
def test_fifo_named_modules_json_is_skipped_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PEERED_HCL)
    (tmp_path / ".terraform" / "modules").mkdir(parents=True)
    os.mkfifo(tmp_path / ".terraform" / "modules" / "modules.json")
    run = tfvpc("lint", str(tmp_path))
    assert (run.returncode, run.stderr) == (0, "")


def test_terraform_tfvars_that_is_a_directory_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PEERED_HCL)
    (tmp_path / "terraform.tfvars").mkdir()
    run = run_cli("lint", str(tmp_path))
    assert run.code == 2
    assert "terraform.tfvars: is a directory, expected a regular file" in one_error_line(run.stderr)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ((), "tfvpc: error: /dev/zero: is a character device, expected a regular file"),
        (
            ("--baseline", "/dev/zero"),
            (
                "tfvpc: error: /dev/zero: cannot read baseline: is a character device, "
                "expected a regular file"
            ),
        ),
        (
            ("--config", "/dev/zero"),
            (
                "tfvpc: error: /dev/zero: cannot read configuration: is a character device, "
                "expected a regular file"
            ),
        ),
    ],
    ids=["plan", "baseline", "config"],
)
def test_dev_zero_is_refused_before_it_is_read(option: tuple[str, ...], expected: str) -> None:
    plan = "/dev/zero" if not option else str(EXAMPLE_PLAN)
    run = tfvpc("lint", plan, *option)
    assert run.returncode == 2
    assert one_error_line(run.stderr) == expected


@POSIX
def test_var_file_may_be_a_pipe_process_substitution(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(PEERED_HCL)
    assert tfvpc("lint", str(tmp_path)).returncode == 0  # disjoint by default
    read_end, write_end = os.pipe()
    os.write(write_end, b'b_cidr = "10.0.128.0/17"\n')
    os.close(write_end)
    try:
        run = tfvpc(
            "lint", str(tmp_path), "--var-file", f"/dev/fd/{read_end}", pass_fds=(read_end,)
        )
    finally:
        os.close(read_end)
    assert run.returncode == 1, run.stderr
    assert "TFVPC001" in run.stdout and "10.0.128.0/17" in run.stdout


def test_auxiliary_files_are_read_with_a_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.tfvars"
    big.write_bytes(b"#" * 101)
    with pytest.raises(InputError, match="is too large"):
        read_bytes(str(big), limit=100)
    assert read_bytes(str(big), limit=101) == b"#" * 101
    read_end, write_end = os.pipe()
    os.write(write_end, b"#" * 101)
    os.close(write_end)
    try:  # a pipe has no size to check up front: the limit stops the read itself
        with pytest.raises(InputError, match="is too large"):
            read_bytes(f"/dev/fd/{read_end}", limit=100, allow_pipe=True)
    finally:
        os.close(read_end)


DEEP_TOML = "a = " + "[" * 5000 + "]" * 5000 + "\n"
BIG_INT_TOML = "a = " + "9" * 5000 + "\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [(DEEP_TOML, "nested too deeply"), (BIG_INT_TOML, "a number too long")],
    ids=["deep", "big-integer"],
)
def test_deep_or_big_integer_toml_config_is_one_clean_line(
    tmp_path: Path, text: str, reason: str
) -> None:
    config = tmp_path / "tfvpc.toml"
    config.write_text(text)
    run = run_cli("lint", str(EXAMPLE_PLAN), "--config", str(config))
    assert run.code == 2
    assert one_error_line(run.stderr) == f"tfvpc: error: {config}: invalid TOML: {reason} to read"


@pytest.mark.parametrize("text", [DEEP_TOML, BIG_INT_TOML], ids=["deep", "big-integer"])
def test_unrelated_pathological_pyproject_in_a_parent_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(text)
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    run = run_cli("lint", str(EXAMPLE_PLAN), "--fail-on", "never")
    assert (run.code, run.stderr) == (0, "")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "baseline JSON is nested too deeply to read"),
        ('{"version": ' + "1" * 5000 + "}", "baseline JSON contains a number too long to read"),
    ],
    ids=["deep", "big-integer"],
)
def test_deep_or_big_integer_baseline_is_one_clean_line(
    tmp_path: Path, text: str, reason: str
) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text(text)
    run = run_cli("lint", str(EXAMPLE_PLAN), "--baseline", str(baseline))
    assert run.code == 2
    assert one_error_line(run.stderr) == f"tfvpc: error: {baseline}: {reason}"


# --- 2. exit 2 is one stderr line; stdout that cannot be written ------------------------------


def test_exit_2_is_one_line_with_a_notice_and_several_errors(tmp_path: Path) -> None:
    newer = tmp_path / "newer.json"  # a newer format minor: a notice
    text = EXAMPLE_PLAN.read_text()
    assert text.startswith('{"format_version":"1.2"')
    newer.write_text(text.replace('"format_version":"1.2"', '"format_version":"1.9"', 1))
    assert run_cli("lint", str(newer), "--fail-on", "never").stderr.startswith("tfvpc: notice:")
    run = run_cli("lint", str(newer), str(tmp_path / "a.json"), str(tmp_path / "b.json"))
    assert run.code == 2
    line = one_error_line(run.stderr)
    assert line.endswith("a.json: no such file (and 1 more input error)")


@pytest.mark.parametrize(
    "args",
    [
        ("--select", "TFVPC001\nfake finding line"),
        ("{tmp}/no\nsuch\x1b[2K.json",),
        ("--config", "{tmp}/bad.toml"),
    ],
    ids=["selector", "path", "config-key"],
)
def test_newlines_and_control_characters_in_errors_are_escaped(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    (tmp_path / "bad.toml").write_text('"select\\nfake" = 1\n')
    argv = [a.format(tmp=tmp_path) for a in args]
    if argv[0].startswith("--"):
        argv.insert(0, str(EXAMPLE_PLAN))
    run = run_cli("lint", *argv)
    assert run.code == 2
    line = one_error_line(run.stderr)
    assert "\x1b" not in line and "\\n" in line


@POSIX
def test_closed_stdout_exits_quietly() -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # `| head -0`, already gone: every write is EPIPE
    try:
        run = tfvpc("lint", str(EXAMPLE_PLAN), stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert (run.returncode, run.stderr) == (128 + 13, "")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_on_stdout_is_one_line() -> None:
    with open("/dev/full", "w") as full:
        run = tfvpc("lint", str(EXAMPLE_PLAN), stdout=full, stderr=subprocess.PIPE)
    assert run.returncode == 2
    assert one_error_line(run.stderr) == (
        "tfvpc: error: cannot write the report to stdout: No space left on device"
    )


# --- 4. two formats to one file ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [("out.txt", "out.txt"), ("out.txt", "./sub/../out.txt"), ("out.txt", "{tmp}/link.txt")],
    ids=["same", "dot-dot", "symlink"],
)
def test_two_formats_to_one_file_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str, second: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.txt").symlink_to(tmp_path / "out.txt")
    second = second.format(tmp=tmp_path)
    run = run_cli("lint", str(EXAMPLE_PLAN), "-f", f"json={first}", "-f", f"sarif={second}")
    assert run.code == 2
    assert one_error_line(run.stderr) == (
        f"tfvpc: error: --format json and --format sarif both write {second}"
    )
    assert not (tmp_path / "out.txt").exists()  # refused before anything was written


def test_a_fifo_that_takes_the_name_of_a_tf_file_is_an_error_of_that_file(tmp_path: Path) -> None:
    """Listing skips non-regular files; one that appears between listing and reading is read
    through the regular-file check, so it is an error of its own and never blocks."""
    from tflint_vpc.hcl.parse import HclSyntaxError, read_text

    fifo = tmp_path / "main.tf"
    os.mkfifo(fifo)
    with pytest.raises(HclSyntaxError, match="regular file"):
        read_text(str(fifo))
