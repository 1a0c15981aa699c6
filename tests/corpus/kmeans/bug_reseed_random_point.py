# expect: correctness=lose
# why: a cluster that ends up with no points is moved to a data point drawn at random from the rng instead of keeping its previous centroid; that is perfectly stable (finite, no warnings) but it is not the rule the statement gives, so it is a correctness failure and nothing else.
# feedback: correctness ~ keep its previous centroid
# feedback: numerical_stability !~ empty
import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    # ---- helpers -------------------------------------------------------
    @staticmethod
    def _d2(X, C):
        d = np.sum(X * X, axis=1)[:, None] + np.sum(C * C, axis=1)[None, :] - 2.0 * X @ C.T
        return np.maximum(d, 0.0)

    @staticmethod
    def _sse(X, C, labels):
        r = X - C[labels]
        return float(np.sum(r * r))

    def _start(self, X, rng):
        n = len(X)
        if isinstance(self.init, str):
            if self.init == "random":
                return X[rng.choice(n, size=self.n_clusters, replace=False)].copy()
            if self.init == "k-means++":
                chosen = [int(rng.integers(n))]
                mind = np.sum((X - X[chosen[0]]) ** 2, axis=1)
                for _ in range(self.n_clusters - 1):
                    tot = mind.sum()
                    nxt = int(rng.choice(n, p=mind / tot)) if tot > 0 else int(rng.integers(n))
                    chosen.append(nxt)
                    mind = np.minimum(mind, np.sum((X - X[nxt]) ** 2, axis=1))
                return X[chosen].copy()
            raise ValueError(f"unknown init: {self.init}")
        return np.array(self.init, dtype=float)

    def _move(self, X, C, labels, rng):
        new = np.empty_like(C)
        for j in range(len(C)):
            pts = X[labels == j]
            if len(pts):
                new[j] = pts.mean(axis=0)
            else:
                new[j] = X[rng.integers(len(X))]   # revive the dead cluster somewhere in the data
        return new

    # ---- API -----------------------------------------------------------
    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        C = self._start(X, rng)
        self.loss_history = []
        for t in range(self.n_iterations):
            labels = self._d2(X, C).argmin(axis=1)
            self.loss_history.append(self._sse(X, C, labels))
            if t > 0 and abs(self.loss_history[t - 1] - self.loss_history[t]) < self.tol:
                break
            C = self._move(X, C, labels, rng)
        self.centroids = C
        self.labels = self._d2(X, C).argmin(axis=1)
        self.inertia = self._sse(X, C, self.labels)
        return self

    def predict(self, X):
        return self._d2(np.asarray(X, dtype=float), self.centroids).argmin(axis=1)
