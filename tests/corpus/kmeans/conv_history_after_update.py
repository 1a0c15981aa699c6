# expect: convergence=lose
# why: the inertia is recorded after the centroid update (and reassignment), so loss_history[0] is not the inertia of the starting centroids; the centroids themselves follow Lloyd's exactly.
# feedback: convergence ~ after the first update
import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def _distances(self, X, C):
        d2 = np.sum(X ** 2, axis=1, keepdims=True) - 2 * X @ C.T + np.sum(C ** 2, axis=1)
        return np.maximum(d2, 0)

    def _initial_centroids(self, X, rng):
        n = X.shape[0]
        if isinstance(self.init, str) and self.init == "random":
            idx = rng.choice(n, self.n_clusters, replace=False)
            return X[idx].astype(float)
        if isinstance(self.init, str) and self.init == "k-means++":
            centroids = [X[rng.integers(n)]]
            for _ in range(1, self.n_clusters):
                d2 = self._distances(X, np.array(centroids)).min(axis=1)
                total = d2.sum()
                if total == 0:
                    i = rng.integers(n)
                else:
                    i = rng.choice(n, p=d2 / total)
                centroids.append(X[i])
            return np.array(centroids, dtype=float)
        return np.array(self.init, dtype=float)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        C = self._initial_centroids(X, rng)
        self.loss_history = []
        for it in range(self.n_iterations):
            labels = self._distances(X, C).argmin(axis=1)
            new_C = C.copy()
            for j in range(self.n_clusters):
                members = X[labels == j]
                if len(members) > 0:
                    new_C[j] = members.mean(axis=0)
            moved = np.sum((X - new_C[self._distances(X, new_C).argmin(axis=1)]) ** 2)
            self.loss_history.append(float(moved))
            if it > 0 and abs(self.loss_history[-2] - moved) < self.tol:
                C = new_C
                break
            C = new_C
        self.centroids = C
        self.labels = self._distances(X, C).argmin(axis=1)
        self.inertia = float(np.sum((X - C[self.labels]) ** 2))
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return self._distances(X, self.centroids).argmin(axis=1)
