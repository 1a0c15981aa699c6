"""Hidden tests for `logistic` (LogisticRegression, batch gradient descent).

Everything here runs in the trusted parent: the data, the reference's answers and every
comparison. The attempt is reached only through the `attempt` proxy.
"""

import math

import numpy as np
import pytest

from mlprep.grading import probes

LOG2 = math.log(2.0)


# ----------------------------------------------------------------------------- helpers

def make_data(seed, n, d, bias=0.5, scale=1.0):
    """Standardised features, labels drawn from a logistic model (noisy: not separable)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    w = rng.uniform(0.5, 1.5, d) * rng.choice([-1.0, 1.0], d)
    y = (rng.random(n) < sigmoid(X @ w + bias)).astype(np.int64)
    return X * scale, y


def make_separable(seed, n=200, d=3, scale=50.0):
    """Linearly separable classes with a wide gap, features scaled up: margins of hundreds."""
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.5, 1.5, d) * rng.choice([-1.0, 1.0], d)
    X = rng.standard_normal((4 * n, d))
    keep = np.abs(X @ w) > 1.0                              # a wide empty band around the boundary
    X = X[keep][:n]
    y = (X @ w > 0).astype(np.int64)
    return X * scale, y


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def objective(X, y, w, b, l2):
    """The stated objective: mean cross-entropy + (l2/2)||w||², written in logits."""
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * l2 * (w @ w))


def numerical_gradient(X, y, w, b, l2, h=1e-6):
    """Central differences of the stated objective, per parameter group."""
    gw = np.empty_like(w)
    for j in range(len(w)):
        e = np.zeros_like(w)
        e[j] = h
        gw[j] = (objective(X, y, w + e, b, l2) - objective(X, y, w - e, b, l2)) / (2 * h)
    gb = (objective(X, y, w, b + h, l2) - objective(X, y, w, b - h, l2)) / (2 * h)
    return gw, gb


def group_error(a, b):
    """max |a - b| over the group, relative to the group's largest magnitude."""
    a = np.atleast_1d(np.asarray(a, dtype=float))
    b = np.atleast_1d(np.asarray(b, dtype=float))
    if a.shape != b.shape or not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return math.inf
    scale = max(np.abs(a).max(), np.abs(b).max(), 1e-12)
    return float(np.abs(a - b).max() / scale)


def new(attempt, **params):
    return attempt.LogisticRegression(**params)


def fitted(attempt, X, y, **params):
    """Construct and fit; never chains on fit's return value (tested on its own)."""
    model = new(attempt, **params)
    model.fit(X, y)
    return model


def weights_of(model, d):
    """The fitted weights as a flat float vector (the exact shape is tested separately)."""
    w = np.asarray(model.weights, dtype=float)
    if w.size != d:
        pytest.fail(f"`weights` has {w.size} entries for {d} features. Store one weight per feature, shape (d,).")
    return w.reshape(d)


def bias_of(model):
    b = np.asarray(model.bias, dtype=float)
    if b.size != 1:
        pytest.fail(f"`bias` has {b.size} entries. Store the bias as a single float.")
    return float(b.reshape(()))


def history_of(model):
    if not model.has("loss_history"):
        pytest.fail("The fitted model has no `loss_history`. Record the objective once per iteration in a list called loss_history.")
    h = model.loss_history
    try:
        h = np.asarray(h, dtype=float)
    except (TypeError, ValueError):
        pytest.fail("`loss_history` is not a sequence of numbers. Append one float (the objective) per iteration.")
    if h.ndim != 1:
        pytest.fail(f"`loss_history` has shape {h.shape}. Keep one float per iteration in a flat list.")
    return h


