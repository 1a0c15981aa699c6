"""Grade latency: per problem, the median wall time of `mlprep grade <slug> --file <reference>`
over N runs, against the median time of `python -c "import numpy, pytest"` measured in the same
run (interleaved), and their ratio. A baseline from the same run keeps the figure meaningful on
a shared, noisy machine; absolute times are printed for context only.

With `--other DIR` (another checkout of mlprep, e.g. an older commit made with `git worktree
add`), the same grades run from that checkout too, interleaved, and the last column is the
ratio of this checkout's median to the other's.

    python benchmarks/grade_latency.py [--runs 7] [--other DIR] [problem ...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from mlprep import catalog

BASELINE = [sys.executable, "-c", "import numpy, pytest"]


def wall(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=env, cwd=cwd)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("problems", nargs="*")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--other", type=Path, help="another mlprep checkout to time in the same run")
    args = parser.parse_args()
    problems = [catalog.get_problem(s) for s in args.problems] or list(catalog.load_catalog())
    other_env = None
    if args.other:
        other_env = {**os.environ, "PYTHONPATH": str(args.other.resolve())}
    head = f"{'problem':<10}{'grade (s)':>11}{'baseline (s)':>14}{'ratio':>7}"
    print(head + (f"{'other (s)':>11}{'other ratio':>13}{'this/other':>12}" if other_env else ""))
    for problem in problems:
        cmd = [sys.executable, "-m", "mlprep", "grade", problem.slug, "--file", str(problem.reference_path), "--json"]
        other_cmd = None
        if other_env:
            ref = args.other / "reference" / problem.slug / "solution.py"
            other_cmd = [sys.executable, "-m", "mlprep", "grade", problem.slug, "--file", str(ref), "--json"]
            wall(other_cmd, other_env, args.other)  # run from the other checkout: `-m` puts the cwd first
        wall(cmd)  # warm the file cache
        grades, baselines, others = [], [], []
        for _ in range(args.runs):
            grades.append(wall(cmd))
            baselines.append(wall(BASELINE))
            if other_cmd:
                others.append(wall(other_cmd, other_env, args.other))
        g, b = statistics.median(grades), statistics.median(baselines)
        line = f"{problem.slug:<10}{g:>11.3f}{b:>14.3f}{g / b:>7.2f}"
        if others:
            o = statistics.median(others)
            line += f"{o:>11.3f}{o / b:>13.2f}{g / o:>12.2f}"
        print(line)


if __name__ == "__main__":
    main()
