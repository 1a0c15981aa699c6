# expect: vectorization=lose
# why: the distance matrix is vectorized, but growing a cluster walks each core point's neighbours one by one in Python (sklearn's inner loop, written in Python): once per pair of neighbouring points.
# feedback: vectorization ~ once per pair of points
# feedback: vectorization ~ with a mask
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
        sq = (Xc ** 2).sum(axis=1)
        A = np.maximum(sq[:, None] - 2 * Xc @ Xc.T + sq[None, :], 0) <= self.eps ** 2
        neighbours = [np.flatnonzero(row) for row in A]
        core = np.array([len(nb) >= self.min_samples for nb in neighbours])
        labels = [-1] * n
        c = 0
        for s in range(n):
            if labels[s] != -1 or not core[s]:
                continue
            labels[s] = c
            queue = deque([s])
            while queue:
                p = queue.popleft()
                for q in neighbours[p]:
                    if labels[q] == -1:
                        labels[q] = c
                        if core[q]:
                            queue.append(q)
            c += 1
        self.labels = np.array(labels)
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
