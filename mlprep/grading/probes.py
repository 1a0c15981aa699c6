"""Helpers for hidden tests: comparisons, and the measurements behind the criteria that are
measured rather than asserted (vectorization, floating-point events).

Everything here runs in the trusted parent; the attempt is reached only through the proxy."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from .errors import AttemptCrashed, AttemptError, AttemptProblem, AttemptTimeout, NotData  # noqa: F401  (re-exported)
from .session import CallInfo, FPEvent, Opaque, Remote  # noqa: F401  (re-exported)

PER_SAMPLE_RATE = 0.5  # a line of the attempt, or a Python call, this many times per sample: a loop over samples
NO_GROWTH_RATE = 0.005  # below this, no Python work grows with the number of samples
CPU_RATIO_LIMIT = 10.0  # for code whose Python work does not grow with n: attempt/reference CPU per sample


def as_array(value, name: str = "the result") -> np.ndarray:
    """Coerce a returned value to a float/int ndarray, or fail with feedback."""
    if isinstance(value, (Remote, Opaque)) or value is None:
        kind = "None" if value is None else getattr(value, "type_name", getattr(value, "_type", "object"))
        raise AssertionError(f"{name} should be a NumPy array but was {kind}.")
    try:
        array = np.asarray(value)
    except Exception:
        raise AssertionError(f"{name} should be a NumPy array of numbers.") from None
    if array.dtype.kind not in "biuf":
        raise AssertionError(f"{name} should hold numbers, not values of dtype {array.dtype}.")
    return array


def relative_error(a, b) -> float:
    """max_i |a_i - b_i| / max(|a_i| + |b_i|, 1e-12); inf on shape mismatch or non-finite values."""
    try:
        a = np.asarray(a, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
    except (TypeError, ValueError):
        return float("inf")
    if a.shape != b.shape or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(a) + np.abs(b), 1e-12)))


def same_data(a, b) -> bool:
    """Deep equality of plain data (e.g. two `Remote.state()` snapshots): arrays compared
    exactly with their shape and kind, NaN equal to NaN."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
            return False
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b


def assert_finite(name: str, value) -> np.ndarray:
    array = as_array(value, name)
    if not np.all(np.isfinite(array)):
        bad = "NaN" if np.any(np.isnan(array)) else "inf"
        raise AssertionError(f"{name} contains {bad}.")
    return array


def format_fp_events(events) -> str:
    """'overflow at line 23, divide at line 30' (deduplicated)."""
    parts = []
    for e in events:
        text = f"{e.kind} at line {e.line}" if e.line else e.kind
        if text not in parts:
            parts.append(text)
    return ", ".join(parts[:4])


# ---------------------------------------------------------------- vectorization

@dataclass
class LoopRate:
    """How much Python runs per sample per unit of work, from two traced runs.

    Loops over samples show up as a line of the attempt that runs once per sample (a loop body,
    a comprehension, the function given to np.vectorize or apply_along_axis), or as a Python
    call per sample (map over rows calls NumPy's Python dispatcher once per row). A mini-batch
    loop has neither: its lines run once per batch. The total line rate also counts NumPy's own
    Python code (mean() alone is about 15 lines), so it is reported but does not decide."""

    rate: float  # all Python line events per sample per unit
    call_rate: float  # Python calls per sample per unit
    hot_rate: float  # the attempt's busiest line, runs per sample per unit
    sizes: tuple
    units: int
    hot_lines: list = field(default_factory=list)  # [(line, count_at_small_n, count_at_large_n)]
    tracer_intact: bool = True

    @property
    def per_sample(self) -> bool:
        return self.hot_rate >= PER_SAMPLE_RATE or self.call_rate >= PER_SAMPLE_RATE

    @property
    def batched(self) -> bool:
        """Python work grows with n, but per batch rather than per sample."""
        return not self.per_sample and max(self.rate, self.call_rate, self.hot_rate) >= NO_GROWTH_RATE


def loop_rate(attempt, build, method: str, make_args, sizes=(200, 800), units: int = 1) -> LoopRate:
    """Trace `build().<method>(*make_args(n))` at two sizes in the worker and take the slopes.

    Counts are deterministic and independent of machine load: a vectorized method has slopes
    near 0, a mini-batch loop about 1/batch, a loop over samples 1 or more."""
    infos: list[CallInfo] = []
    for n in sizes:
        obj = build()
        obj.call(method, *make_args(n), _mode="trace")
        infos.append(attempt.last)
    small, large = infos
    dn = (sizes[1] - sizes[0]) * units
    rate = ((large.line_events or 0) - (small.line_events or 0)) / dn
    call_rate = ((large.call_events or 0) - (small.call_events or 0)) / dn
    growth = {line: (small.lines.get(line, 0), large.lines.get(line, 0))
              for line in set(small.lines) | set(large.lines)}
    hot_rate = max(((b - a) / dn for a, b in growth.values()), default=0.0)
    hot = [(line, a, b) for line, (a, b) in sorted(growth.items()) if (b - a) / dn >= PER_SAMPLE_RATE]
    intact = all(info.tracer_intact is not False for info in infos)
    return LoopRate(rate=rate, call_rate=call_rate, hot_rate=hot_rate, sizes=tuple(sizes), units=units,
                    hot_lines=hot, tracer_intact=intact)


