# expect: organization=lose
# why: the training data goes into a class-level dict shared by every instance, so fitting a second model replaces the data the first one predicts from.
# feedback: organization ~ instance
import numpy as np


class KNNClassifier:
    _store = {}

    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        if self.k > len(X):
            raise ValueError("k larger than the training set")
        classes, pos = np.unique(y, return_inverse=True)
        self._store["X"], self._store["pos"] = X.copy(), pos
        self.classes = classes
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        Xt, pos = self._store["X"], self._store["pos"]
        D = ((X[:, None, :] - Xt[None]) ** 2).sum(-1)
        nn = np.argsort(D, axis=1, kind="stable")[:, : self.k]
        d = np.sqrt(np.take_along_axis(D, nn, 1))
        if self.weights == "distance":
            z = d == 0
            w = np.where(z.any(1, keepdims=True), z, 1 / np.where(z, 1, d))
        else:
            w = np.ones_like(d)
        votes = np.einsum("nk,nkc->nc", w, (pos[nn][..., None] == np.arange(len(self.classes))).astype(float))
        return votes / votes.sum(1, keepdims=True)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(1)]
