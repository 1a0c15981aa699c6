# expect: correctness=lose
# why: nothing checks k against the training set: argsort(...)[:, :k] silently returns all m rows when k > m, so the model votes with fewer neighbours than asked instead of raising ValueError.
# feedback: correctness ~ ValueError
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.X = np.array(X, dtype=float)
        self.classes, self.pos = np.unique(y, return_inverse=True)
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        D2 = np.maximum((X ** 2).sum(1)[:, None] - 2 * X @ self.X.T + (self.X ** 2).sum(1), 0)
        nn = np.argsort(D2, axis=1, kind="stable")[:, : self.k]
        d = np.sqrt(((X[:, None] - self.X[nn]) ** 2).sum(-1))
        if self.weights == "distance":
            z = d == 0
            w = np.where(z.any(1, keepdims=True), z, 1 / np.where(z, 1, d))
        else:
            w = np.ones_like(d)
        V = np.einsum("nk,nkc->nc", w, (self.pos[nn][..., None] == np.arange(len(self.classes))).astype(float))
        return V / V.sum(1, keepdims=True)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(1)]
