"""k nearest neighbours: the reference against scikit-learn's KNeighborsClassifier, equal work.

Both run the same algorithm, brute force (algorithm="brute"): every query against every training
row, the k = 5 smallest Euclidean distances, then the vote (tests/test_oracle_knn.py shows they
agree: identical predictions, vote shares to 1e-9, on data without tied distances). Equal work:
the same n training rows (d = 10, 5 classes), the same 2,000 queries, k = 5, predict_proba with
uniform votes; fit only stores the data on both sides and is left out. n is the number of
training rows (the catalog's anchor is 2,000 queries); the query count is fixed so the two sizes
show how the cost grows with the training set.

scikit-learn computes the distances with the same expansion ||q||² − 2q·x + ||x||² (a GEMM per
chunk) and keeps the k smallest in a heap per query, in Cython threads (OpenMP); the reference
takes the expansion from one matrix product per block of queries and np.argpartition (one
thread), then measures the k chosen distances from the differences. The floor is the one matrix
product every brute-force method must do, Q @ X.T (2,000 × n × d multiply-adds), in the
reference's blocks of queries."""


import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (20_000, 200_000)
D = 10
QUERIES = 2_000
K = 5



def _reference():
    return reference("knn")


def _data(n: int, d: int = D):
    """Five overlapping Gaussian classes; queries drawn from the same distribution (no ties)."""
    rng = np.random.default_rng(0)
    centres = rng.normal(scale=2.0, size=(5, d))
    y = rng.integers(5, size=n)
    X = centres[y] + rng.normal(size=(n, d))
    Q = centres[rng.integers(5, size=QUERIES)] + rng.normal(size=(QUERIES, d))
    return X, y, Q


def make(n: int) -> dict:
    from sklearn.neighbors import KNeighborsClassifier

    KNNClassifier = _reference().KNNClassifier
    X, y, Q = _data(n)
    ours = KNNClassifier(k=K, weights="uniform").fit(X, y)
    theirs = KNeighborsClassifier(n_neighbors=K, weights="uniform", algorithm="brute").fit(X, y)
    rows = max(1, _reference().BLOCK // n)                  # the reference's block of queries

    def floor():
        for s in range(0, QUERIES, rows):                   # in blocks: the whole (2000, n) matrix is 3.2 GB at 200k
            Q[s:s + rows] @ X.T

    return {
        "ours": lambda: ours.predict_proba(Q),
        "sklearn": lambda: theirs.predict_proba(Q),
        "floor": floor,
        "note": f"brute force on both sides (algorithm='brute'): predict_proba of {QUERIES} queries against n "
                f"training rows, d={D}, k={K}, uniform votes; fit (storing the data) not timed; floor = the "
                f"distance matrix product Q @ X.T",
    }
