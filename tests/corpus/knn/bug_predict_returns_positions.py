# expect: correctness=lose
# why: predict returns argmax over the columns of predict_proba, a position 0..K−1, instead of the label classes[position]; the vote shares themselves are right.
# feedback: correctness ~ positions
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        if self.k > X.shape[0]:
            raise ValueError("k must not exceed the number of samples")
        self.classes, self.codes = np.unique(y, return_inverse=True)
        self.train = X.copy()
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        sq = np.sum((X[:, None, :] - self.train[None, :, :]) ** 2, axis=-1)
        nearest = np.argsort(sq, axis=1, kind="stable")[:, : self.k]
        dist = np.sqrt(np.take_along_axis(sq, nearest, axis=1))
        if self.weights == "distance":
            hit = dist == 0
            w = np.where(hit.any(axis=1, keepdims=True), hit, 1.0 / np.where(hit, 1.0, dist))
        else:
            w = np.ones_like(dist)
        onehot = np.eye(len(self.classes))[self.codes[nearest]]          # (n, k, K)
        votes = (w[:, :, None] * onehot).sum(axis=1)
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        return np.argmax(self.predict_proba(X), axis=1)
