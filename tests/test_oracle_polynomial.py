"""The polynomial reference against scikit-learn.

Features: `PolynomialFeatures(degree, interaction_only=..., include_bias=...)` (oracle-catalog,
`polyreg`): the same columns in the same order, and the same number of them (`n_output_features_`,
`powers_`). The reference forms each column as x_i · φ_rest, the products scikit-learn forms, so the
features agree to rounding (observed: bit for bit; tolerance rtol 1e-14).

Fit: `Pipeline([PolynomialFeatures(...), LinearRegression(tol=1e-14)])` is the same estimator: LinearRegression
centres the features and y and takes the minimum-norm least-squares solution, so the column of ones
(all zeros once centred) gets weight 0 and the constant goes in `intercept_`, as the statement says.
On well-scaled data (standard normal features, degree ≤ 4) weights, intercept and predictions agree
to rtol 1e-8 (observed ~1e-14; catalog: closed form, rtol 1e-7).

(`tol` is the relative cutoff of LinearRegression's SVD solver, scipy.linalg.lstsq(cond=tol); the default
1e-6 would truncate the well-conditioned but not tiny condition numbers of the high-degree tests.)

At high degree on raw x in [0, 100] that pipeline is NOT an oracle, whatever tol: LinearRegression solves on
the raw columns, whose sizes span 1 to 1e20, so the condition number (~1e21) is beyond any cutoff a float64
SVD can honour and the small directions are dropped (its fitted values are wrong in the first digit; test
below). `Pipeline([PolynomialFeatures(...), StandardScaler(), LinearRegression(tol=1e-14)])` solves the same
least-squares problem on standardised columns (condition number ~1e7): its predictions agree with the
reference's to 1e-8 relative (observed ~1e-11).
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

sklearn_preprocessing = pytest.importorskip("sklearn.preprocessing")
sklearn_linear_model = pytest.importorskip("sklearn.linear_model")
sklearn_pipeline = pytest.importorskip("sklearn.pipeline")

ROOT = Path(__file__).resolve().parents[1]


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ref = _load(ROOT / "reference" / "polynomial" / "solution.py", "polynomial_reference_for_oracle")

# LinearRegression's `tol` is the relative cutoff of its SVD solver (scipy.linalg.lstsq(cond=tol)): singular
# values below tol·σ_max are dropped. Its default, 1e-6, truncates standardised degree-10 features (condition
# number ~1e7); 1e-14 keeps every direction a float64 solve can resolve.
TOL = 1e-14

FLAGS = [(False, True), (False, False), (True, True), (True, False)]  # (interaction_only, include_bias)


def features(degree, interaction_only, include_bias):
    return sklearn_preprocessing.PolynomialFeatures(degree, interaction_only=interaction_only,
                                                    include_bias=include_bias)


def pipeline(degree, interaction_only=False, include_bias=True, standardise=False):
    steps = [features(degree, interaction_only, include_bias)]
    steps += [sklearn_preprocessing.StandardScaler()] if standardise else []
    return sklearn_pipeline.make_pipeline(*steps, sklearn_linear_model.LinearRegression(tol=TOL))


def normal_data(seed, n, d):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = 2.0 + X @ rng.uniform(-1, 1, d) + np.sin(X[:, 0]) * X[:, -1] + 0.1 * rng.standard_normal(n)
    return X, y, rng.standard_normal((30, d))


def unscaled_data(seed, n, d):
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.0, 100.0, (n, d))
    y = 10.0 * np.sin(X[:, 0] / 15.0) * np.cos(X[:, -1] / 20.0) + 0.1 * rng.standard_normal(n)
    return X, y, rng.uniform(0.0, 100.0, (30, d))


@pytest.mark.parametrize("d", [1, 2, 3, 5])
@pytest.mark.parametrize("degree", [1, 2, 3, 4])
@pytest.mark.parametrize("interaction_only,include_bias", FLAGS)
def test_transform_matches_polynomial_features(d, degree, interaction_only, include_bias):
    X = np.random.default_rng(10 * d + degree).standard_normal((40, d)) * 3.0
    ours = ref.PolynomialRegression(degree, interaction_only, include_bias).transform(X)
    pf = features(degree, interaction_only, include_bias).fit(X)
    np.testing.assert_allclose(ours, pf.transform(X), rtol=1e-14, atol=0)
    assert ours.shape[1] == pf.n_output_features_ == ref._n_output_features(d, degree, interaction_only, include_bias)
    # the column order, as exponent vectors: scikit-learn's powers_ row j is the exponents of column j
    alphas = ref._monomials(d, degree, interaction_only)[(0 if include_bias else 1):]
    powers = np.array([np.bincount(np.array(a, dtype=int), minlength=d) for a in alphas]).reshape(-1, d)
    np.testing.assert_array_equal(powers, pf.powers_)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("n,d,degree", [(120, 4, 2), (150, 3, 3), (200, 2, 4), (80, 1, 3), (60, 5, 1)])
@pytest.mark.parametrize("interaction_only,include_bias", FLAGS)
def test_fit_matches_pipeline_on_well_scaled_data(seed, n, d, degree, interaction_only, include_bias):
    X, y, X_new = normal_data(seed, n, d)
    ours = ref.PolynomialRegression(degree, interaction_only, include_bias).fit(X, y)
    theirs = pipeline(degree, interaction_only, include_bias).fit(X, y)
    lr = theirs[-1]
    scale = np.abs(lr.coef_).max()
    np.testing.assert_allclose(ours.weights, lr.coef_, rtol=1e-8, atol=1e-10 * scale)
    assert abs(ours.bias - lr.intercept_) <= 1e-8 * max(1.0, abs(lr.intercept_))
    np.testing.assert_allclose(ours.predict(X_new), theirs.predict(X_new), rtol=1e-8, atol=1e-10)
    assert ours.n_output_features == theirs[0].n_output_features_
    if include_bias:
        assert ours.weights[0] == 0.0 and abs(lr.coef_[0]) <= 1e-10 * scale   # the constant is in the intercept


def test_degree_one_is_linear_regression():
    X, y, X_new = normal_data(7, 100, 4)
    ours = ref.PolynomialRegression(degree=1).fit(X, y)
    lr = sklearn_linear_model.LinearRegression(tol=TOL).fit(X, y)
    np.testing.assert_allclose(ours.weights, np.r_[0.0, lr.coef_], rtol=1e-10, atol=1e-12)
    assert abs(ours.bias - lr.intercept_) <= 1e-10 * abs(lr.intercept_)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("d,degree", [(1, 8), (1, 10), (2, 6), (2, 7)])
def test_high_degree_predictions_match_the_standardised_pipeline(seed, d, degree):
    X, y, X_new = unscaled_data(seed, 200, d)
    ours = ref.PolynomialRegression(degree).fit(X, y)
    theirs = pipeline(degree, standardise=True).fit(X, y)
    scale = np.abs(y).max()
    for data in (X, X_new):
        assert np.abs(ours.predict(data) - theirs.predict(data)).max() <= 1e-8 * scale


@pytest.mark.parametrize("seed", range(3))
def test_plain_pipeline_is_not_an_oracle_at_high_degree(seed):
    # the trap the problem's stability checks are about, shown on scikit-learn itself: at degree 10 on raw
    # x in [0, 100] plain LinearRegression's fitted values are far from the least-squares fit
    X, y, _ = unscaled_data(seed, 200, 1)
    ours = ref.PolynomialRegression(10).fit(X, y).predict(X)
    plain = pipeline(10).fit(X, y).predict(X)
    standardised = pipeline(10, standardise=True).fit(X, y).predict(X)
    scale = np.abs(y).max()
    assert np.abs(ours - standardised).max() <= 1e-8 * scale
    assert np.abs(plain - standardised).max() >= 1e-3 * scale
