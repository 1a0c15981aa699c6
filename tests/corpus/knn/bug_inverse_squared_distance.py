# expect: correctness=lose
# why: with weights="distance" each vote is weighted by 1/d² (the squared distance from the expansion, never square-rooted) instead of 1/d; uniform votes are right.
# feedback: correctness ~ 1/d²
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.X = np.asarray(X, dtype=float)
        self.y = np.asarray(y)
        if self.k > len(self.X):
            raise ValueError("k cannot be larger than the training set")
        self.classes = np.unique(self.y)
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        d2 = ((X[:, None, :] - self.X[None, :, :]) ** 2).sum(axis=2)   # squared distances
        idx = np.argsort(d2, axis=1, kind="stable")[:, : self.k]
        nd2 = np.take_along_axis(d2, idx, axis=1)
        if self.weights == "distance":
            exact = nd2 == 0
            w = np.where(exact.any(axis=1, keepdims=True), exact, 1.0 / np.where(exact, 1.0, nd2))
        else:
            w = np.ones_like(nd2)
        labels = self.y[idx]
        votes = np.stack([np.sum(w * (labels == c), axis=1) for c in self.classes], axis=1)
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]
