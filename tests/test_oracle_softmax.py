"""The softmax reference against scikit-learn (development check, not shipped to learners).

Objective of the reference: mean cross-entropy + (l2/2)·||W||², bias not penalised, K = max(y) + 1.
scikit-learn's LogisticRegression with K >= 3 classes fits the same multinomial model (always,
since 1.9 there is no `multi_class`), over-parameterised like ours (one weight vector per class),
and minimises C·Σ log-loss + ½||W||² (intercepts not penalised): the same minimiser when
C = 1/(n·l2); l2 = 0 maps to C = inf. With l2 > 0 the minimiser is unique. With l2 = 0 it is unique
only up to adding one vector to every column of W (and a constant to b); gradient descent from
W = 0 stays where the columns sum to 0 (every gradient's columns do), and so do scikit-learn's
solvers started from 0 (oracle-catalog §3.1, verified below: its coef_ columns sum to 0), so the raw
parameters are compared in every case.

The reference is run to convergence (tol=0, 5000 steps of learning_rate=1, well inside the safe
range for standardised features) and compared with:
- the multinomial Newton solver (newton-cholesky, tol=1e-12): parameters to 1e-9 (measured: 1e-12
  or better on these data);
- lbfgs (tol=1e-12), which stops on its own criteria earlier: parameters to 2e-6 (measured: up to
  8e-7 on these data), probabilities to 1e-6.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

sklearn_linear_model = pytest.importorskip("sklearn.linear_model")

ROOT = Path(__file__).resolve().parents[1]


def load_reference():
    spec = importlib.util.spec_from_file_location("softmax_reference", ROOT / "reference" / "softmax" / "solution.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ref = load_reference()


def make_data(seed, n, d, K):
    """Standardised features, labels drawn from a softmax model (noisy: not separable), all K present."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    W = rng.uniform(0.5, 1.5, (d, K)) * rng.choice([-1.0, 1.0], (d, K))
    Z = X @ W + 0.5 * rng.standard_normal(K)
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    y = np.minimum((rng.random((n, 1)) > P.cumsum(axis=1)).sum(axis=1), K - 1)
    assert len(np.unique(y)) == K
    return X, y


def sklearn_oracle(X, y, l2, solver):
    C = np.inf if l2 == 0 else 1.0 / (len(y) * l2)
    return sklearn_linear_model.LogisticRegression(C=C, l1_ratio=0.0, solver=solver, tol=1e-12,
                                                   max_iter=10_000).fit(X, y)


def converged(X, y, l2):
    return ref.SoftmaxRegression(learning_rate=1.0, n_iterations=5_000, tol=0.0, l2=l2).fit(X, y)


CASES = [(0, 300, 5, 3), (1, 120, 1, 3), (2, 200, 8, 4), (3, 250, 4, 5)]


@pytest.fixture(scope="module")
def fits():
    """The converged reference for every case and l2, computed once (each takes about 0.5 s)."""
    return {}


def reference_fit(fits, case, l2):
    key = (case, l2)
    if key not in fits:
        X, y = make_data(*case)
        fits[key] = (X, y, converged(X, y, l2))
    return fits[key]


@pytest.mark.parametrize("l2", [0.0, 0.01, 1.0])
@pytest.mark.parametrize("case", CASES)
def test_reference_matches_the_newton_solver_at_the_optimum(fits, case, l2):
    X, y, model = reference_fit(fits, case, l2)
    oracle = sklearn_oracle(X, y, l2, "newton-cholesky")
    K = case[3]
    assert model.weights.shape == (X.shape[1], K) and model.bias.shape == (K,)
    np.testing.assert_allclose(oracle.coef_.sum(axis=0), 0.0, atol=1e-12)   # sklearn's over-complete model, centred
    np.testing.assert_allclose(model.weights, oracle.coef_.T, rtol=0, atol=1e-9)
    np.testing.assert_allclose(model.bias, oracle.intercept_, rtol=0, atol=1e-9)
    X_new, _ = make_data(case[0] + 100, 60, X.shape[1], K)
    np.testing.assert_allclose(model.predict_proba(X_new), oracle.predict_proba(X_new), rtol=0, atol=1e-10)
    np.testing.assert_array_equal(model.predict(X_new), oracle.predict(X_new))


@pytest.mark.parametrize("l2", [0.0, 0.01, 1.0])
@pytest.mark.parametrize("case", CASES)
def test_reference_matches_lbfgs(fits, case, l2):
    X, y, model = reference_fit(fits, case, l2)
    oracle = sklearn_oracle(X, y, l2, "lbfgs")
    np.testing.assert_allclose(model.weights, oracle.coef_.T, rtol=0, atol=2e-6)
    np.testing.assert_allclose(model.bias, oracle.intercept_, rtol=0, atol=2e-6)
    np.testing.assert_allclose(model.predict_proba(X), oracle.predict_proba(X), rtol=0, atol=1e-6)


def test_history_is_sklearn_log_loss_plus_the_penalty():
    """loss_history[t] is scikit-learn's log_loss at the t-th iterate plus (l2/2)·||W||²."""
    from sklearn.metrics import log_loss

    X, y = make_data(4, 150, 3, 3)
    l2 = 0.1
    model = ref.SoftmaxRegression(learning_rate=0.5, n_iterations=6, tol=0.0, l2=l2).fit(X, y)
    assert abs(model.loss_history[0] - np.log(3)) < 1e-15
    for t in (1, 5):
        at_t = ref.SoftmaxRegression(learning_rate=0.5, n_iterations=t, tol=0.0, l2=l2).fit(X, y)
        expected = log_loss(y, at_t.predict_proba(X)) + 0.5 * l2 * np.sum(at_t.weights ** 2)
        assert abs(model.loss_history[t] - expected) < 1e-12


def test_reference_stops_early_near_the_optimum():
    X, y = make_data(5, 250, 4, 3)
    model = ref.SoftmaxRegression(learning_rate=0.5, n_iterations=20_000, tol=1e-12, l2=0.1).fit(X, y)
    assert len(model.loss_history) < 20_000
    oracle = sklearn_oracle(X, y, 0.1, "newton-cholesky")
    np.testing.assert_allclose(model.weights, oracle.coef_.T, rtol=0, atol=1e-5)


def test_logits_of_1000_match_sklearn_probabilities():
    """At logits in the thousands the reference's probabilities are scikit-learn's (both stable)."""
    X, y = make_data(6, 200, 3, 3)
    oracle = sklearn_oracle(X, y, 0.01, "newton-cholesky")
    model = ref.SoftmaxRegression()
    model.weights, model.bias = oracle.coef_.T.copy(), oracle.intercept_.copy()
    X_big = X * 500.0
    assert np.abs(X_big @ model.weights + model.bias).max() > 1000
    with np.errstate(over="raise", divide="raise", invalid="raise"):   # underflow is legitimate
        P = model.predict_proba(X_big)
    np.testing.assert_allclose(P, oracle.predict_proba(X_big), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(model.predict(X_big), oracle.predict(X_big))
