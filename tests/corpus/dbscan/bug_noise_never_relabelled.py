# expect: correctness=lose
# why: the textbook pass in index order marks a non-core point as noise when it is visited, and the expansion only claims points never visited, so a border point met before its cluster stays -1.
# feedback: correctness ~ never relabelled
# feedback: correctness ~ labelled noise, but core point
import numpy as np

UNVISITED = -2
NOISE = -1


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def _region(self, X):
        Xc = X - X.mean(axis=0)
        sq = np.sum(Xc ** 2, axis=1)
        D2 = np.maximum(sq[:, None] - 2 * Xc @ Xc.T + sq[None, :], 0)
        return D2 <= self.eps ** 2

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        A = self._region(X)
        counts = A.sum(axis=1)
        labels = np.full(n, UNVISITED)
        c = 0
        for i in range(n):
            if labels[i] != UNVISITED:
                continue
            if counts[i] < self.min_samples:
                labels[i] = NOISE
                continue
            labels[i] = c
            seeds = [i]
            while seeds:
                p = seeds.pop()
                if counts[p] < self.min_samples:
                    continue
                nbrs = np.flatnonzero(A[p])
                new = nbrs[labels[nbrs] == UNVISITED]
                labels[new] = c
                seeds.extend(new.tolist())
            c += 1
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(counts >= self.min_samples)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
