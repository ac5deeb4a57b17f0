"""Is a faster JSON parser worth a dependency? Time `json.loads` against orjson and msgspec.

    .venv/bin/python benchmarks/json_parsers.py PLAN.json [--python /tmp/orjson-venv/bin/python]

Each parse runs in a fresh process of --python (an interpreter where orjson/msgspec are
installed; a parser that is not importable there is skipped) and is timed inside it, around
read + parse, in wall-clock and CPU seconds, with the cyclic garbage collector running (as
plain `json.loads` does) and paused (as tfvpc parses); peak memory is the process's `ru_maxrss`.
Medians of --repeat runs, interleaved so that load on the machine hits every parser alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

PARSERS = {
    "json.loads": ("import json", "json.loads(data)"),
    "orjson.loads": ("import orjson", "orjson.loads(data)"),
    "msgspec.json.decode": ("import msgspec", "msgspec.json.decode(data)"),
}

CHILD = """
{import_line}
import gc, sys, time
if sys.argv[2] == "paused":
    gc.disable()
wall, cpu = time.perf_counter(), time.process_time()
with open(sys.argv[1], "rb") as f:
    data = f.read()
doc = {call}
print(time.perf_counter() - wall, time.process_time() - cpu)
"""


def run_once(
    python: str, parser: str, plan: Path, gc_mode: str = "collecting"
) -> tuple[float, float, float] | None:
    """(wall s, CPU s, peak MiB) of one parse in a fresh process, None if not importable."""
    import_line, call = PARSERS[parser]
    code = CHILD.format(import_line=import_line, call=call)
    proc = subprocess.Popen(
        [python, "-c", code, str(plan), gc_mode], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        return None
    wall, cpu = (float(x) for x in out.split())
    return wall, cpu, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plan", type=Path)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    # which parsers the interpreter has: parse a tiny document with each
    probe = Path(os.environ.get("TMPDIR", "/tmp")) / "json-parsers-probe.json"
    probe.write_text("{}")
    available = {n for n in PARSERS if run_once(args.python, n, probe) is not None}
    probe.unlink()
    modes = ("collecting", "paused")
    results: dict[tuple[str, str], list[tuple[float, float, float]]] = {
        (name, mode): [] for name in PARSERS for mode in modes
    }
    for _ in range(args.repeat):
        for name in PARSERS:
            for mode in modes:
                if name in available:
                    got = run_once(args.python, name, args.plan, mode)
                    if got is not None:
                        results[name, mode].append(got)
    size = args.plan.stat().st_size / 2**20
    print(f"{args.plan.name}: {size:.0f} MiB, median of {args.repeat}, python {args.python}")
    print("| parser | garbage collector | wall s | CPU s | peak MiB | CPU vs json.loads |")
    print("|---|---|---:|---:|---:|---:|")
    base = statistics.median(c for _, c, _ in results["json.loads", "collecting"])
    for (name, mode), runs in results.items():
        if not runs:
            print(f"| {name} | {mode} | not installed | | | |")
            continue
        wall = statistics.median(w for w, _, _ in runs)
        cpu = statistics.median(c for _, c, _ in runs)
        peak = max(p for _, _, p in runs)
        print(f"| {name} | {mode} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {base / cpu:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
