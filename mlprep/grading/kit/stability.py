"""Numerical stability on the adversarial inputs a problem's statement warns about (its traps):
after fit on the trap's data every output must stay finite, and no overflow, divide-by-zero or
invalid operation may happen (underflow may: stable code underflows legitimately). Outputs
that do not exist even on ordinary data (a missing loss history) are left to the checks that
own them; if nothing could be judged, the check is not scorable."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import AttemptError, NotScorable
from ..session import FPEvent
from .compare import Mismatch
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
        return TrapRun(None, events, bad, len(outputs))
    return ctx.memo(("trap", trap.name), compute)


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
