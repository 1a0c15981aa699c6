"""Hidden tests for `ridge` (RidgeRegression, the exact minimiser of an L2-penalised least squares).

The stated objective is L(w, b) = (1/(2n))·||y − Xw − b·1||² + (alpha/2)·||w||² (the bias is not
penalised); its minimiser is b = ȳ − x̄·w, (XcᵀXc + n·alpha·I) w = Xcᵀyc on centred data, i.e.
scikit-learn's Ridge(alpha=n·alpha) (tests/test_oracle_ridge.py). Closed form: not iterative, so no
convergence check (the criterion is n/a in problem.toml).

The kit's standard checks come from SPEC. Below are the checks only this problem has, one per trap
the statement names: the unpenalised bias (targets with a large mean), alpha = 0 (ordinary least
squares), a strong alpha (weights → 0, bias → mean(y)), the factor n (every row repeated twice), and
features far from zero (offset 1e5, spread 1, targets around 1e6). When a fit differs from the
stated minimiser, `deviation` names which known wrong system it solved instead, when one matches.

Measured (tests' data, exact rational arithmetic as the yardstick): centring then solve / inv / SVD /
lstsq all agree with the exact minimiser to ≤ 1e-11 relative in the weights, also at offset 1e5;
the uncentred normal equations (augmented with a bias column, or XᵀX − n·x̄x̄ᵀ, or Xcᵀy with an
uncentred y) lose 2e-5 there. An explicit inverse of the centred, penalised matrix loses nothing
measurable (1e-15), so it is not a fault; it is only as bad as the system it inverts.
"""

import numpy as np
import pytest

from mlprep.grading import kit


def make_data(seed, n=120, d=4, noise=0.5, offset=20.0):
    """Features with non-zero means and unequal scales, well-separated true weights, an intercept."""
    rng = np.random.default_rng(seed)
    means = rng.uniform(-3.0, 3.0, size=d)
    scales = rng.uniform(0.5, 2.0, size=d)
    X = means + scales * rng.normal(size=(n, d))
    w = rng.choice([-1.0, 1.0], size=d) * rng.uniform(1.0, 2.5, size=d)
    return X, X @ w + offset + noise * rng.normal(size=n)


def held_out(seed, m, d):
    return make_data(seed + 1000, m, d)[0]


def objective(X, y, theta, hyper):
    """The stated objective: (1/(2n))·||y − Xw − b·1||² + (alpha/2)·||w||²."""
    w, b = np.asarray(theta["weights"], dtype=float), float(theta["bias"])
    r = y - X @ w - b
    return float(r @ r / (2 * len(y)) + 0.5 * hyper.get("alpha", 1.0) * (w @ w))


# ------------------------------------------------------------------ exact answers and known wrong ones

def ridge(X, y, alpha):
    """The stated minimiser, computed stably (centred data, SVD): {"weights", "bias"}."""
    n = len(X)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    U, s, Vt = np.linalg.svd(X - x_mean, full_matrices=False)
    w = Vt.T @ (s / (s ** 2 + n * alpha) * (U.T @ (y - y_mean)))
    return {"weights": w, "bias": float(y_mean - x_mean @ w)}


def _solve(A, c):
    return np.linalg.lstsq(A, c, rcond=None)[0]


