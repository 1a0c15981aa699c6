# expect: correctness=lose
# why: everything about the clustering is right (Lloyd's steps in the stated order, an empty cluster keeps its centroid, exact distances from differences), but fit never sets the `inertia` attribute the contract lists; a missing attribute is a correctness matter, and the stability checks must not charge it a second time.
# feedback: correctness ~ inertia
# feedback: numerical_stability !~ inertia
import numpy as np


def squared_distances(points, centres):
    """(n, k) matrix of ||p_i - c_j||^2, computed from the differences."""
    diff = points[:, np.newaxis, :] - centres[np.newaxis, :, :]
    return np.einsum("nkd,nkd->nk", diff, diff)


def kmeanspp_seeds(points, k, rng):
    n = len(points)
    chosen = [int(rng.integers(n))]
    closest = squared_distances(points, points[chosen]).ravel()
    while len(chosen) < k:
        mass = closest.sum()
        if mass > 0:
            nxt = int(rng.choice(n, p=closest / mass))
        else:
            nxt = int(rng.integers(n))
        chosen.append(nxt)
        closest = np.minimum(closest, squared_distances(points, points[[nxt]]).ravel())
    return points[chosen].copy()


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def _starting_centres(self, X, rng):
        if isinstance(self.init, str):
            if self.init == "k-means++":
                return kmeanspp_seeds(X, self.n_clusters, rng)
            if self.init == "random":
                picks = rng.choice(X.shape[0], size=self.n_clusters, replace=False)
                return X[picks].copy()
            raise ValueError(f"unknown init {self.init!r}")
        return np.array(self.init, dtype=float, copy=True)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        rng = np.random.default_rng(self.random_state)
        centres = self._starting_centres(X, rng)
        k = centres.shape[0]
        self.loss_history = []
        step = 0
        while step < self.n_iterations:
            dist = squared_distances(X, centres)
            assign = np.argmin(dist, axis=1)
            cost = float(dist[np.arange(len(X)), assign].sum())
            self.loss_history.append(cost)
            if step > 0 and abs(self.loss_history[-2] - cost) < self.tol:
                break
            one_hot = (assign[:, None] == np.arange(k)[None, :]).astype(float)
            sizes = one_hot.sum(axis=0)
            totals = one_hot.T @ X
            filled = sizes > 0
            centres = centres.copy()
            centres[filled] = totals[filled] / sizes[filled, None]
            step += 1
        self.centroids = centres
        self.labels = np.argmin(squared_distances(X, centres), axis=1)
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return np.argmin(squared_distances(X, self.centroids), axis=1)
