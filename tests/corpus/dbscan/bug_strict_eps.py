# expect: correctness=lose
# why: the neighbourhood uses distance < eps instead of <= eps, so points exactly eps apart (a grid, integer data) are not neighbours and chains of such points fall apart into noise.
# feedback: correctness ~ distance <= eps
import numpy as np


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        X = X - X.mean(axis=0)
        norms = np.einsum("ij,ij->i", X, X)
        dist = np.sqrt(np.clip(norms[:, None] - 2.0 * X @ X.T + norms[None, :], 0.0, None))
        neighbours = dist < self.eps
        is_core = neighbours.sum(axis=1) >= self.min_samples

        n = len(X)
        labels = -np.ones(n, dtype=int)
        next_label = 0
        for i in range(n):
            if not is_core[i] or labels[i] != -1:
                continue
            labels[i] = next_label
            stack = [i]
            while stack:
                j = stack.pop()
                if is_core[j]:
                    new = np.where(neighbours[j] & (labels == -1))[0]
                    labels[new] = next_label
                    stack.extend(new.tolist())
            next_label += 1
        self.labels = labels
        self.core_sample_indices = np.where(is_core)[0]
        return self

    def fit_predict(self, X):
        self.fit(X)
        return self.labels
