"""Hidden tests for `lasso` (Lasso by cyclic coordinate descent with soft-thresholding).

The stated objective is L(w, b) = 1/(2n)·||y − Xw − b||² + alpha·||w||₁ (the bias is not
penalised), and the stated algorithm keeps b at its best value b(w) = ȳ − x̄·w throughout, which
is coordinate descent on the centred data from w = 0. So the objective the kit checks the loss
history against is L(w, b(w)), a function of the weights alone: `objective` below ignores the
bias (which keeps a wrong `bias` a correctness fault, judged by the trajectory checks, rather than
a convergence one), and `initial` gives a placeholder bias (the kit's initial(X, hyper) receives no
y, so b = mean(y) could not be written there anyway). The tag "gradient-descent" does not apply (no
learning rate, no gradient step): the kit's gradient checks are not installed. Every criterion
applies.

The kit's standard checks come from SPEC; below are the checks only this problem has: one
coordinate update from w = 0 (which names the usual mistakes: no division by z_j, the threshold in
the wrong units, a ridge update, standardised or uncentred features, the wrong bias), Gauss–Seidel
order on strongly correlated features (where a Jacobi sweep diverges, verified), exact zeros at
convergence (verified to exist), alpha above alpha_max (verified), the optimality conditions at
convergence, all-zero and constant columns, and the loss's accuracy when the fit is nearly exact.
"""

import numpy as np
import pytest

from mlprep.grading import kit


