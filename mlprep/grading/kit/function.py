"""Checks for problems whose contract is a function, not a class (metrics, splits, scalers and
encoders written as functions): the result matches the reference on every case the spec lists
(ordinary and edge inputs), the inputs are left untouched (they are passed read-only), nothing
is printed, and no Python code runs per sample."""

from __future__ import annotations

import numpy as np

from ..errors import AttemptError, NotScorable
from .compare import Mismatch, as_array, assert_close, assert_equal_labels, kind_of
from .context import Context
from .registry import check
from .spec import Function
from .vector import assert_no_sample_loops, loop_rate


def is_function(spec) -> bool:
    return isinstance(spec, Function)


def call(ctx: Context, *args, _mode: str = "plain", _readonly: bool = False, **kwargs):
    return ctx.attempt.function(ctx.spec.name, *args, _mode=_mode, _readonly=_readonly, **kwargs)


def require_runs(ctx: Context) -> None:
    """The function runs on the first (ordinary) case; otherwise the checks of organization and
    vectorization have nothing to judge: that failure is correctness's (function.matches_reference)."""
    def compute():
        args, kwargs = ctx.spec.cases()[0]
        try:
            call(ctx, *args, **kwargs)
        except AttemptError as exc:
            return str(exc)
        return None
    failure = ctx.memo("function_runs", compute)
    if failure:
        raise NotScorable(f"Not scored: {failure} on ordinary input (counted once, by function.matches_reference).",
                          owner="function.matches_reference", criterion="correctness")


def assert_same_result(got, expected, what: str, rtol: float, atol: float) -> None:
    """Results compared structurally: tuples element by element, integer arrays exactly, floats
    within rtol/atol."""
    if isinstance(expected, (tuple, list)):
        if not isinstance(got, (tuple, list)) or len(got) != len(expected):
            raise Mismatch(f"{what} should be a tuple of {len(expected)} values, but is {kind_of(got)}"
                           + (f" of {len(got)}" if isinstance(got, (tuple, list)) else "") + ".")
        for i, (g, e) in enumerate(zip(got, expected)):
            assert_same_result(g, e, f"{what}[{i}]", rtol, atol)
        return
    e = np.asarray(expected)
    if isinstance(expected, np.ndarray) and isinstance(got, (list, tuple)):
        raise Mismatch(f"{what} is a Python {type(got).__name__}; return a NumPy array (np.asarray).")
    if e.dtype.kind in "iub":
        assert_equal_labels(got, e, what=what)
    else:
        g = as_array(got, what)
        if g.shape != e.shape:
            raise Mismatch(f"{what} has shape {g.shape}, expected {e.shape}.")
        assert_close(g, e, what=what, rtol=rtol, atol=atol)


def _describe(args, kwargs) -> str:
    shown = [f"array of shape {a.shape}" if isinstance(a, np.ndarray) else repr(a) for a in args]
    shown += [f"{k}={'an array' if isinstance(v, np.ndarray) else repr(v)}" for k, v in kwargs.items()]
    return ", ".join(shown)


@check("function.matches_reference", "correctness", 3, applies=is_function)
def matches_reference(ctx: Context):
    """The function returns the reference's result on every listed case."""
    spec: Function = ctx.spec
    reference = getattr(ctx.reference, spec.name)
    for args, kwargs in spec.cases():
        expected = reference(*args, **kwargs)
        got = call(ctx, *args, **kwargs)
        try:
            assert_same_result(got, expected, "the result", spec.rtol, spec.atol)
        except Mismatch as exc:
            raise AssertionError(f"{spec.name}({_describe(args, kwargs)}) is wrong: {exc.detail} " +
                                 spec.advice_for("function.matches_reference", "Check it against the statement.")) from None


@check("function.inputs_not_modified", "organization", 1, applies=is_function)
def inputs_not_modified(ctx: Context):
    """The function never modifies the arrays it is given."""
    require_runs(ctx)
    args, kwargs = ctx.spec.cases()[0]
    try:
        call(ctx, *args, _readonly=True, **kwargs)
    except AttemptError as exc:
        if exc.exc_type == "ValueError" and "read-only" in exc.message:
            at = f" (line {exc.line})" if exc.line else ""
            raise AssertionError(f"{ctx.spec.name} modifies its input array in place{at}. Work on new arrays so "
                                 f"the caller's data stays intact.") from None
        raise
    assert not ctx.last.mutated, f"{ctx.spec.name} modified its input array in place. Work on new arrays."


@check("function.prints_nothing", "organization", 1, applies=is_function)
def prints_nothing(ctx: Context):
    """The function prints nothing."""
    require_runs(ctx)
    args, kwargs = ctx.spec.cases()[0]
    call(ctx, *args, **kwargs)
    assert not ctx.last.stdout.strip(), f"{ctx.spec.name} prints to the terminal; return results instead."


@check("function.no_loop_over_samples", "vectorization", 2, applies=lambda s: is_function(s) and s.sized is not None)
def no_loop_over_samples(ctx: Context):
    """The function runs no Python code per sample."""
    require_runs(ctx)
    spec: Function = ctx.spec

    def run(n, mode):
        args, kwargs = spec.sized(n)
        call(ctx, *args, _mode=mode, **kwargs)

    assert_no_sample_loops(loop_rate(ctx.attempt, run), spec.name)
