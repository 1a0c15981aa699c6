"""Throughput of `mlprep class grade`: submissions graded per minute at --jobs 1 and --jobs 2 (or
the --jobs given), on a class built from the logistic corpus, with the grade of the reference
solution alone (`mlprep grade --json` as one process, median of 3) measured in the same run as the
baseline: at --jobs 1 a class cannot do better than one such grade after another.

    python benchmarks/class_throughput.py [--size 24] [--jobs 1 2]

Prints figures only (no assertion): the machine may be shared."""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from mlprep import catalog  # noqa: E402
from mlprep.classroom import batch  # noqa: E402


def build(folder: Path, size: int) -> int:
    """The first `size` corpus attempts of logistic that can be graded (no hostile ones)."""
    files = sorted((REPO / "tests" / "corpus" / "logistic").glob("*.py"))
    for i in range(size):
        src = files[i % len(files)]
        shutil.copyfile(src, folder / f"{i:03d}_{src.name}")
    return size


def baseline(problem) -> float:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mlprep", "grade", problem.slug, "--file", str(problem.reference_path),
                        "--json"], capture_output=True, check=False, cwd=tempfile.gettempdir())
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=24)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    problem = catalog.get_problem("logistic")
    one = baseline(problem)
    print(f"baseline: one grade of the reference as its own process: {one:.2f} s "
          f"(at most {60 / one:.1f} per minute, one after another)")
    with tempfile.TemporaryDirectory(prefix="mlprep-bench-") as tmp:
        subs = Path(tmp) / "subs"
        subs.mkdir()
        n = build(subs, args.size)
        for jobs in args.jobs:
            out = Path(tmp) / f"out{jobs}"
            started = time.perf_counter()
            run = batch.grade(problem, subs, out, jobs=jobs)
            seconds = time.perf_counter() - started
            assert run.graded == n, (run.graded, n)
            per_minute = 60 * n / seconds
            each = statistics.mean(r.seconds for r in run.records)
            print(f"--jobs {jobs}: {n} submissions in {seconds:.1f} s = {per_minute:.1f} per minute "
                  f"({per_minute * one / 60:.2f}x the baseline's rate); one grading process took {each:.2f} s "
                  f"on average")
    print(f"cores here: {batch.default_jobs()}")


if __name__ == "__main__":
    main()
