# expect: numerical_stability=lose
# why: distances are the square root of the expansion ||q||² − 2q·x + ||x||² without clamping; near 1e4 the expansion for a point and itself is a tiny negative number for some rows, sqrt gives NaN (an 'invalid' warning) and NaN sorts last, so the point loses its place as its own nearest neighbour.
# feedback: numerical_stability ~ clamp
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.X = np.asarray(X, dtype=float).copy()
        self.classes, self.codes = np.unique(y, return_inverse=True)
        if self.k > self.X.shape[0]:
            raise ValueError("k is larger than the number of training points")
        return self

    def _distances(self, Q):
        sq = np.sum(Q ** 2, axis=1)[:, None] - 2 * Q @ self.X.T + np.sum(self.X ** 2, axis=1)[None, :]
        return np.sqrt(sq)

    def predict_proba(self, X):
        Q = np.asarray(X, dtype=float)
        D = self._distances(Q)
        nn = np.argsort(D, axis=1, kind="stable")[:, : self.k]
        d = np.linalg.norm(Q[:, None, :] - self.X[nn], axis=2)
        if self.weights == "distance":
            z = d == 0
            w = np.where(z.any(axis=1, keepdims=True), z, 1.0 / np.where(z, 1.0, d))
        else:
            w = np.ones_like(d)
        onehot = self.codes[nn][:, :, None] == np.arange(len(self.classes))[None, None, :]
        votes = (w[:, :, None] * onehot).sum(axis=1)
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(axis=1)]
