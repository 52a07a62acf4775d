#!/usr/bin/env python3
"""The tool benchmark: the time adgen adds beyond parsing, on a generated
translation unit of 2 000 lines with 100 differentiable functions.

    bench/toolperf/run.py [--adgen build/bin/adgen] [--functions 100] [--runs 5]

Prints Clang's own parse time (clang++-16 -fsyntax-only), adgen's
--time-report, and the time adgen adds beyond parsing (medians). Not a
test: the numbers depend on the machine. The budget is 1 s.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def timed(cmd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adgen", default=os.path.join(ROOT, "build", "bin", "adgen"))
    parser.add_argument("--functions", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # in order with adgen's report on stderr

    with tempfile.TemporaryDirectory() as work:
        model = os.path.join(work, "model.cpp")
        header = os.path.join(work, "model.grad.h")
        with open(model, "w") as f:
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "toolperf", "gen.py"),
                            "--functions", str(args.functions)], check=True, stdout=f)
        flags = ["-std=c++17", "-I" + os.path.join(ROOT, "runtime", "include")]
        lines = sum(1 for _ in open(model))
        print(f"input: {lines} lines, {args.functions} marked functions")

        parse = timed(["clang++-16", "-fsyntax-only", *flags, model], args.runs)
        total = timed([args.adgen, model, "-o", header, "--", *flags], args.runs)
        subprocess.run([args.adgen, model, "-o", header, "--time-report", "--", *flags], check=True,
                       stdout=sys.stdout, stderr=sys.stdout)
        print(f"output: {sum(1 for _ in open(header))} lines")
        print(f"clang++-16 -fsyntax-only  {parse:6.3f} s   (median of {args.runs})")
        print(f"adgen, all phases         {total:6.3f} s")
        print(f"adgen beyond parsing      {total - parse:6.3f} s   (budget: 1 s)")


if __name__ == "__main__":
    main()
