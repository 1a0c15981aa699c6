"""Grade latency against the floor (issue 13). Every figure is a median over `--runs` runs,
interleaved with two baselines measured in the same run, so the ratios mean something on a
shared, noisy machine (absolute times are printed for context only):

    numpy+pytest   python -c "import numpy, pytest"   (what any grade must import)
    typer+rich     python -c "import typer, rich"     (what any command must import)

Per problem:
    reference      `mlprep grade <slug> --file reference/<slug>/solution.py --json`, its ratio
                   to numpy+pytest                                      target <= 2.5
    looped         the same for a corpus attempt that loops over samples (of those whose header
                   says only vectorization loses, the slowest to grade), its ratio to the
                   reference's grade
                                                                        target <= 2.0
    work           the checks' own computation in the reference's grade, measured in one
                   in-process grade (benchmarks/checks_work.py): CPU seconds the attempt's
                   calls took in the worker (tracing included) plus CPU seconds the hidden
                   tests spent outside their requests (reference fits, data, comparisons). No
                   scheduling of the same checks can grade faster than numpy+pytest + work
                   on one core; `ref/floor` is the grade against that sum (the overhead
                   the grader adds), printed for context: it is not one of the targets;
                   `loop/floor` is the same for the looped attempt
    watch          a regrade as `mlprep watch` does it (Workspace.grade with a spare worker
                   started after each grade), in one warm process, after a pause like a
                   learner's edit                                       target logistic <= 0.35 s
Then the start-up of `mlprep list` and `mlprep progress`, their ratio to typer+rich
                                                                        target <= 2.0

    python benchmarks/grade_latency.py [--runs 7] [--skip-watch] [problem ...]

To measure another checkout (an older commit, from `git worktree add`) with the same script,
put it first on the path: PYTHONPATH=../old python benchmarks/grade_latency.py. The corpus and
the references are that checkout's.

Subprocesses get PYTHONDONTWRITEBYTECODE unset, as an installed copy has its bytecode compiled.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import mlprep
from mlprep import catalog
from mlprep.dev import corpus

REPO = Path(mlprep.__file__).resolve().parent.parent  # the checkout being measured
NUMPY_PYTEST = [sys.executable, "-c", "import numpy, pytest"]
TYPER_RICH = [sys.executable, "-c", "import typer, rich"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

# after ENV (the commands measured keep this environment) and before NumPy is imported: this
# process gets one BLAS thread, as `mlprep` has, for the in-process grades that measure `work`
try:
    from checks_work import grade_work
except ImportError:  # an older checkout's mlprep (PYTHONPATH=...)
    grade_work = None

TARGETS = {"reference": 2.5, "looped": 2.0, "watch_logistic_s": 0.35, "startup": 2.0}


def wall(cmd: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV, cwd=cwd)
    return time.perf_counter() - start


def looped_attempts(slug: str) -> list[Path]:
    """Corpus attempts whose header says vectorization loses and nothing else: loops over samples
    (or per-row helpers) in otherwise correct code."""
    found = []
    for path in sorted((REPO / "tests" / "corpus" / slug).glob("*.py")):
        try:
            expected = corpus.parse(corpus.read(path), path.name)
        except corpus.CorpusFormatError:
            continue
        losing = {c for c, v in expected.verdicts.items() if v != "full"}
        if losing == {"vectorization"} and not expected.error:
            found.append(path)
    return found


def slowest(slug: str, paths: list[Path]) -> Path | None:
    """The slowest of them to grade (one run each): the figure is the worst case, not the best."""
    timed = [(wall(grade_cmd(slug, path)), path) for path in paths]
    return max(timed)[1] if timed else None


def grade_cmd(slug: str, path: Path) -> list[str]:
    return [sys.executable, "-m", "mlprep", "grade", slug, "--file", str(path), "--json"]


def checks_work(problem, path: Path) -> float | None:
    """The checks' own computation in one in-process grade of `path` (benchmarks/checks_work.py);
    None for a checkout that cannot be measured that way."""
    if grade_work is None:
        return None
    try:
        return grade_work(problem, path)
    except ImportError:
        return None


def watch_regrades(problem, runs: int, pause: float = 0.5) -> float:
    """Median regrade time as `mlprep watch` grades: one process, a spare worker started after
    each grade, the learner's edit simulated by a pause."""
    from mlprep import workspace
    try:
        from mlprep.grading import processes
    except ImportError:
        processes = None

    with tempfile.TemporaryDirectory(prefix="mlprep-bench-") as tmp:
        ws = workspace.Workspace(Path(tmp))
        attempt = ws.attempt_path(problem.slug)
        shutil.copyfile(problem.reference_path, attempt)
        try:
            ws.grade(problem.slug, attempt, spare_after=True)  # the first grade: imports, first worker
            options = {"spare_after": True}
        except TypeError:  # an mlprep from before spare workers (PYTHONPATH=an older checkout)
            ws.grade(problem.slug, attempt)
            options = {}
        times = []
        for _ in range(runs):
            time.sleep(pause)
            start = time.perf_counter()
            ws.grade(problem.slug, attempt, **options)
            times.append(time.perf_counter() - start)
        if processes is not None:
            processes.discard_spare()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("problems", nargs="*")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-watch", action="store_true")
    args = parser.parse_args()
    problems = [catalog.get_problem(s) for s in args.problems] or list(catalog.load_catalog())
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "mlprep")], env=ENV,
                   stdout=subprocess.DEVNULL, check=False)

    print(f"{'problem':<16}{'ref (s)':>9}{'base (s)':>9}{'ref/base':>9}{'work (s)':>9}{'ref/floor':>10}"
          f"{'looped (s)':>11}{'loop/ref':>9}{'loop/floor':>11}{'watch (s)':>10}   looped attempt")
    worst = {"reference": 0.0, "looped": 0.0}
    for problem in problems:
        ref_cmd = grade_cmd(problem.slug, problem.reference_path)
        loop_path = slowest(problem.slug, looped_attempts(problem.slug))
        loop_cmd = grade_cmd(problem.slug, loop_path) if loop_path else None
        wall(ref_cmd)  # warm the file cache
        refs, loops, bases = [], [], []
        for _ in range(args.runs):
            refs.append(wall(ref_cmd))
            bases.append(wall(NUMPY_PYTEST))
            if loop_cmd:
                loops.append(wall(loop_cmd))
        r, b = statistics.median(refs), statistics.median(bases)
        line = f"{problem.slug:<16}{r:>9.3f}{b:>9.3f}{r / b:>9.2f}"
        work = checks_work(problem, problem.reference_path)
        line += f"{work:>9.3f}{r / (b + work):>10.2f}" if work is not None else f"{'—':>9}{'—':>10}"
        worst["reference"] = max(worst["reference"], r / b)
        if loops:
            lo = statistics.median(loops)
            line += f"{lo:>11.3f}{lo / r:>9.2f}"
            loop_work = checks_work(problem, loop_path)
            line += f"{lo / (b + loop_work):>11.2f}" if loop_work is not None else f"{'—':>11}"
            worst["looped"] = max(worst["looped"], lo / r)
        else:
            line += f"{'—':>11}{'—':>9}{'—':>11}"
        w = None if args.skip_watch else watch_regrades(problem, max(3, args.runs // 2))
        line += f"{w:>10.3f}" if w is not None else f"{'—':>10}"
        line += f"   {loop_path.name if loop_path else '(none in the corpus)'}"
        print(line, flush=True)
        if problem.slug == "logistic" and w is not None:
            worst["watch_logistic_s"] = w

    with tempfile.TemporaryDirectory(prefix="mlprep-bench-") as tmp:
        startup = {"list": [sys.executable, "-m", "mlprep", "list"],
                   "progress": [sys.executable, "-m", "mlprep", "progress"]}
        times = {name: [] for name in startup}
        bases = []
        for _ in range(args.runs * 2):
            bases.append(wall(TYPER_RICH, cwd=Path(tmp)))
            for name, cmd in startup.items():
                times[name].append(wall(cmd, cwd=Path(tmp)))
        b = statistics.median(bases)
        print(f"\n{'command':<16}{'time (s)':>9}{'typer+rich (s)':>16}{'ratio':>7}")
        for name in startup:
            t = statistics.median(times[name])
            worst["startup"] = max(worst.get("startup", 0.0), t / b)
            print(f"{'mlprep ' + name:<16}{t:>9.3f}{b:>16.3f}{t / b:>7.2f}")

    print("\ntargets: " + ", ".join(
        f"{name} {worst[name]:.2f} (<= {TARGETS[name]}) {'ok' if worst[name] <= TARGETS[name] else 'MISSED'}"
        for name in TARGETS if name in worst))


if __name__ == "__main__":
    main()
