# expect: correctness=lose
# why: predict keeps a running best over the classes with >=, so a later (larger) label that equals the best vote replaces it: vote ties go to the largest label instead of the smallest.
# feedback: correctness ~ smallest label
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        if self.k > len(X):
            raise ValueError("k is larger than the number of training rows")
        self.classes, self.y_idx = np.unique(y, return_inverse=True)
        self.X_fit = X.copy()
        self.sq_fit = (X ** 2).sum(axis=1)
        return self

    def _votes(self, X):
        X = np.asarray(X, dtype=float)
        key = self.sq_fit[None, :] - 2.0 * X @ self.X_fit.T
        nn = np.argsort(key, axis=1, kind="stable")[:, : self.k]
        dist = np.sqrt(((X[:, None, :] - self.X_fit[nn]) ** 2).sum(axis=2))
        if self.weights == "distance":
            zero = dist == 0
            w = np.where(zero.any(axis=1, keepdims=True), zero, 1.0 / np.where(zero, 1.0, dist))
        else:
            w = np.ones_like(dist)
        votes = np.zeros((len(X), len(self.classes)))
        for c in range(len(self.classes)):
            votes[:, c] = (w * (self.y_idx[nn] == c)).sum(axis=1)
        return votes

    def predict_proba(self, X):
        votes = self._votes(X)
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        votes = self._votes(X)
        best = np.zeros(len(votes), dtype=int)
        best_votes = np.full(len(votes), -1.0)
        for c in range(votes.shape[1]):
            better = votes[:, c] >= best_votes
            best = np.where(better, c, best)
            best_votes = np.where(better, votes[:, c], best_votes)
        return self.classes[best]
