"""The floor under a grade: how much of its CPU time is the checks' own computation.

A grade does two kinds of work. The checks' own computation: the attempt's calls in the worker
(timed by the worker around each call, tracing included, as the vectorization checks need it)
and the hidden tests' work in the parent outside their requests (reference fits, data,
comparisons). And the grader's overhead: interpreter and imports, pytest's set-up and
bookkeeping, the requests' framing, pipes and decoding, static analysis, the report. No
scheduling of the same checks on one core can grade faster than their own computation; what a
faster grader can still remove is the overhead.

    python benchmarks/checks_work.py [problem ...]

grades every dev-check job (reference ×3, stub, corpus, mutants) of the named problems (all by
default) serially in this process, workers from the fork server as dev check has them, and
prints per problem: wall, parent and worker CPU, and the checks' own work. The suite's dev-check
tests grade exactly these jobs, so the total says how far the suite's wall time can fall on a
given number of cores while it grades them. benchmarks/grade_latency.py uses `grade_work` for its
`work` column.
"""

from __future__ import annotations

import argparse
import contextlib
import resource
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import mlprep
from mlprep.grading import use_one_blas_thread  # the package only: no NumPy yet

use_one_blas_thread()  # as in `mlprep` and dev check

REPO = Path(mlprep.__file__).resolve().parent.parent


@dataclass
class Spent:
    """CPU seconds while grading in this process: inside test functions, inside requests (the
    parent's side, grader overhead), and the worker's own time per call."""

    tests: float = 0.0
    requests: float = 0.0
    attempt: float = 0.0

    @property
    def work(self) -> float:
        """The checks' own computation: the attempt's calls plus the tests outside their requests."""
        return self.attempt + max(0.0, self.tests - self.requests)


@contextlib.contextmanager
def measuring():
    """Yields a `Spent` that adds up what the block grades in this process."""
    from _pytest.python import Function
    from mlprep.grading.session import Session

    spent = Spent()

    def timed(kind, fn):
        def wrapper(self, *args, **kwargs):
            start = time.process_time()
            try:
                return fn(self, *args, **kwargs)
            finally:
                setattr(spent, kind, getattr(spent, kind) + time.process_time() - start)
                if kind == "requests":
                    spent.attempt += getattr(self.last, "cpu_s", None) or 0.0
        return wrapper

    runtest, send = Function.runtest, Session.send
    Function.runtest, Session.send = timed("tests", runtest), timed("requests", send)
    try:
        yield spent
    finally:
        Function.runtest, Session.send = runtest, send


def grade_work(problem, path: Path) -> float:
    """CPU seconds of the checks' own computation in one grade of `path` (after a warm-up grade)."""
    from mlprep.grading import engine

    engine.grade(problem, path)  # imports, bytecode
    with measuring() as spent:
        engine.grade(problem, path)
    return spent.work


def _cpu(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    from mlprep.dev import check

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("problems", nargs="*")
    args = parser.parse_args()
    problems, _ = check.problems_in(REPO, args.problems)
    check._pool_process_starts()
    print(f"{'problem':<16}{'jobs':>5}{'wall (s)':>10}{'parent':>8}{'worker':>8}{'work':>8}{'work/cpu':>9}")
    total = dict.fromkeys(("jobs", "wall", "parent", "worker", "work"), 0.0)
    with tempfile.TemporaryDirectory(prefix="mlprep-bench-") as scratch:
        for problem in problems:
            jobs, _ = check.grading_jobs(problem, REPO / "tests" / "corpus", Path(scratch))
            cpu0, children0, start = _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN), time.perf_counter()
            with measuring() as spent:
                for job in jobs:
                    check.run_job(job)
            row = {"jobs": len(jobs), "wall": time.perf_counter() - start, "parent": _cpu(resource.RUSAGE_SELF) - cpu0,
                   "worker": _cpu(resource.RUSAGE_CHILDREN) - children0, "work": spent.work}
            for key, value in row.items():
                total[key] += value
            _print_row(problem.slug, row)
    _print_row("all", total)
    cpu = total["parent"] + total["worker"]
    print(f"\nThe grader's overhead: {cpu - total['work']:.1f} s of {cpu:.1f} s of CPU "
          f"({(cpu - total['work']) / max(total['jobs'], 1) * 1000:.0f} ms a grade).")


def _print_row(name: str, row: dict) -> None:
    cpu = row["parent"] + row["worker"]
    print(f"{name:<16}{int(row['jobs']):>5}{row['wall']:>10.1f}{row['parent']:>8.1f}{row['worker']:>8.1f}"
          f"{row['work']:>8.1f}{row['work'] / cpu if cpu else 0.0:>9.2f}", flush=True)


if __name__ == "__main__":
    main()
