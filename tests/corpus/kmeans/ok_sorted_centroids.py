# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: the clusters are renumbered at the end so the centroids are sorted by their first coordinate; the statement makes numbering free, so every comparison must be up to relabelling.
import numpy as np


def pairwise_sq_dists(X, C):
    """Squared Euclidean distances, shape (n, k), clamped at zero."""
    xx = np.einsum("ij,ij->i", X, X)[:, None]
    cc = np.einsum("ij,ij->i", C, C)[None, :]
    return np.clip(xx - 2.0 * X @ C.T + cc, 0.0, None)


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def fit(self, X):
        X = np.asarray(X, dtype=np.float64)
        n, d = X.shape
        k = self.n_clusters
        rng = np.random.default_rng(self.random_state)
        if isinstance(self.init, str) and self.init == "random":
            C = X[rng.choice(n, size=k, replace=False)].copy()
        elif isinstance(self.init, str):
            chosen = [int(rng.integers(n))]
            closest = pairwise_sq_dists(X, X[chosen]).ravel()
            for _ in range(k - 1):
                s = closest.sum()
                nxt = int(rng.choice(n, p=closest / s)) if s > 0 else int(rng.integers(n))
                chosen.append(nxt)
                closest = np.minimum(closest, pairwise_sq_dists(X, X[[nxt]]).ravel())
            C = X[chosen].copy()
        else:
            C = np.array(self.init, dtype=np.float64, copy=True)

        history = []
        for step in range(self.n_iterations):
            lab = pairwise_sq_dists(X, C).argmin(axis=1)
            J = float(np.sum((X - C[lab]) ** 2))
            history.append(J)
            if step and abs(history[-2] - J) < self.tol:
                break
            onehot = np.eye(k)[lab]                          # (n, k)
            counts = onehot.sum(axis=0)
            sums = onehot.T @ X
            keep = counts == 0
            C = np.where(keep[:, None], C, sums / np.where(keep, 1.0, counts)[:, None])

        order = np.argsort(C[:, 0], kind="stable")           # tidy: clusters sorted left to right
        C = C[order]
        self.centroids = C
        self.labels = pairwise_sq_dists(X, C).argmin(axis=1)
        self.inertia = float(np.sum((X - C[self.labels]) ** 2))
        self.loss_history = history
        return self

    def predict(self, X):
        return pairwise_sq_dists(np.asarray(X, dtype=np.float64), self.centroids).argmin(axis=1)
