# expect: correctness=lose
# why: votes are counted with one flattened np.bincount indexed by the raw labels, as if they were 0..K−1: with labels 3, 7, 10 predict_proba has 11 columns (most of them empty), and labels −1/1 make np.bincount raise. predict happens to return the right values for non-negative labels, since a bincount position is the label itself.
# feedback: correctness ~ shape
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.X = np.asarray(X, dtype=float)
        self.y = np.asarray(y).astype(int)
        if self.k > len(self.X):
            raise ValueError("k larger than the training set")
        self.classes = np.unique(self.y)
        return self

    def _neighbours(self, X):
        d2 = (X ** 2).sum(1)[:, None] - 2 * X @ self.X.T + (self.X ** 2).sum(1)[None, :]
        d2 = np.maximum(d2, 0)
        idx = np.argsort(d2, axis=1, kind="stable")[:, : self.k]
        dist = np.sqrt(((X[:, None, :] - self.X[idx]) ** 2).sum(-1))
        return idx, dist

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        idx, dist = self._neighbours(X)
        if self.weights == "distance":
            zero = dist == 0
            w = np.where(zero.any(1, keepdims=True), zero * 1.0, 1 / np.where(zero, 1, dist))
        else:
            w = np.ones(dist.shape)
        n_labels = self.y.max() + 1
        flat = np.arange(len(X))[:, None] * n_labels + self.y[idx]
        counts = np.bincount(flat.ravel(), weights=w.ravel(), minlength=len(X) * n_labels)
        counts = counts.reshape(len(X), n_labels)
        return counts / counts.sum(1, keepdims=True)

    def predict(self, X):
        return self.predict_proba(X).argmax(axis=1)
