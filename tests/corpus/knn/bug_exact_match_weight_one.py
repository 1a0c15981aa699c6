# expect: correctness=lose
# why: an exact match (distance 0) gets weight 1 instead of 1/0, but the other neighbours keep voting with 1/d; the statement lets only the exact matches vote. No 1/0 is ever computed, so nothing is NaN.
# feedback: correctness ~ still vote
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.Xtr = np.asarray(X, dtype=float)
        self.ytr = np.asarray(y)
        if self.k > self.Xtr.shape[0]:
            raise ValueError("k must be <= number of training samples")
        self.classes = np.unique(self.ytr)
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        diff = X[:, None, :] - self.Xtr[None, :, :]
        D = np.sqrt((diff ** 2).sum(axis=2))
        nn = np.argsort(D, axis=1, kind="stable")[:, : self.k]
        d = np.take_along_axis(D, nn, axis=1)
        w = np.ones_like(d)
        if self.weights == "distance":
            far = d > 0
            w[far] = 1.0 / d[far]
        P = np.zeros((len(X), len(self.classes)))
        for c, label in enumerate(self.classes):
            P[:, c] = (w * (self.ytr[nn] == label)).sum(axis=1)
        return P / P.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(axis=1)]
