# expect: correctness=lose
# why: classes are listed in order of first appearance (what pandas.unique gives) instead of sorted, so `classes` and the columns of predict_proba are in the wrong order; predict still returns the right labels except on vote ties.
# feedback: correctness ~ increasing order
# feedback: correctness ~ another order
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        if self.k > len(X):
            raise ValueError("k is larger than the training set")
        uniq, first, inverse = np.unique(y, return_index=True, return_inverse=True)
        order = np.argsort(first)                      # labels in order of first appearance
        self.classes = uniq[order]
        rank = np.empty(len(order), dtype=int)
        rank[order] = np.arange(len(order))
        self.codes = rank[inverse]
        self.X = X.copy()
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        D = np.sqrt(((X[:, None, :] - self.X[None]) ** 2).sum(-1))
        nn = np.argsort(D, axis=1, kind="stable")[:, : self.k]
        d = np.take_along_axis(D, nn, 1)
        if self.weights == "distance":
            z = d == 0
            w = np.where(z.any(1, keepdims=True), z, 1.0 / np.where(z, 1.0, d))
        else:
            w = np.ones_like(d)
        votes = np.einsum("nk,nkc->nc", w, (self.codes[nn][..., None] == np.arange(len(self.classes))).astype(float))
        return votes / votes.sum(1, keepdims=True)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(1)]
