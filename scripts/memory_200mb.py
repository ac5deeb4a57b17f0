"""Peak memory of `tfvpc lint` on a ~200 MB plan, against the file size and `json.loads` alone.

    python scripts/memory_200mb.py [--size-mb 200] [--keep PATH] [--tracemalloc]

Generates a realistic plan (benchmarks/generate_plan.py: hub-and-spoke estates cut from a real
Terraform plan, every resource created, links only through `configuration` references) of about
`--size-mb` MB, then runs, each in a fresh process so that each has its own peak:

* `python -c pass`: the interpreter alone;
* `json.loads` of the file read as bytes: the standard library's floor;
* `python -m tflint_vpc lint PLAN --format json > /dev/null`: the whole linter.

Peak memory is the child's `ru_maxrss` from `os.wait4` (the child's own rusage; the
`RUSAGE_CHILDREN` total would be the maximum over every child waited for so far). The target
(issue 7) is a peak of at most 8x the file size. With `--tracemalloc`, the lint also runs
in-process under tracemalloc and the top allocation sites at the peak are printed (slow: about
3x the time and 1.5x the memory).
Exit status: 0 when the target is met, 1 when not.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_RATIO = 8.0
BYTES_PER_VPC = 18_400  # generate_plan.py output, measured at 200 VPCs
MAX_VPCS = 16_000  # generate_plan.py gives every VPC its own /22 of 10.0.0.0/8 (16,384)


@dataclass(frozen=True)
class Measure:
    label: str
    peak_bytes: int
    wall: float
    cpu: float
    status: int


def measure(label: str, argv: list[str], stdout: Path | None = None) -> Measure:
    """Run `argv` and return its own peak RSS (stderr goes to a file: no pipe to fill up)."""
    with tempfile.TemporaryFile() as err, open(stdout or os.devnull, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, cwd=ROOT)
        _, wait_status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(wait_status)  # already reaped by wait4
        if proc.returncode not in (0, 1):
            err.seek(0)
            message = err.read().decode(errors="replace")
            sys.exit(f"{label} failed with status {proc.returncode}:\n{message}")
    # Linux reports ru_maxrss in KiB, macOS in bytes
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Measure(label, peak, wall, usage.ru_utime + usage.ru_stime, proc.returncode)


def generate(path: Path, size_mb: float) -> int:
    """Write the plan from a separate process: this one must stay small, because a child's
    `ru_maxrss` starts from the RSS of the process that forked it."""
    vpcs = min(MAX_VPCS, max(2, round(size_mb * 1e6 / BYTES_PER_VPC)))
    generator = ROOT / "benchmarks" / "generate_plan.py"
    subprocess.run([sys.executable, str(generator), "--vpcs", str(vpcs), str(path)], check=True)
    return vpcs


def top_allocations(path: Path, limit: int = 15) -> None:
    """Run the lint in-process under tracemalloc; print the biggest live allocations at the
    peak (sampled by keeping the snapshot with the largest traced total after each stage)."""
    import tracemalloc

    sys.path.insert(0, str(ROOT))
    from tflint_vpc import api
    from tflint_vpc.build import build
    from tflint_vpc.engine import run, select_rules
    from tflint_vpc.plan import inventory_from_document, read_document
    from tflint_vpc.registry import load

    tracemalloc.start(8)
    stages: list[tuple[str, int, tracemalloc.Snapshot]] = []

    def stage(name: str) -> None:
        current, peak = tracemalloc.get_traced_memory()
        stages.append((name, peak, tracemalloc.take_snapshot()))
        print(f"  after {name:<10} live {current / 1e6:8.1f} MB, peak so far {peak / 1e6:8.1f} MB")

    document = read_document(str(path))
    stage("read")
    inventory = inventory_from_document(document.data, str(path), document.kind)
    stage("resolve")
    del document
    topology = build(inventory)
    stage("build")
    diagnostics = run(topology, inventory, select_rules(load()))
    stage("rules")
    print(f"  {len(diagnostics)} findings; api.lint is {api.lint.__module__}.lint")
    name, _, snapshot = max(stages, key=lambda s: s[1])
    print(f"  largest live allocations when the peak was reached (around '{name}'):")
    for stat in snapshot.statistics("lineno")[:limit]:
        print(f"    {stat.size / 1e6:8.1f} MB  {stat.count:>9} blocks  {stat.traceback[0]}")
    tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=200.0, help="plan size (default 200)")
    parser.add_argument("--keep", type=Path, help="write the plan here and keep it")
    parser.add_argument("--tracemalloc", action="store_true", help="show top allocations")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as scratch:
        path = args.keep or Path(scratch) / "plan.json"
        started = time.perf_counter()
        vpcs = generate(path, args.size_mb)
        size = path.stat().st_size
        print(
            f"plan: {path} ({size / 1e6:.1f} MB, {vpcs} VPCs, "
            f"generated in {time.perf_counter() - started:.1f} s)"
        )
        python = sys.executable
        results = [
            measure("python -c pass", [python, "-c", "pass"]),
            measure(
                "json.loads(bytes)",
                [python, "-c", f"import json; json.loads(open({str(path)!r}, 'rb').read())"],
            ),
            measure(
                "tfvpc lint --format json",
                [python, "-m", "tflint_vpc", "lint", str(path), "--format", "json"],
                stdout=Path(scratch) / "report.json",
            ),
        ]
        # a peak is only worth quoting for a lint that found what the generator planted
        found = Counter(
            f["rule_id"]
            for f in json.loads((Path(scratch) / "report.json").read_text())["findings"]
        )
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from generate_plan import expected_findings  # type: ignore[import-not-found]

        expected = Counter(expected_findings(vpcs))
        print(
            f"findings: {dict(sorted(found.items()))} (planted: {dict(sorted(expected.items()))})"
        )
        if found != expected:
            print("the lint did not find what was planted: the figures below are not meaningful")
        print(f"{'':<26}{'peak RSS':>12}{'x file':>9}{'wall':>9}{'CPU':>9}")
        for m in results:
            print(
                f"{m.label:<26}{m.peak_bytes / 1e6:>9.1f} MB{m.peak_bytes / size:>8.2f}x"
                f"{m.wall:>8.1f}s{m.cpu:>8.1f}s"
            )
        lint = results[-1]
        ratio = lint.peak_bytes / size
        floor = results[1].peak_bytes / size
        verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
        over_floor = lint.peak_bytes / results[1].peak_bytes
        print(
            f"tfvpc peak = {ratio:.2f}x the file size ({over_floor:.2f}x "
            f"json.loads alone, which is {floor:.2f}x): {verdict} the target of "
            f"{TARGET_RATIO:g}x; exit status of the lint {lint.status}"
        )
        if args.tracemalloc:
            top_allocations(path)
        return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
