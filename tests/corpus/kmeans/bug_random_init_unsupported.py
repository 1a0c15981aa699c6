# expect: correctness=lose
# why: init='random' is one of the three starts the statement lists, but fit raises ValueError("unsupported init") for it; k-means++ and an init array are handled correctly, so only correctness (an option that does not work) loses points.
# feedback: correctness ~ 'random'
import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    @staticmethod
    def _sqdist(A, B):
        # expanded form, clamped: rounding can leave tiny negatives
        cross = A @ B.T
        out = (A ** 2).sum(1)[:, None] + (B ** 2).sum(1)[None, :] - 2.0 * cross
        np.maximum(out, 0.0, out=out)
        return out

    def _plus_plus(self, X, rng):
        n = X.shape[0]
        idx = np.empty(self.n_clusters, dtype=int)
        idx[0] = rng.integers(n)
        d2 = ((X - X[idx[0]]) ** 2).sum(axis=1)
        for c in range(1, self.n_clusters):
            s = d2.sum()
            idx[c] = rng.choice(n, p=d2 / s) if s > 0 else rng.integers(n)
            d2 = np.minimum(d2, ((X - X[idx[c]]) ** 2).sum(axis=1))
        return X[idx].copy()

    def _init_centroids(self, X, rng):
        if isinstance(self.init, np.ndarray) or isinstance(self.init, (list, tuple)):
            return np.array(self.init, dtype=float)
        if self.init == "k-means++":
            return self._plus_plus(X, rng)
        raise ValueError("unsupported init")

    def _objective(self, X, C, labels):
        return float(((X - C[labels]) ** 2).sum())

    def _update(self, X, C, labels):
        C_new = C.copy()
        for j in range(C.shape[0]):
            mask = labels == j
            if mask.any():
                C_new[j] = X[mask].mean(axis=0)
        return C_new

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        C = self._init_centroids(X, rng)
        history = []
        for t in range(self.n_iterations):
            labels = self._sqdist(X, C).argmin(axis=1)
            history.append(self._objective(X, C, labels))
            if t > 0 and abs(history[-2] - history[-1]) < self.tol:
                break
            C = self._update(X, C, labels)
        self.centroids = C
        self.labels = self._sqdist(X, C).argmin(axis=1)
        self.inertia = self._objective(X, C, self.labels)
        self.loss_history = history
        return self

    def predict(self, X):
        return self._sqdist(np.asarray(X, dtype=float), self.centroids).argmin(axis=1)
