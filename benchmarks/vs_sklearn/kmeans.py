"""kmeans: the reference's Lloyd iterations against scikit-learn's at equal work.

Same data, same starting centroids (init=C0, n_init=1), algorithm="lloyd", tol=0 and the same
number of iterations on both sides. Overlapping blobs keep labels changing, so scikit-learn's
strict-convergence early exit does not cut its run short (checked in make())."""

from __future__ import annotations


import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (20_000, 200_000)
K, D, ITERATIONS = 8, 10, 10


def _reference():
    return reference("kmeans")


def make(n: int) -> dict:
    from sklearn.cluster import KMeans as SKKMeans

    ref = _reference()
    rng = np.random.default_rng(0)
    centres = rng.normal(scale=1.5, size=(K, D))
    X = centres[rng.integers(K, size=n)] + rng.normal(size=(n, D))
    C0 = X[rng.choice(n, size=K, replace=False)].copy()

    def ours():
        return ref.KMeans(n_clusters=K, n_iterations=ITERATIONS, tol=0.0, init=C0).fit(X)

    def sklearn():
        return SKKMeans(n_clusters=K, init=C0, n_init=1, algorithm="lloyd", max_iter=ITERATIONS, tol=0).fit(X)

    ran = sklearn().n_iter_
    assert ran == ITERATIONS, f"scikit-learn stopped after {ran} of {ITERATIONS} iterations: not equal work"

    def floor():
        for _ in range(ITERATIONS):
            X @ C0.T  # the one product an assignment step cannot avoid

    return {"ours": ours, "sklearn": sklearn, "floor": floor,
            "note": f"Lloyd, k={K}, d={D}, {ITERATIONS} iterations from the same C0, tol=0 on both sides"}
