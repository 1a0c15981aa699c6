# expect: correctness=lose
# why: the cluster counter is incremented before it is used, so clusters are numbered 1..C instead of 0..C-1 (noise is correctly -1 and the partition is right).
# feedback: correctness ~ number them 0, 1, ..., C-1
# feedback: correctness !~ labelled 0, not -1
import numpy as np


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        Y = X - X.mean(axis=0)
        sq = (Y ** 2).sum(axis=1)
        adj = np.maximum(np.add.outer(sq, sq) - 2.0 * Y @ Y.T, 0.0) <= self.eps ** 2
        core = adj.sum(axis=1) >= self.min_samples
        labels = np.full(n, -1)
        cid = 0
        for s in np.flatnonzero(core):
            if labels[s] != -1:
                continue
            cid += 1
            labels[s] = cid
            frontier = [s]
            while frontier:
                p = frontier.pop()
                if not core[p]:
                    continue
                new = np.flatnonzero(adj[p] & (labels == -1))
                labels[new] = cid
                frontier += list(new)
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
