# expect: correctness=lose
# why: the vote always uses the 5 nearest neighbours (a literal 5 left over from the default) instead of self.k; right only when k=5.
# feedback: correctness ~ k=1 is ignored
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.X_train = np.asarray(X, dtype=float).copy()
        self.classes, self.codes = np.unique(y, return_inverse=True)
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        sq = (X ** 2).sum(1)[:, None] - 2 * X @ self.X_train.T + (self.X_train ** 2).sum(1)
        nn = np.argsort(np.maximum(sq, 0), axis=1, kind="stable")[:, :5]
        d = np.sqrt(((X[:, None, :] - self.X_train[nn]) ** 2).sum(-1))
        if self.weights == "distance":
            z = d == 0
            w = np.where(z.any(1, keepdims=True), z, 1.0 / np.where(z, 1.0, d))
        else:
            w = np.ones_like(d)
        votes = np.einsum("nk,nkc->nc", w, np.eye(len(self.classes))[self.codes[nn]])
        return votes / votes.sum(1, keepdims=True)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(1)]
