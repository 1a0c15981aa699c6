# expect: numerical_stability=lose
# why: assignment, loss_history and inertia all take the expansion ||x||² − 2x·c + ||c||² as it comes (no clamp, no square root, so nothing ever raises), and k-means++ measures D(x)² from differences; on ordinary data that is exact enough, but at coordinates around 1e4 the cancellation makes the reported inertia 0, negative or a multiple of 6e-8 instead of about 4e-10.
# feedback: numerical_stability ~ differences
# feedback: correctness !~ inertia
import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def _cost_matrix(self, X, M):
        """Squared distances via ||x||^2 - 2 x.m + ||m||^2, shape (n, k)."""
        return (X * X).sum(axis=1)[:, None] - 2.0 * (X @ M.T) + (M * M).sum(axis=1)[None, :]

    def _kpp(self, X, rng):
        n = X.shape[0]
        first = rng.integers(n)
        centres = [X[first]]
        d_sq = ((X - X[first]) ** 2).sum(axis=1)
        for _ in range(1, self.n_clusters):
            z = d_sq.sum()
            probs = d_sq / z if z > 0 else None
            pick = rng.choice(n, p=probs)
            centres.append(X[pick])
            d_sq = np.minimum(d_sq, ((X - X[pick]) ** 2).sum(axis=1))
        return np.array(centres)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        if isinstance(self.init, str):
            if self.init == "k-means++":
                M = self._kpp(X, rng)
            elif self.init == "random":
                M = X[rng.choice(len(X), size=self.n_clusters, replace=False)]
            else:
                raise ValueError(self.init)
        else:
            M = np.array(self.init, dtype=float)

        self.loss_history = []
        for it in range(self.n_iterations):
            D = self._cost_matrix(X, M)
            lab = D.argmin(axis=1)
            J = float(D.min(axis=1).sum())
            self.loss_history.append(J)
            if it and abs(self.loss_history[-2] - J) < self.tol:
                break
            counts = np.bincount(lab, minlength=self.n_clusters)
            sums = np.zeros_like(M)
            np.add.at(sums, lab, X)
            M = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], M)

        D = self._cost_matrix(X, M)
        self.centroids = M
        self.labels = D.argmin(axis=1)
        self.inertia = float(D.min(axis=1).sum())
        return self

    def predict(self, X):
        return self._cost_matrix(np.asarray(X, dtype=float), self.centroids).argmin(axis=1)