# KIT CANDIDATE: named wrong answers for closed-form estimators. The kit names a deviation from evidence
# only for gradient descent (diagnose.parameters_sentence: factors of the step, penalty terms); for a
# problem solved in one pass, reference.fitted_parameters can only show static advice. A spec field like
# `closed_form_deviations: ((theta_of(X, y, hyper), sentence), ...)`, tried by parameters_sentence when the
# tags have no "gradient-descent", would let every closed-form problem (normal equation, ridge, PCA, LDA,
# naive Bayes) name the mistake in the kit's own checks; here it is done in this module's checks instead.
def deviations(X, y, alpha):
    """(theta, sentence): the minimisers of the systems people solve by mistake."""
    n, d = X.shape
    x_mean, y_mean = X.mean(axis=0), y.mean()
    Xc, yc = X - x_mean, y - y_mean
    out = []

    def add(w, b, sentence):
        out.append(({"weights": np.asarray(w, dtype=float), "bias": float(b)}, sentence))

    ones = np.column_stack([np.ones(n), X])
    theta = _solve(np.vstack([ones, np.sqrt(n * alpha) * np.eye(d + 1)]), np.concatenate([y, np.zeros(d + 1)]))
    add(theta[1:], theta[0], (
        "fit penalises the bias too (the column of ones is inside the penalty, which pulls b toward 0). Only the "
        "weights are penalised: dL/db = 0 gives b = ȳ − x̄·w, so solve for w on the centred data Xc = X − x̄, "
        "yc = y − ȳ and then set b = ȳ − x̄·w."))
    if alpha > 0:
        factors = (
            (1 / n, ("fit puts alpha on the diagonal where the stated objective needs n·alpha (alpha alone is "
                     "scikit-learn's convention, whose data term is a sum, not a mean). With the 1/(2n) in front of "
                     "the data term, n·dL/dw = 0 reads (XcᵀXc + n·alpha·I) w = Xcᵀyc.")),
            (2.0, ("fit puts 2·n·alpha on the diagonal: the penalty is (alpha/2)·||w||², whose gradient is alpha·w, "
                   "so n·dL/dw = 0 reads (XcᵀXc + n·alpha·I) w = Xcᵀyc.")),
            (0.5, ("fit puts n·alpha/2 on the diagonal: the ½ in front of the penalty cancels the 2 of its square, so "
                   "n·dL/dw = 0 reads (XcᵀXc + n·alpha·I) w = Xcᵀyc.")),
        )
        for factor, sentence in factors:
            exact = ridge(X, y, factor * alpha)
            add(exact["weights"], exact["bias"], sentence)
        for k, shown in ((n * alpha, "n·alpha"), (alpha, "alpha")):
            w = _solve(Xc.T @ Xc + k, Xc.T @ yc)
            add(w, y_mean - x_mean @ w, (
                f"fit adds {shown} to every entry of XᵀX instead of only to its diagonal (a number added to a "
                f"matrix broadcasts to every entry): add n·alpha·np.eye(d)."))
    if alpha != 1.0:
        sentence = f"fit with alpha={alpha:g} returned the model for alpha=1 (the default): use self.alpha as given."
        if alpha == 0:
            sentence += " 0 is a legal value, not a missing one (`self.alpha or 1.0` replaces it by the default)."
        default = ridge(X, y, 1.0)
        add(default["weights"], default["bias"], sentence)
    raw = np.vstack([X, np.sqrt(n * alpha) * np.eye(d)])
    add(_solve(raw, np.concatenate([y - y_mean, np.zeros(d)])), y_mean, (
        "fit centres y but not X, and takes b = mean(y). The bias must be solved together with w: centre X as "
        "well (Xc = X − x̄), solve for w, then b = ȳ − x̄·w."))
    add(ridge(X, y, alpha)["weights"], y_mean, (
        "fit finds the right weights but sets b = mean(y): dL/db = 0 gives b = ȳ − x̄·w, which is mean(y) only "
        "when every feature has mean 0."))
    w = _solve(raw, np.concatenate([y, np.zeros(d)]))
    add(w, np.mean(y - X @ w), (
        "fit solves for w without the bias (on uncentred X and y) and only afterwards sets b from the residuals; "
        "the two must be found together. Centre X and y first, solve for w, then b = ȳ − x̄·w."))
    sd = Xc.std(axis=0)
    if np.all(sd > 0):
        w = ridge(Xc / sd, y, alpha)["weights"] / sd
        add(w, y_mean - x_mean @ w, (
            "fit standardises the features before penalising, so the penalty falls on the weights of the rescaled "
            "features: a different objective. Penalise the weights of X as given (centring is fine, it does not "
            "change w; dividing by the standard deviation does)."))
    return out


