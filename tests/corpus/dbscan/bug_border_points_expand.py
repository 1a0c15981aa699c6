# expect: correctness=lose
# why: every point reached by a cluster pushes its own neighbours, border points included, so a border point between two clusters merges them and a noise point next to a border point is pulled in.
# feedback: correctness ~ border points add their neighbours
# feedback: correctness ~ merged
import numpy as np
from collections import deque


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        C = X - X.mean(axis=0)
        sq = (C ** 2).sum(axis=1)
        d2 = np.maximum(sq[:, None] - 2.0 * (C @ C.T) + sq[None, :], 0.0)
        A = d2 <= self.eps * self.eps
        core = A.sum(axis=1) >= self.min_samples

        labels = np.full(n, -1)
        k = 0
        for seed in range(n):
            if not core[seed] or labels[seed] != -1:
                continue
            labels[seed] = k
            todo = deque([seed])
            while todo:
                p = todo.popleft()
                new = np.flatnonzero(A[p] & (labels == -1))   # every reached point expands
                labels[new] = k
                todo.extend(new)
            k += 1
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
