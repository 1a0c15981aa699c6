# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: a different but valid use of the generator (rng.permutation for 'random', inverse-CDF sampling with rng.random and searchsorted for k-means++) gives other starting rows for the same seed; results must be judged by what they are, not by matching the reference's draws.
import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    @staticmethod
    def _sqdist(X, C):
        D = (X ** 2).sum(1)[:, None] + (C ** 2).sum(1)[None, :] - 2 * (X @ C.T)
        D[D < 0] = 0.0
        return D

    def _seed_centroids(self, X, rng):
        n = len(X)
        if isinstance(self.init, np.ndarray) or not isinstance(self.init, str):
            return np.array(self.init, dtype=float)
        if self.init == "random":
            return X[rng.permutation(n)[: self.n_clusters]].copy()
        # k-means++ by inverse-CDF sampling
        centres = X[[int(rng.random() * n)]]
        for _ in range(1, self.n_clusters):
            w = self._sqdist(X, centres).min(axis=1)
            cdf = np.cumsum(w)
            if cdf[-1] <= 0:
                i = int(rng.random() * n)
            else:
                i = int(np.searchsorted(cdf, rng.random() * cdf[-1], side="right"))
                i = min(i, n - 1)
            centres = np.vstack([centres, X[i]])
        return centres

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        C = self._seed_centroids(X, rng)
        k = C.shape[0]
        self.loss_history = []
        previous = None
        for _ in range(self.n_iterations):
            assign = self._sqdist(X, C).argmin(1)
            current = ((X - C[assign]) ** 2).sum()
            self.loss_history.append(float(current))
            if previous is not None and abs(previous - current) < self.tol:
                break
            previous = current
            counts = np.bincount(assign, minlength=k)
            sums = np.zeros_like(C)
            np.add.at(sums, assign, X)
            filled = counts > 0
            C = C.copy()
            C[filled] = sums[filled] / counts[filled, None]
        self.centroids = C
        self.labels = self._sqdist(X, C).argmin(1)
        self.inertia = float(((X - C[self.labels]) ** 2).sum())
        return self

    def predict(self, X):
        return self._sqdist(np.asarray(X, dtype=float), self.centroids).argmin(1)
