# expect: correctness=lose
# why: the cluster is grown by a function that calls itself for each newly reached core point; on a chain of 1200 points that recursion goes 1200 calls deep and raises RecursionError.
# feedback: correctness ~ RecursionError
# feedback: correctness ~ explicit queue or stack
import numpy as np


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def _expand(self, p, cluster):
        new = np.flatnonzero(self._adj[p] & (self.labels == -1))
        self.labels[new] = cluster
        for q in new[self._core[new]]:
            self._expand(q, cluster)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        X = X - X.mean(axis=0)
        sq = (X * X).sum(axis=1)
        D2 = np.maximum(sq[:, None] + sq[None, :] - 2.0 * (X @ X.T), 0.0)
        self._adj = D2 <= self.eps ** 2
        self._core = self._adj.sum(axis=1) >= self.min_samples
        self.labels = np.full(len(X), -1)
        cluster = 0
        for p in np.flatnonzero(self._core):
            if self.labels[p] == -1:
                self.labels[p] = cluster
                self._expand(p, cluster)
                cluster += 1
        self.core_sample_indices = np.flatnonzero(self._core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
