"""Each problem's reference against scikit-learn at equal work, single-threaded BLAS.

    python benchmarks/reference_speed.py                 # every problem, at its sizes
    python benchmarks/reference_speed.py ridge lasso --repeats 7
    python benchmarks/reference_speed.py --quick         # only the smallest size

A problem takes part by having `benchmarks/vs_sklearn/<slug>.py` with `SIZES` and `make(n)`, which
returns {"ours": f, "sklearn": g, "note": str} and optionally "floor": h, three callables doing the
same work on the same data (same algorithm, same iterations or tolerance); the floor times only
the matrix products an iteration cannot avoid, times the iterations. The runs alternate (ours,
sklearn, floor, ours, ...) so that load on the machine hits all alike, and the medians are
compared: ratio = ours / sklearn, and ours / floor. Needs scikit-learn (the test extra).
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ[_name] = "1"  # before NumPy loads its BLAS

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent / "vs_sklearn"
sys.path.insert(0, str(HERE))  # the modules share vs_sklearn/_common.py


def load(path: Path):
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(case: dict, repeats: int) -> dict:
    names = [k for k in ("ours", "sklearn", "floor") if callable(case.get(k))]
    for name in names:  # warm-up: imports, caches, first-touch of the data
        case[name]()
    times = {name: [] for name in names}
    for _ in range(repeats):
        for name in names:
            times[name].append(timed(case[name]))
    return {name: statistics.median(ts) for name, ts in times.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("problems", nargs="*", help="slugs (default: every module in benchmarks/vs_sklearn)")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="only each problem's smallest size")
    args = parser.parse_args(argv)
    try:
        from threadpoolctl import threadpool_limits  # comes with scikit-learn

        threadpool_limits(1)
    except ImportError:
        pass
    modules = sorted(p for p in HERE.glob("*.py") if not p.name.startswith("_"))
    wanted = {s.replace("-", "_") for s in args.problems}
    if wanted:
        modules = [p for p in modules if p.stem in wanted]
    print(f"{'problem':<18}{'n':>9}{'ours (s)':>11}{'sklearn (s)':>13}{'ratio':>8}{'floor (s)':>11}{'/floor':>8}  equal work")
    for path in modules:
        module = load(path)
        sizes = tuple(module.SIZES)[:1] if args.quick else tuple(module.SIZES)
        for n in sizes:
            case = module.make(n)
            got = measure(case, args.repeats)
            ratio = got["ours"] / got["sklearn"]
            floor = f"{got['floor']:>11.4f}{got['ours'] / got['floor']:>8.1f}" if "floor" in got else f"{'—':>11}{'—':>8}"
            print(f"{path.stem.replace('_', '-'):<18}{n:>9}{got['ours']:>11.4f}{got['sklearn']:>13.4f}{ratio:>8.2f}"
                  f"{floor}  {case.get('note', '')}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
