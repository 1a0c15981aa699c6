# expect: correctness=lose
# why: the diagonal of the adjacency matrix is cleared, so a point does not count itself: a point needs min_samples OTHER neighbours to be core, one more than scikit-learn's rule, and tight groups of exactly min_samples points become noise.
# feedback: correctness ~ counts the point itself
# feedback: correctness !~ border points add
import numpy as np
from collections import deque


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = X.shape[0]
        Xc = X - X.mean(axis=0)
        G = Xc @ Xc.T
        sq = np.diag(G)
        D2 = np.maximum(sq[:, None] + sq[None, :] - 2 * G, 0.0)
        adj = D2 <= self.eps ** 2
        np.fill_diagonal(adj, False)            # a point is not its own neighbour
        core = adj.sum(axis=1) >= self.min_samples

        labels = np.full(n, -1)
        cluster = 0
        for seed in np.flatnonzero(core):
            if labels[seed] != -1:
                continue
            labels[seed] = cluster
            queue = deque([seed])
            while queue:
                p = queue.popleft()
                if not core[p]:
                    continue
                fresh = np.flatnonzero(adj[p] & (labels == -1))
                labels[fresh] = cluster
                queue.extend(fresh)
            cluster += 1
        self.labels = labels
        self.core_sample_indices = np.flatnonzero(core)
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
