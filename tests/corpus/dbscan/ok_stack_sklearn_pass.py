# expect: all=full
# why: correct DBSCAN written like scikit-learn's inner loop: a pass over all points in index order that skips non-core and labelled ones, a list used as a stack (depth-first), the distances from the centred expansion with a clamp, the square root taken and compared with eps.
import numpy as np


class DBSCAN:
    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.array(X, dtype=float)
        X = X - X.mean(axis=0)
        G = X @ X.T
        norms = np.diag(G)
        dist = np.sqrt(np.maximum(norms[:, None] + norms[None, :] - 2.0 * G, 0.0))
        is_neighbour = dist <= self.eps
        is_core = np.count_nonzero(is_neighbour, axis=1) >= self.min_samples

        n = X.shape[0]
        labels = np.full(n, -1, dtype=np.intp)
        label = 0
        for i in range(n):
            if labels[i] != -1 or not is_core[i]:
                continue
            labels[i] = label
            stack = [i]
            while stack:
                p = stack.pop()
                if is_core[p]:
                    fresh = np.nonzero(is_neighbour[p] & (labels == -1))[0]
                    labels[fresh] = label
                    stack.extend(fresh[is_core[fresh]])
            label += 1
        self.labels = labels
        self.core_sample_indices = np.nonzero(is_core)[0]
        return self

    def fit_predict(self, X):
        return self.fit(X).labels
