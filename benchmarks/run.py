"""Time `tfvpc lint` against the JSON-parse floor and checkov, on plans of 10 to 10,000 VPCs.

    .venv/bin/python benchmarks/run.py                 # all sizes, checkov if on PATH
    .venv/bin/python benchmarks/run.py --sizes 10,100 --markdown out.md \
        --checkov /tmp/checkov-venv/bin/checkov

For every size the plan is made once by generate_plan.py (cached in --work, keyed by the
generator's and the shape plan's content), then, on that same file, every measurement runs in a
fresh process so that each has its own peak memory (the `ru_maxrss` that `os.wait4` returns for
that child):
- floor: a child that reads the file and `json.loads` it; the time is measured inside the child
  around read + parse, so it excludes interpreter start-up (the floor is the parse, nothing else);
- tfvpc: `tfvpc lint PLAN` as a whole process (wall clock from spawn to exit, start-up included),
  report to /dev/null; one extra `--format json` run checks the findings against the planted ones;
- checkov: `checkov -f PLAN --framework terraform_plan --skip-download` as a whole process, with
  a time limit; sizes above the first one it does not finish in are skipped.
Plus start-up (`tfvpc --version`) and the HCL front end on 200 files (benchmarks/hcl_200_files.py).

Every number is the median of --repeat runs (checkov: --checkov-repeat, 1 when a run is long).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import math
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
GENERATOR = HERE / "generate_plan.py"
SHAPE_PLAN = HERE / "shape" / "plan.json"
HCL_BENCH = HERE / "hcl_200_files.py"
DEFAULT_SIZES = (10, 100, 1000, 10000)

HCL_MAKER = """
import importlib.util, sys
from pathlib import Path
spec = importlib.util.spec_from_file_location("hcl_200_files", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
print(module.generate(Path(sys.argv[2]), 200))
"""

FLOOR_CHILD = """
import gc, json, sys, time
if sys.argv[2] == "paused":
    gc.disable()  # the parse without the cyclic collector's passes over the growing tree
wall, cpu = time.perf_counter(), time.process_time()
with open(sys.argv[1], "rb") as f:
    doc = json.loads(f.read())
print(time.perf_counter() - wall, time.process_time() - cpu, len(doc.get("resource_changes", [])))
"""


@dataclass(frozen=True)
class Run:
    """One child process: wall-clock and CPU seconds, peak RSS in MiB, exit status, stdout."""

    seconds: float
    cpu: float  # user + system, the child and its waited-for children
    peak_mib: float
    status: int
    stdout: str
    timed_out: bool = False


def _measure_here(cmd: Sequence[str], timeout: float | None, cwd: str | None) -> Run:
    """Run `cmd` to the end (or kill its process group at `timeout`), with its own rusage."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=cwd, start_new_session=True
        )
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        _, wait_status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if timer:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(wait_status)  # reaped here, not by Popen
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    # Linux reports ru_maxrss in KiB (macOS in bytes).
    peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, peak, proc.returncode, stdout, killed.is_set())


class Launcher:
    """A small process that starts every measured command, so that peak memory is theirs.

    Linux copies a process's peak RSS into the children it forks and keeps it across exec, so a
    child's `ru_maxrss` is at least its parent's peak. This runner's own peak would show up in
    every child's; the launcher starts before the runner grows and never grows itself.
    """

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--launcher"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def measure(self, cmd: Sequence[str], timeout: float | None, cwd: Path | None) -> Run:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        request = {"cmd": list(cmd), "timeout": timeout, "cwd": None if cwd is None else str(cwd)}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return Run(**json.loads(self.proc.stdout.readline()))

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait()


def launcher_main() -> int:
    for line in sys.stdin:
        request = json.loads(line)
        run = _measure_here(request["cmd"], request["timeout"], request["cwd"])
        print(json.dumps(run.__dict__), flush=True)
    return 0


_LAUNCHER: list[Launcher] = []


def measure(cmd: Sequence[str], timeout: float | None = None, cwd: Path | None = None) -> Run:
    """Measure `cmd` in a fresh process started by the launcher (see Launcher)."""
    if not _LAUNCHER:
        _LAUNCHER.append(Launcher())
    return _LAUNCHER[0].measure(cmd, timeout, cwd)


