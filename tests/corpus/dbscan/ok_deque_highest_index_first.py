# expect: all=full
# why: correct DBSCAN in another legal order: the distances from the differences (no expansion at all), seeds taken from the highest index down with a deque, so clusters get other numbers and a border point between two clusters can join the other one; both are accepted.
import numpy as np
from collections import deque


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        D2 = np.zeros((n, n))
        for k in range(X.shape[1]):                    # one coordinate at a time: (n, n) memory
            diff = X[:, k, None] - X[None, :, k]
            D2 += diff * diff
        A = D2 <= self.eps ** 2
        core = A.sum(axis=1) >= self.min_samples

        labels = np.full(n, -1)
        cluster = 0
        for seed in np.flatnonzero(core)[::-1]:
            if labels[seed] != -1:
                continue
            labels[seed] = cluster
            queue = deque([seed])
            while queue:
                p = queue.popleft()
                if not core[p]:
                    continue
                new = np.flatnonzero(A[p] & (labels == -1))
                labels[new] = cluster
                queue.extend(new)
            cluster += 1
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
