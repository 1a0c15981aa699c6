# expect: all=full
# why: ranks by clamped squared distances from the expansion (norms with np.einsum), sorts with kind="mergesort" (stable), then measures only the k chosen distances from the differences with np.linalg.norm; votes by a one-hot product and predict takes argmax of the votes directly.
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.X_train = np.asarray(X, dtype=float).copy()
        self.y_train = np.asarray(y).copy()
        self.classes = np.unique(self.y_train)
        return self

    def _votes(self, X):
        if self.k > len(self.X_train):
            raise ValueError(f"k={self.k} is larger than the training set ({len(self.X_train)} rows)")
        X = np.asarray(X, dtype=float)
        sq = (np.einsum("ij,ij->i", X, X)[:, None]
              - 2.0 * X @ self.X_train.T
              + np.einsum("ij,ij->i", self.X_train, self.X_train)[None, :])
        sq = np.maximum(sq, 0.0)
        nn = np.argsort(sq, axis=1, kind="mergesort")[:, : self.k]          # (n, k)
        dist = np.linalg.norm(X[:, None, :] - self.X_train[nn], axis=2)     # (n, k), exact
        if self.weights == "distance":
            at_zero = dist == 0
            w = np.divide(1.0, dist, out=np.zeros_like(dist), where=~at_zero)
            rows_with_zero = at_zero.any(axis=1)
            w[rows_with_zero] = at_zero[rows_with_zero]
        else:
            w = np.ones(dist.shape)
        onehot = (self.y_train[nn][:, :, None] == self.classes[None, None, :])   # (n, k, K)
        return np.einsum("nk,nkc->nc", w, onehot.astype(float))

    def predict_proba(self, X):
        v = self._votes(X)
        return v / v.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes[self._votes(X).argmax(axis=1)]