@dataclass
class Series:
    """Repeated measurements of one command on one input."""

    runs: list[Run] = field(default_factory=list)
    inner: list[tuple[float, float]] = field(default_factory=list)  # (wall, CPU) from the child
    reused: str = ""  # when the runs were measured, if saved by an earlier benchmark run

    @property
    def seconds(self) -> float:
        return statistics.median([w for w, _ in self.inner] or [r.seconds for r in self.runs])

    @property
    def cpu(self) -> float:
        return statistics.median([c for _, c in self.inner] or [r.cpu for r in self.runs])

    @property
    def peak_mib(self) -> float:
        return max(r.peak_mib for r in self.runs)


def tfvpc_command(explicit: str | None) -> list[str]:
    """The installed console script beside this interpreter, else on PATH, else `-m`."""
    if explicit:
        return explicit.split()
    beside = Path(sys.executable).parent / "tfvpc"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("tfvpc")
    return [found] if found else [sys.executable, "-m", "tflint_vpc"]


def checkov_command(explicit: str | None) -> list[str] | None:
    if explicit:
        return [explicit]
    found = shutil.which("checkov")
    return [found] if found else None


def plan_for(vpcs: int, work: Path) -> tuple[Path, dict[str, int]]:
    """The generated plan of `vpcs` VPCs and its planted findings, made once per generator."""
    digest = hashlib.sha256(GENERATOR.read_bytes() + SHAPE_PLAN.read_bytes()).hexdigest()[:12]
    path = work / f"plan-{vpcs}-{digest}.json"
    expected = path.with_suffix(".expected.json")
    if not (path.exists() and expected.exists()):
        subprocess.run([sys.executable, str(GENERATOR), "--vpcs", str(vpcs), str(path)], check=True)
    return path, json.loads(expected.read_text())["findings"]


@dataclass
class SizeResult:
    vpcs: int
    resources: int
    mib: float
    floor: Series
    floor_paused: Series  # json.loads with the cyclic garbage collector paused
    tfvpc: Series
    findings_ok: bool
    findings: dict[str, int]
    expected: dict[str, int]
    checkov: Series | None = None
    checkov_note: str = ""


def bench_size(
    vpcs: int,
    work: Path,
    tfvpc: list[str],
    checkov: list[str] | None,
    repeat: int,
    checkov_repeat: int,
    checkov_timeout: float,
    log: bool,
    reuse_checkov: bool = False,
) -> SizeResult:
    plan, expected = plan_for(vpcs, work)
    floor, paused, lint = Series(), Series(), Series()
    for _ in range(repeat):  # interleaved, so that load on the machine hits all alike
        for series, gc_mode in ((floor, "collecting"), (paused, "paused")):
            run = measure([sys.executable, "-c", FLOOR_CHILD, str(plan), gc_mode])
            series.runs.append(run)
            wall, cpu, resources = run.stdout.split()
            series.inner.append((float(wall), float(cpu)))
        lint.runs.append(measure([*tfvpc, "lint", str(plan)]))
    statuses = {r.status for r in lint.runs}
    if not statuses <= {0, 1}:
        raise SystemExit(f"tfvpc lint failed on {plan} (exit status {statuses})")
    report = measure([*tfvpc, "lint", "--format", "json", str(plan)])
    found = Counter(d["rule_id"] for d in json.loads(report.stdout)["findings"])
    result = SizeResult(
        vpcs=vpcs,
        resources=int(resources),
        mib=plan.stat().st_size / 2**20,
        floor=floor,
        floor_paused=paused,
        tfvpc=lint,
        findings_ok=dict(found) == expected,
        findings=dict(found),
        expected=expected,
    )
    if checkov is not None:
        result.checkov, result.checkov_note = run_checkov(
            checkov, plan, work, checkov_repeat, checkov_timeout, reuse_checkov
        )
    if log:
        print(f"  {vpcs} VPCs: {row_text(result)}", file=sys.stderr)
    return result


