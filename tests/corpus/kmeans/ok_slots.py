# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: the class declares __slots__ for its hyperparameters and fitted attributes, so instances have no __dict__; that is a legal (if unusual) way to write a Python class, and everything it computes is right, so it must keep full marks.
import numpy as np


class KMeans:
    __slots__ = ("n_clusters", "n_iterations", "tol", "init", "random_state",
                 "centroids", "labels", "inertia", "loss_history")

    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    @staticmethod
    def _nearest(X, C):
        """Index of the nearest row of C for every row of X."""
        D = np.sum(X ** 2, axis=1)[:, None] - 2 * X @ C.T + np.sum(C ** 2, axis=1)[None, :]
        D = np.maximum(D, 0)
        return D.argmin(axis=1)

    @staticmethod
    def _inertia(X, C, labels):
        return float(np.sum((X - C[labels]) ** 2))

    def _seed(self, X, rng):
        n = X.shape[0]
        if isinstance(self.init, str):
            if self.init == "random":
                return X[rng.choice(n, self.n_clusters, replace=False)].copy()
            if self.init == "k-means++":
                centres = np.empty((self.n_clusters, X.shape[1]))
                centres[0] = X[rng.integers(n)]
                gap = np.sum((X - centres[0]) ** 2, axis=1)
                for j in range(1, self.n_clusters):
                    total = gap.sum()
                    i = rng.choice(n, p=gap / total) if total > 0 else rng.integers(n)
                    centres[j] = X[i]
                    gap = np.minimum(gap, np.sum((X - centres[j]) ** 2, axis=1))
                return centres
            raise ValueError(f"init should be 'k-means++', 'random' or an array, got {self.init!r}")
        return np.array(self.init, dtype=float)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        C = self._seed(X, rng)
        k = C.shape[0]
        history = []
        for t in range(self.n_iterations):
            labels = self._nearest(X, C)
            history.append(self._inertia(X, C, labels))
            if t > 0 and abs(history[-1] - history[-2]) < self.tol:
                break
            counts = np.bincount(labels, minlength=k)
            sums = np.zeros((k, X.shape[1]))
            np.add.at(sums, labels, X)
            nonempty = counts > 0
            C = C.copy()
            C[nonempty] = sums[nonempty] / counts[nonempty][:, None]
        self.centroids = C
        self.labels = self._nearest(X, C)
        self.inertia = self._inertia(X, C, self.labels)
        self.loss_history = history
        return self

    def predict(self, X):
        return self._nearest(np.asarray(X, dtype=float), self.centroids)
