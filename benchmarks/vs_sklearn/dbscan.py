"""DBSCAN: the reference against scikit-learn's DBSCAN, equal work.

Both run the same algorithm with the same neighbourhoods: brute force (algorithm="brute"), every
pair of points, distance <= eps, min_samples counting the point itself, then the clusters grown
from the core points (tests/test_oracle_dbscan.py: identical labels and core points). DBSCAN is
O(n²): n = 5,000 and 10,000, as in the oracle catalog's anchor (n = 10k, d = 10: scikit-learn
0.95 s). Equal work: the same data (d = 10, eight Gaussian blobs and 10% uniform background, so
there are clusters, border points and noise), the same eps and min_samples; both fit once.

scikit-learn finds the radius neighbours with a chunked Cython reduction over the same expansion
||a||² − 2a·b + ||b||² and keeps them as arrays of indices, then grows clusters in Cython; the
reference takes the expansion on centred data in blocks of rows that stay in cache, keeps a boolean
(n, n) matrix, and grows each cluster a ring of neighbours at a time. The floor is the one matrix
product every brute-force method must do, Xc @ Xc.T (n² d multiply-adds), in the reference's
blocks of rows."""


import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (5_000, 10_000)
D = 10
EPS = 3.0
MIN_SAMPLES = 10



def _reference():
    return reference("dbscan")


def _data(n: int, d: int = D):
    """Eight Gaussian blobs (std 1 per coordinate) and 10% uniform background noise."""
    rng = np.random.default_rng(0)
    centres = rng.uniform(-10, 10, size=(8, d))
    m = n // 10
    X = np.vstack([centres[rng.integers(8, size=n - m)] + rng.normal(size=(n - m, d)),
                   rng.uniform(-12, 12, size=(m, d))])
    return X[rng.permutation(n)]


def make(n: int) -> dict:
    from sklearn.cluster import DBSCAN as SkDBSCAN

    module = _reference()
    X = _data(n)
    Xc = X - X.mean(axis=0)
    rows = max(1, module.BLOCK // n)                        # the reference's block of rows

    def floor():
        for s in range(0, n, rows):
            Xc[s:s + rows] @ Xc.T

    return {
        "ours": lambda: module.DBSCAN(eps=EPS, min_samples=MIN_SAMPLES).fit(X),
        "sklearn": lambda: SkDBSCAN(eps=EPS, min_samples=MIN_SAMPLES, algorithm="brute").fit(X),
        "floor": floor,
        "note": f"brute force on both sides (algorithm='brute'): one fit on n points, d={D}, eps={EPS}, "
                f"min_samples={MIN_SAMPLES}; floor = the distance matrix product Xc @ Xc.T in blocks of rows",
    }
