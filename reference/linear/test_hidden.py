"""Hidden tests for `linear` (LinearRegression by batch gradient descent on the MSE).

The stated objective is L(w, b) = (1/n)·||Xw + b − y||² (no ½), gradient (2/n)·Xᵀr and
(2/n)·Σr. Every expected value is computed here, in the trusted parent, from that statement
or from the reference. Features are standardised so a learning rate of 0.05–0.1 is safe.
"""

import numpy as np
import pytest

from mlprep.grading import probes

CLS = "LinearRegression"
HYPER = ("learning_rate", "n_iterations", "tol")


# ------------------------------------------------------------------ data and the objective

def standardise(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


def make_data(seed, n=120, d=4, noise=0.5, offset=3.0):
    """Standardised features, well-separated true weights (|w_j| in [1, 2.5]), an intercept."""
    rng = np.random.default_rng(seed)
    X = standardise(rng.normal(size=(n, d)))
    w = rng.choice([-1.0, 1.0], size=d) * rng.uniform(1.0, 2.5, size=d)
    y = X @ w + offset + noise * rng.normal(size=n)
    return X, y


def held_out(seed, m, d):
    return np.random.default_rng(seed + 1000).normal(size=(m, d))


def mse(X, y, w, b):
    """The stated objective, computed stably: (1/n)·||Xw + b − y||²."""
    w = np.asarray(w, dtype=float)
    if w.size == X.shape[1]:
        w = w.reshape(-1)  # lenient about a (d, 1) column here; the contract test is strict
    r = X @ w + float(b) - y
    return float(r @ r / len(y))


def numeric_gradient(X, y, w, b, h=1e-6):
    """Central differences of the stated objective, per parameter group."""
    w = np.asarray(w, dtype=float)
    gw = np.empty_like(w)
    for j in range(len(w)):
        e = np.zeros_like(w)
        e[j] = h
        gw[j] = (mse(X, y, w + e, b) - mse(X, y, w - e, b)) / (2 * h)
    gb = (mse(X, y, w, b + h) - mse(X, y, w, b - h)) / (2 * h)
    return gw, gb


def rel(a, b):
    """max |a − b| over the group, relative to the size of the expected group `b`;
    inf on a shape mismatch or non-finite values."""
    try:
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return float("inf")
    if a.shape != b.shape or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("inf")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b)) / max(float(np.max(np.abs(b))), 1e-12))


def scalar(value):
    """The bias as a float (lenient about 0-d or size-1 arrays; the contract test is strict)."""
    arr = np.asarray(value, dtype=float)
    return float(arr.reshape(-1)[0]) if arr.size == 1 else float("nan")


