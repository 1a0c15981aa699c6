# expect: correctness=lose
# why: the generator is always np.random.default_rng(0), so random_state is ignored: every seed gives the same k-means++ or 'random' start. Refits are reproducible (nothing for organization to object to), but a hyperparameter that changes nothing is a correctness failure.
# feedback: correctness ~ random_state
# feedback: organization !~ random_state
import numpy as np


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def _dist2(self, X, centers):
        xx = np.einsum("ij,ij->i", X, X)[:, None]
        cc = np.einsum("ij,ij->i", centers, centers)[None, :]
        return np.clip(xx - 2.0 * X @ centers.T + cc, 0.0, None)

    def _seed_centers(self, X, rng):
        n_samples = X.shape[0]
        if isinstance(self.init, str) and self.init == "random":
            return X[rng.choice(n_samples, self.n_clusters, replace=False)].copy()
        if isinstance(self.init, str) and self.init == "k-means++":
            picked = [rng.integers(n_samples)]
            nearest = ((X - X[picked[0]]) ** 2).sum(axis=1)
            for _ in range(self.n_clusters - 1):
                total = nearest.sum()
                if total == 0:
                    new = rng.integers(n_samples)
                else:
                    new = rng.choice(n_samples, p=nearest / total)
                picked.append(new)
                nearest = np.minimum(nearest, ((X - X[new]) ** 2).sum(axis=1))
            return X[picked].copy()
        if isinstance(self.init, str):
            raise ValueError(f"init must be 'k-means++', 'random' or an array, not {self.init!r}")
        return np.array(self.init, dtype=float)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(0)  # fixed seed for reproducibility
        centers = self._seed_centers(X, rng)
        self.loss_history = []
        previous = None
        for _ in range(self.n_iterations):
            labels = self._dist2(X, centers).argmin(axis=1)
            current = float(np.sum((X - centers[labels]) ** 2))
            self.loss_history.append(current)
            if previous is not None and abs(previous - current) < self.tol:
                break
            previous = current
            updated = centers.copy()
            for j in range(self.n_clusters):
                in_j = labels == j
                if np.any(in_j):
                    updated[j] = X[in_j].mean(axis=0)
            centers = updated
        self.centroids = centers
        self.labels = self._dist2(X, centers).argmin(axis=1)
        self.inertia = float(np.sum((X - centers[self.labels]) ** 2))
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return self._dist2(X, self.centroids).argmin(axis=1)
