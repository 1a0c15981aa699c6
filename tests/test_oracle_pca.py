"""The pca reference against scikit-learn's PCA, with settings that make both compute the same thing.

`PCA(n_components=k, svd_solver="full")` is the thin SVD of the centred data (oracle-catalog §3.5):
the same components (up to the sign of each one), explained_variance (ddof 1), explained_variance_ratio
(over the total variance of all features), mean, and transform up to the sign of each column. The
reference takes the eigendecomposition of the covariance instead of the SVD, and applies the same
sign rule as scikit-learn's svd_flip(u_based_decision=False) (the entry of largest magnitude of each
component positive); the comparisons below align signs first all the same, so they judge the numbers,
and one test checks the sign rule itself.

Tolerances: the data have clearly separated variances (each about 2.8 times the next), so the
components are well defined and the two routes agree to about 1e-13; the tests allow 1e-9 (components,
transform), 1e-10 relative (variances, ratios) and 1e-12 relative (mean).

Two deliberate differences, not compared here: when every row is the same (total variance 0) the
statement defines explained_variance_ratio as 0, where scikit-learn divides 0 by 0 (NaN, with a
RuntimeWarning); and scikit-learn's svd_solver="covariance_eigh" (what "auto" picks when n ≥ 10·d)
forms XᵀX − n·mean·meanᵀ without centring X, which loses every digit for features around 1e8 that vary
by about 1 (measured: 26% relative error on the variances, where "full" and the reference are exact to
1e-15); test_accurate_far_from_the_origin compares with "full" there.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

sklearn_decomposition = pytest.importorskip("sklearn.decomposition")

ROOT = Path(__file__).resolve().parents[1]


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ref = _load(ROOT / "reference" / "pca" / "solution.py", "pca_reference_for_oracle")


def blob(seed, n, d, offset=None):
    """n points with standard deviations 3·0.6^j along d random orthogonal axes, around a random centre."""
    rng = np.random.default_rng(seed)
    Q, R = np.linalg.qr(rng.standard_normal((d, d)))
    Q = Q * np.where(np.diag(R) < 0, -1.0, 1.0)
    centre = rng.uniform(-5.0, 5.0, d) if offset is None else np.full(d, offset)
    return (rng.standard_normal((n, d)) * (3.0 * 0.6 ** np.arange(d))) @ Q.T + centre


def align(C, reference):
    """Rows of C times ±1 to point the same way as the rows of `reference`."""
    signs = np.where(np.sum(C * reference, axis=1) < 0, -1.0, 1.0)
    return C * signs[:, None]


def fit_both(X, k):
    ours = ref.PCA(n_components=k).fit(X)
    theirs = sklearn_decomposition.PCA(n_components=k, svd_solver="full").fit(X)
    return ours, theirs


CASES = [(seed, n, d, k) for seed in range(4)
         for (n, d, k) in [(150, 4, 2), (300, 10, 3), (60, 20, 5), (200, 6, 1), (100, 3, 3), (12, 30, 4)]]


@pytest.mark.parametrize("seed,n,d,k", CASES)
def test_fitted_attributes_match_sklearn(seed, n, d, k):
    X = blob(seed, n, d)
    ours, theirs = fit_both(X, k)
    assert ours.components.shape == theirs.components_.shape == (k, d)
    np.testing.assert_allclose(align(ours.components, theirs.components_), theirs.components_, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.explained_variance, theirs.explained_variance_, rtol=1e-10)
    np.testing.assert_allclose(ours.explained_variance_ratio, theirs.explained_variance_ratio_, rtol=1e-10)
    np.testing.assert_allclose(ours.mean, theirs.mean_, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("seed,n,d,k", CASES)
def test_transform_matches_sklearn_up_to_column_sign(seed, n, d, k):
    X = blob(seed, n, d)
    X_new = blob(seed + 100, 25, d)
    ours, theirs = fit_both(X, k)
    signs = np.where(np.sum(ours.components * theirs.components_, axis=1) < 0, -1.0, 1.0)
    scale = np.abs(X_new).max()
    np.testing.assert_allclose(ours.transform(X_new) * signs, theirs.transform(X_new), rtol=0, atol=1e-9 * scale)
    np.testing.assert_allclose(ref.PCA(n_components=k).fit_transform(X) * signs, theirs.transform(X),
                               rtol=0, atol=1e-9 * np.abs(X).max())


@pytest.mark.parametrize("seed,n,d,k", CASES)
def test_inverse_transform_matches_sklearn(seed, n, d, k):
    # inverse_transform(transform(X)) does not depend on the signs: compared exactly
    X = blob(seed, n, d)
    X_new = blob(seed + 200, 25, d)
    ours, theirs = fit_both(X, k)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X_new)),
                               theirs.inverse_transform(theirs.transform(X_new)), rtol=0,
                               atol=1e-9 * np.abs(X_new).max())
    Z = np.random.default_rng(seed).standard_normal((10, k))
    theirs_aligned = align(theirs.components_, ours.components)
    np.testing.assert_allclose(ours.inverse_transform(Z), Z @ theirs_aligned + theirs.mean_, rtol=0, atol=1e-9)


@pytest.mark.parametrize("seed", range(4))
def test_sign_rule_is_sklearns(seed):
    # the reference stores the sign scikit-learn's svd_flip(u_based_decision=False) gives, so even without
    # alignment the components agree
    X = blob(seed, 200, 6)
    ours, theirs = fit_both(X, 4)
    np.testing.assert_allclose(ours.components, theirs.components_, rtol=0, atol=1e-9)


def test_accurate_far_from_the_origin():
    # features around 1e8 that vary by about 1: X − 1e8 is exact, so the same data near 0 give the answer
    X = 1e8 + blob(61, 200, 3, offset=0.0)
    ours, theirs = fit_both(X, 2)
    near = sklearn_decomposition.PCA(n_components=2, svd_solver="full").fit(X - 1e8)
    for model in (ours, theirs):
        got = model.explained_variance if model is ours else model.explained_variance_
        np.testing.assert_allclose(got, near.explained_variance_, rtol=1e-9)
    np.testing.assert_allclose(align(ours.components, near.components_), near.components_, rtol=0, atol=1e-8)


def test_constant_feature_matches_sklearn():
    X = np.insert(blob(62, 80, 3), 2, 7.25, axis=1)
    ours, theirs = fit_both(X, 4)
    np.testing.assert_allclose(align(ours.components, theirs.components_), theirs.components_, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours.explained_variance, theirs.explained_variance_, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.explained_variance_ratio, theirs.explained_variance_ratio_, rtol=1e-10,
                               atol=1e-14)


def test_too_many_components_raise_like_sklearn():
    X = blob(0, 10, 3)
    for k in (4, 11):
        with pytest.raises(ValueError):
            sklearn_decomposition.PCA(n_components=k, svd_solver="full").fit(X)
        with pytest.raises(ValueError):
            ref.PCA(n_components=k).fit(X)
