"""Where the time of `tfvpc lint PLAN` goes: CPU seconds of each phase, in one process.

    .venv/bin/python benchmarks/phases.py PLAN.json [--profile OUT.prof]

Phases: import (the modules `tfvpc lint` needs), read (plan.read_document: read, decode,
parse, validate), resolve (plan.inventory_from_document), build (build.build),
rules (engine.run), report (the text reporter). With --profile, cProfile of everything after
the imports, for `python -m pstats` or snakeviz.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("plan")
    parser.add_argument("--profile", help="write a cProfile of the phases after import here")
    args = parser.parse_args(argv)
    times: dict[str, float] = {}

    def timed(name: str, work: Callable[[], T]) -> T:
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        times[name] = time.process_time() - cpu
        times[name + " (wall)"] = time.perf_counter() - wall
        return result

    def imports() -> None:
        import tflint_vpc.api
        import tflint_vpc.build
        import tflint_vpc.engine
        import tflint_vpc.plan
        import tflint_vpc.registry
        import tflint_vpc.report.text  # noqa: F401

    timed("import", imports)
    from tflint_vpc.build import build
    from tflint_vpc.engine import LintResult, run, select_rules
    from tflint_vpc.plan import inventory_from_document, read_document
    from tflint_vpc.registry import load
    from tflint_vpc.report import text

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    rules = timed("load rules", lambda: select_rules(load(), (), ()))
    document = timed("read", lambda: read_document(args.plan))
    inventory = timed(
        "resolve", lambda: inventory_from_document(document.data, args.plan, document.kind)
    )
    topology = timed("build", lambda: build(inventory))
    diagnostics = timed("rules", lambda: run(topology, inventory, rules, None))
    result = LintResult(
        diagnostics=tuple(diagnostics),
        inputs=(args.plan,),
        resources=len(inventory.instances),
        rules=rules,
        tool_version="bench",
    )
    timed("report", lambda: text.render(result, colour=False))
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    total = sum(v for k, v in times.items() if not k.endswith("(wall)"))
    print(f"{args.plan}: {len(inventory.instances):,} instances, {len(diagnostics)} findings")
    for name, cpu in times.items():
        if not name.endswith("(wall)"):
            wall = times[name + " (wall)"]
            print(f"  {name:<11} {cpu:7.3f} s CPU {wall:7.3f} s wall {cpu / total:6.1%}")
    print(f"  {'total':<11} {total:7.3f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
