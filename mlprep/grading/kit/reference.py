"""Comparisons with the reference (correctness): the same algorithm on the same data gives the
same fitted parameters (to 1e-6 relative: same-algorithm float64 trajectories agree to about
1e-12), with each penalty on, with a single feature and with more features than samples; and
each method, given the attempt's OWN fitted parameters, returns what the reference's method
returns from them. Judging methods from the attempt's own parameters keeps a fit bug out of the
prediction checks and a prediction bug out of the fit checks: each message names what differs."""

from __future__ import annotations

import numpy as np

from ..errors import NotScorable
from .compare import (Mismatch, RTOL, assert_close, assert_close_rows_any_order, assert_equal_labels)
from .context import Context
from .diagnose import explain, parameters_sentence
from .registry import Check, check, family
from .spec import Estimator


def compares(spec) -> bool:
    return isinstance(spec, Estimator) and bool(spec.groups)


def assert_same_parameters(ctx: Context, model, ref) -> dict:
    """Each fitted group of `model` against the reference model's, or a Mismatch."""
    theta = ctx.theta(model)
    for group in ctx.spec.groups:
        expected = np.asarray(getattr(ref, group), dtype=float)
        atol = 1e-9 * max(1.0, float(np.abs(expected).max(initial=0.0)))
        if ctx.spec.compare == "rows":
            assert_close_rows_any_order(theta[group], expected, what=f"`{group}`", rtol=RTOL, atol=atol)
        else:
            assert_close(theta[group], expected, what=f"`{group}`", rtol=RTOL, atol=atol, shape_strict=False)
    return theta


def _algorithm(ctx: Context) -> str:
    return ctx.spec.advice.get("algorithm", "the stated algorithm")


def assert_fits_like_reference(ctx: Context, setup, where: str, check_id: str, penalty: str | None = None):
    """Fit the attempt and the reference on `setup`; fail with `where`, the first difference, and
    the deviation the evidence names (or the spec's advice for `check_id`). Returns the model."""
    model = ctx.fit_setup(setup)
    ref = ctx.ref_fit(setup.X, setup.y, **setup.hyper)
    try:
        assert_same_parameters(ctx, model, ref)
    except Mismatch as exc:
        cause = explain(parameters_sentence, ctx, penalty)
        raise AssertionError(
            f"{where}, the fitted parameters differ from {_algorithm(ctx)}: {exc.detail} " +
            (cause or ctx.spec.advice_for(check_id, "Check each step of fit against the statement."))) from None
    return model


def _exact(spec) -> dict:
    """tol=0 for iterative estimators: the trajectory is compared for exactly n_iterations steps."""
    return {"tol": 0.0} if spec.iterative else {}


def _iterations(setup) -> str:
    k = setup.hyper.get("n_iterations")
    return f" ({k} iterations, tol=0)" if k is not None and setup.hyper.get("tol") == 0 else ""


@check("reference.fitted_parameters", "correctness", 3, applies=compares)
def fitted_parameters(ctx: Context):
    """fit on ordinary data learns the reference's parameters."""
    setup = ctx.spec.setup(seed=30, pinned=True, **_exact(ctx.spec))
    assert_fits_like_reference(ctx, setup, f"After fit on ordinary data{_iterations(setup)}", "reference.fitted_parameters")


def _with_penalty(penalty: str):
    def run(ctx: Context):
        strength = ctx.spec.penalties[penalty]
        setup = ctx.spec.setup(seed=31, pinned=True, **_exact(ctx.spec), **{penalty: strength})
        assert_fits_like_reference(ctx, setup, f"With {penalty}={strength:g}, after fit{_iterations(setup)}",
                         f"reference.fitted_parameters_with_{penalty}", penalty)
    return run


@family
def penalty_checks(spec) -> list[Check]:
    if not compares(spec):
        return []
    return [Check(f"reference.fitted_parameters_with_{p}", "correctness", 2, lambda s: True, _with_penalty(p),
                  f"fit with {p} on learns the reference's parameters.") for p in spec.penalties]


@check("reference.single_feature", "correctness", 1, applies=lambda s: compares(s) and "single_feature" in s.shapes)
def single_feature(ctx: Context):
    """fit and the methods work with a single feature (X of shape (n, 1))."""
    setup = ctx.spec.setup(seed=32, d=1, pinned=True, **_exact(ctx.spec))
    model = assert_fits_like_reference(ctx, setup, "With a single feature (X of shape (n, 1))", "reference.single_feature")
    _methods_match(ctx, model, setup, [("new", ctx.spec.data(132, 20, 1)[0])], "With a single feature, ")


@check("reference.more_features_than_samples", "correctness", 1,
       applies=lambda s: compares(s) and "more_features_than_samples" in s.shapes)
def more_features_than_samples(ctx: Context):
    """fit works with fewer samples than features (n=6, d=8)."""
    setup = ctx.spec.setup(seed=33, n=6, d=8, pinned=True, **_exact(ctx.spec))
    assert_fits_like_reference(ctx, setup, "With fewer samples than features (X of shape (6, 8))",
                     "reference.more_features_than_samples")


def _methods_match(ctx: Context, model, setup, datasets, prefix: str = "") -> None:
    """Each method against the reference's method applied to the attempt's own fitted parameters."""
    spec = ctx.spec
    theta = ctx.theta(model)
    if not all(np.all(np.isfinite(v)) for v in theta.values()):
        raise NotScorable("Not scored: the fitted parameters are not finite on ordinary data, so the methods "
                          "cannot be judged from them (see reference.fitted_parameters).")
    ref = ctx.ref_with(theta, **setup.hyper)
    for method, kind in spec.methods.items():
        for which, X in datasets:
            expected = getattr(ref, method)(X)
            got = model.call(method, X)
            what = f"{method}(X) on {'the training' if which == 'train' else 'new'} data"
            try:
                got = kind.coerce(got, spec.dims(X, setup.hyper), what)  # shapes: contract.outputs
                if kind.dtype == "int":
                    margin = spec.margin(ref, X) if spec.margin else None
                    mask = None if margin is None else np.abs(margin) > 1e-9
                    assert_equal_labels(got, expected, what=what, mask=mask)
                else:
                    assert_close(got, expected, what=what)
            except Mismatch as exc:
                raise AssertionError(
                    f"{prefix}{method} does not return what the model's own fitted "
                    f"{' and '.join(spec.groups)} give: {exc.detail} " + spec.advice_for(
                        f"reference.predictions.{method}",
                        f"Compute {method} from the fitted attributes only, for every row of the X it is "
                        f"given.")) from None


@check("reference.predictions", "correctness", 2, applies=lambda s: compares(s) and bool(s.methods))
def predictions(ctx: Context):
    """Each method, from the attempt's own fitted parameters, matches the reference's method, on the
    training data and on new data."""
    setup = ctx.spec.setup(seed=34)
    model = ctx.fit_setup(setup)
    X_new = ctx.spec.data(134, 41, setup.X.shape[1])[0]
    _methods_match(ctx, model, setup, [("train", setup.X), ("new", X_new)])
