"""Hidden tests for `normal-equation` (NormalEquationRegression, closed-form least squares).

The contract: w is the minimum-norm least-squares solution of the centred problem X̃ w ≈ ỹ and
b = ȳ − x̄·w (the intercept is not part of the norm), which is scikit-learn's LinearRegression;
without an intercept, w is the minimum-norm solution of X w ≈ y and b = 0.0.

The kit's standard checks come from SPEC (fit in one pass: no iterations, so the convergence
criterion is n/a). Below are the checks only this problem has:
- correctness: exactly rank-deficient designs (duplicated and dependent columns, a constant
  column, more features than samples) get the minimum-norm answer, and fit_intercept=False;
- numerical stability: nearly collinear columns at two levels (condition numbers ≈ 4e9 and ≈ 4e7,
  verified below, as is the failure of the normal equations on them), where any method that forms
  XᵀX (inverse, solve, Cholesky, pseudo-inverse of XᵀX) loses the information the columns carry,
  while an orthogonal factorisation of X̃ itself keeps it; and a constant column, where dividing by
  its zero spread gives NaN.
Predictions on nearly collinear data are compared with the EXACT least-squares predictions of the
float data, computed in rational arithmetic (fractions.Fraction), not with another float solver.
"""

from fractions import Fraction
from functools import lru_cache

import numpy as np
import pytest

from mlprep.grading import kit


