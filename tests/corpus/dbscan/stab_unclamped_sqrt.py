# expect: numerical_stability=lose
# why: the distances are the square root of the raw expansion ||a||² − 2a·b + ||b||²; far from the origin a point's squared distance to itself comes out slightly negative, its root is NaN, and the point stops counting itself (plus an invalid-value warning).
# feedback: numerical_stability ~ NaN
# feedback: numerical_stability ~ clamp
import numpy as np
from collections import deque


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        sq = np.sum(X ** 2, axis=1)
        D = np.sqrt(sq[:, None] + sq[None, :] - 2 * np.dot(X, X.T))
        neighbours = D <= self.eps
        core = np.sum(neighbours, axis=1) >= self.min_samples
        labels = np.full(n, -1)
        c = 0
        for i in np.flatnonzero(core):
            if labels[i] != -1:
                continue
            labels[i] = c
            queue = deque([i])
            while queue:
                p = queue.popleft()
                if core[p]:
                    new = np.flatnonzero(neighbours[p] & (labels == -1))
                    labels[new] = c
                    queue.extend(new)
            c += 1
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
