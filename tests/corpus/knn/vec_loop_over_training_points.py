# expect: vectorization=lose
# why: the distance matrix is filled one training row at a time (a loop over the m training points, each step vectorized over the queries); right numbers, but Python work grows with the size of the training set.
# feedback: vectorization ~ training rows
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.data = np.asarray(X, dtype=float).copy()
        self.classes, self.label_pos = np.unique(y, return_inverse=True)
        if self.k > len(self.data):
            raise ValueError("k exceeds the training set size")
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        D = np.empty((len(X), len(self.data)))
        for j, row in enumerate(self.data):
            D[:, j] = np.sqrt(((X - row) ** 2).sum(axis=1))
        nn = np.argsort(D, axis=1, kind="stable")[:, : self.k]
        d = np.take_along_axis(D, nn, axis=1)
        if self.weights == "distance":
            z = d == 0
            w = np.where(z.any(axis=1, keepdims=True), z, 1.0 / np.where(z, 1.0, d))
        else:
            w = np.ones_like(d)
        votes = np.zeros((len(X), len(self.classes)))
        for c in range(len(self.classes)):
            votes[:, c] = (w * (self.label_pos[nn] == c)).sum(axis=1)
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(axis=1)]
