# expect: correctness=lose
# why: core_sample_indices lists every point that ended up in a cluster, border points included, instead of the points with at least min_samples neighbours; the labels are right.
# feedback: correctness ~ border points included
import numpy as np
from collections import deque


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        Xc = X - X.mean(axis=0)
        sq = (Xc ** 2).sum(axis=1)
        near = np.maximum(sq[:, None] - 2 * Xc @ Xc.T + sq[None, :], 0) <= self.eps ** 2
        core = near.sum(axis=1) >= self.min_samples
        labels = np.full(n, -1)
        c = 0
        for s in np.flatnonzero(core):
            if labels[s] >= 0:
                continue
            labels[s] = c
            q = deque([s])
            while q:
                p = q.popleft()
                if core[p]:
                    new = np.flatnonzero(near[p] & (labels < 0))
                    labels[new] = c
                    q.extend(new)
            c += 1
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(labels >= 0)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
