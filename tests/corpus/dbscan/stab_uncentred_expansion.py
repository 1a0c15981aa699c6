# expect: numerical_stability=lose
# why: the expansion ||a||² − 2a·b + ||b||² is clamped at 0 (no NaN) but computed on the raw coordinates; at UTM coordinates in metres its rounding error exceeds eps² and the centimetre-scale clusters are lost. Centring first would fix it.
# feedback: numerical_stability ~ Centre the data first
# feedback: numerical_stability !~ NaN
import numpy as np
from collections import deque


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        sq = (X * X).sum(axis=1)
        D2 = np.maximum(sq[:, None] - 2.0 * X @ X.T + sq[None, :], 0.0)
        A = D2 <= self.eps ** 2
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
