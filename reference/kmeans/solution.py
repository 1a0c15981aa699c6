"""K-means clustering with Lloyd's algorithm.

    D[i, j] = ||x_i − c_j||²                  squared distances, (n, k)
    label_i = argmin_j D[i, j]                 assignment step (ties → lowest j)
    inertia = Σ_i ||x_i − c_{label_i}||²        the objective
    c_j ← mean{x_i : label_i = j}              update step (an empty cluster keeps c_j)

Iteration t: assign with C_t, record inertia_t, stop if t > 0 and
|inertia_{t−1} − inertia_t| < tol, otherwise update to C_{t+1}.
With ranks R[i, j] = ||c_j||² − 2 x_i·c_j (one matrix product):
    label_i = argmin_j R[i, j]                 ||x_i||² is the same for every j
    inertia = Σ_i (||x_i||² + R[i, label_i])   the expansion of D at the chosen centroid
The expansion cancels when ||x_i||² is large next to D: the iterations run on data centred at
its mean (distances do not change when points and centroids move by one vector), where
||x_i||² is the spread of the data, not its distance from 0. The final inertia is summed from
the residuals.
"""
import numpy as np


def _ranks(X, C):
    """R[i, j] = ||c_j||² − 2 x_i·c_j = ||x_i − c_j||² − ||x_i||², shape (len(X), len(C))."""
    R = X @ (-2.0 * C.T)                                   # (n, k): the −2 applied to the small C
    R += _row_norms(C)
    return R


def _nearest(X, C):
    """argmin_j ||x_i − c_j||² for each row, shape (len(X),) (ties → lowest j)."""
    return _ranks(X, C).argmin(axis=1)


def _row_norms(A):
    """||a_i||² for each row (einsum: one pass, no (n, d) temporary)."""
    return np.einsum("ij,ij->i", A, A)


def _inertia(X, C, labels):
    """Σ_i ||x_i − c_{label_i}||², from the residuals."""
    R = X - C[labels]                                      # (n, d)
    return float(np.einsum("ij,ij->", R, R))


class KMeans:
    """K-means clustering (Lloyd's algorithm).

    Attributes (set by fit): centroids (k, d), labels (n,) ints, inertia float,
    loss_history list of floats (the inertia at the start of each iteration run).
    """

    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++",
                 random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def fit(self, X):
        X = self._check_X(X)
        rng = np.random.default_rng(self.random_state)
        C = self._init_centroids(X, rng)                   # (k, d) C_0
        k = len(C)
        shift = X.mean(axis=0)                             # (d,) iterate on centred data (see above)
        Xc, C = X - shift, C - shift                       # (n, d), (k, d)
        x_sq = _row_norms(Xc)                              # (n,) ||x_i||², once
        self.loss_history = []
        for t in range(self.n_iterations):
            R = _ranks(Xc, C)                              # (n, k)
            labels = R.argmin(axis=1)                      # (n,) assignment step
            inertia = float(x_sq.sum() + np.take_along_axis(R, labels[:, None], axis=1).sum())
            self.loss_history.append(inertia)              # objective at C_t
            if t > 0 and abs(self.loss_history[-2] - inertia) < self.tol:
                break
            M = (labels[:, None] == np.arange(k)).astype(X.dtype)  # (n, k) one-hot membership
            counts = np.bincount(labels, minlength=k)[:, None]     # (k, 1) cluster sizes
            means = (M.T @ Xc) / np.maximum(counts, 1)     # (k, d) cluster means
            C = np.where(counts > 0, means, C)             # update step; empty keeps c_j
        self.labels = _nearest(Xc, C)                      # consistent with the centroids
        self.centroids = C + shift
        self.inertia = _inertia(X, self.centroids, self.labels)
        return self

    def predict(self, X):
        if not hasattr(self, "centroids"):
            raise ValueError("KMeans is not fitted yet: call fit(X) before predict(X).")
        X = self._check_X(X, n_features=self.centroids.shape[1])
        return _nearest(X, self.centroids)                 # (n,) nearest centroid

    def _init_centroids(self, X, rng):
        n, k = X.shape[0], self.n_clusters
        if isinstance(self.init, str):
            if k < 1 or k > n:
                raise ValueError(f"n_clusters must be between 1 and n_samples={n}, got {k}.")
            if self.init == "random":
                return X[rng.choice(n, size=k, replace=False)]   # k distinct rows
            if self.init == "k-means++":
                idx = [rng.integers(n)]                          # first centre: uniform
                d2 = ((X - X[idx[0]]) ** 2).sum(axis=1)          # (n,) D(x)² to nearest centre
                for _ in range(1, k):
                    total = d2.sum()
                    i = rng.choice(n, p=d2 / total) if total > 0 else rng.integers(n)
                    idx.append(i)
                    d2 = np.minimum(d2, ((X - X[i]) ** 2).sum(axis=1))
                return X[idx]
            raise ValueError(f"init must be 'k-means++', 'random' or an array, got {self.init!r}.")
        C = np.array(self.init, dtype=float)                     # a copy: never touch init
        if C.shape != (k, X.shape[1]):
            raise ValueError(f"init must have shape ({k}, {X.shape[1]}), got {C.shape}.")
        return C

    @staticmethod
    def _check_X(X, n_features=None):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2:
            raise ValueError(f"X must be 2-D (n_samples, n_features), got {X.ndim}-D.")
        if n_features is not None and X.shape[1] != n_features:
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on {n_features}.")
        return X
