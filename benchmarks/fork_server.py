"""What the fork server saves a process that grades many attempts in a row (dev check's pool):
grades of the same file, in this process, alternating workers started from scratch with workers
forked by the fork server. Prints medians of wall time and of CPU time (this process and its
workers together), and their ratios, both measured in the same run.

    python benchmarks/fork_server.py [PROBLEM ...] [--runs 9] [--attempt FILE]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

from mlprep import catalog
from mlprep.grading import engine, processes


def cpu_now() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def one_grade(problem, path, server, forked: bool) -> tuple[float, float]:
    # the server keeps running in between (as in a dev check pool process): only whether this
    # grade's worker comes from it changes
    processes._fork_server = server if forked else None
    wall, cpu = time.perf_counter(), cpu_now()
    engine.grade(problem, path)
    return time.perf_counter() - wall, cpu_now() - cpu  # workers are reaped inside the grade


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("problems", nargs="*", default=["logistic", "kmeans", "tsne"])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--attempt", type=Path, help="grade this file instead of each reference")
    args = parser.parse_args()
    if not processes.use_fork_server():
        raise SystemExit("no fork server on this machine (Linux, and a process that can become a subreaper)")
    server = processes._fork_server
    print(f"{'problem':16} {'spawned wall':>13} {'forked wall':>12} {'ratio':>6}   {'spawned CPU':>12} "
          f"{'forked CPU':>11} {'ratio':>6}")
    for slug in args.problems:
        problem = catalog.get_problem(slug)
        path = args.attempt or problem.reference_path
        for forked in (False, True):  # warm both: imports, file caches, the server's own start
            one_grade(problem, path, server, forked)
        got = {False: ([], []), True: ([], [])}
        for _ in range(args.runs):
            for forked in (False, True):
                wall, cpu = one_grade(problem, path, server, forked)
                got[forked][0].append(wall)
                got[forked][1].append(cpu)
        (sw, sc), (fw, fc) = ([statistics.median(v) for v in got[k]] for k in (False, True))
        print(f"{slug:16} {sw:12.3f}s {fw:11.3f}s {fw / sw:6.2f}   {sc:11.3f}s {fc:10.3f}s {fc / sc:6.2f}")
    processes._fork_server = server
    processes.stop_fork_server()


if __name__ == "__main__":
    main()
