# expect: all=full
# why: the neighbourhoods are found by one region query per point, each vectorized over all the points (O(n) Python steps of O(n) array work, O(n) memory): Python work per point, none per pair, which the statement allows; the clusters are then grown from a set of unlabelled core points.
import numpy as np


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def _region_query(self, X, i):
        d2 = ((X - X[i]) ** 2).sum(axis=1)
        return np.flatnonzero(d2 <= self.eps * self.eps)

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        neighbours = [self._region_query(X, i) for i in range(n)]
        core = np.array([len(nb) for nb in neighbours]) >= self.min_samples

        labels = np.full(n, -1)
        cluster = 0
        for seed in np.flatnonzero(core):
            if labels[seed] != -1:
                continue
            labels[seed] = cluster
            queue = [seed]
            while queue:
                p = queue.pop()
                if not core[p]:
                    continue
                nb = neighbours[p]
                new = nb[labels[nb] == -1]
                labels[new] = cluster
                queue.extend(new.tolist())
            cluster += 1
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