def make_data(seed, n=120, d=4, corr=0.5, noise=0.5):
    """Correlated features (pairwise correlation `corr`, so coordinate descent needs many sweeps),
    neither centred nor of unit variance, and some irrelevant features (true weight 0)."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=(n, 1))
    X = np.sqrt(1.0 - corr) * rng.normal(size=(n, d)) + np.sqrt(corr) * common
    X = X * rng.uniform(0.5, 2.0, d) + rng.uniform(-2.0, 2.0, d)
    w = rng.choice([-1.0, 1.0], d) * rng.uniform(0.5, 2.0, d)
    w[1::3] = 0.0
    return X, X @ w + 1.0 + noise * rng.normal(size=n)


def centred(X, y):
    return X - X.mean(axis=0), y - y.mean()


def objective(X, y, theta, hyper):
    """The stated objective at (w, b(w)): 1/(2n)·||ỹ − X̃w||² + alpha·||w||₁ on centred data."""
    Xc, yc = centred(X, y)
    w = np.asarray(theta["weights"], dtype=float)
    r = yc - Xc @ w
    return float(r @ r / (2 * len(y)) + hyper.get("alpha", 1.0) * np.abs(w).sum())


def _penalty(theta, hyper):
    return hyper.get("alpha", 1.0) * np.abs(np.asarray(theta["weights"], dtype=float)).sum()


def _own_bias_objective(X, y, theta, hyper):
    r = y - X @ np.asarray(theta["weights"], dtype=float) - float(theta["bias"])
    return float(r @ r / (2 * len(y)) + _penalty(theta, hyper))


def _rss(X, y, theta, centre=True):
    Xc, yc = centred(X, y) if centre else (X, y)
    r = yc - Xc @ np.asarray(theta["weights"], dtype=float)
    return float(r @ r)


DEVIATIONS = (
    (lambda X, y, theta, hyper: _rss(X, y, theta) / (2 * len(y)),
     "It leaves out the penalty: record the whole objective, 1/(2n)·||r||² + alpha·||w||₁."),
    (lambda X, y, theta, hyper: _rss(X, y, theta, centre=False) / (2 * len(y)) + _penalty(theta, hyper),
     "It is the objective with b = 0. The intercept is part of the model from the start: at w = 0 the best b "
     "is mean(y), and in general b = mean(y) − mean(X, axis=0)·w (the residual of the centred data)."),
    (lambda X, y, theta, hyper: _rss(X, y, theta) / 2 + _penalty(theta, hyper),
     "It uses the summed ½·||r||² instead of the mean 1/(2n)·||r||²: divide the squared error by 2n."),
    (lambda X, y, theta, hyper: _rss(X, y, theta) / len(y) + _penalty(theta, hyper),
     "It is (1/n)·||r||² + alpha·||w||₁, without the ½: the stated objective is 1/(2n)·||r||² + alpha·||w||₁."),
    (lambda X, y, theta, hyper: _own_bias_objective(X, y, theta, hyper),
     "It is the objective at the model's own bias, which is not the best intercept for its weights: the stated "
     "algorithm keeps b = ȳ − x̄·w at every step (coordinate descent on the centred data), so the recorded "
     "value is 1/(2n)·||ỹ − X̃w||² + alpha·||w||₁."),
)


def alpha_max(X, y):
    """The smallest alpha at which w = 0 is the lasso solution: max_j |x̃_jᵀ ỹ| / n."""
    Xc, yc = centred(X, y)
    return float(np.abs(Xc.T @ yc).max() / len(y))


def with_columns(X, at, columns):
    """X with the given columns inserted at the positions `at`."""
    out = X
    for j, col in sorted(zip(at, columns)):
        out = np.insert(out, j, col, axis=1)
    return out


def strong_alpha_setup(n_iterations):
    X, y = make_data(57, 100, 3)
    return kit.Setup(X, y, dict(alpha=1.5 * alpha_max(X, y), n_iterations=n_iterations, tol=0.0))


def zero_column_setup():
    X, y = make_data(24, n=90, d=3)
    return with_columns(X, [1], [np.zeros(90)]), y, dict(alpha=0.1, n_iterations=15, tol=0.0), None


def constant_column_setup():
    # 2.5 in every row: after centring the column is exactly zero, so ||x̃_j||² = 0
    X, y = make_data(25, n=90, d=3)
    return with_columns(X, [2], [np.full(90, 2.5)]), y, dict(alpha=0.1, n_iterations=15, tol=0.0), None


SPEC = kit.Estimator(
    cls="Lasso",
    params=dict(alpha=1.0, n_iterations=1000, tol=1e-6),
    tags={"supervised", "regressor", "iterative"},
    data=make_data,
    # five sweeps on correlated features: far from converged, so the path itself is compared
    ordinary=dict(alpha=0.1, n_iterations=5, tol=0.0),
    fitted={"weights": kit.Vector(), "bias": kit.Scalar(), "loss_history": kit.History()},
    methods={"predict": kit.Values()},
    groups={"weights": kit.Group(2), "bias": kit.Group(1, penalized=False)},
    objective=objective,
    # the bias starts at its best value for w = 0, mean(y); the objective above profiles it out
    initial=lambda X, hyper: {"weights": np.zeros(X.shape[1]), "bias": 0.0},
    penalties={"alpha": 0.5},
    used={"alpha": (0.05, 0.5)},
    deviations=DEVIATIONS,
    early_stop=lambda: kit.Setup(*make_data(56, 120, 4, corr=0.8), dict(alpha=0.05, n_iterations=2000, tol=1e-6)),
    # alpha above alpha_max: w stays exactly 0, so the objective never changes, on any platform (with a
    # moderate alpha it also stops changing exactly, after about 13 sweeps, but only as rounding allows)
    tol_zero=lambda: strong_alpha_setup(n_iterations=30),
    advice={
        "algorithm": "cyclic coordinate descent on the centred data from w = 0",
        "start": "The statement starts from w = 0 (np.zeros(d)), with b at its best value mean(y).",
        "reference.fitted_parameters": "Each sweep updates w_0, ..., w_{d−1} in order with "
                                       "w_j ← S(ρ_j, alpha)/z_j, where z_j = ||x̃_j||²/n and "
                                       "ρ_j = x̃_jᵀr/n + z_j·w_j on the centred data, updating the residual r "
                                       "after each coordinate; the bias is b = ȳ − x̄·w.",
        "reference.fitted_parameters_with_alpha": "The threshold in S(ρ_j, alpha) is alpha itself when ρ_j and "
                                                  "z_j are both divided by n; the bias is never penalised: "
                                                  "b = ȳ − x̄·w.",
        "reference.single_feature": "Check the update w ← S(ρ, alpha)/z with z = ||x̃||²/n on the centred "
                                    "feature, and b = ȳ − x̄·w.",
        "reference.predictions.predict": "predict(X) is X @ weights + bias for every row of the X it is given.",
        "iterative.history_never_increases": "Each coordinate update minimises the objective exactly over that "
                                             "coordinate, so the objective cannot rise: update one coordinate "
                                             "at a time from the current residual, and record "
                                             "1/(2n)·||y − Xw − b||² + alpha·||w||₁.",
        "iterative.history_starts_at_the_initial_objective":
            "Record the objective at the start of each sweep, before the updates: at w = 0 (with b = mean(y)) "
            "it is 1/(2n)·||y − mean(y)||².",
        "missing.bias": "fit does not set `bias`: the model has an intercept, b = ȳ − x̄·w; store it as a float.",
        "lasso.sweeps_on_correlated_features": "Update the coordinates one after another in the order 0, ..., "
                                                "d − 1, each from the residual left by the previous update.",
        "unused.alpha": "fit's updates do not use `alpha`: the soft-threshold S(ρ_j, alpha) must use self.alpha.",
    },
    traps=(
        kit.Trap("zero_column", zero_column_setup, "a feature that is 0 in every row (||x_j||² = 0)",
                 "The update w_j = S(ρ_j, alpha)/z_j divides by z_j = ||x̃_j||²/n, which is 0 here: skip such a "
                 "coordinate (its weight stays exactly 0)."),
        kit.Trap("constant_column", constant_column_setup,
                 "a constant feature (2.5 in every row: all zeros once centred)",
                 "After centring, a constant column is all zeros, so z_j = ||x̃_j||²/n is 0: test z_j of the "
                 "centred column, not of the raw one, and skip the coordinate (its weight stays exactly 0)."),
    ),
)
kit.install(SPEC, globals())


# ------------------------------------------------------------------ helpers

def soft_threshold(rho, a):
    return np.sign(rho) * np.maximum(np.abs(rho) - a, 0.0)


def jacobi_sweeps(X, y, alpha, sweeps):
    """Every coordinate of a sweep computed from the SAME residual (the trap the Gauss–Seidel
    checks provoke): the weights after `sweeps` such sweeps from w = 0."""
    Xc, yc = centred(X, y)
    n = len(y)
    z = (Xc * Xc).sum(axis=0) / n
    w = np.zeros(X.shape[1])
    with np.errstate(all="ignore"):
        for _ in range(sweeps):
            r = yc - Xc @ w
            w = soft_threshold(Xc.T @ r / n + z * w, alpha) / z
    return w


def kkt_violation(X, y, w, alpha):
    """How far w is from the lasso's optimality conditions on the centred data, and a sentence:
    g = X̃ᵀ(ỹ − X̃w)/n must equal alpha·sign(w_j) where w_j ≠ 0 and lie in [−alpha, alpha] where w_j = 0."""
    Xc, yc = centred(X, y)
    g = Xc.T @ (yc - Xc @ w) / len(y)
    active = w != 0
    on = np.abs(g - alpha * np.sign(w)) * active
    off = np.maximum(np.abs(g) - alpha, 0.0) * ~active
    j_on, j_off = int(on.argmax()), int(off.argmax())
    if on.max() >= off.max():
        return float(on.max()), (f"weights[{j_on}] = {w[j_on]:.6g} is not 0, so x̃_jᵀr/n should equal "
                                 f"alpha·sign(w_j) = {alpha * np.sign(w[j_on]):.6g}, but it is {g[j_on]:.6g}")
    return float(off.max()), (f"weights[{j_off}] is 0, so |x̃_jᵀr/n| should be at most alpha = {alpha:g}, but it "
                              f"is {abs(g[j_off]):.6g}")


def require_finite(theta, situation):
    if not all(np.all(np.isfinite(v)) for v in theta.values()):
        raise kit.NotScorable(f"Not scored: with {situation} the fitted parameters are NaN or inf, which the "
                              f"numerical stability checks judge.")


# ------------------------------------------------------------------ correctness

def single_feature_data(sign):
    """One uncentred feature (mean 2.3, variance about 2.9); `sign` flips the targets, so that
    ρ = x̃ᵀỹ/n is positive (+1) or negative (−1)."""
    rng = np.random.default_rng(65)
    x = 1.7 * rng.normal(size=80) + 2.3
    return x[:, None], sign * (1.2 * x + 0.7 + 0.5 * rng.normal(size=80))


def _update_candidates(x, y, alpha):
    """What one coordinate update from w = 0 gives under the usual mistakes: (value, sentence)."""
    n = len(y)
    xc, yc = x - x.mean(), y - y.mean()
    z, rho = xc @ xc / n, xc @ yc / n
    z_raw = x @ x / n
    S = lambda r, a: float(soft_threshold(r, a))
    return z, rho, [
        (S(rho, alpha), "it is S(ρ, alpha) without the division by z = ||x̃||²/n: the update is "
                        "w_j = S(ρ_j, alpha)/z_j (the division only disappears for unit-variance features)."),
        (S(rho, alpha / n) / z, "the threshold is alpha/n: ρ_j and z_j are sums (no 1/n) while the threshold is "
                                "alpha. With the objective's 1/(2n), divide both ρ_j and z_j by n and threshold "
                                "at alpha (or keep the sums and threshold at n·alpha)."),
        (S(rho, alpha / 2) / z, "the threshold is alpha/2: with the objective 1/(2n)·||r||² + alpha·||w||₁ "
                                "the threshold of S(ρ_j, ·) is alpha itself."),
        (S(rho, 2 * alpha) / z, "the threshold is 2·alpha: with the objective 1/(2n)·||r||² + alpha·||w||₁ "
                                "the threshold of S(ρ_j, ·) is alpha itself."),
        (rho / z, "it is ρ/z, the least-squares update with no soft-thresholding: apply S(ρ_j, alpha) "
                  "before dividing by z_j."),
        (rho / (z + alpha), "it is ρ/(z + alpha), a ridge (L2) update: the L1 penalty soft-thresholds, "
                            "w_j = S(ρ_j, alpha)/z_j."),
        (-S(rho, alpha) / z, "it has the wrong sign: S(ρ, a) = sign(ρ)·max(|ρ| − a, 0) keeps the sign of ρ."),
        (S(rho, alpha) / z_raw, "z is computed from the raw column (||x||²/n) instead of the centred one "
                                "(||x̃||²/n): centre X before computing z_j and ρ_j."),
        (S(rho / np.sqrt(z), alpha) / np.sqrt(z),
         "the feature is standardised (divided by its standard deviation s) before the update and the weight "
         "mapped back: that penalises alpha·s_j·|w_j| instead of alpha·|w_j|, another lasso. Run the sweeps on "
         "the centred features as given."),
        (S(x @ y / n, alpha) / z_raw, "it is computed on raw X and y: the bias is fitted by centring, so ρ_j and "
                                      "z_j use the centred data X̃ = X − x̄, ỹ = y − ȳ."),
    ]


def diagnose_update(x, y, alpha, got, positive_was_right):
    """A sentence naming the mistake that explains `got`, one update from w = 0, or None."""
    z, rho, candidates = _update_candidates(x, y, alpha)
    if got == 0.0 and abs(rho) > alpha:
        if rho < 0 and positive_was_right:
            return ("The weight stays 0 although ρ is negative with |ρ| > alpha: S(ρ, a) must handle both signs, "
                    "sign(ρ)·max(|ρ| − a, 0); max(ρ − a, 0) forces every weight to be non-negative.")
        return ("The weight stays exactly 0 although |ρ| > alpha: the threshold is too large (n·alpha instead of "
                "alpha, when ρ_j and z_j are divided by n), or the coordinate is never updated.")
    for value, text in candidates:
        if kit.is_close(got, value, rtol=1e-6, atol=1e-12):
            return "That value is what one update gives when " + text
    return None


@pytest.mark.criterion("correctness", weight=3)
def test_one_coordinate_update(ctx):
    alpha = 0.3
    positive_was_right = False
    for sign in (1.0, -1.0):
        X, y = single_feature_data(sign)
        hyper = dict(alpha=alpha, n_iterations=1, tol=0.0)
        theta = ctx.theta(ctx.fit(X, y, **hyper))
        require_finite(theta, "a single feature")
        expected = ctx.ref_fit(X, y, **hyper)
        z, rho, _ = _update_candidates(X[:, 0], y, alpha)
        got = float(theta["weights"][0])
        if not kit.is_close(got, expected.weights[0]):
            cause = diagnose_update(X[:, 0], y, alpha, got, positive_was_right)
            raise AssertionError(
                f"With a single feature, one sweep from w = 0 gives w = S(ρ, alpha)/z = {expected.weights[0]:.6g} "
                f"(ρ = x̃ᵀỹ/n = {rho:.4g}, z = ||x̃||²/n = {z:.4g}, alpha = {alpha:g}), but fit gives {got:.6g}. "
                + (cause or "Compute ρ_j = x̃_jᵀr/n + z_j·w_j and z_j = ||x̃_j||²/n on the centred data and set "
                            "w_j = S(ρ_j, alpha)/z_j, with S(ρ, a) = sign(ρ)·max(|ρ| − a, 0)."))
        positive_was_right = True
        b, b_best = theta["bias"], y.mean() - X.mean() * got
        if not kit.is_close(b, b_best, rtol=1e-9, atol=1e-12):
            hint = (" It is mean(y): the intercept must also account for the features' means, b = ȳ − x̄·w."
                    if kit.is_close(b, y.mean(), rtol=1e-9) else
                    " It is 0: the model has an intercept, b = ȳ − x̄·w." if b == 0 else "")
            raise AssertionError(
                f"With a single feature and w = {got:.6g} after one sweep, the bias is {b:.6g}, but the best "
                f"intercept for that weight is ȳ − x̄·w = {b_best:.6g}.{hint} The bias is not penalised.")


def correlated_data():
    """Five features with pairwise correlation 0.9: a Jacobi sweep (all coordinates from one
    residual) overshoots by a factor of about (d − 1)·0.9 = 3.6 and diverges."""
    return make_data(62, n=150, d=5, corr=0.9)


def require_jacobi_differs(X, y, alpha, sweeps, expected):
    gap = np.abs(jacobi_sweeps(X, y, alpha, sweeps) - expected).max()
    if not gap > 0.1:
        raise kit.KitMisuse("correlated_data: a Jacobi sweep should differ from a Gauss–Seidel sweep here")


STALE_RESIDUAL = ("Every coordinate of the sweep read the residual from the start of the sweep (a Jacobi update): "
                  "after w_j moves by δ, bring the residual up to date (r −= δ·x̃_j) before computing ρ_{j+1}, so "
                  "the coordinates are updated one after another (Gauss–Seidel).")


@pytest.mark.criterion("correctness", weight=2)
def test_sweeps_on_correlated_features(ctx):
    X, y = correlated_data()
    for sweeps in (1, 3):
        hyper = dict(alpha=0.05, n_iterations=sweeps, tol=0.0)
        expected = ctx.ref_fit(X, y, **hyper)
        require_jacobi_differs(X, y, 0.05, sweeps, expected.weights)
        w = ctx.theta(ctx.fit(X, y, **hyper))["weights"]
        if sweeps == 1 and kit.is_close(w, jacobi_sweeps(X, y, 0.05, 1)) and not kit.is_close(w, expected.weights):
            raise AssertionError(f"After one sweep on strongly correlated features the weights are those of a sweep "
                                 f"that computes every ρ_j from the same residual. {STALE_RESIDUAL}")
        kit.assert_fits_like_reference(ctx, kit.Setup(X, y, hyper),
                                       f"After {sweeps} sweep{'s' if sweeps > 1 else ''} on strongly correlated "
                                       f"features", "lasso.sweeps_on_correlated_features")


def exact_zero_data():
    """Eight features, three of them irrelevant; at alpha = 0.15 the lasso solution has exact zeros."""
    X, y = make_data(60, n=200, d=8, corr=0.3)
    return X, y, dict(alpha=0.15, n_iterations=300, tol=0.0)


@pytest.mark.criterion("correctness", weight=2)
def test_exact_zeros(ctx):
    X, y, hyper = exact_zero_data()
    expected = ctx.ref_fit(X, y, **hyper).weights
    zeros = np.flatnonzero(expected == 0.0)
    if len(zeros) < 2 or len(zeros) > 6:
        raise kit.KitMisuse("exact_zero_data: the lasso solution should have between 2 and 6 exact zeros")
    w = ctx.theta(ctx.fit(X, y, **hyper))["weights"]
    require_finite({"weights": w}, "eight features and alpha=0.15")
    got = w[zeros]
    if np.all(got == 0.0):
        return
    j = int(zeros[np.argmax(np.abs(got))])
    if abs(w[j]) < 1e-6:
        raise AssertionError(
            f"After convergence, weights[{j}] is {w[j]:.3g} where the lasso solution has exactly 0.0 (so do "
            f"weights {zeros.tolist()}). Soft-thresholding returns exactly 0.0 whenever |ρ_j| <= alpha; a "
            f"weight that only gets close to 0 comes from a (sub)gradient step or from arithmetic after the "
            f"threshold. Set w_j = S(ρ_j, alpha)/z_j with S(ρ, a) = sign(ρ)·max(|ρ| − a, 0).")
    raise AssertionError(
        f"After convergence, weights[{j}] is {w[j]:.6g} where the lasso solution has exactly 0.0 (so do weights "
        f"{zeros.tolist()}): fit does not reach the lasso's sparse solution. Each update must be w_j = "
        f"S(ρ_j, alpha)/z_j, the exact minimiser over w_j, with S(ρ, a) = sign(ρ)·max(|ρ| − a, 0).")


@pytest.mark.criterion("correctness", weight=2)
def test_alpha_above_alpha_max_gives_zero_weights_and_mean_bias(ctx):
    X, y = make_data(61, n=100, d=5)
    a_max = alpha_max(X, y)
    alpha = 1.5 * a_max
    if not alpha > a_max * (1 + 1e-6):
        raise kit.KitMisuse("the strong alpha must exceed alpha_max")
    theta = ctx.theta(ctx.fit(X, y, alpha=alpha, n_iterations=5, tol=0.0))
    require_finite(theta, f"alpha = {alpha:.3g}")
    w, b = theta["weights"], theta["bias"]
    nonzero = np.flatnonzero(w != 0.0)
    assert not nonzero.size, (
        f"With alpha = {alpha:.3g}, above alpha_max = max_j |x̃_jᵀỹ|/n = {a_max:.3g}, every weight must be exactly "
        f"0, but weights[{int(nonzero[0])}] is {w[nonzero[0]]:.3g}. Check the scaling: with ρ_j and z_j both "
        f"divided by n, the threshold is alpha itself (not alpha·n or alpha/n), and ρ_j must be computed on "
        f"the centred data.")
    assert abs(b - y.mean()) <= 1e-10 * max(1.0, abs(y.mean())), (
        f"With every weight 0, the bias must be mean(y) = {y.mean():.6g}, but it is {b:.6g}. The bias is not "
        f"penalised: b = ȳ − x̄·w, never soft-thresholded or shrunk.")


@pytest.mark.criterion("correctness", weight=2)
def test_reaches_the_lasso_solution(ctx):
    X, y = correlated_data()
    alpha, sweeps = 0.05, 500
    expected = ctx.ref_fit(X, y, alpha=alpha, n_iterations=sweeps, tol=0.0)
    if kkt_violation(X, y, expected.weights, alpha)[0] > 1e-12:
        raise kit.KitMisuse("correlated_data: the reference does not converge in 500 sweeps")
    require_jacobi_differs(X, y, alpha, 50, expected.weights)
    theta = ctx.theta(ctx.fit(X, y, alpha=alpha, n_iterations=sweeps, tol=0.0))
    w, b = theta["weights"], theta["bias"]
    assert np.all(np.isfinite(w)) and np.isfinite(b), (
        f"After {sweeps} sweeps on strongly correlated features the weights are NaN or inf: the updates "
        f"diverge. Update one coordinate at a time, each from the residual left by the previous update "
        f"(Gauss–Seidel); computing every coordinate of a sweep from the same residual (Jacobi) overshoots "
        f"when features are correlated.")
    err, why = kkt_violation(X, y, w, alpha)
    assert err <= 1e-8, (
        f"After {sweeps} sweeps on strongly correlated features, fit has not reached the lasso solution: {why}. "
        f"Coordinate descent converges here when each update is the exact minimiser over one coordinate, "
        f"computed from the up-to-date residual.")
    b_best = y.mean() - X.mean(axis=0) @ w
    assert abs(b - b_best) <= 1e-9 * max(1.0, abs(b_best)), (
        f"At the solution the bias is {b:.6g}, but the best intercept for the fitted weights is "
        f"ȳ − x̄·w = {b_best:.6g}. The bias is not penalised; set it to mean(y) − mean(X, axis=0) @ w.")


@pytest.mark.criterion("correctness", weight=1)
def test_zero_and_constant_columns_get_zero_weights(ctx):
    X, y = make_data(63, n=100, d=3)
    Xz = with_columns(X, [0, 3], [np.zeros(100), np.full(100, -1.5)])
    hyper = dict(alpha=0.1, n_iterations=20, tol=0.0)
    theta = ctx.theta(ctx.fit(Xz, y, **hyper))
    require_finite(theta, "an all-zero column and a constant column")
    w = theta["weights"]
    for j, what in ((0, "all-zero"), (3, "constant")):
        assert w[j] == 0.0, (
            f"The {what} feature (column {j}) gets weight {w[j]:.3g}; it must be exactly 0. Its centred column "
            f"is all zeros (z_j = 0), so it can explain nothing: skip that coordinate.")
    expected = ctx.ref_fit(X, y, **hyper)
    try:
        kit.assert_close(np.delete(w, [0, 3]), expected.weights, what="the other weights")
        kit.assert_close(theta["bias"], expected.bias, what="`bias`")
    except kit.Mismatch as exc:
        raise AssertionError(
            f"With an all-zero column and a constant column added, the other parameters differ from the fit "
            f"without them: {exc.detail} Columns with z_j = 0 must not change the residual or the other "
            f"updates.") from None


# ------------------------------------------------------------------ numerical stability

def nearly_exact_setup():
    """Targets explained by X up to noise of 1e-6 (relative), a tiny alpha: the squared error at
    the end is about 1e-12 of ||ỹ||², so a loss expanded as ỹᵀỹ − 2wᵀX̃ᵀỹ + wᵀX̃ᵀX̃w keeps no digits."""
    rng = np.random.default_rng(64)
    X = rng.normal(size=(150, 3)) * np.array([1.0, 2.0, 0.5]) + np.array([1.0, -1.0, 0.5])
    y = X @ np.array([2.0, -1.0, 3.0]) + 5.0 + 1e-6 * rng.normal(size=150)
    return X, y, dict(alpha=1e-12, n_iterations=40, tol=0.0)


def require_history_tracks_the_objective(ctx):
    """For the check that judges the loss values on hard data: on ordinary data the history must be
    the stated objective at every entry, not only the first (at w = 0 the penalty is 0, so a
    history without it passes kit.require_faithful_history)."""
    kit.require_faithful_history(ctx)

    def compute():
        setup = SPEC.setup(seed=66, n_iterations=6)
        h = ctx.history(ctx.fit_setup(setup))
        theta = ctx.theta(ctx.fit_setup(setup, n_iterations=h.size - 1)) if h.size > 1 else None
        return theta is not None and np.isclose(h[-1], objective(setup.X, setup.y, theta, setup.hyper),
                                                rtol=1e-9, atol=1e-12)
    if not ctx.memo("history_tracks_the_objective", compute):
        raise kit.NotScorable("Not scored: loss_history is not the stated objective at every sweep even on "
                              "ordinary data (counted once, by the convergence checks).",
                              owner="iterative.history_ends_at_the_last_objective", criterion="convergence")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_loss_accurate_for_a_nearly_exact_fit(ctx):
    require_history_tracks_the_objective(ctx)
    X, y, hyper = nearly_exact_setup()
    h = ctx.history(ctx.fit(X, y, **hyper))
    if h.size < 2:
        raise kit.NotScorable("Not scored: fit ran fewer than two sweeps here (see the convergence checks).")
    # the last entry is the objective after len(h) − 1 sweeps (the run may stop early, see convergence)
    theta = ctx.theta(ctx.fit(X, y, **{**hyper, "n_iterations": h.size - 1}))
    expected = objective(X, y, theta, hyper)
    if not 0 < expected < 1e-9 * objective(X, y, {"weights": np.zeros(3)}, hyper):
        raise kit.NotScorable("Not scored: the fit does not get close to the targets here, so the accuracy of "
                              "a tiny loss cannot be judged (see correctness).")
    assert np.isfinite(h[-1]), "With a nearly exact fit the last loss_history entry is NaN or inf."
    err = abs(h[-1] - expected) / expected
    assert err < 1e-6, (
        f"With a nearly exact fit, the last loss_history entry is {h[-1]:.6g} but the objective there is "
        f"{expected:.6g} (relative error {err:.1e}). Compute the squared error from the residual r = ỹ − X̃w "
        f"(r @ r), not from an expanded form such as ỹᵀỹ − 2wᵀX̃ᵀỹ + wᵀ(X̃ᵀX̃)w, whose terms cancel.")
