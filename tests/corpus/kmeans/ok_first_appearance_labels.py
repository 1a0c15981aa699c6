# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: after fitting, clusters are renumbered in order of first appearance in X (row 0 is always cluster 0); a consistent permutation of centroids and labels that must not cost points.
import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def _d2(self, X, C):
        return np.maximum((X * X).sum(1, keepdims=True) - 2.0 * np.dot(X, C.T) + (C * C).sum(1), 0.0)

    def _init_centres(self, X, rng):
        n = len(X)
        if isinstance(self.init, str):
            if self.init == "random":
                return X[rng.choice(n, self.n_clusters, replace=False)].copy()
            idx = [rng.integers(n)]
            for _ in range(self.n_clusters - 1):
                D = self._d2(X, X[idx]).min(1)
                idx.append(rng.choice(n, p=D / D.sum()) if D.sum() > 0 else rng.integers(n))
            return X[idx].copy()
        return np.array(self.init, dtype=float)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        C = self._init_centres(X, rng)
        k = len(C)
        self.loss_history = []
        for t in range(self.n_iterations):
            lab = self._d2(X, C).argmin(1)
            J = float(((X - C[lab]) ** 2).sum())
            self.loss_history.append(J)
            if t > 0 and abs(self.loss_history[-2] - J) < self.tol:
                break
            cnt = np.bincount(lab, minlength=k).astype(float)
            S = np.stack([np.bincount(lab, weights=X[:, j], minlength=k) for j in range(X.shape[1])], axis=1)
            C = np.where(cnt[:, None] > 0, S / np.maximum(cnt, 1)[:, None], C)
        lab = self._d2(X, C).argmin(1)
        # renumber: clusters in order of first appearance, then the unused ones
        _, first = np.unique(lab, return_index=True)
        seen = lab[np.sort(first)]
        order = np.concatenate([seen, np.setdiff1d(np.arange(k), seen)])
        C = C[order]
        self.centroids = C
        self.labels = self._d2(X, C).argmin(1)
        self.inertia = float(((X - C[self.labels]) ** 2).sum())
        return self

    def predict(self, X):
        return self._d2(np.asarray(X, dtype=float), self.centroids).argmin(1)
