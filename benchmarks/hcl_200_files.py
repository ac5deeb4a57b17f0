"""Benchmark: load a directory of 200 generated `.tf` files with the HCL front end.

Usage: python benchmarks/hcl_200_files.py [--files 200] [--repeat 3]

Each file holds one VPC, ten subnets (cidrsubnet over a count), a route table with inline
routes and two instances (~120 lines), like inputs-and-outputs.md §4.5. Prints the best
wall-clock time of a sequential parse and of the process-pool parse (the default picks the pool
when there are at least PARALLEL_MIN_FILES files and more than one idle CPU), and the full lint
(builder + rules) on top.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from tflint_vpc.hcl import load_hcl
from tflint_vpc.hcl.loader import idle_cpus


def module_text(i: int) -> str:
    second = i // 250
    third = i % 250
    lines = [
        f'resource "aws_vpc" "vpc_{i}" {{',
        f'  cidr_block = "10.{second}.{third}.0/24"',
        "  tags = {",
        f'    Name = "vpc-{i}"',
        '    Team = "network"',
        "  }",
        "}",
        "",
    ]
    for j in range(10):
        lines += [
            f'resource "aws_subnet" "s_{i}_{j}" {{',
            f"  vpc_id            = aws_vpc.vpc_{i}.id",
            f"  cidr_block        = cidrsubnet(aws_vpc.vpc_{i}.cidr_block, 4, {j})",
            f'  availability_zone = "us-east-1${{element(["a", "b", "c"], {j})}}"',
            "  tags = {",
            f'    Name = "subnet-{i}-{j}"',
            "  }",
            "}",
            "",
        ]
    lines += [
        f'resource "aws_route_table" "rt_{i}" {{',
        f"  vpc_id = aws_vpc.vpc_{i}.id",
        "  route {",
        '    cidr_block = "0.0.0.0/0"',
        '    gateway_id = "igw-0123456789abcdef0"',
        "  }",
        "}",
        "",
        f'resource "aws_instance" "app_{i}" {{',
        "  count         = 2",
        '  ami           = "ami-0123456789abcdef0"',
        '  instance_type = "m5.large"',
        f"  subnet_id     = aws_subnet.s_{i}_0.id",
        "}",
        "",
    ]
    return "\n".join(lines)


def generate(directory: Path, files: int) -> int:
    lines = 0
    for i in range(files):
        text = module_text(i)
        lines += text.count("\n") + 1
        (directory / f"net_{i:03d}.tf").write_text(text)
    return lines


def best_of(repeat: int, parallel: bool | None, directory: str) -> tuple[float, int]:
    best = float("inf")
    count = 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = load_hcl([directory], parallel=parallel)
        best = min(best, time.perf_counter() - start)
        count = len(result.inventories[0].instances)
    return best, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        lines = generate(Path(tmp), args.files)
        print(
            f"{args.files} files, {lines} lines, {os.cpu_count()} CPUs,"
            f" load average {os.getloadavg()[0]:.1f}, idle CPUs {idle_cpus()}"
        )
        sequential, count = best_of(args.repeat, False, tmp)
        print(f"sequential parse + evaluate: {sequential:.2f} s ({count} instances)")
        pooled, _ = best_of(args.repeat, True, tmp)
        print(f"process pool parse + evaluate: {pooled:.2f} s")
        from tflint_vpc.api import LintRequest, lint

        start = time.perf_counter()
        result = lint(LintRequest(paths=(tmp,)))
        print(
            f"full lint (in process, build, rules): {time.perf_counter() - start:.2f} s"
            f" ({len(result.diagnostics)} findings)"
        )


if __name__ == "__main__":
    main()