def run_checkov(
    checkov: list[str], plan: Path, work: Path, repeat: int, timeout: float, reuse: bool
) -> tuple[Series | None, str]:
    """checkov's runs on `plan` (or the note of why there are none), saved beside the plan.

    checkov does not change when tfvpc does, so `--reuse-checkov` takes the saved runs of the
    same plan instead of spending minutes on them again.
    """
    content = hashlib.sha256(plan.read_bytes()).hexdigest()[:16]
    saved = work / f"checkov-{content}.json"  # by content: the same plan, whatever its name
    if reuse and saved.exists():
        record = json.loads(saved.read_text())
        runs = [Run(r["seconds"], r["cpu"], r["peak_mib"], 0, "") for r in record["runs"]]
        note = f"{record['note']} (measured {record['when']}, reused)".strip()
        return (Series(runs, reused=record["when"]) if runs else None), note
    series = Series()
    note = ""
    for i in range(repeat):
        run = measure(
            [
                *checkov,
                "-f",
                str(plan),
                "--framework",
                "terraform_plan",
                "--skip-download",
                "--quiet",
                "--compact",
            ],
            timeout=timeout,
            cwd=work,
        )
        if run.timed_out:
            note = f"> {timeout:.0f} s (killed)"
            series = Series()
            break
        series.runs.append(run)
        if i == 0 and run.seconds > 60:
            break  # one run of a long measurement is enough
    record = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "note": note,
        "runs": [{"seconds": r.seconds, "cpu": r.cpu, "peak_mib": r.peak_mib} for r in series.runs],
    }
    saved.write_text(json.dumps(record, indent=1) + "\n")
    return (series if series.runs else None), note


def row_text(r: SizeResult) -> str:
    ck = (
        f"checkov {r.checkov.seconds:.2f}s/{r.checkov.cpu:.2f}s CPU"
        if r.checkov
        else f"checkov {r.checkov_note or '-'}"
    )
    return (
        f"floor {r.floor.seconds:.3f}s/{r.floor.cpu:.3f}s CPU "
        f"tfvpc {r.tfvpc.seconds:.3f}s/{r.tfvpc.cpu:.3f}s CPU "
        f"({r.tfvpc.seconds / r.floor.seconds:.1f}x, CPU {r.tfvpc.cpu / r.floor.cpu:.1f}x) {ck} "
        f"findings {'ok' if r.findings_ok else 'WRONG'}"
    )


def startup(tfvpc: list[str], repeat: int) -> Series:
    series = Series()
    for _ in range(repeat):
        series.runs.append(measure([*tfvpc, "--version"]))
    return series


@dataclass
class HclResult:
    note: str
    instances: str = ""
    lint: Series | None = None


def hcl_front_end(tfvpc: list[str], repeat: int, work: Path) -> HclResult:
    """`tfvpc lint DIR` on hcl_200_files.py's 200 files, and that script's own timings."""
    if not HCL_BENCH.exists():
        return HclResult("benchmarks/hcl_200_files.py not written yet: skipped")
    directory = work / "hcl-200"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir()
    # in a child: importing the script imports tfvpc, and this process must stay small
    made = measure([sys.executable, "-c", HCL_MAKER, str(HCL_BENCH), str(directory)])
    lines = int(made.stdout.strip())
    series = Series()
    for _ in range(repeat):
        series.runs.append(measure([*tfvpc, "lint", str(directory)]))
    if not {r.status for r in series.runs} <= {0, 1}:
        return HclResult(f"tfvpc lint failed on {directory}")
    own = measure([sys.executable, str(HCL_BENCH), "--repeat", "1"])
    note = "; ".join(own.stdout.strip().splitlines()[1:]) if own.status == 0 else "failed"
    return HclResult(note, f"{lines:,} lines", series)


def growth(results: list[SizeResult], start: float) -> list[str]:
    """Time per VPC, and the growth exponent between sizes, start-up subtracted."""
    notes = []
    for a, b in itertools.pairwise(results):
        ta, tb = a.tfvpc.seconds - start, b.tfvpc.seconds - start
        if ta <= 0.05 or tb <= 0:
            continue  # below start-up noise: an exponent would mean nothing
        k = math.log(tb / ta) / math.log(b.vpcs / a.vpcs)
        nlogn = 1 + math.log(math.log(b.vpcs) / math.log(a.vpcs)) / math.log(b.vpcs / a.vpcs)
        verdict = "ok" if k <= nlogn + 0.05 else "WORSE than n log n"
        notes.append(
            f"{a.vpcs} -> {b.vpcs} VPCs: time grows as n^{k:.2f} "
            f"(n log n here: n^{nlogn:.2f}): {verdict}"
        )
    return notes


def _ratio(a: float, b: float, digits: int = 2) -> str:
    return f"{a / b:.{digits}f}x" if b > 0 else "-"


