# expect: all=full
# why: keeps a reference to the caller's X (no copy, as scikit-learn does; the contract accepts it), counts votes with one flattened np.bincount over label positions (not raw labels), picks the k nearest with argpartition and re-sorts stably only the rows where a tie crosses the k-th place.
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self._X = np.asarray(X, dtype=float)
        labels = np.asarray(y)
        if not 1 <= self.k <= self._X.shape[0]:
            raise ValueError("need 1 <= k <= n_samples")
        self.classes, self._pos = np.unique(labels, return_inverse=True)
        self._norms = (self._X ** 2).sum(axis=1)
        return self

    def _neighbours(self, Q):
        k = self.k
        key = self._norms[None, :] - 2 * (Q @ self._X.T)          # same order as the squared distances
        part = np.argpartition(key, k - 1, axis=1)[:, :k]
        kth = np.take_along_axis(key, part, 1).max(1)
        crowded = (key <= kth[:, None]).sum(1) > k
        if np.any(crowded):
            part[crowded] = np.argsort(key[crowded], axis=1, kind="stable")[:, :k]
        return part

    def predict_proba(self, X):
        Q = np.asarray(X, dtype=float)
        nb = self._neighbours(Q)
        d = np.sqrt(((Q[:, None, :] - self._X[nb]) ** 2).sum(-1))
        if self.weights == "uniform":
            w = np.ones_like(d)
        else:
            z = d == 0.0
            w = np.where(z.any(1)[:, None], z * 1.0, 1.0 / np.where(z, 1.0, d))
        K = len(self.classes)
        flat = (np.arange(len(Q))[:, None] * K + self._pos[nb]).ravel()
        votes = np.bincount(flat, weights=w.ravel(), minlength=len(Q) * K).reshape(len(Q), K)
        return votes / votes.sum(1, keepdims=True)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(1)]
