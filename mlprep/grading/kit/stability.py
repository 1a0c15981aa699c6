"""Numerical stability on the adversarial inputs a problem's statement warns about (its traps).

Judged first from outputs, in this (trusted) process: after fit on the trap's data every output
must stay finite, and, for a trap marked `exact`, when the attempt fits the reference's parameters
on ordinary data (the same iterative algorithm from the same start), its parameters on the trap's
data must also be the reference's, within a loose tolerance (the reference handles the trap
exactly). Floating-point events reported by the worker
(overflow, divide-by-zero, invalid; underflow is legitimate in stable code) are extra evidence, in
the separate `_no_warnings` check: they can only take points away. Outputs that do not exist
even on ordinary data (a missing loss history) are left to the checks that own them; if nothing
could be judged, the check is not scorable."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import AttemptError, AttemptProblem, NotScorable
from ..session import FPEvent
from .compare import Mismatch, assert_close
from .context import Context
from .registry import Check, family
from .spec import Estimator, Trap


def format_fp_events(events) -> str:
    """'overflow at line 23, divide at line 30' (deduplicated)."""
    parts = []
    for e in events:
        text = f"{e.kind} at line {e.line}" if e.line else e.kind
        if text not in parts:
            parts.append(text)
    return ", ".join(parts[:4])


@dataclass
class TrapRun:
    raised: str | None  # the exception fit or a method raised on the trap's data
    events: list  # FPEvent of fit and of every method
    non_finite: list  # names of outputs holding NaN or inf
    judged: int  # how many outputs could be looked at
    inaccurate: str | None = None  # how the fitted parameters differ from the reference's on the trap


def run_trap(ctx: Context, trap: Trap) -> TrapRun:
    def compute():
        if trap.needs is not None:
            trap.needs(ctx)
        X, y, hyper, X_predict = trap.setup()
        model = ctx.new(**hyper)
        events: list[FPEvent] = []
        try:
            model.fit(X, y)
        except AttemptError as exc:
            return TrapRun(str(exc), [], [], 0)
        events += ctx.last.fp_events
        outputs = {}
        for name in ctx.spec.fitted:
            try:
                value = model.optional(name)
            except Mismatch:
                continue
            if value is not None:
                outputs[f"`{name}`"] = value
        for method in ctx.spec.methods:
            if not ctx.works(f"method:{method}"):
                continue
            try:
                outputs[f"{method}(X)"] = model.call(method, X if X_predict is None else X_predict)
            except AttemptError as exc:
                return TrapRun(str(exc), events, [], 0)
            events += ctx.last.fp_events
        bad = []
        for name, value in outputs.items():
            try:
                array = np.asarray(value, dtype=float)
            except (TypeError, ValueError):
                continue
            if not np.all(np.isfinite(array)):
                bad.append(name)
        inaccurate = None if bad or not trap.exact else _inaccuracy(ctx, model, X, y, hyper)
        return TrapRun(None, events, bad, len(outputs), inaccurate)
    return ctx.memo(("trap", trap.name), compute)


ACCURACY_RTOL = 1e-4  # loose: another stable formula may round differently over many iterations


def _agrees_on_ordinary_data(ctx: Context) -> bool:
    """The attempt fits the reference's parameters on ordinary data: only then is it the same
    algorithm, whose parameters on a trap's data can be held to the reference's."""
    from .reference import assert_same_parameters, compares

    def compute():
        if not compares(ctx.spec) or not ctx.works("fit"):
            return False
        setup = ctx.spec.setup(seed=0)
        try:
            assert_same_parameters(ctx, ctx.fit_setup(setup), ctx.ref_fit(setup.X, setup.y, **setup.hyper))
        except (AssertionError, AttemptProblem, NotScorable, TypeError, ValueError):
            return False  # a different algorithm, or parameters that are not plain arrays (layers)
        return True
    return ctx.memo("stability.agrees_on_ordinary_data", compute)


def _inaccuracy(ctx: Context, model, X, y, hyper) -> str | None:
    """How the attempt's fitted parameters on the trap's data differ from the reference's, or None."""
    if not (ctx.spec.iterative and ctx.spec.compare == "exact") or not _agrees_on_ordinary_data(ctx):
        # Only trajectories are unique: the same iterative algorithm from the same start gives the
        # same iterates, while a closed-form answer on a trap's data may not be unique (identical
        # rows give PCA any orthonormal components) and rows in any order (centroids) cannot be
        # matched when a trap makes rows coincide.
        return None
    from .contract import hyperparameter_is_used

    if not all(hyperparameter_is_used(ctx, name) for name in ctx.spec.used):
        return None  # an ignored hyperparameter is contract.hyperparameters_are_used's fault, not stability's
    try:
        ref = ctx.ref_fit(X, y, **hyper)
    except Exception:  # the reference refuses this input: nothing exact to compare with
        return None
    for group in ctx.spec.groups:
        try:
            got = model.value(group)
        except (AttemptProblem, Mismatch, NotScorable):
            return None
        try:
            expected = np.asarray(getattr(ref, group), dtype=float)
        except (TypeError, ValueError):  # not one array (a list of layers): nothing generic to compare
            return None
        atol = 1e-6 * max(1.0, float(np.abs(expected).max(initial=0.0)))
        try:
            assert_close(got, expected, what=f"`{group}`", rtol=ACCURACY_RTOL, atol=atol, shape_strict=False)
        except Mismatch as exc:
            return exc.detail
    return None


def _finite(trap: Trap):
    def run(ctx: Context):
        result = run_trap(ctx, trap)
        if result.raised:
            raise AssertionError(f"With {trap.situation}, {result.raised}. {trap.fix}")
        if not result.judged:
            raise NotScorable(f"Not scored: no output of fit could be read with {trap.situation}.")
        assert not result.non_finite, (
            f"With {trap.situation}, {', '.join(result.non_finite)} contain{'s' if len(result.non_finite) == 1 else ''} "
            f"NaN or inf. {trap.fix}")
        assert result.inaccurate is None, (
            f"With {trap.situation}, fit loses accuracy (it matches the exact algorithm on ordinary data): "
            f"{result.inaccurate} {trap.fix}")
    return run


def _no_warnings(trap: Trap):
    def run(ctx: Context):
        result = run_trap(ctx, trap)
        if result.raised:
            raise AssertionError(f"With {trap.situation}, {result.raised}. {trap.fix}")
        assert not result.events, (
            f"With {trap.situation}, {' or '.join(['fit', *ctx.spec.methods])} raised floating-point warnings "
            f"({format_fp_events(result.events)}). {trap.fix}")
    return run


@family
def trap_checks(spec) -> list[Check]:
    if not isinstance(spec, Estimator):
        return []
    out = []
    for trap in spec.traps:
        out.append(Check(f"stability.{trap.name}_finite", "numerical_stability", trap.weight_finite,
                         lambda s: True, _finite(trap), f"Outputs stay finite with {trap.situation}."))
        out.append(Check(f"stability.{trap.name}_no_warnings", "numerical_stability", trap.weight_warnings,
                         lambda s: True, _no_warnings(trap), f"No floating-point warnings with {trap.situation}."))
    return out