def make_data(seed, n=120, d=4, noise=0.3, offset=3.0):
    """Well-conditioned features with non-zero means (centring matters) and an intercept."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-2.0, 2.0, size=d) + rng.uniform(0.5, 2.0, size=d) * rng.normal(size=(n, d))
    w = rng.choice([-1.0, 1.0], size=d) * rng.uniform(0.5, 2.5, size=d)
    return X, X @ w + offset + noise * rng.normal(size=n)


def held_out(seed, m, d):
    return make_data(seed + 1000, m, d)[0]


# ------------------------------------------------------------------ rank-deficient designs

def duplicated_columns():
    """Three features plus an exact copy of the first and the combination x0 − 2·x1."""
    X, y = make_data(11, n=80, d=3)
    return np.column_stack([X, X[:, 0], X[:, 0] - 2.0 * X[:, 1]]), y


def constant_column():
    """A feature that is 2.0 for every sample: collinear with the intercept."""
    X, y = make_data(12, n=80, d=3)
    return np.column_stack([X[:, :1], np.full(len(X), 2.0), X[:, 1:]]), y


def wide():
    """More features than samples: 10 rows, 30 features."""
    return make_data(13, n=10, d=30)


RANK_CASES = {  # make, the situation, the same in a few words
    "duplicated": (duplicated_columns, "duplicated and dependent columns (a copy of x0, and x0 − 2·x1)",
                   "dependent columns"),
    "constant": (constant_column, "a constant column (every value 2.0)", "a constant column"),
    "wide": (wide, "more features than samples (X of shape (10, 30))", "fewer samples than features"),
}
JOINT_NORM_DIFFERS = {"constant", "wide"}  # where the minimum norm over (b, w) together is another answer


@lru_cache(maxsize=None)
def rank_case(case):
    """The data of a rank-deficient case, checked to be rank-deficient (at lstsq's cutoff) and, where
    claimed, to tell the contract's minimum norm from the joint one over (b, w)."""
    X, y = RANK_CASES[case][0]()
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    rank = int((s > s[0] * max(X.shape) * np.finfo(float).eps).sum())
    if rank >= X.shape[1]:
        raise kit.KitMisuse(f"rank case {case!r}: the centred X has full column rank {rank}")
    if case in JOINT_NORM_DIFFERS:
        Xc = X - X.mean(axis=0)
        w = np.linalg.lstsq(Xc, y - y.mean(), rcond=None)[0]
        joint = np.linalg.lstsq(np.column_stack([np.ones(len(X)), X]), y, rcond=None)[0]
        if np.abs(joint[1:] - w).max() < 1e-3:
            raise kit.KitMisuse(f"rank case {case!r}: the joint minimum norm over (b, w) gives the same weights")
    return X, y


# ------------------------------------------------------------------ nearly collinear columns

STABLE_TOL = 1e-5  # max |ŷ − ŷ_exact| / max |y − ȳ|: stable solvers stay below 1e-6, XᵀX-based ones above 1e-2


def sensors(seed, n, delta):
    """Two readings of the same quantity that differ by `delta` of their size, x2 = x1 + delta·z, and
    a target that depends on that difference z (and on a third feature): nearly collinear columns
    (condition number ≈ 4/delta) with least-squares weights of about ±1/delta."""
    rng = np.random.default_rng(seed)
    x1 = 3.0 + 2.0 * rng.normal(size=n)
    z = rng.normal(size=n)
    x3 = rng.normal(size=n)
    X = np.column_stack([x1, x1 + delta * z, x3])
    return X, 2.0 * x1 - x3 + z + 5.0 + 0.1 * rng.normal(size=n)


def condition_number(X):
    s = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return float(s[0] / s[-1])


def exact_least_squares(X, y):
    """(b, w) minimising ||Xw + b − y||² exactly for the float data: the normal equations of
    [1, X] solved in rational arithmetic (the design has full column rank)."""
    A = [[Fraction(1)] + [Fraction(float(v)) for v in row] for row in X]
    Y = [Fraction(float(v)) for v in y]
    m = len(A[0])
    M = [[sum(r[p] * r[q] for r in A) for q in range(m)] + [sum(r[p] * t for r, t in zip(A, Y))]
         for p in range(m)]
    for c in range(m):                                          # Gauss–Jordan, exact
        pivot = next(k for k in range(c, m) if M[k][c] != 0)
        M[c], M[pivot] = M[pivot], M[c]
        for k in range(m):
            if k != c and M[k][c] != 0:
                f = M[k][c] / M[c][c]
                M[k] = [a - f * b for a, b in zip(M[k], M[c])]
    return [M[p][m] / M[p][p] for p in range(m)]


def exact_predictions(theta, X):
    return np.array([float(theta[0] + sum(t * Fraction(float(v)) for t, v in zip(theta[1:], row))) for row in X])


def _gram_solve(X, y, solver):
    xm, ym = X.mean(axis=0), y.mean()
    Xc = X - xm
    w = solver(Xc.T @ Xc, Xc.T @ (y - ym))
    return w, ym - xm @ w


def _cholesky_solve(G, r):
    L = np.linalg.cholesky(G)                                   # raises when G is not positive definite
    return np.linalg.solve(L.T, np.linalg.solve(L, r))


# Two levels. "severe": cond(X̃) ≈ 4e9, so cond(X̃ᵀX̃) ≈ 2e19 > 1/ε: the rounded XᵀX is singular in
# all but name (its smallest eigenvalue is rounding noise, Cholesky may fail or not). "moderate":
# cond(X̃) ≈ 4e7, cond(X̃ᵀX̃) ≈ 1.5e15: XᵀX is still positive definite (Cholesky succeeds, which
# is verified here) but has kept only a digit or two of what the nearly collinear columns carry.
COLLINEAR = {
    "severe": dict(delta=1e-9, seeds=(21, 22), cond=(1e9, 1e10), naive="np.linalg.solve on XᵀX",
                   solver=np.linalg.solve, must_run=False),
    "moderate": dict(delta=1e-7, seeds=(23, 24), cond=(1e7, 1e8), naive="Cholesky on XᵀX", solver=_cholesky_solve,
                     must_run=True),
}


def truncated_predictions(X, y, Xs):
    """The least-squares predictions with the weakest singular direction of X̃ dropped: what a solver
    that treats the smallest singular value as zero predicts (a large rank cutoff, or pinv of XᵀX)."""
    xm, ym = X.mean(axis=0), y.mean()
    U, s, Vt = np.linalg.svd(X - xm, full_matrices=False)
    w = Vt[:-1].T @ ((U[:, :-1].T @ (y - ym)) / s[:-1])
    return [Z @ w + ym - xm @ w for Z in Xs]


@lru_cache(maxsize=None)
def nearly_collinear_case(level):
    """Training and new data, their exact least-squares predictions, the spread of y, the condition
    number, and the predictions with the weakest direction dropped; raises KitMisuse when the data
    do not create the situation on this machine."""
    cfg = COLLINEAR[level]
    X, y = sensors(cfg["seeds"][0], 60, cfg["delta"])
    X_new, _ = sensors(cfg["seeds"][1], 30, cfg["delta"])
    cond = condition_number(X)
    if not cfg["cond"][0] <= cond <= cfg["cond"][1]:
        raise kit.KitMisuse(f"{level} nearly collinear data: condition number {cond:.2e} outside {cfg['cond']}")
    theta = exact_least_squares(X, y)
    exact = (exact_predictions(theta, X), exact_predictions(theta, X_new))
    scale = float(np.abs(y - y.mean()).max())
    try:
        w, b = _gram_solve(X, y, cfg["solver"])
        naive = max(float(np.abs(Z @ w + b - e).max()) for Z, e in zip((X, X_new), exact)) / scale
    except np.linalg.LinAlgError as exc:
        if cfg["must_run"]:  # this level is about a Gram matrix that still looks invertible
            raise kit.KitMisuse(f"{level} nearly collinear data: {cfg['naive']} fails ({exc}), so the data do not "
                                f"show its silent inaccuracy") from None
        naive = np.inf
    if not naive >= 1e3 * STABLE_TOL:
        raise kit.KitMisuse(f"{level} nearly collinear data: {cfg['naive']} is accurate to {naive:.1e}, so the "
                            f"check would not tell it from a stable solver")
    return X, y, X_new, exact, scale, cond, truncated_predictions(X, y, (X, X_new))


def nearly_collinear_trap():
    X, y, X_new, *_ = nearly_collinear_case("severe")
    return X, y, dict(fit_intercept=True), X_new


# ------------------------------------------------------------------ the spec

SPEC = kit.Estimator(
    cls="NormalEquationRegression",
    params=dict(fit_intercept=True),
    tags={"supervised", "regressor"},
    data=make_data,
    ordinary=dict(fit_intercept=True),
    fitted={"weights": kit.Vector(), "bias": kit.Scalar()},
    methods={"predict": kit.Values()},
    groups={"weights": kit.Group(2), "bias": kit.Group(1, penalized=False)},
    used={"fit_intercept": (True, False)},
    # more features than samples is this problem's own check (test_more_features_than_samples_...), which
    # tells a crash there from a wrong answer; the kit's version reports a crash on its (6, 8) data as a
    # failure "on ordinary data"
    shapes=("single_feature",),
    advice={
        "algorithm": "the least-squares solution with an intercept",
        "reference.fitted_parameters": "Centre X and y with their means over the samples (axis 0), solve the "
                                       "centred least-squares problem for w, then set b = ȳ − x̄·w.",
        "reference.single_feature": "With one feature X is (n, 1): centre it with its mean over the samples (axis 0), "
                                    "keep w a flat (1,) array and b a float.",
        "reference.predictions.predict": "predict(X) is X @ weights + bias with the weights and bias learned in "
                                         "fit, for any X: do not centre the new X with its own mean.",
        "missing.bias": "fit does not set `bias`: the model has an intercept (ŷ = Xw + b); store it as a float "
                        "(0.0 when fit_intercept is False).",
    },
    traps=(
        kit.Trap("nearly_collinear_columns", nearly_collinear_trap,
                 "nearly collinear columns (two features equal up to 1e-9 of their size, condition number ≈ 4e9)",
                 "Solve the least-squares problem on the centred X itself with an orthogonal factorisation "
                 "(np.linalg.lstsq, QR or SVD), without forming XᵀX."),
    ),
)
kit.install(SPEC, globals())


# ------------------------------------------------------------------ shared helpers

def _as_vector(value, what, n):
    arr = kit.as_float_array(value, what)
    if arr.size != n:
        raise AssertionError(f"{what} has shape {arr.shape}; it must have shape ({n},).")
    return arr.reshape(n)


def _fits_like_reference_on_ordinary_data(ctx) -> bool:
    """fit learns the reference's weights and bias on ordinary, full-rank data."""
    def compute():
        setup = SPEC.setup(seed=35)
        theta = ctx.theta(ctx.fit_setup(setup))
        ref = ctx.ref_fit(setup.X, setup.y, **setup.hyper)
        return kit.is_close(theta["weights"], ref.weights) and kit.is_close(theta["bias"], ref.bias)
    return ctx.memo("ordinary_fit_right", compute)


def _predicts_like_reference_on_ordinary_data(ctx) -> bool:
    """fit then predict on new rows gives the reference's predictions, on ordinary data."""
    def compute():
        setup = SPEC.setup(seed=36)
        X_new = held_out(36, 40, setup.X.shape[1])
        got = ctx.fit_setup(setup).call("predict", X_new)
        expected = ctx.ref_fit(setup.X, setup.y, **setup.hyper).predict(X_new)
        try:
            got = _as_vector(got, "predict(X)", len(X_new))
        except AssertionError:
            return False
        return kit.is_close(got, expected, rtol=1e-6, atol=1e-9 * float(np.abs(expected).max()))
    return ctx.memo("ordinary_predict_right", compute)


def _require_fit_right_on_ordinary_data(ctx, situation):
    if not _fits_like_reference_on_ordinary_data(ctx):
        raise kit.NotScorable(f"Not scored: fit does not learn the least-squares weights and bias even on ordinary, "
                              f"full-rank data, so {situation} cannot be judged (see reference.fitted_parameters).",
                              owner="reference.fitted_parameters", criterion="correctness")


LSTSQ_FIX = ("Use an SVD-based solver with a rounding-level cutoff on the centred data: "
             "np.linalg.lstsq(X̃, ỹ, rcond=None) or np.linalg.pinv(X̃) @ ỹ.")


def _minimum_norm_diagnosis(X, y, theta, ref, short):
    """Why finite parameters differ from the minimum-norm ones, from what they predict."""
    w, b = np.asarray(theta["weights"], dtype=float), float(theta["bias"])
    scale = max(float(np.abs(y - y.mean()).max()), 1.0)
    off = float(np.abs(X @ w + b - ref.predict(X)).max()) / scale
    if off > 1e-6:
        return (f"Its training predictions are off the least-squares ones by {off:.1e}: with {short}, X̃ᵀX̃ and any "
                f"triangular factor of X̃ are singular, and dividing by a rounding-level pivot or singular value "
                f"gives garbage. " + LSTSQ_FIX)
    A = np.column_stack([np.ones(len(X)), X])
    joint = np.linalg.lstsq(A, y, rcond=None)[0]
    if kit.is_close(w, joint[1:], rtol=1e-6, atol=1e-9) and kit.is_close(b, joint[0], rtol=1e-6, atol=1e-9):
        return ("Its predictions are right, but it puts b inside the minimum norm (solving for (b, w) together, as "
                "lstsq on [1, X] does); the contract leaves b out. Centre X and y, take the minimum-norm w of the "
                "centred problem, then b = ȳ − x̄·w.")
    return ("Its predictions are right (a least-squares solution), but not the one with the smallest ||w||: solve, "
            "inverses, QR, dividing by rounding-level singular values or rescaling the features give another. "
            + LSTSQ_FIX)


def _judge_minimum_norm(ctx, case):
    _, situation, short = RANK_CASES[case]
    _require_fit_right_on_ordinary_data(ctx, f"the minimum-norm rule with {situation}")
    X, y = rank_case(case)
    try:
        model = ctx.fit(X, y, fit_intercept=True)
    except kit.AttemptError as exc:
        raise AssertionError(f"With {situation}, {exc}. X̃ᵀX̃ is singular there, but least squares still has one "
                             f"minimum-norm answer. " + LSTSQ_FIX) from None
    theta = ctx.theta(model)
    if not all(np.all(np.isfinite(v)) for v in theta.values()):
        raise AssertionError(f"With {situation}, fit returns NaN or inf parameters. Least squares still has one "
                             f"minimum-norm answer. " + LSTSQ_FIX)
    ref = ctx.ref_fit(X, y, fit_intercept=True)
    try:
        kit.assert_close(theta["weights"], ref.weights, what="`weights`",
                         atol=1e-9 * max(1.0, float(np.abs(ref.weights).max())), shape_strict=False)
        kit.assert_close(theta["bias"], ref.bias, what="`bias`", atol=1e-9 * max(1.0, abs(ref.bias)))
    except kit.Mismatch as exc:
        raise AssertionError(f"With {situation}, the weights are not the minimum-norm solution: {exc.detail} "
                             + _minimum_norm_diagnosis(X, y, theta, ref, short)) from None


# ------------------------------------------------------------------ correctness

@pytest.mark.criterion("correctness", weight=2)
def test_dependent_columns_give_the_minimum_norm_solution(ctx):
    _judge_minimum_norm(ctx, "duplicated")


@pytest.mark.criterion("correctness", weight=2)
def test_constant_column_gets_the_minimum_norm_solution(ctx):
    # with an intercept, a constant column is collinear with it: the minimum-norm w gives the column
    # weight 0 and the whole offset goes to b (b is not in the norm)
    _judge_minimum_norm(ctx, "constant")


@pytest.mark.criterion("correctness", weight=2)
def test_more_features_than_samples_gives_the_minimum_norm_solution(ctx):
    _judge_minimum_norm(ctx, "wide")


@pytest.mark.criterion("correctness", weight=2)
def test_without_intercept(ctx):
    X, y = make_data(14, n=90, d=3)                            # an offset of 3 that the model may not use
    model = ctx.fit(X, y, fit_intercept=False)
    bias = model.attr("bias")
    if bias is None or isinstance(bias, bool) or not isinstance(bias, (int, float, np.number)):
        raise AssertionError(f"With fit_intercept=False, `bias` is {kit.compare.kind_of(bias)}; store 0.0 (a float), "
                             f"so that predict is X @ weights + bias in both cases.")
    assert float(bias) == 0.0, (
        f"With fit_intercept=False, `bias` is {float(bias):.6g}; the model has no intercept, so b = 0.0 and w is the "
        f"least-squares solution of X w ≈ y itself (no centring).")
    ref = ctx.ref_fit(X, y, fit_intercept=False)
    try:
        kit.assert_close(ctx.theta(model)["weights"], ref.weights, what="`weights`", atol=1e-9, shape_strict=False)
    except kit.Mismatch as exc:
        raise AssertionError(f"With fit_intercept=False, the weights are not the least-squares solution of X w ≈ y: "
                             f"{exc.detail} Without an intercept, do not centre X or y: solve X w ≈ y as given.") from None


# ------------------------------------------------------------------ numerical stability

def _judge_nearly_collinear(ctx, level, why):
    if not _predicts_like_reference_on_ordinary_data(ctx):
        raise kit.NotScorable("Not scored: fit and predict do not give the least-squares predictions even on "
                              "ordinary, well-conditioned data, so their accuracy on nearly collinear data cannot be "
                              "judged (see correctness).")
    X, y, X_new, exact, scale, cond, truncated = nearly_collinear_case(level)
    situation = f"nearly collinear columns (condition number {cond:.1e})"
    try:
        model = ctx.fit(X, y, fit_intercept=True)
        got = [_as_vector(model.call("predict", Z), "predict(X)", len(Z)) for Z in (X, X_new)]
    except kit.AttemptError as exc:
        raise AssertionError(f"With {situation}, {exc}. The least-squares problem is well posed there: solve it on "
                             f"the centred X itself with an orthogonal factorisation (np.linalg.lstsq, QR or "
                             f"SVD).") from None
    err = max(float(np.abs(g - e).max()) for g, e in zip(got, exact)) / scale
    if np.isfinite(err) and err <= STABLE_TOL:
        return
    off = f"With {situation}, predict is off the exact least-squares predictions by {err:.1e} of the spread of y " \
          f"(allowed {STABLE_TOL:g})."
    dropped = max(float(np.abs(g - t).max()) for g, t in zip(got, truncated)) / scale
    if dropped <= 1e-6:  # evidence: exactly the fit without the weakest direction
        raise AssertionError(
            f"{off} It predicts exactly as if the weakest direction of X̃ (singular value {1 / cond:.1e} of the "
            f"largest) were zero: a rank cutoff above rounding level, or forming XᵀX, where it shrinks to "
            f"{cond ** -2:.0e} and a pseudo-inverse of XᵀX drops it. Keep every singular value above "
            f"max(n, d)·ε of the largest and solve on the centred X (np.linalg.lstsq with rcond=None, QR or SVD).")
    raise AssertionError(f"{off} Forming XᵀX squares the condition number (to {cond ** 2:.0e}): {why} Solve on the "
                         f"centred X itself with np.linalg.lstsq, QR or SVD.")


@pytest.mark.criterion("numerical_stability", weight=2)
def test_nearly_collinear_columns_predict_accurately(ctx):
    _judge_nearly_collinear(ctx, "severe", "beyond 1/ε ≈ 4.5e15, so an inverse, solve, Cholesky or pseudo-inverse of "
                                           "XᵀX loses what these columns carry.")


@pytest.mark.criterion("numerical_stability", weight=2)
def test_moderately_collinear_columns_predict_accurately(ctx):
    _judge_nearly_collinear(ctx, "moderate", "XᵀX is still invertible (Cholesky and solve succeed) but rounding it "
                                             "has already wiped out most digits of what these columns carry.")


ZERO_SPREAD_FIX = ("A constant column is exactly 0 once centred: dividing by its standard deviation (to scale the "
                   "features), or by a pivot or singular value that is 0, gives NaN or inf. Least squares needs no "
                   "scaling; if you scale, leave zero-spread columns unscaled.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_constant_column_finite_without_warnings(ctx):
    X, y = constant_column()
    Z = held_out(12, 30, 3)
    X_new = np.column_stack([Z[:, :1], np.full(len(Z), 2.0), Z[:, 1:]])
    events = []
    try:
        model = ctx.fit(X, y, fit_intercept=True)
        events += ctx.last.fp_events
        outputs = {"`weights`": model.attr("weights"), "`bias`": model.attr("bias"),
                   "predict(X)": model.call("predict", X_new)}
        events += ctx.last.fp_events
    except kit.AttemptError as exc:
        events += ctx.last.fp_events
        if not events:
            raise kit.NotScorable(f"Not scored: with a constant feature column, {exc} (judged by correctness, "
                                  f"which asks for the minimum-norm answer there).") from None
        raise AssertionError(f"With a constant feature column, fit raised floating-point warnings "
                             f"({kit.format_fp_events(events)}) and then {exc}. " + ZERO_SPREAD_FIX) from None
    bad = [name for name, value in outputs.items() if not np.all(np.isfinite(kit.as_float_array(value, name)))]
    problems = ([f"{', '.join(bad)} contain{'s' if len(bad) == 1 else ''} NaN or inf"] if bad else []) + (
        [f"fit or predict raised floating-point warnings ({kit.format_fp_events(events)})"] if events else [])
    assert not problems, f"With a constant feature column, {' and '.join(problems)}. " + ZERO_SPREAD_FIX
