# expect: vectorization=lose
# why: a core point pushes all its neighbours onto the queue and points are only marked when popped, so a point enters the queue once per neighbour that finds it: the pops run once per pair of neighbouring points.
# feedback: vectorization ~ once per pair of points
# feedback: vectorization ~ as they enter the queue
import numpy as np


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        Xc = X - X.mean(axis=0)
        sq = np.einsum("ij,ij->i", Xc, Xc)
        A = np.maximum(sq[:, None] + sq[None, :] - 2 * Xc @ Xc.T, 0) <= self.eps ** 2
        core = A.sum(axis=1) >= self.min_samples
        labels = np.full(n, -1)
        visited = np.zeros(n, dtype=bool)
        c = 0
        for s in np.flatnonzero(core):
            if visited[s]:
                continue
            stack = [s]
            while stack:
                p = stack.pop()
                if visited[p]:
                    continue
                visited[p] = True
                labels[p] = c
                if core[p]:
                    stack.extend(np.flatnonzero(A[p] & ~visited).tolist())
            c += 1
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
