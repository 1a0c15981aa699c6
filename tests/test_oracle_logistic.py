"""The logistic reference against scikit-learn (development check, not shipped to learners).

Objective of the reference: mean cross-entropy + (l2/2)·||w||², bias not penalised.
scikit-learn minimises C·Σ log-loss + ½||w||² (intercept not penalised), the same minimiser when
C = 1/(n·l2); l2 = 0 maps to C = inf. The reference is run to convergence (tol=0, many steps of
a safe learning rate) and compared with the exact Newton solver at a tight tolerance.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

sklearn_linear_model = pytest.importorskip("sklearn.linear_model")

ROOT = Path(__file__).resolve().parents[1]


def load_reference():
    spec = importlib.util.spec_from_file_location("logistic_reference", ROOT / "reference" / "logistic" / "solution.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_data(seed, n, d):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    w = rng.uniform(0.5, 1.5, d) * rng.choice([-1.0, 1.0], d)
    z = X @ w + 0.5
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-z))).astype(np.int64)
    return X, y


def sklearn_oracle(X, y, l2):
    C = np.inf if l2 == 0 else 1.0 / (len(y) * l2)
    return sklearn_linear_model.LogisticRegression(
        C=C, l1_ratio=0.0, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(X, y)


@pytest.mark.parametrize("l2", [0.0, 0.01, 1.0])
@pytest.mark.parametrize("seed,n,d", [(0, 300, 5), (1, 120, 1), (2, 200, 8)])
def test_reference_matches_sklearn_at_the_optimum(seed, n, d, l2):
    ref = load_reference()
    X, y = make_data(seed, n, d)
    model = ref.LogisticRegression(learning_rate=1.0, n_iterations=5_000, tol=0.0, l2=l2).fit(X, y)
    oracle = sklearn_oracle(X, y, l2)
    np.testing.assert_allclose(model.weights, oracle.coef_[0], rtol=0, atol=1e-8)
    assert abs(model.bias - oracle.intercept_[0]) < 1e-8
    X_new, _ = make_data(seed + 100, 50, d)
    np.testing.assert_allclose(model.predict_proba(X_new), oracle.predict_proba(X_new)[:, 1], rtol=0, atol=1e-9)
    np.testing.assert_array_equal(model.predict(X_new), oracle.predict(X_new))


def test_reference_stops_early_near_the_sklearn_optimum():
    ref = load_reference()
    X, y = make_data(3, 250, 4)
    model = ref.LogisticRegression(learning_rate=0.5, n_iterations=10_000, tol=1e-12, l2=0.1).fit(X, y)
    assert len(model.loss_history) < 10_000
    oracle = sklearn_oracle(X, y, 0.1)
    np.testing.assert_allclose(model.weights, oracle.coef_[0], rtol=0, atol=1e-5)
