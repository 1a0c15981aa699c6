# expect: correctness=lose
# why: the vote is a vectorized "mode": for each neighbour, count how many neighbours share its label and take the first neighbour with the largest count; on a vote tie that is the label of the nearest tied neighbour (the first seen), not the smallest label. predict_proba is right.
# feedback: correctness ~ smallest label
# feedback: correctness ~ most_common
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.X_ = np.asarray(X, dtype=float)
        self.y_ = np.asarray(y)
        if self.k > len(self.X_):
            raise ValueError("not enough training points for k")
        self.classes = np.unique(self.y_)
        return self

    def _knn(self, X):
        X = np.asarray(X, dtype=float)
        D = np.sqrt(np.maximum((X * X).sum(1)[:, None] + (self.X_ * self.X_).sum(1) - 2 * X @ self.X_.T, 0))
        idx = np.argsort(D, axis=1, kind="stable")[:, : self.k]
        d = np.linalg.norm(X[:, None, :] - self.X_[idx], axis=2)
        if self.weights == "distance":
            z = d == 0
            w = np.where(z.any(1, keepdims=True), z.astype(float), 1.0 / np.where(z, 1.0, d))
        else:
            w = np.ones_like(d)
        return self.y_[idx], w

    def predict_proba(self, X):
        labels, w = self._knn(X)
        P = np.stack([(w * (labels == c)).sum(1) for c in self.classes], axis=1)
        return P / P.sum(1, keepdims=True)

    def predict(self, X):
        labels, w = self._knn(X)
        same = labels[:, :, None] == labels[:, None, :]                  # (n, k, k)
        support = (same * w[:, None, :]).sum(axis=2)                      # votes for each neighbour's label
        return labels[np.arange(len(labels)), support.argmax(axis=1)]