def markdown(
    results: list[SizeResult],
    start: Series,
    hcl: HclResult,
    env: dict[str, str],
    command: str,
) -> str:
    lines = [
        "Wall clock (medians):",
        "",
        (
            "| VPCs | resources | plan MiB | json.loads (floor) | tfvpc lint | tfvpc / floor "
            "| checkov | checkov / tfvpc | tfvpc µs / VPC | findings |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|",
    ]
    for r in results:
        ck = r.checkov
        lines.append(
            f"| {r.vpcs:,} | {r.resources:,} | {r.mib:.1f} | {r.floor.seconds:.3f} s "
            f"| {r.tfvpc.seconds:.3f} s | {_ratio(r.tfvpc.seconds, r.floor.seconds)} "
            f"| {f'{ck.seconds:.2f} s' if ck else r.checkov_note or 'not run'} "
            f"| {_ratio(ck.seconds, r.tfvpc.seconds, 0) if ck else '-'} "
            f"| {r.tfvpc.seconds / r.vpcs * 1e6:,.0f} "
            f"| {'as planted' if r.findings_ok else 'WRONG'} {fmt_counts(r.findings)} |"
        )
    lines += [
        "",
        (
            "CPU time (user + system, medians) and peak memory (max RSS). The last two columns "
            "show how much of the floor is the cyclic garbage collector's passes over the tree "
            "that `json.loads` builds (tfvpc pauses it while parsing):"
        ),
        "",
        (
            "| VPCs | json.loads CPU | tfvpc CPU | tfvpc / floor | checkov CPU | checkov / tfvpc "
            "| json.loads MiB | tfvpc MiB | checkov MiB | json.loads, GC paused | tfvpc / that |"
        ),
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        ck = r.checkov
        lines.append(
            f"| {r.vpcs:,} | {r.floor.cpu:.3f} s | {r.tfvpc.cpu:.3f} s "
            f"| {_ratio(r.tfvpc.cpu, r.floor.cpu)} "
            f"| {f'{ck.cpu:.2f} s' if ck else '-'} "
            f"| {_ratio(ck.cpu, r.tfvpc.cpu, 0) if ck else '-'} "
            f"| {r.floor.peak_mib:.0f} | {r.tfvpc.peak_mib:.0f} "
            f"| {f'{ck.peak_mib:.0f}' if ck else '-'} "
            f"| {r.floor_paused.cpu:.3f} s | {_ratio(r.tfvpc.cpu, r.floor_paused.cpu)} |"
        )
    lines += [
        "",
        (
            f"- Start-up, `tfvpc --version`: {start.seconds * 1000:.0f} ms wall, "
            f"{start.cpu * 1000:.0f} ms CPU, peak {start.peak_mib:.0f} MiB."
        ),
    ]
    if hcl.lint is not None:
        lines.append(
            f"- HCL front end, 200 files (`benchmarks/hcl_200_files.py`'s estate, "
            f"{hcl.instances}): `tfvpc lint DIR` {hcl.lint.seconds:.2f} s wall, "
            f"{hcl.lint.cpu:.2f} s CPU, peak {hcl.lint.peak_mib:.0f} MiB. "
            f"In process: {hcl.note}."
        )
    else:
        lines.append(f"- HCL front end on 200 files: {hcl.note}.")
    reused = [
        f"{r.vpcs:,} VPCs at {r.checkov.reused}" for r in results if r.checkov and r.checkov.reused
    ]
    if reused:
        lines.append(
            "- checkov was not rerun (`--reuse-checkov`): its runs on the same plans were "
            f"measured earlier ({'; '.join(reused)})."
        )
    for note_line in growth(results, start.seconds):
        lines.append(f"- Growth {note_line}.")
    lines += [
        "",
        (
            "Every measurement is a fresh process on the same file, runs interleaved. The floor is "
            "read + `json.loads`, timed inside its process (no interpreter start-up); tfvpc and "
            "checkov are whole processes (start-up included), report to /dev/null. Peak memory is "
            "the process's `ru_maxrss` (for checkov, its largest process). checkov runs with "
            "`--skip-download` (no network). The machine is shared: wall clock suffers from other "
            "load, CPU time much less."
        ),
        "",
        f"Machine: {env['machine']}.",
        "",
        f"Reproduce: `{command}`",
    ]
    return "\n".join(lines) + "\n"


def fmt_counts(counts: dict[str, int]) -> str:
    return "(" + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + ")"


def environment(tfvpc: list[str], checkov: list[str] | None) -> dict[str, str]:
    def version(cmd: list[str]) -> str:
        try:
            out = subprocess.run(
                cmd, check=False, capture_output=True, text=True, timeout=120
            ).stdout
        except (OSError, subprocess.TimeoutExpired):
            return "?"
        return out.strip().splitlines()[-1] if out.strip() else "?"

    ck = f", checkov {version([*checkov, '--version'])}" if checkov else ", no checkov"
    return {
        "machine": f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, {version([*tfvpc, '--version'])}{ck}",
    }


def main(argv: list[str] | None = None) -> int:
    if (argv if argv is not None else sys.argv[1:]) == ["--launcher"]:
        return launcher_main()
    _LAUNCHER.append(Launcher())  # first, while this process is small
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--checkov", help="checkov executable (default: `checkov` on PATH)")
    parser.add_argument("--no-checkov", action="store_true")
    parser.add_argument("--checkov-repeat", type=int, default=3)
    parser.add_argument("--checkov-timeout", type=float, default=900.0)
    parser.add_argument(
        "--reuse-checkov",
        action="store_true",
        help="take checkov's saved runs of the same plans from --work instead of rerunning it",
    )
    parser.add_argument("--tfvpc", help="tfvpc command (default: the installed console script)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "tfvpc-bench")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    args = parser.parse_args(argv)

    sizes = [int(s) for s in args.sizes.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    tfvpc = tfvpc_command(args.tfvpc)
    checkov = None if args.no_checkov else checkov_command(args.checkov)
    env = environment(tfvpc, checkov)
    print(f"# {env['machine']}", file=sys.stderr)

    start = startup(tfvpc, max(args.repeat, 10))
    results: list[SizeResult] = []
    checkov_gave_up = ""
    for vpcs in sizes:
        if checkov is not None and results and results[-1].checkov is not None:
            # checkov grows at least linearly: skip a size it cannot finish in the time limit
            previous = results[-1]
            assert previous.checkov is not None
            predicted = previous.checkov.seconds * vpcs / previous.vpcs
            if predicted > args.checkov_timeout:
                checkov_gave_up = (
                    f"not run (> {predicted:.0f} s predicted from {previous.vpcs:,} VPCs; "
                    f"limit {args.checkov_timeout:.0f} s)"
                )
                checkov = None
        result = bench_size(
            vpcs,
            args.work,
            tfvpc,
            checkov,
            args.repeat,
            args.checkov_repeat,
            args.checkov_timeout,
            log=True,
            reuse_checkov=args.reuse_checkov,
        )
        if checkov_gave_up:
            result.checkov_note = checkov_gave_up
        elif checkov is not None and result.checkov is None:
            # it did not finish this size: it will not finish the larger ones
            checkov_gave_up = f"not run (> {args.checkov_timeout:.0f} s at {vpcs:,} VPCs)"
            checkov = None
        results.append(result)
    hcl = hcl_front_end(tfvpc, args.repeat, args.work)

    command = "python benchmarks/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = markdown(results, start, hcl, env, command.strip())
    sys.stdout.write(text)
    print(targets(results, start), file=sys.stderr)
    if args.markdown:
        args.markdown.write_text(text + "\n" + targets(results, start) + "\n", encoding="utf-8")
    return 0 if all(r.findings_ok for r in results) else 1


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def targets(results: list[SizeResult], start: Series) -> str:
    """The issue's targets, met or missed, on wall clock (the target) and on CPU time."""
    lines = ["Targets (issue 6), wall clock / CPU time:"]
    lines.append(
        f"- start-up < 0.2 s: {start.seconds:.3f} s / {start.cpu:.3f} s: "
        f"{_verdict(start.seconds < 0.2)} / {_verdict(start.cpu < 0.2)}"
    )
    r = results[-1]
    wall, cpu = r.tfvpc.seconds / r.floor.seconds, r.tfvpc.cpu / r.floor.cpu
    lines.append(
        f"- {r.vpcs:,} VPCs, tfvpc <= 3x json.loads: {wall:.2f}x / {cpu:.2f}x: "
        f"{_verdict(wall <= 3)} / {_verdict(cpu <= 3)}"
    )
    with_checkov = [r for r in results if r.checkov]
    if with_checkov:
        r = with_checkov[-1]
        assert r.checkov is not None
        wall, cpu = r.checkov.seconds / r.tfvpc.seconds, r.checkov.cpu / r.tfvpc.cpu
        lines.append(
            f"- >= 20x faster than checkov at its largest finished size ({r.vpcs:,} VPCs): "
            f"{wall:.0f}x / {cpu:.0f}x: {_verdict(wall >= 20)} / {_verdict(cpu >= 20)}"
        )
    else:
        lines.append("- checkov: not measured")
    worse = [n for n in growth(results, start.seconds) if "WORSE" in n]
    lines.append(f"- growth no worse than n log n: {_verdict(not worse)}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
