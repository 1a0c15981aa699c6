# expect: numerical_stability=lose
# why: the update divides each cluster's coordinate sums by its size with no guard, so a cluster with no points becomes 0/0 = NaN with an 'invalid value' warning (and the NaN then spreads to every cluster); everything else is right, and the empty-cluster rule check must not charge correctness for what is a division by zero.
# feedback: numerical_stability ~ 0/0
# feedback: correctness !~ empty
# feedback: numerical_stability ~ keep their previous centroids
import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def _distances(self, X, centroids):
        sq = (np.square(X).sum(axis=1, keepdims=True)
              - 2.0 * X @ centroids.T
              + np.square(centroids).sum(axis=1))
        return np.maximum(sq, 0.0)

    def _init_centroids(self, X, rng):
        n, k = X.shape[0], self.n_clusters
        if isinstance(self.init, str) and self.init == "k-means++":
            ids = [rng.integers(n)]
            best = np.square(X - X[ids[0]]).sum(axis=1)
            for _ in range(1, k):
                s = best.sum()
                ids.append(rng.choice(n, p=best / s) if s > 0 else rng.integers(n))
                best = np.minimum(best, np.square(X - X[ids[-1]]).sum(axis=1))
            return X[np.array(ids)].copy()
        if isinstance(self.init, str) and self.init == "random":
            return X[rng.choice(n, size=k, replace=False)].copy()
        if isinstance(self.init, str):
            raise ValueError(f"init={self.init!r} is not supported")
        return np.asarray(self.init, dtype=float).copy()

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        centroids = self._init_centroids(X, rng)
        k, d = centroids.shape
        self.loss_history = []
        for i in range(self.n_iterations):
            labels = self._distances(X, centroids).argmin(axis=1)
            inertia = float(np.square(X - centroids[labels]).sum())
            self.loss_history.append(inertia)
            if i > 0 and abs(self.loss_history[-2] - inertia) < self.tol:
                break
            counts = np.bincount(labels, minlength=k).astype(float)
            sums = np.stack([np.bincount(labels, weights=X[:, f], minlength=k) for f in range(d)], axis=1)
            centroids = sums / counts[:, None]
        self.centroids = centroids
        self.labels = self._distances(X, centroids).argmin(axis=1)
        self.inertia = float(np.square(X - centroids[self.labels]).sum())
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return self._distances(X, self.centroids).argmin(axis=1)