def history(model):
    h = model.loss_history
    try:
        return np.asarray(h, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise AssertionError("loss_history should be a list or 1-D array of floats.") from None


def fit_attempt(attempt, X, y, **kwargs):
    model = attempt.LinearRegression(**kwargs)
    model.fit(X, y)
    return model


def fit_reference(reference, X, y, **kwargs):
    return reference.LinearRegression(**kwargs).fit(X, y)


# ------------------------------------------------------------------ correctness

@pytest.mark.criterion("correctness", weight=3)
def test_trajectory_matches_gradient_descent(attempt, reference):
    X, y = make_data(seed=0, n=120, d=4)
    kw = dict(learning_rate=0.05, n_iterations=30, tol=0.0)
    model = fit_attempt(attempt, X, y, **kw)
    expected = fit_reference(reference, X, y, **kw)
    err_w = rel(model.weights, expected.weights)
    err_b = rel(scalar(model.bias), expected.bias)
    assert err_w < 1e-6, (
        f"After 30 iterations from w = 0, b = 0 the weights differ from batch gradient descent on "
        f"the stated objective (relative error {err_w:.1e}). Check fit: start from zeros and step "
        f"with dL/dw = (2/n)·Xᵀ(Xw + b − y), once per iteration.")
    assert err_b < 1e-6, (
        f"After 30 iterations from w = 0, b = 0 the bias differs from batch gradient descent on "
        f"the stated objective (relative error {err_b:.1e}). Check fit: update b every iteration "
        f"with dL/db = (2/n)·Σ(Xw + b − y).")


@pytest.mark.criterion("correctness", weight=2)
def test_trajectory_on_unscaled_features(attempt, reference):
    # Features with means and scales away from 0 and 1 (still safe for lr=0.01): gradient
    # descent runs on X as given; rescaling X inside fit is a different algorithm.
    X, y = make_data(seed=9, n=100, d=3)
    X = X * np.array([0.5, 1.0, 3.0]) + np.array([2.0, -1.0, 0.5])
    kw = dict(learning_rate=0.01, n_iterations=20, tol=0.0)
    model = fit_attempt(attempt, X, y, **kw)
    expected = fit_reference(reference, X, y, **kw)
    err = max(rel(model.weights, expected.weights), rel(scalar(model.bias), expected.bias))
    assert err < 1e-6, (
        f"On features that are not standardised, fit differs from gradient descent on the stated "
        f"objective (relative error {err:.1e}). Run gradient descent on X as given: do not rescale "
        f"or centre the features inside fit.")


def _step_gradient(attempt, X, y, k, lr):
    """The gradient the attempt used at iteration k: (θ_k − θ_{k+1}) / learning_rate."""
    a = fit_attempt(attempt, X, y, learning_rate=lr, n_iterations=k, tol=0.0)
    c = fit_attempt(attempt, X, y, learning_rate=lr, n_iterations=k + 1, tol=0.0)
    wk, bk = np.asarray(a.weights, dtype=float), scalar(a.bias)
    wk1, bk1 = np.asarray(c.weights, dtype=float), scalar(c.bias)
    if wk.shape != wk1.shape:
        raise AssertionError("fit returned weights of different shapes for the same data.")
    return wk, bk, (wk - wk1) / lr, (bk - bk1) / lr


@pytest.mark.criterion("correctness", weight=2)
def test_weight_gradient_matches_objective(attempt):
    X, y = make_data(seed=1, n=90, d=3)
    wk, bk, gw, _ = _step_gradient(attempt, X, y, k=3, lr=0.05)
    expected, _ = numeric_gradient(X, y, wk, bk)
    err = rel(gw, expected)
    assert err < 1e-6, (
        f"The step fit takes on the weights is not the gradient of L = (1/n)·||Xw + b − y||² "
        f"(relative error {err:.1e}, measured from the change between iterations 3 and 4). "
        f"Use dL/dw = (2/n)·Xᵀ(Xw + b − y): mind the sign, the factor 2 and the 1/n.")


@pytest.mark.criterion("correctness", weight=2)
def test_bias_gradient_matches_objective(attempt):
    X, y = make_data(seed=2, n=90, d=3, offset=-4.0)
    wk, bk, _, gb = _step_gradient(attempt, X, y, k=3, lr=0.05)
    _, expected = numeric_gradient(X, y, wk, bk)
    err = rel(gb, expected)
    assert err < 1e-6, (
        f"The step fit takes on the bias is not the gradient of L = (1/n)·||Xw + b − y||² "
        f"(relative error {err:.1e}, measured from the change between iterations 3 and 4). "
        f"Use dL/db = (2/n)·Σ(Xw + b − y), an average over the samples.")


@pytest.mark.criterion("correctness", weight=2)
def test_converges_to_least_squares_solution(attempt):
    X, y = make_data(seed=3, n=200, d=5)
    model = fit_attempt(attempt, X, y, learning_rate=0.1, n_iterations=3000, tol=1e-15)
    A = np.column_stack([np.ones(len(X)), X])
    theta = np.linalg.lstsq(A, y, rcond=None)[0]
    Xt = held_out(3, 60, 5)
    pred = np.asarray(model.predict(Xt), dtype=float)
    err_w = rel(model.weights, theta[1:])
    err_b = rel(scalar(model.bias), theta[0])
    err_p = rel(pred, Xt @ theta[1:] + theta[0])
    assert max(err_w, err_b, err_p) < 1e-6, (
        f"Run to convergence, fit does not reach the least-squares solution (relative error "
        f"{max(err_w, err_b, err_p):.1e} in weights, bias or predictions on new data). "
        f"Gradient descent on the mean squared error must end at the minimiser of ||Xw + b − y||².")


@pytest.mark.criterion("correctness", weight=2)
def test_predictions_match_reference_on_train_and_new_data(attempt, reference):
    X, y = make_data(seed=4, n=150, d=3)
    kw = dict(learning_rate=0.05, n_iterations=25, tol=0.0)
    model = fit_attempt(attempt, X, y, **kw)
    expected = fit_reference(reference, X, y, **kw)
    Xt = held_out(4, 40, 3)
    err_train = rel(np.asarray(model.predict(X)), expected.predict(X))
    err_new = rel(np.asarray(model.predict(Xt)), expected.predict(Xt))
    assert err_train < 1e-6, (
        f"predict on the training inputs differs from X·w + b of the fitted model (relative "
        f"error {err_train:.1e}). predict must compute X @ weights + bias for every row, with the "
        f"shape (n,), never return stored training targets.")
    assert err_new < 1e-6, (
        f"predict on new inputs differs from X·w + b of the fitted model (relative error "
        f"{err_new:.1e}). predict must compute X @ weights + bias for every row of its argument.")


@pytest.mark.criterion("correctness", weight=1)
def test_predict_returns_float_vector(attempt):
    X, y = make_data(seed=5, n=80, d=3)
    model = fit_attempt(attempt, X, y, learning_rate=0.1, n_iterations=20, tol=0.0)
    pred = probes.as_array(model.predict(held_out(5, 37, 3)), "predict(X)")
    assert pred.shape == (37,), (
        f"predict returned shape {pred.shape} for 37 rows; it must return a 1-D array of shape "
        f"(n,), not (n, 1) or (n, n). Keep weights 1-D with shape (d,).")
    assert pred.dtype.kind == "f", (
        f"predict returned values of dtype {pred.dtype}; it must return floats (regression targets).")


@pytest.mark.criterion("correctness", weight=1)
def test_fitted_attributes_have_contract_shapes(attempt):
    X, y = make_data(seed=6, n=80, d=3)
    model = fit_attempt(attempt, X, y, learning_rate=0.1, n_iterations=20, tol=0.0)
    w = probes.as_array(model.weights, "weights")
    assert w.shape == (3,), f"weights has shape {w.shape} for 3 features; it must be a 1-D array of shape (d,)."
    b = model.bias
    assert isinstance(b, (int, float)) and not isinstance(b, bool), (
        "bias must be a single float (for example float(b)), not an array or another object.")


@pytest.mark.criterion("correctness", weight=1)
def test_single_feature(attempt, reference):
    X, y = make_data(seed=7, n=50, d=1)
    kw = dict(learning_rate=0.1, n_iterations=25, tol=0.0)
    model = fit_attempt(attempt, X, y, **kw)
    expected = fit_reference(reference, X, y, **kw)
    Xt = held_out(7, 20, 1)
    err = max(rel(model.weights, expected.weights), rel(scalar(model.bias), expected.bias),
              rel(np.asarray(model.predict(Xt)), expected.predict(Xt)))
    assert err < 1e-6, (
        f"With a single feature (X of shape (n, 1)) fit or predict differs from gradient descent "
        f"on the stated objective (relative error {err:.1e}). Check that shapes do not rely on d > 1.")


@pytest.mark.criterion("correctness", weight=1)
def test_more_features_than_samples(attempt, reference):
    X, y = make_data(seed=8, n=6, d=8)
    kw = dict(learning_rate=0.05, n_iterations=20, tol=0.0)
    model = fit_attempt(attempt, X, y, **kw)
    expected = fit_reference(reference, X, y, **kw)
    err = max(rel(model.weights, expected.weights), rel(scalar(model.bias), expected.bias))
    assert err < 1e-6, (
        f"With more features than samples (X of shape (6, 8)) fit differs from gradient descent "
        f"on the stated objective (relative error {err:.1e}). Check the shapes in the gradient: "
        f"Xᵀr has shape (d,), Xw has shape (n,).")


# ------------------------------------------------------------------ numerical stability
#
# These judge the formulas, not the gradient: every check holds for any plain gradient step
# from zero, even one with a wrong factor or sign, as long as fit computes with raw X.

def constant_column_data(seed=20, n=80):
    X, y = make_data(seed, n=n, d=3)
    X = np.column_stack([X[:, 0], np.full(n, 2.0), X[:, 1:]])  # zero-variance feature
    return X, y


def collinear_data(seed=21, n=80):
    X, y = make_data(seed, n=n, d=3)
    X = np.column_stack([X, X[:, 0], X[:, 1] - X[:, 2]])  # a duplicate and a linear combination
    return X, y


@pytest.mark.criterion("numerical_stability", weight=2)
def test_constant_feature_outputs_finite(attempt):
    X, y = constant_column_data()
    model = fit_attempt(attempt, X, y, learning_rate=0.05, n_iterations=20, tol=0.0)
    for name, value in (("weights", model.weights), ("bias", model.bias),
                        ("loss_history", history(model)),
                        ("predict(X)", model.predict(held_out(20, 30, 4)))):
        arr = np.asarray(value, dtype=float)
        assert np.all(np.isfinite(arr)), (
            f"With a constant feature column (zero variance) {name} contains NaN or inf. "
            f"Gradient descent needs no rescaling here; if fit standardises X, a zero standard "
            f"deviation must not be divided by.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_constant_feature_no_fp_warnings(attempt):
    X, y = constant_column_data()
    model = attempt.LinearRegression(learning_rate=0.05, n_iterations=20, tol=0.0)
    model.fit(X, y)
    events = list(attempt.last.fp_events)
    model.predict(held_out(20, 30, 4))
    events += list(attempt.last.fp_events)
    assert not events, (
        f"With a constant feature column, fit/predict raised floating-point warnings "
        f"({probes.format_fp_events(events)}). Avoid dividing by a standard deviation or a "
        f"range that can be zero.")


@pytest.mark.criterion("numerical_stability", weight=2)
def test_collinear_features_fit_finite(attempt):
    X, y = collinear_data()
    model = attempt.LinearRegression(learning_rate=0.05, n_iterations=20, tol=0.0)
    try:
        model.fit(X, y)
    except probes.AttemptError as exc:
        raise AssertionError(
            f"fit raised on collinear features (a duplicated column): {exc}. XᵀX is singular "
            f"there; gradient descent never inverts it, so do not use np.linalg.inv.") from None
    for name, value in (("weights", model.weights), ("bias", model.bias),
                        ("predict(X)", model.predict(held_out(21, 30, 5)))):
        arr = np.asarray(value, dtype=float)
        assert np.all(np.isfinite(arr)), (
            f"With collinear feature columns {name} contains NaN or inf. XᵀX is singular for such "
            f"data: do not invert it.")


@pytest.mark.criterion("numerical_stability", weight=2)
def test_duplicate_feature_predictions_accurate(attempt):
    # Gradient descent from zero on [X, x0] moves exactly like on [√2·x0, x1, x2, 0]: the two
    # copies keep equal weights, and the zero column (there to keep d equal) never moves.
    # So the two fits must predict the same, whatever the step size.
    X, y = make_data(seed=22, n=80, d=3)
    Xt = held_out(22, 30, 3)
    dup = lambda Z: np.column_stack([Z, Z[:, 0]])
    merged = lambda Z: np.column_stack([np.sqrt(2.0) * Z[:, 0], Z[:, 1:], np.zeros(len(Z))])
    kw = dict(learning_rate=0.05, n_iterations=40, tol=0.0)
    a = fit_attempt(attempt, dup(X), y, **kw)
    pa = np.asarray(a.predict(dup(Xt)), dtype=float)
    c = fit_attempt(attempt, merged(X), y, **kw)
    pc = np.asarray(c.predict(merged(Xt)), dtype=float)
    err = rel(pa, pc)
    assert err < 1e-6, (
        f"With a duplicated feature column the predictions are wrong (relative error {err:.1e} "
        f"against the same model without the duplicate). XᵀX is singular for such data: a "
        f"normal-equation inverse gives garbage; gradient descent handles it.")


def _offset_data(seed=23, n=40):
    X, y = make_data(seed, n=n, d=2, noise=0.1, offset=1e6)
    return X, y


@pytest.mark.criterion("numerical_stability", weight=2)
def test_loss_accurate_with_large_targets(attempt):
    # y ≈ 1e6 + small signal. After 70 steps the residuals are small, so a loss formula that
    # cancels large terms (e.g. mean(y²) − 2·mean(y·ŷ) + mean(ŷ²)) loses its digits.
    X, y = _offset_data()
    k, lr = 70, 0.1
    a = fit_attempt(attempt, X, y, learning_rate=lr, n_iterations=k, tol=0.0)
    c = fit_attempt(attempt, X, y, learning_rate=lr, n_iterations=k + 1, tol=0.0)
    h = history(c)
    if len(h) != k + 1 or not np.isclose(h[0], mse(X, y, np.zeros(2), 0.0), rtol=1e-9):
        return  # not a per-iteration record of the stated objective: the convergence tests report it
    wk, bk = np.asarray(a.weights, dtype=float), scalar(a.bias)
    assert np.isfinite(h[-1]), "With targets around 1e6 the last loss_history entry is NaN or inf."
    expected = mse(X, y, wk, bk)
    err = abs(h[-1] - expected) / max(abs(expected), 1e-300)
    assert err < 1e-7, (
        f"With targets around 1e6, loss_history loses accuracy once the residuals are small "
        f"(relative error {err:.1e}). Compute the mean squared error from the residuals "
        f"r = Xw + b − y, not from expanded terms that cancel.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_large_targets_no_fp_warnings(attempt):
    X, y = _offset_data()
    model = attempt.LinearRegression(learning_rate=0.1, n_iterations=70, tol=0.0)
    model.fit(X, y)
    events = list(attempt.last.fp_events)
    assert not events, (
        f"With targets around 1e6, fit raised floating-point warnings "
        f"({probes.format_fp_events(events)}).")


# ------------------------------------------------------------------ organization

@pytest.mark.criterion("organization", weight=2)
def test_fit_returns_self(attempt):
    X, y = make_data(seed=30, n=50, d=2)
    model = attempt.LinearRegression(learning_rate=0.1, n_iterations=10, tol=0.0)
    assert model.fit(X, y) is model, "fit must return the model itself (return self) so calls can be chained."


@pytest.mark.criterion("organization", weight=1)
def test_constructor_stores_hyperparameters(attempt):
    model = attempt.LinearRegression(learning_rate=0.037, n_iterations=17, tol=1e-5)
    values = {"learning_rate": 0.037, "n_iterations": 17, "tol": 1e-5}
    for name, value in values.items():
        assert model.has(name) and model.get(name) == value, (
            f"The constructor must store `{name}` unchanged as self.{name} (and do nothing else).")


@pytest.mark.criterion("organization", weight=1)
def test_fit_does_not_change_hyperparameters(attempt):
    X, y = make_data(seed=31, n=60, d=2)
    model = attempt.LinearRegression(learning_rate=0.1, n_iterations=500, tol=1e-6)
    before = model.state()
    model.fit(X, y)
    after = model.state()
    for name in HYPER:
        assert after.get(name) == before.get(name), (
            f"fit changed the hyperparameter `{name}`. Keep constructor arguments unchanged; store "
            f"what fit learns (or the number of iterations run) under other names.")


@pytest.mark.criterion("organization", weight=1)
def test_fit_uses_learning_rate(attempt):
    X, y = make_data(seed=32, n=60, d=2)
    # learning rates small enough that even 1000 iterations would not reach the optimum
    slow = fit_attempt(attempt, X, y, learning_rate=1e-4, n_iterations=5, tol=0.0)
    fast = fit_attempt(attempt, X, y, learning_rate=1e-3, n_iterations=5, tol=0.0)
    ws, wf = np.asarray(slow.weights, dtype=float), np.asarray(fast.weights, dtype=float)
    if not np.any(ws) and not np.any(wf):
        return  # fit never moved the weights: the correctness tests report that
    assert rel(ws, wf) > 1e-3, (
        "fit gave the same model for learning_rate=1e-4 and 1e-3 after 5 iterations: it ignores "
        "self.learning_rate. Use the hyperparameters stored by the constructor.")


@pytest.mark.criterion("organization", weight=1)
def test_predict_does_not_change_model(attempt):
    X, y = make_data(seed=33, n=60, d=2)
    model = fit_attempt(attempt, X, y, learning_rate=0.1, n_iterations=10, tol=0.0)
    before = model.state()
    model.predict(held_out(33, 25, 2))
    after = model.state()
    changed = sorted(k for k in set(before) | set(after) if not probes.same_data(before.get(k), after.get(k)))
    assert not changed, (
        f"predict changed the model (attributes {', '.join(changed[:4])}). predict must only read "
        f"the fitted parameters.")




@pytest.mark.criterion("organization", weight=1)
def test_refit_gives_same_model(attempt):
    X, y = make_data(seed=34, n=60, d=2)
    model = attempt.LinearRegression(learning_rate=0.1, n_iterations=30, tol=0.0)
    model.fit(X, y)
    w1, b1, h1 = np.asarray(model.weights), scalar(model.bias), history(model)
    model.fit(X, y)
    w2, b2, h2 = np.asarray(model.weights), scalar(model.bias), history(model)
    assert len(h2) == len(h1), (
        f"Fitting the same model twice gave loss_history of length {len(h1)} then {len(h2)}. "
        f"Start a new, empty loss_history at the start of every fit.")
    assert rel(w2, w1) < 1e-12 and rel(b2, b1) < 1e-12, (
        "Fitting the same model twice on the same data gave different parameters. Every fit "
        "must start again from w = 0, b = 0.")


@pytest.mark.criterion("organization", weight=1)
def test_inputs_not_modified(attempt):
    X, y = make_data(seed=35, n=60, d=2)
    model = attempt.LinearRegression(learning_rate=0.1, n_iterations=10, tol=0.0)
    model.fit(X, y)
    assert not attempt.last.mutated, (
        "fit modified its input arrays X or y in place. Work on new arrays "
        "(X = X - m instead of X -= m) so the caller's data stays intact.")
    model.predict(held_out(35, 20, 2))
    assert not attempt.last.mutated, "predict modified its input array X in place. Work on new arrays."


@pytest.mark.criterion("organization", weight=1)
def test_instances_share_no_state(attempt):
    X1, y1 = make_data(seed=36, n=60, d=2)
    X2, y2 = make_data(seed=37, n=70, d=2, offset=-5.0)
    a = fit_attempt(attempt, X1, y1, learning_rate=0.1, n_iterations=15, tol=0.0)
    wa, ha = np.asarray(a.weights), history(a)
    fit_attempt(attempt, X2, y2, learning_rate=0.05, n_iterations=25, tol=0.0)
    assert len(history(a)) == len(ha) and rel(history(a), ha) == 0.0, (
        "Fitting a second model changed the first model's loss_history: the list is shared "
        "(a class attribute or a module-level variable). Create it inside fit as self.loss_history.")
    assert rel(a.weights, wa) == 0.0, (
        "Fitting a second model changed the first model's weights: they share state. Keep "
        "everything fit learns on self.")


# ------------------------------------------------------------------ vectorization

def _vec_data(n, d=5):
    return make_data(seed=40 + n, n=n, d=d)


@pytest.mark.criterion("vectorization", weight=3)
def test_fit_has_no_per_sample_loop(attempt):
    build = lambda: attempt.LinearRegression(learning_rate=0.05, n_iterations=5, tol=0.0)
    result = probes.loop_rate(attempt, build, "fit", lambda n: _vec_data(n), sizes=(200, 800), units=5)
    probes.assert_no_sample_loops(result, what="fit")


@pytest.mark.criterion("vectorization", weight=1)
def test_predict_has_no_per_sample_loop(attempt):
    Xf, yf = _vec_data(100)

    def build():
        model = attempt.LinearRegression(learning_rate=0.05, n_iterations=5, tol=0.0)
        model.fit(Xf, yf)
        return model

    result = probes.loop_rate(attempt, build, "predict", lambda n: (held_out(41, n, 5),), sizes=(200, 800))
    probes.assert_no_sample_loops(result, what="predict")


@pytest.mark.criterion("vectorization", weight=1)
def test_fit_cpu_time_near_vectorized(attempt, reference):
    kw = dict(learning_rate=0.05, n_iterations=10, tol=0.0)
    result = probes.cpu_ratio(attempt, lambda: attempt.LinearRegression(**kw), "fit", _vec_data,
                              lambda: reference.LinearRegression(**kw), units=kw["n_iterations"],
                              iterations_run=lambda model: len(model.loss_history))
    probes.assert_cpu_ratio(result, what="fit")


# ------------------------------------------------------------------ convergence

@pytest.mark.criterion("convergence", weight=1)
def test_loss_history_is_finite_floats(attempt):
    X, y = make_data(seed=50, n=80, d=3)
    model = fit_attempt(attempt, X, y, learning_rate=0.1, n_iterations=20, tol=0.0)
    raw = model.loss_history
    assert isinstance(raw, (list, tuple, np.ndarray)), (
        "loss_history must be a list (or 1-D array) with one float per iteration run.")
    h = history(model)
    assert h.size > 0 and np.all(np.isfinite(h)), "loss_history must hold finite floats, one per iteration run."


@pytest.mark.criterion("convergence", weight=2)
def test_loss_history_starts_at_initial_loss(attempt):
    X, y = make_data(seed=51, n=80, d=3)
    model = fit_attempt(attempt, X, y, learning_rate=0.1, n_iterations=20, tol=0.0)
    h = history(model)
    expected = mse(X, y, np.zeros(3), 0.0)
    assert h.size > 0 and abs(h[0] - expected) <= 1e-9 * expected, (
        "loss_history[0] is not the mean squared error at w = 0, b = 0. Record the loss at the "
        "start of each iteration, before the update, and record the mean squared error itself "
        "(no ½, no square root).")


@pytest.mark.criterion("convergence", weight=2)
def test_loss_history_ends_at_final_loss(attempt):
    X, y = make_data(seed=52, n=80, d=3)
    model = fit_attempt(attempt, X, y, learning_rate=0.05, n_iterations=40, tol=0.0)
    h = history(model)
    final = mse(X, y, model.weights, scalar(model.bias))
    step = abs(h[-1] - h[-2]) if h.size > 1 else 0.0
    assert h.size > 0 and abs(h[-1] - final) <= step + 1e-9 * max(1.0, abs(final)), (
        "The last loss_history entry is not within one step of the mean squared error of the "
        "returned weights and bias. loss_history must record the real objective at each iteration.")


@pytest.mark.criterion("convergence", weight=1)
def test_loss_decreases(attempt, reference, curves):
    X, y = make_data(seed=53, n=80, d=3)
    # the report plots these two histories side by side
    curves["reference"] = list(fit_reference(reference, X, y, learning_rate=0.1, n_iterations=50, tol=0.0).loss_history)
    model = fit_attempt(attempt, X, y, learning_rate=0.1, n_iterations=50, tol=0.0)
    h = history(model)
    curves["attempt"] = [float(v) for v in h]
    rises = np.diff(h) > 1e-12 * np.maximum(np.abs(h[:-1]), 1.0)
    assert h.size > 1 and not np.any(rises), (
        "loss_history increases on a convex problem with a safe learning rate. Gradient descent "
        "must step against the gradient, and record the objective it minimises.")


@pytest.mark.criterion("convergence", weight=2)
def test_n_iterations_honoured(attempt):
    X, y = make_data(seed=54, n=80, d=3)
    lengths = []
    for k in (7, 13):
        lengths.append(len(history(fit_attempt(attempt, X, y, learning_rate=0.05, n_iterations=k, tol=0.0))))
    assert lengths == [7, 13], (
        f"With tol=0, n_iterations=7 and 13 gave {lengths[0]} and {lengths[1]} loss_history "
        f"entries; expected exactly one entry per iteration, 7 and 13.")


@pytest.mark.criterion("convergence", weight=1)
def test_tol_zero_runs_every_iteration(attempt):
    X, y = make_data(seed=55, n=80, d=3)
    model = fit_attempt(attempt, X, y, learning_rate=0.1, n_iterations=400, tol=0.0)
    n = len(history(model))
    assert n == 400, (
        f"With tol=0 fit ran {n} of 400 iterations. The stopping rule is abs(previous − current) "
        f"< tol, which never holds for tol=0, even when the loss stops changing.")


@pytest.mark.criterion("convergence", weight=2)
def test_stops_early_when_converged(attempt):
    X, y = make_data(seed=56, n=120, d=3)
    tol = 1e-6
    model = fit_attempt(attempt, X, y, learning_rate=0.1, n_iterations=5000, tol=tol)
    h = history(model)
    assert 2 <= h.size < 2500, (
        f"On an easy, well-scaled problem fit ran {h.size} of 5000 iterations with tol=1e-6. Stop "
        f"as soon as abs(previous loss − current loss) < tol.")
    assert abs(h[-1] - h[-2]) < tol, (
        "fit stopped although the last two losses differ by more than tol. Record the loss, "
        "then stop when abs(previous − current) < tol.")
    assert h.size < 3 or abs(h[-2] - h[-3]) >= tol, (
        "fit kept going after the loss changed by less than tol. Stop at the first iteration where "
        "abs(previous − current) < tol.")
