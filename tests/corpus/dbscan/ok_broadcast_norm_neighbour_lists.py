# expect: all=full
# why: correct DBSCAN in another legal style: distances by broadcasting the differences through np.linalg.norm (exact at any offset, O(n² d) memory), the neighbourhoods as a list of index arrays cut from one np.nonzero with np.split (no loop), and a deque that takes each point once.
import numpy as np
from collections import deque


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        dist = np.linalg.norm(X[:, None, :] - X[None, :, :], axis=-1)    # (n, n)
        rows, cols = np.nonzero(dist <= self.eps)
        sizes = np.bincount(rows, minlength=n)                            # |N(i)|, i itself included
        neighbours = np.split(cols, np.cumsum(sizes)[:-1])
        core = sizes >= self.min_samples

        labels = np.full(n, -1)
        cluster = -1
        for seed in np.flatnonzero(core):
            if labels[seed] != -1:
                continue
            cluster += 1
            labels[seed] = cluster
            queue = deque([seed])
            while queue:
                p = queue.popleft()
                if core[p]:
                    nb = neighbours[p]
                    new = nb[labels[nb] == -1]
                    labels[new] = cluster
                    queue.extend(new)
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        self.fit(X)
        return self.labels