def assert_no_sample_loops(result: LoopRate, what: str = "fit") -> None:
    if not result.tracer_intact:
        raise AssertionError(f"`{what}` switched off the grader's line tracer (sys.settrace). "
                             f"Remove calls to sys.settrace so the work can be measured.")
    if not result.per_sample:
        return
    n = result.sizes[1]
    per = f"{n} samples × {result.units} iterations" if result.units > 1 else f"{n} samples"
    if result.hot_lines:
        line, _, count = max(result.hot_lines, key=lambda h: h[2])
        lines = ", ".join(str(h[0]) for h in result.hot_lines[:5])
        raise AssertionError(
            f"`{what}` runs Python code once per sample: line {line} ran {count} times for {per} "
            f"(lines {lines} grow with the number of samples). Replace the loop over samples with "
            f"array operations on the whole matrix (X @ w, X.T @ r, broadcasting).")
    raise AssertionError(
        f"`{what}` makes about {result.call_rate:.1f} Python function calls per sample ({per}), through "
        f"helpers such as map, np.vectorize or np.apply_along_axis applied row by row. Use whole-array "
        f"operations instead.")


@dataclass
class CpuRatio:
    ratio: float  # attempt's CPU time per extra sample over the reference's
    attempt_s: tuple  # min CPU time of the attempt at each size
    reference_s: tuple  # min CPU time of the reference at each size
    loop: LoopRate  # what the tracer saw of the same call


def cpu_ratio(attempt, build, method: str, make_args, ref_build, sizes=(500, 4000), repeats: int = 5,
              units: int = 1, iterations_run=None) -> CpuRatio:
    """CPU cost per extra sample of the attempt's method (in the worker) over the reference's (in
    the parent), from runs at two sizes: (t(n2) - t(n1)) / (t_ref(n2) - t_ref(n1)). The
    difference cancels the fixed cost of a call. Runs are interleaved and the minimum of
    `repeats` is kept at each size; CPU time, not wall time, so other load on the machine
    barely moves it. The worker's own report is checked against the CPU time the parent sees
    the worker use, so it cannot under-report. The call is also traced at two small sizes, so
    `assert_cpu_ratio` knows whether Python work grows per sample, per batch, or not at all
    (`units`: the iterations one call runs, as for `loop_rate`).

    `iterations_run(remote)`, if given, reads how many iterations the attempt actually ran (e.g.
    the length of its loss_history); an attempt that ran more than `units` is judged per
    iteration, because ignoring n_iterations is a convergence fault, not a vectorization one."""
    loop = loop_rate(attempt, build, method, make_args, units=units)
    att, ref = {}, {}
    reported, observed_start = 0.0, attempt.worker_cpu_seconds()
    for n in sizes:
        args = make_args(n)
        att[n], ref[n] = [], []
        for _ in range(repeats):
            obj = build()
            obj.call(method, *args, _mode="timed")
            att[n].append(attempt.last.cpu_s or 0.0)
            reported += attempt.last.cpu_s or 0.0
            model = ref_build()
            start = time.process_time()
            getattr(model, method)(*args)
            ref[n].append(time.process_time() - start)
    observed_end = attempt.worker_cpu_seconds()
    (a1, a2), (r1, r2) = (min(att[n]) for n in sizes), (min(ref[n]) for n in sizes)
    # the reference's slope, floored so timer noise on a tiny difference cannot inflate the ratio
    reference_slope = max(r2 - r1, 0.2 * r2, 1e-5)
    ratio = (a2 - a1) / reference_slope
    if observed_start is not None and observed_end is not None:
        observed = observed_end - observed_start
        if observed > 3 * reported + 0.05:  # the worker under-reported its own time
            ratio = max(ratio, observed / (repeats * (r1 + r2)))
    if iterations_run is not None:
        try:
            ran = int(iterations_run(obj))
        except (AttemptProblem, TypeError, ValueError):
            ran = 0
        if ran > units:
            ratio *= units / ran
    return CpuRatio(ratio=ratio, attempt_s=(a1, a2), reference_s=(r1, r2), loop=loop)


def assert_cpu_ratio(result: CpuRatio, what: str = "fit", limit: float = CPU_RATIO_LIMIT) -> None:
    """The CPU backstop, read with what the tracer saw (which is deterministic):
    Python work per sample fails; work per batch (mini-batches) is expected to cost more and is
    not judged on CPU; code with no Python work growing with n must cost about what the
    reference costs, or work is hidden from the tracer (a loop in C, a tracer switched off)."""
    loop = result.loop
    if loop.per_sample:
        raise AssertionError(
            f"`{what}` costs {result.ratio:.0f}× the CPU time per sample of a vectorized solution, because "
            f"Python runs once per sample. Whole-array operations do the same work in compiled code.")
    if loop.batched:
        return
    if result.ratio > limit:
        raise AssertionError(
            f"`{what}` costs {result.ratio:.0f}× the CPU time per sample of a vectorized solution, though no "
            f"Python line runs per sample: work is looped somewhere out of sight (map over rows, a "
            f"switched-off tracer). Use whole-array operations.")
