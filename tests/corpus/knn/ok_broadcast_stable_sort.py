# expect: all=full
# why: a different legal style on small data: every distance from the differences by broadcasting (an (n, m, d) array, memory-hungry but exact), a full stable argsort, votes counted with np.add.at, and predict through predict_proba.
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        X = np.array(X, dtype=float)
        y = np.asarray(y)
        if self.k > len(X):
            raise ValueError("k cannot exceed the number of training samples")
        self.classes, self._codes = np.unique(y, return_inverse=True)
        self._X = X
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        diff = X[:, None, :] - self._X[None, :, :]
        dist = np.sqrt(np.sum(diff ** 2, axis=2))
        order = np.argsort(dist, axis=1, kind="stable")[:, : self.k]
        d = np.take_along_axis(dist, order, axis=1)
        if self.weights == "distance":
            exact = d == 0
            has_exact = exact.any(axis=1, keepdims=True)
            safe = np.where(exact, 1.0, d)
            w = np.where(has_exact, exact.astype(float), 1.0 / safe)
        else:
            w = np.ones_like(d)
        votes = np.zeros((len(X), len(self.classes)))
        rows = np.repeat(np.arange(len(X)), self.k)
        np.add.at(votes, (rows, self._codes[order].ravel()), w.ravel())
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]