def _loss_history_if_any(model):
    """The stability tests judge the loss only where the attempt records one (convergence
    tests judge its absence)."""
    if not model.has("loss_history"):
        return np.zeros(0)
    try:
        return np.asarray(model.loss_history, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        return np.zeros(0)


def _fitted_state_finite(model):
    w = np.asarray(model.weights, dtype=float)
    b = np.asarray(model.bias, dtype=float)
    return bool(np.all(np.isfinite(w)) and np.all(np.isfinite(b)))


def reference_fit(reference, X, y, **params):
    return reference.LogisticRegression(**params).fit(X, y)




HYPERPARAMETERS = ("learning_rate", "n_iterations", "tol", "l2")

_SHARED = {}


def shared(attempt, key, compute):
    """Plain parent-side results shared by tests that judge different aspects of the same fit
    (saves worker calls). Only data is kept, never a Remote, and only for this attempt; if
    `compute` raises, nothing is stored and the next test tries again."""
    entry = _SHARED.get(key)
    if entry is not None and entry[0] is attempt:
        return entry[1]
    value = compute()
    _SHARED[key] = (attempt, value)
    return value


# ============================================================================ correctness

def _trajectory(attempt, reference, X, y, **params):
    d = X.shape[1]
    model = fitted(attempt, X, y, **params)
    expected = reference_fit(reference, X, y, **params)
    return weights_of(model, d), bias_of(model), expected


@pytest.mark.criterion("correctness", weight=3)
def test_trajectory_matches_reference(attempt, reference):
    X, y = make_data(seed=0, n=120, d=4)
    w, b, ref = _trajectory(attempt, reference, X, y, learning_rate=0.1, n_iterations=50, tol=0.0)
    err_w = probes.relative_error(w, ref.weights)
    assert err_w < 1e-6, (
        f"After 50 iterations of fit (tol=0) the weights differ from gradient descent on the stated "
        f"objective (relative error {err_w:.1e}). Check the logits, the sigmoid and dL/dw = Xᵀ(p − y)/n.")
    err_b = probes.relative_error(b, ref.bias)
    assert err_b < 1e-6, (
        f"After 50 iterations of fit (tol=0) the bias differs from gradient descent on the stated "
        f"objective (relative error {err_b:.1e}). Update b every iteration with dL/db = mean(p − y).")


@pytest.mark.criterion("correctness", weight=2)
def test_trajectory_with_strong_l2(attempt, reference):
    X, y = make_data(seed=1, n=150, d=5)
    w, b, ref = _trajectory(attempt, reference, X, y, learning_rate=0.2, n_iterations=40, tol=0.0, l2=1.0)
    err_w = probes.relative_error(w, ref.weights)
    assert err_w < 1e-6, (
        f"With l2=1.0 the weights after fit differ from gradient descent on the stated objective "
        f"(relative error {err_w:.1e}). The penalty (l2/2)·||w||² adds exactly l2·w to dL/dw.")
    err_b = probes.relative_error(b, ref.bias)
    assert err_b < 1e-6, (
        f"With l2=1.0 the bias after fit differs from gradient descent on the stated objective "
        f"(relative error {err_b:.1e}). The bias is not penalised: dL/db = mean(p − y) with no l2 term.")


def _step_gradient(attempt, X, y, lr, l2, k=3):
    """The gradient the attempt uses at its own k-th iterate: (θ_k − θ_{k+1}) / lr, tol=0."""
    return shared(attempt, ("step", lr, l2, k), lambda: _step_gradient_uncached(attempt, X, y, lr, l2, k))


def _step_gradient_uncached(attempt, X, y, lr, l2, k):
    d = X.shape[1]
    a = fitted(attempt, X, y, learning_rate=lr, n_iterations=k, tol=0.0, l2=l2)
    w_k, b_k = weights_of(a, d), bias_of(a)
    c = fitted(attempt, X, y, learning_rate=lr, n_iterations=k + 1, tol=0.0, l2=l2)
    w_k1, b_k1 = weights_of(c, d), bias_of(c)
    step_w, step_b = (w_k - w_k1) / lr, (b_k - b_k1) / lr
    num_w, num_b = numerical_gradient(X, y, w_k, b_k, l2)
    return step_w, step_b, num_w, num_b


GRAD_DATA = dict(seed=2, n=90, d=4, bias=0.8)


@pytest.mark.criterion("correctness", weight=2)
def test_weight_gradient_matches_finite_differences(attempt):
    X, y = make_data(**GRAD_DATA)
    step_w, _, num_w, _ = _step_gradient(attempt, X, y, lr=0.3, l2=0.0)
    err = group_error(step_w, num_w)
    assert err < 1e-6, (
        f"The step fit takes on the weights at iteration 3 is not the gradient of the stated loss "
        f"(relative error {err:.1e} against central differences). Check the sign inside the sigmoid, "
        f"the sign of the step and the 1/n in dL/dw = Xᵀ(p − y)/n.")


@pytest.mark.criterion("correctness", weight=1)
def test_bias_gradient_matches_finite_differences(attempt):
    X, y = make_data(**GRAD_DATA)
    _, step_b, _, num_b = _step_gradient(attempt, X, y, lr=0.3, l2=0.0)
    err = group_error(step_b, num_b)
    assert err < 1e-6, (
        f"The step fit takes on the bias at iteration 3 is not the derivative of the stated loss "
        f"(relative error {err:.1e} against central differences). Update b with dL/db = mean(p − y).")


@pytest.mark.criterion("correctness", weight=2)
def test_weight_gradient_with_l2_matches_finite_differences(attempt):
    X, y = make_data(**GRAD_DATA)
    step_w, _, num_w, _ = _step_gradient(attempt, X, y, lr=0.3, l2=1.0)
    err = group_error(step_w, num_w)
    assert err < 1e-6, (
        f"With l2=1.0 the step fit takes on the weights is not the gradient of the stated objective "
        f"(relative error {err:.1e} against central differences). (l2/2)·||w||² contributes l2·w.")


@pytest.mark.criterion("correctness", weight=1)
def test_bias_gradient_with_l2_matches_finite_differences(attempt):
    X, y = make_data(**GRAD_DATA)
    _, step_b, _, num_b = _step_gradient(attempt, X, y, lr=0.3, l2=1.0)
    err = group_error(step_b, num_b)
    assert err < 1e-6, (
        f"With l2=1.0 the step fit takes on the bias is not the derivative of the stated objective "
        f"(relative error {err:.1e}). The bias is not penalised: leave l2 out of dL/db.")


@pytest.mark.criterion("correctness", weight=2)
def test_heldout_probabilities_and_labels(attempt, reference):
    X, y = make_data(seed=3, n=200, d=5)
    X_train, y_train, X_test = X[:140], y[:140], X[140:]
    params = dict(learning_rate=0.3, n_iterations=100, tol=0.0)
    model = fitted(attempt, X_train, y_train, **params)
    ref = reference_fit(reference, X_train, y_train, **params)
    p = np.asarray(model.predict_proba(X_test), dtype=float).reshape(-1)
    p_ref = ref.predict_proba(X_test)
    err = probes.relative_error(p, p_ref)
    assert err < 1e-6, (
        f"predict_proba on new data differs from the reference model (relative error {err:.1e}). "
        f"Compute sigmoid(X @ weights + bias) from the fitted parameters only.")
    labels = np.asarray(model.predict(X_test)).reshape(-1)
    clear = np.abs(p_ref - 0.5) > 1e-6
    assert labels.shape == p_ref.shape and np.array_equal(labels[clear], ref.predict(X_test)[clear]), (
        "predict on new data gives labels that disagree with predict_proba >= 0.5. "
        "Label a sample 1 exactly when its probability is at least the threshold.")


@pytest.mark.criterion("correctness", weight=1)
def test_labels_on_training_data(attempt, reference):
    X, y = make_data(seed=4, n=100, d=3, bias=-0.3)
    params = dict(learning_rate=0.1, n_iterations=30, tol=0.0)
    model = fitted(attempt, X, y, **params)
    ref = reference_fit(reference, X, y, **params)
    labels = np.asarray(model.predict(X)).reshape(-1)
    p_ref = ref.predict_proba(X)
    clear = np.abs(p_ref - 0.5) > 1e-6
    assert labels.shape == p_ref.shape and np.array_equal(labels[clear], ref.predict(X)[clear]), (
        "predict on the training data does not return the model's own decisions (sigmoid(X·w + b) >= 0.5). "
        "Predict from the fitted parameters, never from stored training labels.")


def _contract_outputs(attempt):
    def compute():
        X, y = make_data(seed=5, n=60, d=3)
        model = fitted(attempt, X, y, learning_rate=0.1, n_iterations=20, tol=0.0)
        return dict(labels=np.asarray(model.predict(X)), proba=np.asarray(model.predict_proba(X)))
    return shared(attempt, "contract", compute)


@pytest.mark.criterion("correctness", weight=1)
def test_predict_returns_int_labels_of_shape_n(attempt):
    labels = _contract_outputs(attempt)["labels"]
    assert labels.shape == (60,), (
        f"predict returned shape {labels.shape} for 60 samples. Return a flat array of shape (n,).")
    assert labels.dtype.kind in "iu", (
        f"predict returned dtype {labels.dtype}. Return integer labels, e.g. with .astype(int).")
    assert set(np.unique(labels)) <= {0, 1}, "predict returned labels other than 0 and 1."


@pytest.mark.criterion("correctness", weight=1)
def test_predict_proba_returns_probabilities_of_shape_n(attempt):
    p = _contract_outputs(attempt)["proba"]
    assert p.shape == (60,), (
        f"predict_proba returned shape {p.shape} for 60 samples. Return P(y = 1) as a flat array of shape (n,).")
    assert p.dtype.kind == "f", f"predict_proba returned dtype {p.dtype}. Return float probabilities."
    assert np.all((p >= 0) & (p <= 1)), "predict_proba returned values outside [0, 1]."


@pytest.mark.criterion("correctness", weight=1)
def test_predict_threshold_argument(attempt, reference):
    X, y = make_data(seed=6, n=120, d=3)
    params = dict(learning_rate=0.1, n_iterations=25, tol=0.0)
    model = fitted(attempt, X, y, **params)
    ref = reference_fit(reference, X, y, **params)
    p_ref = ref.predict_proba(X)
    for threshold in (0.3, 0.8):
        labels = np.asarray(model.predict(X, threshold=threshold)).reshape(-1)
        clear = np.abs(p_ref - threshold) > 1e-6
        expected = ref.predict(X, threshold=threshold)
        assert labels.shape == expected.shape and np.array_equal(labels[clear], expected[clear]), (
            f"predict(X, threshold={threshold}) does not label 1 exactly the samples whose probability "
            f"is at least {threshold}. Use the threshold argument instead of a fixed 0.5.")


@pytest.mark.criterion("correctness", weight=1)
def test_fitted_attribute_shapes(attempt):
    X, y = make_data(seed=7, n=80, d=5)
    model = fitted(attempt, X, y, learning_rate=0.1, n_iterations=10, tol=0.0)
    w = np.asarray(model.weights)
    assert w.shape == (5,), f"`weights` has shape {w.shape} for 5 features. Store a flat array of shape (d,)."
    b = model.bias
    assert np.ndim(b) == 0 and np.asarray(b).dtype.kind == "f", (
        "`bias` is not a single float. Store the bias as a scalar, e.g. float(b).")


@pytest.mark.criterion("correctness", weight=1)
def test_single_feature(attempt, reference):
    X, y = make_data(seed=8, n=70, d=1)
    params = dict(learning_rate=0.2, n_iterations=30, tol=0.0)
    model = fitted(attempt, X, y, **params)
    ref = reference_fit(reference, X, y, **params)
    w = np.asarray(model.weights, dtype=float)
    assert w.shape == (1,), f"With one feature `weights` has shape {w.shape}; it must have shape (1,)."
    err = max(probes.relative_error(w, ref.weights), probes.relative_error(bias_of(model), ref.bias))
    assert err < 1e-6, (
        f"With a single feature the fitted parameters differ from the reference (relative error {err:.1e}). "
        f"Check for shapes that only work by accident, such as (n, 1) against (n,).")
    p = np.asarray(model.predict_proba(X))
    assert p.shape == (70,), f"With one feature predict_proba returned shape {p.shape}; it must be (n,)."


@pytest.mark.criterion("correctness", weight=1)
def test_more_features_than_samples(attempt, reference):
    X, y = make_data(seed=9, n=6, d=8)
    params = dict(learning_rate=0.1, n_iterations=20, tol=0.0, l2=0.1)
    w, b, ref = _trajectory(attempt, reference, X, y, **params)
    err = max(probes.relative_error(w, ref.weights), probes.relative_error(b, ref.bias))
    assert err < 1e-6, (
        f"With fewer samples than features (n=6, d=8) the fitted parameters differ from the reference "
        f"(relative error {err:.1e}). Check that every product uses X (n, d) and Xᵀ (d, n) the right way round.")


# ==================================================================== numerical_stability

EXTREME_W = np.array([400.0, -300.0, 200.0])


def _extreme_inputs():
    """Rows whose logits under EXTREME_W (bias 5) range over about ±2000, plus moderate ones."""
    rng = np.random.default_rng(11)
    X = rng.standard_normal((40, 3)) * 2.0
    X[:8] /= 400.0                                          # moderate logits, |z| ≲ 30
    return X


def _model_with_extreme_weights(attempt):
    X, y = make_data(seed=10, n=50, d=3)
    model = fitted(attempt, X, y, learning_rate=0.1, n_iterations=2, tol=0.0)
    model.weights = EXTREME_W.copy()
    model.bias = 5.0
    return model


@pytest.mark.criterion("numerical_stability", weight=2)
def test_predict_proba_finite_and_accurate_for_huge_logits(attempt):
    model = _model_with_extreme_weights(attempt)
    X = _extreme_inputs()
    p = np.asarray(model.predict_proba(X), dtype=float).reshape(-1)
    expected = sigmoid(X @ EXTREME_W + 5.0)
    assert p.shape == expected.shape and np.all(np.isfinite(p)), (
        "predict_proba returned NaN or inf for inputs with very large logits (|z| ≈ 1000). Compute the "
        "sigmoid in a form that never exponentiates a large positive number.")
    err = float(np.abs(p - expected).max())
    assert err < 1e-12, (
        f"predict_proba is off by {err:.1e} for very large or moderate logits. The sigmoid must return "
        f"values within rounding of 1/(1 + e^(−z)) for every z, using the fitted weights and bias.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_predict_proba_no_floating_point_warnings_for_huge_logits(attempt):
    model = _model_with_extreme_weights(attempt)
    X = _extreme_inputs()
    p = np.asarray(model.predict_proba(X), dtype=float).reshape(-1)
    events = attempt.last.fp_events
    assert not events, (
        f"predict_proba raised floating-point warnings for very large logits ({probes.format_fp_events(events)}). "
        f"Exponentiate only non-positive numbers, e.g. via exp(−|z|).")
    expected = sigmoid(X @ EXTREME_W + 5.0)
    assert p.shape == expected.shape and np.all(np.abs(p - expected) < 1e-12), (
        "predict_proba ran without warnings but its probabilities for very large logits are wrong.")


SEPARABLE = dict(learning_rate=0.1, n_iterations=40, tol=0.0)
LARGE_FEATURES = dict(learning_rate=0.1, n_iterations=3, tol=0.0)


def _stability_fit(attempt, which):
    """Fit on an adversarial data set once; keep what the finite/no-warning tests judge."""
    def compute():
        if which == "separable":
            X, y = make_separable(seed=12)
            params = SEPARABLE
        else:
            X, y = make_data(seed=13, n=150, d=3, scale=1e3)
            params = LARGE_FEATURES
        model = new(attempt, **params)
        model.fit(X, y)
        events = list(attempt.last.fp_events)
        p = np.asarray(model.predict_proba(X), dtype=float)
        return dict(events=events, history=_loss_history_if_any(model),
                    state_finite=_fitted_state_finite(model), proba_finite=bool(np.all(np.isfinite(p))))
    return shared(attempt, ("stability", which), compute)


@pytest.mark.criterion("numerical_stability", weight=2)
def test_fit_finite_on_separable_data_with_large_margins(attempt):
    fit = _stability_fit(attempt, "separable")
    assert np.all(np.isfinite(fit["history"])), (
        "On separable data with large margins `loss_history` contains NaN or inf: p rounds to exactly 0 or 1 "
        "and log(0) appears. Compute the cross-entropy from the logits, e.g. log(1 + e^z) − y·z with np.logaddexp.")
    assert fit["state_finite"], (
        "On separable data with large margins the fitted weights or bias contain NaN or inf. "
        "Keep the sigmoid finite for any logit.")
    assert fit["proba_finite"], (
        "After fitting separable data with large margins predict_proba returns NaN or inf. "
        "Compute the sigmoid in a form that never exponentiates a large positive number.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_fit_no_floating_point_warnings_on_separable_data(attempt):
    fit = _stability_fit(attempt, "separable")
    assert not fit["events"], (
        f"fit raised floating-point warnings on separable data with large margins "
        f"({probes.format_fp_events(fit['events'])}). Avoid exp of large positive numbers and log of 0: "
        f"work with the logits (np.logaddexp, exp(−|z|)).")
    assert np.all(np.isfinite(fit["history"])) and fit["state_finite"], (
        "fit ran without floating-point warnings on separable data but left NaN or inf in the model.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_fit_finite_with_large_features(attempt):
    fit = _stability_fit(attempt, "large")
    assert np.all(np.isfinite(fit["history"])), (
        "With features of size 1000 (logits in the tens of thousands, some on the wrong side) `loss_history` "
        "contains NaN or inf. The loss of a badly misclassified sample is about |z|: compute it from the logits.")
    assert fit["state_finite"] and fit["proba_finite"], (
        "With features of size 1000 the fitted weights, bias or probabilities contain NaN or inf. "
        "Keep the sigmoid finite for any logit.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_fit_no_floating_point_warnings_with_large_features(attempt):
    fit = _stability_fit(attempt, "large")
    assert not fit["events"], (
        f"fit raised floating-point warnings with features of size 1000 ({probes.format_fp_events(fit['events'])}). "
        f"Compute the sigmoid and the loss in forms that cannot overflow or take log(0).")
    assert np.all(np.isfinite(fit["history"])) and fit["state_finite"], (
        "fit ran without floating-point warnings with large features but left NaN or inf in the model.")


# =========================================================================== organization

@pytest.mark.criterion("organization", weight=2)
def test_fit_returns_self(attempt):
    X, y = make_data(seed=20, n=50, d=3)
    model = new(attempt, n_iterations=5, tol=0.0)
    result = model.fit(X, y)
    assert result is model, "fit does not return the model. End fit with `return self` so calls can be chained."


@pytest.mark.criterion("organization", weight=1)
def test_constructor_stores_hyperparameters(attempt):
    params = dict(learning_rate=0.05, n_iterations=17, tol=1e-5, l2=0.3)
    model = new(attempt, **params)
    for name, value in params.items():
        assert model.has(name) and probes.same_data(model.get(name), value), (
            f"The constructor does not store `{name}` unchanged. Keep `self.{name} = {name}` in __init__ "
            f"and do nothing else there.")
    default = new(attempt)
    for name, value in dict(learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0).items():
        assert default.has(name) and np.isclose(float(default.get(name)), value), (
            f"The default of `{name}` is not {value}. Keep the constructor signature of the statement.")


@pytest.mark.criterion("organization", weight=1)
def test_fit_leaves_hyperparameters_unchanged(attempt):
    X, y = make_data(seed=21, n=60, d=3)
    model = new(attempt, learning_rate=0.3, n_iterations=500, tol=1e-4, l2=0.3)   # stops early
    before = {k: v for k, v in model.state().items() if k in HYPERPARAMETERS}
    model.fit(X, y)
    after = {k: v for k, v in model.state().items() if k in HYPERPARAMETERS}
    changed = [k for k in HYPERPARAMETERS if not probes.same_data(before.get(k), after.get(k))]
    assert not changed, (
        f"fit changed the hyperparameter(s) {', '.join(changed)}. Read hyperparameters in fit but never "
        f"assign to them; keep working values in local variables.")


@pytest.mark.criterion("organization", weight=1)
def test_predict_does_not_change_the_model(attempt):
    X, y = make_data(seed=22, n=60, d=3)
    model = fitted(attempt, X, y, learning_rate=0.1, n_iterations=10, tol=0.0)
    before = model.state()
    model.predict_proba(X)
    model.predict(X)
    model.predict(X, threshold=0.7)
    after = model.state()
    assert probes.same_data(before, after), (
        "predict or predict_proba changed the model's attributes. Prediction must only read the fitted "
        "parameters; keep intermediate results in local variables.")


@pytest.mark.criterion("organization", weight=1)
def test_refit_gives_the_same_model(attempt):
    X, y = make_data(seed=23, n=80, d=3)
    model = new(attempt, learning_rate=0.1, n_iterations=15, tol=0.0)
    model.fit(X, y)
    w1, b1, h1 = np.asarray(model.weights, dtype=float), model.bias, len(_loss_history_if_any(model))
    model.fit(X, y)
    w2, b2, h2 = np.asarray(model.weights, dtype=float), model.bias, len(_loss_history_if_any(model))
    assert h1 == h2, (
        f"Fitting the same model twice gave loss_history lengths {h1} and {h2}. Start each fit with a new, "
        f"empty loss_history.")
    assert probes.same_data(w1, w2) and probes.same_data(np.asarray(b1, dtype=float), np.asarray(b2, dtype=float)), (
        "Fitting the same model twice on the same data gave different parameters. Reset weights and bias "
        "to zero at the start of fit instead of continuing from the previous fit.")


@pytest.mark.criterion("organization", weight=1)
def test_inputs_not_modified(attempt):
    X, y = make_data(seed=24, n=60, d=3, scale=3.0)
    X = X + 2.0                                             # not centred: tempting to standardise in place
    model = new(attempt, learning_rate=0.05, n_iterations=10, tol=0.0)
    model.fit(X, y)
    assert not attempt.last.mutated, (
        "fit modified its input arrays in place. Work on copies (or new arrays) and leave X and y unchanged.")
    model.predict_proba(X)
    assert not attempt.last.mutated, "predict_proba modified its input X in place. Leave X unchanged."
    model.predict(X)
    assert not attempt.last.mutated, "predict modified its input X in place. Leave X unchanged."


@pytest.mark.criterion("organization", weight=1)
def test_instances_share_no_state(attempt):
    Xa, ya = make_data(seed=25, n=60, d=3)
    Xb, yb = make_data(seed=26, n=90, d=3)
    a = fitted(attempt, Xa, ya, learning_rate=0.1, n_iterations=8, tol=0.0)
    wa, ha = np.asarray(a.weights, dtype=float), _loss_history_if_any(a)
    pa = np.asarray(a.predict_proba(Xa), dtype=float)
    fitted(attempt, Xb, yb, learning_rate=0.2, n_iterations=12, tol=0.0)
    assert probes.same_data(_loss_history_if_any(a), ha), (
        "Fitting a second model changed the first model's loss_history: the two instances share one list. "
        "Create loss_history inside fit (self.loss_history = []), not at class or module level.")
    assert probes.same_data(np.asarray(a.weights, dtype=float), wa), (
        "Fitting a second model changed the first model's weights. Keep all fitted state on the instance.")
    assert probes.same_data(np.asarray(a.predict_proba(Xa), dtype=float), pa), (
        "Fitting a second model changed the first model's predictions. Predict from the instance's own "
        "weights and bias, never from module-level or class-level variables.")


@pytest.mark.criterion("organization", weight=1)
def test_learning_rate_is_used(attempt):
    X, y = make_data(seed=27, n=80, d=3)
    fits = []
    for learning_rate in (0.05, 0.2):
        model = fitted(attempt, X, y, learning_rate=learning_rate, n_iterations=10, tol=0.0)
        fits.append(np.append(np.asarray(model.weights, dtype=float).reshape(-1), bias_of(model)))
    moved = any(np.any(f != 0) for f in fits)              # a fit that never steps is judged elsewhere
    assert not moved or not probes.same_data(fits[0], fits[1]), (
        "Changing `learning_rate` does not change what fit learns: fit ignores self.learning_rate. "
        "Use the hyperparameters stored by the constructor instead of fixed numbers.")


# ========================================================================== vectorization

def _loop_data(n, d=5, seed=30):
    return make_data(seed=seed + n, n=n, d=d)


@pytest.mark.criterion("vectorization", weight=2)
def test_fit_has_no_loop_over_samples(attempt):
    iterations = 5
    result = probes.loop_rate(
        attempt,
        build=lambda: new(attempt, learning_rate=0.1, n_iterations=iterations, tol=0.0),
        method="fit",
        make_args=lambda n: _loop_data(n),
        units=iterations,
    )
    probes.assert_no_sample_loops(result, what="fit")


@pytest.mark.criterion("vectorization", weight=1)
def test_predict_has_no_loop_over_samples(attempt):
    X_fit, y_fit = make_data(seed=31, n=50, d=5)
    model = fitted(attempt, X_fit, y_fit, learning_rate=0.1, n_iterations=5, tol=0.0)
    for method in ("predict_proba", "predict"):
        result = probes.loop_rate(
            attempt,
            build=lambda: model,
            method=method,
            make_args=lambda n: (_loop_data(n)[0],),
        )
        probes.assert_no_sample_loops(result, what=method)


@pytest.mark.criterion("vectorization", weight=1)
def test_fit_cpu_time_close_to_vectorized_reference(attempt, reference):
    params = dict(learning_rate=0.1, n_iterations=10, tol=0.0)
    result = probes.cpu_ratio(
        attempt,
        build=lambda: new(attempt, **params),
        method="fit",
        make_args=lambda n: make_data(seed=32, n=n, d=5),
        ref_build=lambda: reference.LogisticRegression(**params),
        units=params["n_iterations"],
        iterations_run=lambda model: len(model.loss_history),
    )
    probes.assert_cpu_ratio(result, what="fit")


# ============================================================================ convergence

@pytest.mark.criterion("convergence", weight=1)
def test_history_has_one_finite_float_per_iteration(attempt):
    X, y = make_data(seed=40, n=100, d=4)
    model = fitted(attempt, X, y, learning_rate=0.1, n_iterations=25, tol=0.0)
    h = history_of(model)
    assert len(h) == 25, (
        f"With n_iterations=25 and tol=0, loss_history has {len(h)} entries. Append exactly one value, "
        f"the objective, per iteration run.")
    assert np.all(np.isfinite(h)), "loss_history contains NaN or inf on well-behaved data."


@pytest.mark.criterion("convergence", weight=1)
def test_history_starts_at_the_initial_loss(attempt):
    X, y = make_data(seed=41, n=100, d=4)
    model = fitted(attempt, X, y, learning_rate=0.1, n_iterations=10, tol=0.0, l2=0.5)
    h = history_of(model)
    initial = objective(X, y, np.zeros(4), 0.0, 0.5)          # = log 2 at w = 0, b = 0
    assert len(h) > 0 and abs(h[0] - initial) <= 1e-8 * initial, (
        f"loss_history[0] should be the objective at the initial parameters w = 0, b = 0, which is "
        f"log 2 ≈ {LOG2:.6f}. Record the loss at the start of each iteration, before the update.")


@pytest.mark.criterion("convergence", weight=2)
def test_history_ends_at_the_loss_of_the_returned_parameters(attempt):
    X, y = make_data(seed=42, n=120, d=4)
    l2 = 0.1
    model = fitted(attempt, X, y, learning_rate=0.2, n_iterations=30, tol=0.0, l2=l2)
    h = history_of(model)
    final = objective(X, y, weights_of(model, 4), bias_of(model), l2)
    step = abs(h[-1] - h[-2]) if len(h) > 1 else 0.0
    assert len(h) > 0 and abs(h[-1] - final) <= step + 1e-9 * max(1.0, abs(final)), (
        "The last entry of loss_history is not the stated objective (mean cross-entropy + (l2/2)·||w||²) "
        "near the returned weights and bias. Record the real objective of the current parameters each iteration.")


@pytest.mark.criterion("convergence", weight=1)
def test_history_decreases_with_a_safe_step(attempt):
    X, y = make_data(seed=43, n=150, d=4)
    model = fitted(attempt, X, y, learning_rate=0.5, n_iterations=60, tol=0.0)
    h = history_of(model)
    rises = np.diff(h) > 1e-12 * np.maximum(1.0, np.abs(h[1:]))
    assert len(h) > 1 and not np.any(rises), (
        "loss_history goes up during gradient descent with a small learning rate on a convex objective. "
        "Check the sign of the update (w ← w − learning_rate · gradient) and that the recorded loss is the objective.")


@pytest.mark.criterion("convergence", weight=1)
def test_n_iterations_is_honoured(attempt):
    X, y = make_data(seed=44, n=80, d=3)
    lengths = []
    for k in (7, 13):
        model = fitted(attempt, X, y, learning_rate=0.1, n_iterations=k, tol=0.0)
        lengths.append(len(history_of(model)))
    assert lengths == [7, 13], (
        f"With tol=0, n_iterations=7 and 13 gave {lengths[0]} and {lengths[1]} loss_history entries. "
        f"Run exactly n_iterations iterations when tol=0, one history entry each.")


@pytest.mark.criterion("convergence", weight=1)
def test_tol_zero_runs_every_iteration(attempt):
    X, y = make_data(seed=8, n=100, d=3)
    # strongly convex: the loss stops changing at all (exact ties) long before iteration 300
    model = fitted(attempt, X, y, learning_rate=0.5, n_iterations=300, tol=0.0, l2=1.0)
    h = history_of(model)
    assert len(h) == 300, (
        f"With tol=0 fit stopped after {len(h)} of 300 iterations. The rule abs(previous − current) < tol "
        f"can never hold for tol=0, so every iteration must run.")


@pytest.mark.criterion("convergence", weight=2)
def test_stops_early_when_the_loss_stops_changing(attempt, reference, curves):
    X, y = make_data(seed=7, n=200, d=3)
    tol = 1e-6
    params = dict(learning_rate=0.5, n_iterations=5000, tol=tol)
    model = fitted(attempt, X, y, **params)
    h = history_of(model)
    if np.all(np.isfinite(h)):                               # for the report's loss plot
        curves["attempt"] = [float(v) for v in h[:5000]]
        curves["reference"] = list(reference_fit(reference, X, y, **params).loss_history)
    assert 2 <= len(h) < 2500, (
        f"On an easy problem with tol=1e-6 fit ran {len(h)} of 5000 iterations. Stop as soon as "
        f"abs(previous − current) < tol.")
    diffs = np.abs(np.diff(h))
    assert diffs[-1] < tol, (
        "fit stopped although the last change in loss_history is not below tol. Stop only when "
        "abs(previous − current) < tol, comparing the two most recent losses.")
    assert np.all(diffs[:-1] >= tol), (
        "fit kept going after the change in loss had dropped below tol. Check the rule "
        "abs(previous − current) < tol right after recording each loss.")
