# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: exact (n, k, d) broadcast distances need no clamping, a while loop with a counter and a converged flag, input validation with ValueError and an n_iter attribute are all harmless differences.
import numpy as np


class KMeans:
    """K-means with Lloyd's algorithm."""

    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def _assign(self, X, C):
        diff = X[:, np.newaxis, :] - C[np.newaxis, :, :]      # (n, k, d)
        d2 = np.sum(diff * diff, axis=2)                     # (n, k)
        labels = np.argmin(d2, axis=1)
        return labels, float(d2[np.arange(len(X)), labels].sum())

    def _start(self, X, rng):
        n = X.shape[0]
        if not isinstance(self.init, str):
            C = np.array(self.init, dtype=float)
            if C.shape != (self.n_clusters, X.shape[1]):
                raise ValueError("init has the wrong shape")
            return C
        if self.init == "random":
            return X[rng.choice(n, self.n_clusters, replace=False)].copy()
        if self.init != "k-means++":
            raise ValueError(f"unknown init {self.init!r}")
        C = np.empty((self.n_clusters, X.shape[1]))
        C[0] = X[rng.integers(n)]
        best = np.sum((X - C[0]) ** 2, axis=1)
        for j in range(1, self.n_clusters):
            p = best / best.sum() if best.sum() > 0 else None
            C[j] = X[rng.choice(n, p=p)]
            best = np.minimum(best, np.sum((X - C[j]) ** 2, axis=1))
        return C

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        if X.ndim != 2:
            raise ValueError("X must be 2-D")
        rng = np.random.default_rng(self.random_state)
        C = self._start(X, rng)
        self.loss_history = []
        self.converged = False
        t = 0
        while t < self.n_iterations:
            labels, J = self._assign(X, C)
            self.loss_history.append(J)
            if t > 0 and abs(self.loss_history[-2] - J) < self.tol:
                self.converged = True
                break
            M = (labels[:, None] == np.arange(self.n_clusters)[None, :]).astype(float)
            n_j = M.sum(axis=0)
            C = np.where(n_j[:, None] > 0, (M.T @ X) / np.maximum(n_j, 1.0)[:, None], C)
            t += 1
        self.n_iter = len(self.loss_history)
        self.centroids = C
        self.labels, self.inertia = self._assign(X, C)
        return self

    def predict(self, X):
        if not hasattr(self, "centroids"):
            raise ValueError("call fit first")
        return self._assign(np.asarray(X, dtype=float), self.centroids)[0]
