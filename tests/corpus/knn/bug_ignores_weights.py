# expect: correctness=lose
# why: the constructor stores weights but predict_proba never reads it: every vote counts 1, so weights="distance" gives the uniform vote shares.
# feedback: correctness ~ ignores weights='distance'
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.X = np.asarray(X, dtype=float)
        if self.k > len(self.X):
            raise ValueError("k > number of training rows")
        self.classes, self.index = np.unique(y, return_inverse=True)
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        d2 = ((X[:, None, :] - self.X[None, :, :]) ** 2).sum(-1)
        nn = np.argsort(d2, axis=1, kind="stable")[:, : self.k]
        counts = (self.index[nn][:, :, None] == np.arange(len(self.classes))).sum(axis=1)
        return counts / self.k

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]
