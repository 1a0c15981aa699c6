"""The kmeans reference against scikit-learn, with settings that make both run the same algorithm.

`KMeans(init=<array>, n_init=1, algorithm="lloyd", tol=0, max_iter=m)` is plain Lloyd's algorithm
(oracle-catalog §3.3): same centroids, labels and inertia after any number of iterations, as long as
no cluster empties (scikit-learn relocates empty clusters, the reference keeps their centroid).
scikit-learn's k-means++ is greedy by default; with `n_local_trials=1` it is the classic D² sampler.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

sklearn_cluster = pytest.importorskip("sklearn.cluster")

ROOT = Path(__file__).resolve().parents[1]


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ref = _load(ROOT / "reference" / "kmeans" / "solution.py", "kmeans_reference_for_oracle")


def blobs(seed, n, d, k, spread=1.0, sep=2.0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=sep, size=(k, d))
    return centres[np.arange(n) % k] + spread * rng.normal(size=(n, d))


def sk_lloyd(X, init, max_iter):
    return sklearn_cluster.KMeans(n_clusters=len(init), init=init, n_init=1, algorithm="lloyd", tol=0,
                                  max_iter=max_iter).fit(X)


CASES = [(seed, n, d, k) for seed in range(6) for (n, d, k) in [(150, 3, 5), (120, 1, 3), (200, 8, 6)]]


@pytest.mark.parametrize("seed,n,d,k", CASES)
@pytest.mark.parametrize("iterations", [1, 2, 5, 30])
def test_lloyd_matches_sklearn_exactly(seed, n, d, k, iterations):
    X = blobs(seed, n, d, k)
    init = X[np.random.default_rng(seed + 100).choice(n, k, replace=False)]
    ours = ref.KMeans(n_clusters=k, n_iterations=iterations, tol=0.0, init=init).fit(X)
    theirs = sk_lloyd(X, init, iterations)
    assert np.bincount(ours.labels, minlength=k).min() > 0          # no empty cluster on these data
    np.testing.assert_allclose(ours.centroids, theirs.cluster_centers_, rtol=0, atol=1e-10)
    np.testing.assert_array_equal(ours.labels, theirs.labels_)
    assert abs(ours.inertia - theirs.inertia_) <= 1e-10 * theirs.inertia_


def test_history_is_sklearn_inertia_per_iteration():
    X = blobs(1, 150, 3, 5)
    init = X[np.random.default_rng(101).choice(150, 5, replace=False)]
    h = ref.KMeans(n_clusters=5, n_iterations=10, tol=0.0, init=init).fit(X).loss_history
    assert len(h) == 10
    for t in range(1, 10):          # entry t is the inertia of the centroids after t updates
        expected = sk_lloyd(X, init, t).inertia_
        assert abs(h[t] - expected) <= 1e-10 * expected


def test_hidden_trajectory_data_never_empties_a_cluster():
    # the same data as trajectory_data() in reference/kmeans/test_hidden.py
    X = blobs(1, 150, 3, 5)
    init = X[np.random.default_rng(101).choice(150, 5, replace=False)]
    for iterations in (1, 3, 8, 15, 40):
        ours = ref.KMeans(n_clusters=5, n_iterations=iterations, tol=0.0, init=init).fit(X)
        theirs = sk_lloyd(X, init, iterations)
        assert np.bincount(ours.labels, minlength=5).min() > 0
        np.testing.assert_allclose(ours.centroids, theirs.cluster_centers_, rtol=0, atol=1e-10)


def test_kmeanspp_matches_classic_d2_sampling_in_distribution():
    X = blobs(3, 200, 2, 6, spread=1.0, sep=4.0)
    ours = [ref.KMeans(n_clusters=6, n_iterations=1, tol=0.0, random_state=s).fit(X).loss_history[0]
            for s in range(300)]
    theirs = []
    for s in range(300):
        centres, _ = sklearn_cluster.kmeans_plusplus(X, 6, random_state=s, n_local_trials=1)
        theirs.append(((X[:, None, :] - centres[None]) ** 2).sum(-1).min(axis=1).sum())
    assert abs(np.mean(ours) / np.mean(theirs) - 1) < 0.05


def test_converged_result_matches_sklearn_default_kmeanspp_quality():
    X = blobs(4, 300, 2, 4, spread=0.7, sep=5.0)
    ours = np.median([ref.KMeans(n_clusters=4, random_state=s).fit(X).inertia for s in range(20)])
    best = sklearn_cluster.KMeans(n_clusters=4, n_init=10, random_state=0).fit(X).inertia_
    assert ours <= 1.05 * best
