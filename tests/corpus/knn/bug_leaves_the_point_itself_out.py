# expect: correctness=lose
# why: neighbours at distance 0 are thrown out ("a point is not its own neighbour", leave-one-out thinking): predicting the training data never counts the point itself, and an exact match never gets the vote the statement gives it.
# feedback: correctness ~ leaves it out
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        if self.k > len(X):
            raise ValueError("k exceeds the number of training points")
        self.classes, self._code = np.unique(y, return_inverse=True)
        self._X = X.copy()
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        D = np.sqrt(((X[:, None, :] - self._X[None, :, :]) ** 2).sum(-1))
        D = np.where(D == 0, np.inf, D)                       # skip the query point itself
        idx = np.argsort(D, axis=1, kind="stable")[:, : self.k]
        d = np.take_along_axis(D, idx, axis=1)
        w = 1.0 / d if self.weights == "distance" else np.ones_like(d)
        onehot = self._code[idx][:, :, None] == np.arange(len(self.classes))
        votes = (w[:, :, None] * onehot).sum(1)
        return votes / votes.sum(1, keepdims=True)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(1)]
