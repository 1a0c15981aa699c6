"""The `linear` reference against scikit-learn (development check, not shipped to learners).

Gradient descent on standardised features, run to convergence, must land on the ordinary
least-squares solution that sklearn.linear_model.LinearRegression(fit_intercept=True)
computes; the loss_history must be the MSE of the stated objective (no ½)."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

sklearn_linear = pytest.importorskip("sklearn.linear_model")

ROOT = Path(__file__).resolve().parents[1]


def _reference():
    spec = importlib.util.spec_from_file_location("reference_linear", ROOT / "reference" / "linear" / "solution.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _data(seed, n, d, noise=0.5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    w = rng.uniform(-2.0, 2.0, size=d)
    y = X @ w + 3.0 + noise * rng.normal(size=n)
    return X, y


@pytest.mark.parametrize("seed,n,d", [(0, 200, 5), (1, 120, 1), (2, 300, 8), (3, 50, 3)])
def test_converged_reference_matches_sklearn(seed, n, d):
    X, y = _data(seed, n, d)
    model = _reference().LinearRegression(learning_rate=0.1, n_iterations=5000, tol=0.0).fit(X, y)
    sk = sklearn_linear.LinearRegression(fit_intercept=True).fit(X, y)
    np.testing.assert_allclose(model.weights, sk.coef_, rtol=1e-8, atol=1e-10)
    assert abs(model.bias - sk.intercept_) <= 1e-8 * max(1.0, abs(sk.intercept_))
    Xt = np.random.default_rng(seed + 99).normal(size=(40, d))
    np.testing.assert_allclose(model.predict(Xt), sk.predict(Xt), rtol=1e-8, atol=1e-10)


def test_loss_history_is_mse_without_half():
    X, y = _data(5, 150, 4)
    model = _reference().LinearRegression(learning_rate=0.1, n_iterations=5000, tol=0.0).fit(X, y)
    sk = sklearn_linear.LinearRegression(fit_intercept=True).fit(X, y)
    assert model.loss_history[0] == pytest.approx(np.mean(y ** 2), rel=1e-12)
    assert model.loss_history[-1] == pytest.approx(np.mean((sk.predict(X) - y) ** 2), rel=1e-9)


def test_default_tol_stops_early_near_sklearn():
    X, y = _data(6, 200, 5)
    model = _reference().LinearRegression(learning_rate=0.1, n_iterations=5000, tol=1e-6).fit(X, y)
    sk = sklearn_linear.LinearRegression(fit_intercept=True).fit(X, y)
    assert len(model.loss_history) < 200
    np.testing.assert_allclose(model.weights, sk.coef_, atol=1e-2)
