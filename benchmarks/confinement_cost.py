"""What the kernel confinement costs: a reference grade with Landlock and the same grade without,
alternating, medians of --repeats (default 5), per problem.

    python benchmarks/confinement_cost.py [SLUG ...] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from mlprep import catalog
from mlprep.grading import engine
from mlprep.grading.worker import Worker

ORIGINAL_HELLO = Worker.hello


def grade_seconds(problem, confine: bool) -> float:
    Worker.hello = lambda self, timeout, attempt_file=None: ORIGINAL_HELLO(self, timeout, attempt_file, confine)
    try:
        started = time.perf_counter()
        report = engine.grade(problem, problem.reference_path)
        took = time.perf_counter() - started
    finally:
        Worker.hello = ORIGINAL_HELLO
    assert report.score == 100, (problem.slug, report.score)
    assert report.sandbox[0] == ("kernel" if confine else "basic") or not confine
    return took


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("problems", nargs="*")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    slugs = args.problems or [p.slug for p in catalog.load_catalog()]
    print(f"{'problem':<18}{'kernel (s)':>12}{'basic (s)':>12}{'ratio':>8}")
    for slug in slugs:
        problem = catalog.get_problem(slug)
        grade_seconds(problem, True)  # warm caches
        on, off = [], []
        for _ in range(args.repeats):
            on.append(grade_seconds(problem, True))
            off.append(grade_seconds(problem, False))
        a, b = statistics.median(on), statistics.median(off)
        print(f"{slug:<18}{a:>12.3f}{b:>12.3f}{a / b:>8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