def close_model(theta, expected, rtol=kit.compare.RTOL) -> bool:
    scale = max(1.0, float(np.abs(expected["weights"]).max(initial=0.0)))
    return (kit.is_close(np.ravel(theta["weights"]), expected["weights"], rtol=rtol, atol=1e-9 * scale)
            and kit.is_close(theta["bias"], expected["bias"], rtol=rtol, atol=1e-9 * max(1.0, abs(expected["bias"]))))


def deviation(X, y, alpha, theta) -> str:
    """The sentence naming the wrong system whose minimiser `theta` is, or ''."""
    if close_model(theta, ridge(X, y, alpha)):
        return ""
    for candidate, sentence in deviations(X, y, alpha):
        if close_model(theta, candidate):
            return sentence
    return ""


FIX = ("The stated minimiser: b = ȳ − x̄·w and (XcᵀXc + n·alpha·I) w = Xcᵀyc, with Xc = X − x̄ and yc = y − ȳ "
       "(set both partial derivatives of L to zero).")


def assert_stated_minimiser(ctx, X, y, alpha, where, expected=None, context=""):
    """Fit the attempt and compare with the stated minimiser (or `expected`); name the deviation."""
    theta = ctx.theta(ctx.fit(X, y, alpha=alpha))
    expected = expected or ridge(X, y, alpha)
    try:
        for group in ("weights", "bias"):
            scale = max(1.0, float(np.abs(expected[group]).max(initial=0.0)))
            kit.assert_close(np.ravel(theta[group]) if group == "weights" else theta[group], expected[group],
                             what=f"`{group}`", atol=1e-9 * scale)
    except kit.Mismatch as exc:
        cause = deviation(X, y, alpha, theta) or FIX
        raise AssertionError(f"{where}, the fitted parameters are not the minimiser of the stated objective: "
                             f"{exc.detail} {context}{cause}") from None
    return theta


# ------------------------------------------------------------------ data for the traps

def large_mean_targets():
    """Targets around 500 with features whose means are not 0: a penalised bias is pulled far from it."""
    return make_data(seed=50, n=100, d=3, offset=500.0)


def far_from_zero():
    """Features 1e5 + N(0, 1), targets around 1e6: the uncentred normal equations square the offset."""
    rng = np.random.default_rng(52)
    Z = rng.normal(size=(200, 3))
    w = np.array([1.5, -2.0, 1.2])
    X = 1e5 + Z
    y = 1e6 + Z @ w + 0.3 * rng.normal(size=200)
    return X, y, 1e5 + rng.normal(size=(50, 3))


def singular_gram():
    """A constant column and a duplicated column: XᵀX is singular, XᵀX + n·alpha·I is not."""
    X, y = make_data(seed=51, n=80, d=3)
    X = np.column_stack([X, np.full(80, 2.0), X[:, 0]])
    Xt = held_out(51, 30, 3)
    return X, y, {"alpha": 0.1}, np.column_stack([Xt, np.full(30, 2.0), Xt[:, 0]])


