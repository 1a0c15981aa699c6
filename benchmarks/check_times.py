"""Where one grade's time goes: the wall time of each hidden check (parent and worker together),
slowest first, for the reference or any attempt, graded in this process after one warm-up grade.

    python benchmarks/check_times.py PROBLEM [ATTEMPT.py] [--top 15]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mlprep import catalog
from mlprep.grading import engine


def check_times(problem, path) -> tuple[float, dict[str, float]]:
    times: dict[str, float] = {}
    state = {"id": None, "t": 0.0}

    def on_progress(done, total, running=None):
        now = time.perf_counter()
        if state["id"] is not None:
            times[state["id"]] = times.get(state["id"], 0.0) + now - state["t"]
            state["id"] = None
        if running is not None:
            state["id"], state["t"] = running, now

    start = time.perf_counter()
    engine.grade(problem, path, on_progress=on_progress)
    return time.perf_counter() - start, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("problem")
    parser.add_argument("attempt", nargs="?", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    problem = catalog.get_problem(args.problem)
    path = args.attempt or problem.reference_path
    engine.grade(problem, path)  # warm: imports, file cache
    total, times = check_times(problem, path)
    print(f"{problem.slug}: {path.name} graded in {total:.3f} s; the checks took {sum(times.values()):.3f} s")
    for check_id, seconds in sorted(times.items(), key=lambda kv: -kv[1])[:args.top]:
        print(f"  {seconds:7.3f} s  {check_id}")


if __name__ == "__main__":
    main()
