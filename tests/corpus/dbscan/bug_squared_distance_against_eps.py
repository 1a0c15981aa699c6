# expect: correctness=lose
# why: squared distances are compared with eps instead of eps², so the neighbourhood radius is sqrt(eps) (0.71 for eps = 0.5): clusters grow too large.
# feedback: correctness ~ compare d² with eps²
import numpy as np
from collections import deque


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        Xc = X - X.mean(axis=0)
        sq = (Xc * Xc).sum(axis=1)
        D2 = np.maximum(sq[:, None] - 2.0 * Xc @ Xc.T + sq[None, :], 0.0)
        A = D2 <= self.eps                      # squared distances against eps
        core = A.sum(axis=1) >= self.min_samples
        labels = np.full(n, -1)
        cluster = 0
        for seed in np.flatnonzero(core):
            if labels[seed] != -1:
                continue
            labels[seed] = cluster
            queue = deque([seed])
            while queue:
                p = queue.popleft()
                if core[p]:
                    new = np.flatnonzero(A[p] & (labels == -1))
                    labels[new] = cluster
                    queue.extend(new)
            cluster += 1
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
