"""DBSCAN: density-based clustering with noise.

    N(i) = { j : ||x_i − x_j|| ≤ eps }               the eps-neighbourhood, i itself included
    core_i = |N(i)| ≥ min_samples                     a core point has a dense neighbourhood
    a cluster = the core points linked by chains of core points within eps of each other,
                plus every non-core point within eps of one of them (its border points)
    noise = the points in no cluster, labelled −1

Clusters are numbered 0, 1, ... in the order they are found: each is grown from the
lowest-index core point not yet in a cluster, one ring of neighbours at a time. A border point
within eps of two clusters joins the one found first. Cost: O(n² d) time, O(n²) booleans.
"""

import numpy as np

BLOCK = 2 ** 17  # entries of one (rows, n) block of distances: 1 MB of float64, stays in cache


def _neighbourhoods(X, eps):
    """A[i, j] = ||x_i − x_j|| <= eps, shape (n, n), without a square root.

        ||a − b||² <= eps²   ⟺   a·b − ||b||²/2  >=  ||a||²/2 − eps²/2

    (the expansion ||a||² − 2a·b + ||b||², halved and rearranged: one matrix product and one
    comparison per block). The data are centred first: distances do not change, and the expansion
    does not cancel at large coordinates."""
    Xc = X - X.mean(axis=0)                                 # (n, d) same distances, small norms
    h = 0.5 * (Xc * Xc).sum(axis=1)                         # (n,) half squared norms
    n = len(X)
    A = np.empty((n, n), dtype=bool)
    rows = max(1, BLOCK // n)
    for s in range(0, n, rows):                             # blocks of rows: memory O(rows · n)
        G = Xc[s:s + rows] @ Xc.T                           # (rows, n) a·b
        G -= h                                              # a·b − ||b||²/2
        A[s:s + rows] = G >= (h[s:s + rows] - 0.5 * eps * eps)[:, None]
    return A


class DBSCAN:
    """DBSCAN clustering (Euclidean distance).

    Attributes (set by fit): labels (n,) ints, −1 for noise and 0..C−1 for the clusters;
    core_sample_indices (n_core,) ints, the indices of the core points in increasing order.
    """

    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        """Cluster the rows of X (n, d). Returns self."""
        X = _check_X(X)
        if not self.eps > 0:
            raise ValueError(f"eps must be positive, got {self.eps!r}")
        if self.min_samples < 1:
            raise ValueError(f"min_samples must be at least 1, got {self.min_samples!r}")
        n = len(X)

        A = _neighbourhoods(X, self.eps)                    # (n, n) neighbourhoods
        core = A.sum(axis=1) >= self.min_samples            # (n,) the point itself counts

        labels = np.full(n, -1)                             # (n,) everyone starts as noise
        unclustered_core = core.copy()
        cluster = 0
        while unclustered_core.any():                       # one pass per cluster
            seed = np.argmax(unclustered_core)              # the lowest-index core point left
            members = np.zeros(n, dtype=bool)
            members[seed] = True
            ring = members.copy()
            while ring.any():                               # grow one ring of neighbours at a time
                reached = A[ring & core].any(axis=0)        # within eps of a core point of the ring
                ring = reached & ~members & (labels == -1)  # new points, not taken by an earlier cluster
                members |= ring
            labels[members] = cluster
            unclustered_core &= ~members
            cluster += 1

        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        """Fit on X and return the labels, shape (n,)."""
        self.fit(X)
        return self.labels


def _check_X(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_samples, n_features), got {X.ndim}-D")
    if len(X) == 0:
        raise ValueError("X has no rows")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains NaN or inf")
    return X
