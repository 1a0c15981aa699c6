"""Convergence checks for iterative estimators (tag "iterative"): the loss history is real (one
finite float per iteration run; the first entry is the objective at the starting parameters and
the last at the returned ones), it never rises where the problem guarantees that, n_iterations
and tol are honoured, tol=0 runs every iteration, and fit stops at the first iteration where
abs(previous − current) < tol.

The statement's rule, shared by every problem: iteration t records the objective at the
parameters at its START, then stops if t > 0 and abs(h[t−1] − h[t]) < tol, then updates."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from ..errors import KitMisuse, NotScorable
from .context import Context
from .diagnose import explain, parameters_sentence, require_stated_start
from .registry import check

START_RTOL = 1e-9  # the first entry is computed from the same numbers as the stated objective
RISE_RTOL = 1e-10  # a "rise" smaller than this (relative) is rounding, not a rise


def is_iterative(spec) -> bool:
    return "iterative" in getattr(spec, "tags", ()) and getattr(spec, "objective", None) is not None


def _history(ctx: Context, model) -> np.ndarray:
    return ctx.history(model)


@check("iterative.history_is_recorded", "convergence", 1, applies=is_iterative)
def history_is_recorded(ctx: Context):
    """fit records a flat list of finite floats in the loss history."""
    name = ctx.spec.history
    probe = ctx.probe(f"attr:{name}")
    if not probe.ok and ctx.works("fit"):
        raise AssertionError(f"{probe.why[:1].upper() + probe.why[1:]}. Record the objective once per "
                             f"iteration in a list called {name}.")
    ctx.require(f"attr:{name}")
    model, _ = ctx.benign()
    h = ctx.spec.fitted[name].coerce(model.get(name), {}, name)
    assert h.size > 0, f"`{name}` is empty after fit. Append the objective once per iteration."
    assert np.all(np.isfinite(h)), f"`{name}` contains NaN or inf on ordinary, well-scaled data."


def _start(ctx: Context, k: int, seed: int = 10):
    """A run of k iterations (tol=0) from a known starting point; its data and hyperparameters."""
    return ctx.spec.setup(seed=seed, pinned=True, n_iterations=k, tol=0.0)


def _first_entries(ctx: Context):
    """(setup, history, the objective at the start) of a 5-iteration run from a known start."""
    def compute():
        spec = ctx.spec
        setup = _start(ctx, 5)
        h = _history(ctx, ctx.fit_setup(setup))
        return setup, h, spec.objective(setup.X, setup.y, spec.initial(setup.X, setup.hyper), setup.hyper)
    return ctx.memo("first_entries", compute)


def history_is_faithful(ctx: Context) -> bool:
    """On ordinary data, is the history a per-iteration record of the stated objective: with
    n_iterations=5 and tol=0, five entries, the first the objective at the start?"""
    _, h, expected = _first_entries(ctx)
    return h.size == 5 and math.isclose(h[0], expected, rel_tol=START_RTOL, abs_tol=1e-12)


def require_faithful_history(ctx: Context) -> None:
    """For checks that judge the loss values themselves (their accuracy on hard data): the history
    must be a per-iteration record of the stated objective on ordinary data, or there is nothing
    to judge (that is the convergence checks' business)."""
    if not history_is_faithful(ctx):
        raise NotScorable(f"Not scored: {ctx.spec.history} is not one entry of the stated objective per "
                          f"iteration even on ordinary data (counted once, by the convergence checks).",
                          owner="iterative.history_starts_at_the_initial_objective", criterion="convergence")


@check("iterative.history_starts_at_the_initial_objective", "convergence", 2, applies=is_iterative)
def history_starts_at_the_initial_objective(ctx: Context):
    """loss_history[0] is the objective at the starting parameters."""
    spec = ctx.spec
    setup, h, expected = _first_entries(ctx)
    assert h.size > 0, f"`{spec.history}` is empty after fit."
    if math.isclose(h[0], expected, rel_tol=START_RTOL, abs_tol=1e-12):
        return
    require_stated_start(ctx)
    cause = _start_deviation(ctx, setup, float(h[0]), expected)
    raise AssertionError(
        f"{spec.history}[0] is {h[0]:.6g}, but the objective at the starting parameters is {expected:.6g}. "
        + (cause or spec.advice_for("iterative.history_starts_at_the_initial_objective",
                                    "Record the objective at the start of each iteration, before the update, "
                                    "and record the objective itself as the statement defines it.")))


def _value_deviation(ctx: Context, setup, theta: dict, value: float, expected: float) -> str | None:
    """Name a recorded value that is a known transform of the objective at `theta`: the sum instead
    of the mean, ½ or 2 times it, its square root, or a variant the spec lists (`deviations`)."""
    n = len(setup.X)
    candidates = [
        (n * expected, f"It is the summed loss, n = {n} times the stated mean: record the mean."),
        (0.5 * expected, "It is half the stated objective (the ½ convention): record the objective as stated."),
        (2.0 * expected, "It is twice the stated objective: record the objective as stated."),
        (math.sqrt(max(expected, 0.0)), "It is the square root of the stated objective (an RMSE): record "
                                        "the objective itself."),
    ] + [(variant(setup.X, setup.y, theta, setup.hyper), text) for variant, text in ctx.spec.deviations]
    for candidate, text in candidates:
        if math.isclose(value, candidate, rel_tol=1e-7, abs_tol=1e-12):
            return text
    return None


def _start_deviation(ctx: Context, setup, first: float, expected: float) -> str | None:
    """Name the usual deviations: the loss recorded after the update, or not the stated quantity."""
    spec = ctx.spec
    named = _value_deviation(ctx, setup, spec.initial(setup.X, setup.hyper), first, expected)
    if named:
        return named
    candidates = []
    try:
        after = ctx.theta(ctx.fit_setup(setup, n_iterations=1))
        candidates.insert(0, (spec.objective(setup.X, setup.y, after, setup.hyper),
                              "It is the objective after the first update: record the loss at the start of "
                              "each iteration, before the parameters move."))
    except AssertionError:
        pass
    for value, text in candidates:
        if math.isclose(first, value, rel_tol=1e-7, abs_tol=1e-12):
            return text
    return None


def _assert_history_ends_at_the_objective(ctx: Context, setup, with_what: str = "") -> None:
    spec = ctx.spec
    k = setup.hyper["n_iterations"]
    model = ctx.fit_setup(setup)
    h = _history(ctx, model)
    stopped_by_rule = 2 <= h.size < k and h[-1] == h[-2]  # see _run_length
    if h.size != k and not stopped_by_rule:
        raise NotScorable(f"Not scored: with n_iterations={k} and tol=0 the history has {h.size} entries "
                          f"(counted once, by iterative.n_iterations_honoured).",
                          owner="iterative.n_iterations_honoured", criterion="convergence")
    # the statement's last entry is the objective at θ_{m−1}, the parameters after m−1 updates (m entries
    # recorded); recording after the update gives the objective at θ_m, the returned parameters (the
    # first entry's check names that)
    theta_last = ctx.theta(ctx.fit_setup(setup, n_iterations=h.size - 1))
    last = spec.objective(setup.X, setup.y, theta_last, setup.hyper)
    returned = spec.objective(setup.X, setup.y, ctx.theta(model), setup.hyper)
    if any(math.isclose(h[-1], v, rel_tol=1e-9, abs_tol=1e-12) for v in (last, returned)):
        return
    require_stated_start(ctx)  # two separate fits must follow the same path for this comparison
    cause = _value_deviation(ctx, setup, theta_last, float(h[-1]), last)
    raise AssertionError(
        f"{with_what}The last entry of {spec.history} is {h[-1]:.6g}, but the objective at the last iterate "
        f"is {last:.6g}. " + (cause or "Record the real objective of the current parameters at every "
                                       "iteration, penalty included, not a computed or invented sequence."))


@check("iterative.history_ends_at_the_last_objective", "convergence", 2, applies=is_iterative)
def history_ends_at_the_last_objective(ctx: Context):
    """The last entry is the objective at the last iterate (an invented or rescaled history is not)."""
    _assert_history_ends_at_the_objective(ctx, _start(ctx, 10, seed=11))


@check("iterative.history_includes_the_penalties", "convergence", 1,
       applies=lambda s: is_iterative(s) and bool(s.penalties))
def history_includes_the_penalties(ctx: Context):
    """With each penalty strong, the last entry is still the objective (penalty term included): at
    the start the parameters are usually 0, where a forgotten penalty term is 0 too."""
    from .contract import hyperparameter_is_used

    for name, strong in ctx.spec.penalties.items():
        if not hyperparameter_is_used(ctx, name):
            raise NotScorable(f"Not scored: fit ignores `{name}` (counted once, by contract.hyperparameters_are_used).",
                              owner="contract.hyperparameters_are_used", criterion="correctness")
        setup = ctx.spec.setup(seed=12, pinned=True, n_iterations=10, tol=0.0, **{name: strong})
        _assert_history_ends_at_the_objective(ctx, setup, f"With {name}={strong:g}: ")


@check("iterative.history_never_increases", "convergence", 1, applies=lambda s: is_iterative(s) and s.monotone)
def history_never_increases(ctx: Context):
    """The objective never rises on ordinary data (convex with a safe step; Lloyd's algorithm)."""
    spec = ctx.spec
    setup = ctx.spec.setup(seed=12, pinned=True, n_iterations=40, tol=0.0, **spec.safe_step)
    h = _history(ctx, ctx.fit_setup(setup))
    if np.all(np.isfinite(h)):  # the report plots the two histories side by side
        ctx.curves["attempt"] = [float(v) for v in h[:5000]]
        ctx.curves["reference"] = [float(v) for v in ctx.ref_fit(setup.X, setup.y, **setup.hyper).loss_history]
    with np.errstate(invalid="ignore", over="ignore"):  # a diverging history holds inf
        rises = np.flatnonzero(np.diff(h) > RISE_RTOL * np.maximum(np.abs(h[:-1]), 1e-300))
    if h.size > 1 and not rises.size:
        return
    cause = explain(parameters_sentence, ctx) if "gradient-descent" in spec.tags else None
    raise AssertionError(
        f"{spec.history} rises at iteration {int(rises[0]) + 1 if rises.size else '?'} on ordinary data, where "
        f"every step must lower the objective. " + (f"The steps are wrong: {cause}" if cause else spec.advice_for(
            "iterative.history_never_increases",
            "Step against the gradient, and record the objective that the steps minimise.")))


@check("iterative.n_iterations_honoured", "convergence", 1, applies=is_iterative)
def n_iterations_honoured(ctx: Context):
    """With tol=0, exactly n_iterations iterations run, one history entry each."""
    lengths = [_run_length(ctx, k, seed=13) for k in (7, 13)]
    assert all(ok for _, ok in lengths), (
        f"With tol=0, n_iterations=7 and 13 gave {lengths[0][0]} and {lengths[1][0]} entries in "
        f"{ctx.spec.history}. Run exactly n_iterations iterations when tol=0 (the loop bound is "
        f"self.n_iterations), one entry each.")


def _run_length(ctx: Context, k: int, seed: int) -> tuple[int, bool]:
    """(entries recorded in a tol=0 run of k iterations, whether that honours the loop bound). A
    run that ended early right after a change of exactly 0 was ended by a stopping rule that also
    fires on a change of 0 (<= tol): that is iterative.tol_zero_runs_every_iteration's to judge,
    so it does not count against the loop bound (the objective of some problems, k-means' inertia,
    settles exactly after a few iterations)."""
    h = _history(ctx, ctx.fit_setup(_start(ctx, k, seed=seed)))
    stopped_by_rule = 2 <= h.size < k and h[-1] == h[-2]
    return h.size, h.size == k or stopped_by_rule


def _situation(ctx: Context, make, holds, misuse: str):
    """A spec's setup (easy data, so ordinary), after checking on the reference that it creates the
    situation the check is about: a check that cannot create it is mlprep's bug (KitMisuse)."""
    setup = replace(make(), ordinary=True)
    history = np.asarray(ctx.ref_fit(setup.X, setup.y, **setup.hyper).loss_history)
    if not holds(history):
        raise KitMisuse(f"{misuse} on its setup")
    return setup, history


@check("iterative.tol_zero_runs_every_iteration", "convergence", 1,
       applies=lambda s: is_iterative(s) and s.tol_zero is not None)
def tol_zero_runs_every_iteration(ctx: Context):
    """tol=0 runs every iteration, even after the objective stops changing exactly."""
    setup, _ = _situation(ctx, ctx.spec.tol_zero, lambda h: np.any(np.diff(h) == 0),
                          "spec.tol_zero: the objective never stops changing exactly")
    total = setup.hyper["n_iterations"]
    n = len(_history(ctx, ctx.fit_setup(setup)))
    assert n == total, (
        f"With tol=0 fit stopped after {n} of {total} iterations, once the objective stopped changing. The "
        f"rule is a strict abs(previous − current) < tol, which never holds for tol=0.")


@check("iterative.stops_at_the_first_small_change", "convergence", 2,
       applies=lambda s: is_iterative(s) and s.early_stop is not None)
def stops_at_the_first_small_change(ctx: Context):
    """With tol > 0, fit stops at the first iteration where abs(previous − current) < tol."""
    setup, _ = _situation(ctx, ctx.spec.early_stop, lambda h: len(h) < ctx.spec.early_stop().hyper["n_iterations"] // 2,
                          "spec.early_stop: the reference does not stop early")
    tol, total = setup.hyper["tol"], setup.hyper["n_iterations"]
    h = _history(ctx, ctx.fit_setup(setup))
    with np.errstate(invalid="ignore", over="ignore"):  # a diverging history holds inf
        diffs = np.abs(np.diff(h))
    if h.size >= total and not np.any(diffs < tol):
        # the rule was never put to the test: the steps themselves never converge (a correctness fault)
        raise NotScorable(f"Not scored: with tol={tol:g} on an easy problem the objective never changed by less "
                          f"than tol in {total} iterations, so the stopping rule was never tested; the steps "
                          f"themselves are judged by the correctness checks.")
    assert 2 <= h.size < total, (
        f"With tol={tol:g} on an easy problem fit ran {h.size} of {total} iterations. Stop as soon as "
        f"abs(previous − current) < tol, comparing the two most recent entries of {ctx.spec.history}.")
    assert diffs[-1] < tol, (
        f"fit stopped although the last change in {ctx.spec.history} ({diffs[-1]:.3g}) is not below tol "
        f"({tol:g}). Stop only when abs(previous − current) < tol.")
    early = np.flatnonzero(diffs[:-1] < tol)
    assert not early.size, (
        f"fit kept going after the change had dropped below tol at iteration {int(early[0]) + 1}. Check the "
        f"rule abs(previous − current) < tol right after recording each entry.")