SPEC = kit.Estimator(
    cls="RidgeRegression",
    params={"alpha": 1.0},
    tags={"supervised", "regressor"},
    data=make_data,
    ordinary={"alpha": 0.5},
    fitted={"weights": kit.Vector(), "bias": kit.Scalar()},
    methods={"predict": kit.Values()},
    groups={"weights": kit.Group(1), "bias": kit.Group(1, penalized=False)},
    objective=objective,
    penalties={"alpha": 50.0},
    used={"alpha": (0.0, 5.0)},
    advice={
        "algorithm": "the exact minimiser of the stated objective",
        "reference.fitted_parameters": FIX,
        "reference.fitted_parameters_with_alpha": "With a strong alpha the weights shrink toward 0 and the bias "
                                                  "toward mean(y). " + FIX,
        "reference.single_feature": "With d = 1, XcᵀXc + n·alpha·I is a 1 × 1 matrix: keep weights of shape (1,). "
                                    + FIX,
        "reference.more_features_than_samples": "With d > n, XcᵀXc is singular but XcᵀXc + n·alpha·I (alpha > 0) is "
                                                "not. " + FIX,
        "missing.bias": "fit does not set `bias`: the stated model has an intercept (ŷ = Xw + b); store it as a float.",
        "reference.predictions.predict": "predict(X) must be X @ weights + bias from the fitted attributes, for the X "
                                         "it is given.",
        "contract.refit_gives_the_same_model": "fit must compute the model from the data and the hyperparameters as "
                                               "given; nothing left by a previous fit (such as a hyperparameter fit "
                                               "overwrote) may change it.",
    },
    traps=(
        kit.Trap("constant_and_duplicated_columns", singular_gram,
                 "a constant column and a duplicated column (XᵀX singular, alpha=0.1)",
                 "With alpha > 0, XcᵀXc + n·alpha·I is invertible whatever the columns: solve it as it is, and do "
                 "not divide by a column's standard deviation (0 for a constant column)."),
    ),
)
kit.install(SPEC, globals())


# ------------------------------------------------------------------ correctness

@pytest.mark.criterion("correctness", weight=4)
def test_targets_with_a_large_mean(ctx):
    X, y = large_mean_targets()
    penalised = deviations(X, y, 1.0)[0][0]
    exact = ridge(X, y, 1.0)
    if abs(penalised["bias"] - exact["bias"]) < 0.1 * abs(exact["bias"]):
        raise kit.KitMisuse("large_mean_targets: a penalised bias would not stand out")
    assert_stated_minimiser(ctx, X, y, 1.0, "With targets around 500 (alpha=1)")


@pytest.mark.criterion("correctness", weight=3)
def test_alpha_zero_is_ordinary_least_squares(ctx):
    X, y = make_data(seed=53, n=150, d=4)
    theta = np.linalg.lstsq(np.column_stack([np.ones(len(X)), X]), y, rcond=None)[0]
    assert_stated_minimiser(ctx, X, y, 0.0, "With alpha=0", {"weights": theta[1:], "bias": float(theta[0])},
                            "With alpha=0 the minimiser is the ordinary least-squares fit. ")


@pytest.mark.criterion("correctness", weight=3)
def test_strong_alpha(ctx):
    X, y = large_mean_targets()
    alpha = 1e4
    exact, ols = ridge(X, y, alpha), ridge(X, y, 0.0)
    if not (np.abs(exact["weights"]).max() < 1e-3 * np.abs(ols["weights"]).max()
            and abs(exact["bias"] - y.mean()) < 1e-3 * np.std(y)):
        raise kit.KitMisuse("strong alpha: the weights are not near 0 or the bias not near mean(y)")
    assert_stated_minimiser(ctx, X, y, alpha, f"With a very strong alpha={alpha:g}", exact,
                            f"There the weights are nearly 0 and the bias nearly mean(y) = {y.mean():.4g}. ")


