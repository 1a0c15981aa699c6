"""Grade latency: per problem, the median wall time of `mlprep grade <slug> --file <reference>`
over 5 runs, against the median time of `python -c "import numpy, pytest"` measured in the same
run (interleaved), and their ratio. A baseline from the same run keeps the figure meaningful on
a shared, noisy machine; absolute times are printed for context only.

    python benchmarks/grade_latency.py [--runs 5] [problem ...]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

from mlprep import catalog

BASELINE = [sys.executable, "-c", "import numpy, pytest"]


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("problems", nargs="*")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    problems = [catalog.get_problem(s) for s in args.problems] or list(catalog.load_catalog())
    print(f"{'problem':<12}{'grade median (s)':>18}{'baseline median (s)':>22}{'ratio':>8}")
    for problem in problems:
        cmd = [sys.executable, "-m", "mlprep", "grade", problem.slug, "--file", str(problem.reference_path), "--json"]
        wall(cmd)  # warm the file cache
        grades, baselines = [], []
        for _ in range(args.runs):
            grades.append(wall(cmd))
            baselines.append(wall(BASELINE))
        g, b = statistics.median(grades), statistics.median(baselines)
        print(f"{problem.slug:<12}{g:>18.3f}{b:>22.3f}{g / b:>8.2f}")


if __name__ == "__main__":
    main()
