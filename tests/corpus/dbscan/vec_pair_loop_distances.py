# expect: vectorization=lose
# why: the neighbourhoods come from a double Python loop over pairs of points, n² iterations; the rest is the legal per-point queue.
# feedback: vectorization ~ once per pair of points
import math
import numpy as np
from collections import deque


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        rows = X.tolist()
        A = np.zeros((n, n), dtype=bool)
        for i in range(n):
            for j in range(n):
                A[i, j] = math.dist(rows[i], rows[j]) <= self.eps
        core = A.sum(axis=1) >= self.min_samples
        labels = np.full(n, -1)
        c = 0
        for s in np.flatnonzero(core):
            if labels[s] != -1:
                continue
            labels[s] = c
            queue = deque([s])
            while queue:
                p = queue.popleft()
                if core[p]:
                    new = np.flatnonzero(A[p] & (labels == -1))
                    labels[new] = c
                    queue.extend(new)
            c += 1
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