# KIT CANDIDATE: sample-duplication invariance. Every estimator whose objective is a mean over samples
# (linear, logistic, softmax, ridge, lasso, elastic net) must fit the same model on the
# data with every row repeated twice; it catches sum-vs-mean and penalty-not-scaled-by-n mistakes with
# no reference at all. It would be a standard check for a tag such as "mean-objective".
@pytest.mark.criterion("correctness", weight=2)
def test_repeating_every_row_gives_the_same_model(ctx):
    # L averages over the samples: repeating every row twice leaves L, hence its minimiser, unchanged.
    X, y = make_data(seed=54, n=60, d=3)
    alpha = 0.5
    once = ctx.theta(ctx.fit(X, y, alpha=alpha))
    twice = ctx.theta(ctx.fit(np.vstack([X, X]), np.concatenate([y, y]), alpha=alpha))
    try:
        kit.assert_close(np.ravel(twice["weights"]), np.ravel(once["weights"]), what="`weights`", rtol=1e-8,
                         atol=1e-12)
        kit.assert_close(twice["bias"], once["bias"], what="`bias`", rtol=1e-8, atol=1e-12)
    except kit.Mismatch as exc:
        cause = ""
        if close_model(once, ridge(X, y, alpha / len(X))):
            cause = deviations(X, y, alpha)[1][1]
        raise AssertionError(
            f"Repeating every row of the data twice changed the model ({exc.detail}) The objective averages the "
            f"squared residuals over the samples (1/(2n)), so it does not change, and neither may its minimiser: "
            f"the penalty on the diagonal must grow with n as XᵀX does. " + (cause or FIX)) from None


# ------------------------------------------------------------------ numerical stability

def _correct_on_ordinary_data(ctx) -> bool:
    def compute():
        X, y = make_data(seed=55, n=100, d=3)
        return close_model(ctx.theta(ctx.fit(X, y, alpha=0.1)), ridge(X, y, 0.1))
    return ctx.memo("ridge.correct_on_ordinary", compute)


@pytest.mark.criterion("numerical_stability", weight=3)
def test_features_far_from_zero_keep_their_digits(ctx):
    if not _correct_on_ordinary_data(ctx):
        raise kit.NotScorable("Not scored: fit does not return the stated minimiser on ordinary data (see "
                              "correctness), so its accuracy far from zero cannot be judged.")
    X, y, Xt = far_from_zero()
    alpha = 0.1
    try:
        _assert_accurate(ctx, X, y, Xt, alpha)
    except kit.Mismatch as exc:
        raise AssertionError(f"With features around 1e5 that vary by about 1 (targets around 1e6), fit loses "
                             f"digits: {exc.detail} {_far_cause(ctx, X, y, Xt, alpha)}") from None


def _assert_accurate(ctx, X, y, Xt, alpha):
    """The attempt's weights to 1e-8 and its predictions on new rows to 1e-7·std(y), or a Mismatch."""
    model = ctx.fit(X, y, alpha=alpha)
    exact = ridge(X, y, alpha)
    kit.assert_close(np.ravel(ctx.theta(model)["weights"]), exact["weights"], what="`weights`", rtol=1e-8,
                     atol=1e-10)
    got = kit.as_float_array(model.call("predict", Xt), "predict(X)").reshape(-1)
    kit.assert_close(got, Xt @ exact["weights"] + exact["bias"], what="predict(X) on new data", rtol=0.0,
                     atol=1e-7 * float(np.std(y)))


def _far_cause(ctx, X, y, Xt, alpha) -> str:
    """Which product lost the digits: the same features with targets around 0 separate a Gram matrix
    formed from uncentred features (still wrong) from Xcᵀy with y not centred (then right)."""
    try:
        _assert_accurate(ctx, X, y - 1e6, Xt, alpha)
    except kit.AttemptProblem:
        return "Subtract the column means from X and the mean from y before forming XᵀX and Xᵀy."
    except kit.Mismatch:
        return ("fit forms XᵀX from uncentred features (AᵀA with a column of ones, or the expansion XᵀX − n·x̄x̄ᵀ): "
                "that squares the offset, every entry is about n·1e10 and the information sits in the last "
                "digits. Subtract the column means from X (and the mean from y) before forming the products, or "
                "let np.linalg.lstsq work on the data matrix itself.")
    return ("fit centres X but not y: Xcᵀy equals Xcᵀyc only in exact arithmetic. In floating point the columns of "
            "Xc sum to about n·1e-11 here (the rounding of x̄ ≈ 1e5), and multiplied by targets around 1e6 that "
            "error swamps Xcᵀyc. Subtract the mean from y as well.")
