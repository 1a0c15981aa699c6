# expect: numerical_stability=lose
# why: clamps the expansion at 0 before the square root (no NaN, no warning) but also uses those distances as the 1/d weights: at coordinates around 1e4 a point's distance to itself comes out near 3e-4 for some rows instead of 0, so the exact-match rule misses it and its neighbours still vote. On ordinary coordinates everything is right.
# feedback: numerical_stability ~ differences
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        if self.k > len(X):
            raise ValueError("k must be at most the number of training samples")
        self.classes, self._y = np.unique(y, return_inverse=True)
        self._X = X.copy()
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        sq = (X * X).sum(1)[:, None] - 2.0 * (X @ self._X.T) + (self._X * self._X).sum(1)[None, :]
        D = np.sqrt(np.maximum(sq, 0.0))
        nn = np.argsort(D, axis=1, kind="stable")[:, : self.k]
        d = np.take_along_axis(D, nn, axis=1)
        if self.weights == "distance":
            zero = d == 0
            w = np.where(zero.any(1, keepdims=True), zero, 1.0 / np.where(zero, 1.0, d))
        else:
            w = np.ones_like(d)
        K = len(self.classes)
        votes = np.einsum("nk,nkc->nc", w, np.eye(K)[self._y[nn]])
        return votes / votes.sum(1, keepdims=True)

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), 1)]
