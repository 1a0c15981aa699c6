# expect: correctness=lose
# why: core_sample_indices holds the boolean core mask (n,) instead of the indices of the core points; the clustering is right, so only the contract check of the fitted attributes fails (the other checks read the mask leniently).
# feedback: correctness ~ boolean mask
# feedback: correctness !~ border point
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
        A = sq[:, None] - 2.0 * Xc @ Xc.T + sq[None, :] <= self.eps ** 2   # no root: negatives are harmless
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
        self.core_sample_indices = core
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
