# expect: correctness=lose
# why: labels start as zeros and clusters are numbered from 1, so noise is labelled 0 instead of -1 (the partition itself is right).
# feedback: correctness ~ labelled 0, not -1
import numpy as np
from collections import deque


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        Z = X - X.mean(0)
        s = (Z * Z).sum(1)
        within = np.maximum(s[:, None] + s[None, :] - 2 * Z @ Z.T, 0) <= self.eps ** 2
        core = within.sum(1) >= self.min_samples

        labels = np.zeros(n, dtype=int)        # 0 = not in a cluster
        current = 0
        for p in np.flatnonzero(core):
            if labels[p]:
                continue
            current += 1
            labels[p] = current
            queue = deque([p])
            while queue:
                q = queue.popleft()
                if core[q]:
                    new = np.flatnonzero(within[q] & (labels == 0))
                    labels[new] = current
                    queue.extend(new)
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
