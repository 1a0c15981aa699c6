# expect: numerical_stability=lose
# why: distances come from the expansion ||x||² − 2x·c + ||c||² clamped at 0, which is fine for the argmin, but inertia and loss_history are the sums of those clamped minima: at coordinates around 1e4 each term is 0 or a multiple of ~6e-8, so the reported inertia (true value ~4e-10) has no correct digit; clamping hides the negative numbers, not the cancellation.
# feedback: numerical_stability ~ differences
# feedback: correctness !~ inertia
import numpy as np


def pairwise_sq(X, C):
    x2 = np.sum(X ** 2, axis=1).reshape(-1, 1)
    c2 = np.sum(C ** 2, axis=1).reshape(1, -1)
    return np.maximum(x2 - 2.0 * np.dot(X, C.T) + c2, 0.0)


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def _initial(self, X, rng):
        n = X.shape[0]
        k = self.n_clusters
        if not isinstance(self.init, str):
            return np.array(self.init, dtype=float)
        if self.init == "random":
            return X[rng.permutation(n)[:k]].copy()
        if self.init != "k-means++":
            raise ValueError("init must be 'k-means++', 'random' or an array")
        C = np.empty((k, X.shape[1]))
        C[0] = X[rng.integers(n)]
        D = pairwise_sq(X, C[:1]).min(axis=1)
        for j in range(1, k):
            if D.sum() > 0:
                i = rng.choice(n, p=D / D.sum())
            else:
                i = rng.integers(n)
            C[j] = X[i]
            D = np.minimum(D, pairwise_sq(X, C[j:j + 1])[:, 0])
        return C

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        C = self._initial(X, rng)
        k = C.shape[0]
        losses = []
        it = 0
        converged = False
        while it < self.n_iterations and not converged:
            D = pairwise_sq(X, C)
            assign = D.argmin(axis=1)
            losses.append(float(D.min(axis=1).sum()))
            if it > 0 and abs(losses[-2] - losses[-1]) < self.tol:
                converged = True
                continue
            member = np.eye(k)[assign]            # (n, k) one-hot
            n_j = member.sum(axis=0)
            means = member.T @ X / np.where(n_j > 0, n_j, 1.0)[:, None]
            C = np.where((n_j > 0)[:, None], means, C)
            it += 1
        D = pairwise_sq(X, C)
        self.centroids = C
        self.labels = D.argmin(axis=1)
        self.inertia = float(D.min(axis=1).sum())
        self.loss_history = losses
        return self

    def predict(self, X):
        return pairwise_sq(np.asarray(X, dtype=float), self.centroids).argmin(axis=1)
