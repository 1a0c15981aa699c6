# -*- coding: latin-1 -*-
# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: the file declares its encoding (latin-1) on line 1 as PEP 263 allows and has a latin-1 byte in a comment; Python reads it correctly, so the grader must too, and the attempt itself is right in every way.
import numpy as np


class KMeans:
    """K-means (Lloyd's algorithm)."""

    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def _sq(self, X, C):
        # carrés des distances, (n, k), from differences: exact, never negative
        return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=-1)

    def _pick_start(self, X, rng):
        n = X.shape[0]
        if isinstance(self.init, str) and self.init == "random":
            return X[rng.choice(n, size=self.n_clusters, replace=False)].copy()
        if isinstance(self.init, str) and self.init == "k-means++":
            rows = [int(rng.integers(n))]
            dmin = self._sq(X, X[rows])[:, 0]
            while len(rows) < self.n_clusters:
                s = dmin.sum()
                r = int(rng.choice(n, p=dmin / s)) if s > 0 else int(rng.integers(n))
                rows.append(r)
                dmin = np.minimum(dmin, self._sq(X, X[[r]])[:, 0])
            return X[rows].copy()
        if isinstance(self.init, str):
            raise ValueError("init: 'k-means++', 'random' ou un tableau")
        return np.array(self.init, dtype=float)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        C = self._pick_start(X, rng)
        self.loss_history = []
        t = 0
        while t < self.n_iterations:
            D = self._sq(X, C)
            lab = D.argmin(axis=1)
            self.loss_history.append(float(D[np.arange(X.shape[0]), lab].sum()))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            C_next = C.copy()
            for j in range(C.shape[0]):
                members = lab == j
                if members.any():          # un cluster vide garde son centroïde
                    C_next[j] = X[members].mean(axis=0)
            C = C_next
            t += 1
        self.centroids = C
        D = self._sq(X, C)
        self.labels = D.argmin(axis=1)
        self.inertia = float(D[np.arange(X.shape[0]), self.labels].sum())
        return self

    def predict(self, X):
        return self._sq(np.asarray(X, dtype=float), self.centroids).argmin(axis=1)
