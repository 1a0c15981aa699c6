# expect: organization=lose
# why: fit appends the new rows to those of an earlier fit (as if it were partial_fit), so a model refitted on new data still votes with the old points; a fresh model is always right.
# feedback: organization ~ previous fit
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        if hasattr(self, "X_seen"):
            self.X_seen = np.vstack([self.X_seen, X])
            self.y_seen = np.concatenate([self.y_seen, y])
        else:
            self.X_seen, self.y_seen = X.copy(), y.copy()
        if self.k > len(self.X_seen):
            raise ValueError("k larger than the training set")
        self.classes = np.unique(self.y_seen)
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        D = np.sqrt(((X[:, None, :] - self.X_seen[None]) ** 2).sum(-1))
        nn = np.argsort(D, axis=1, kind="stable")[:, : self.k]
        d = np.take_along_axis(D, nn, 1)
        if self.weights == "distance":
            z = d == 0
            w = np.where(z.any(1, keepdims=True), z, 1 / np.where(z, 1, d))
        else:
            w = np.ones_like(d)
        votes = np.stack([(w * (self.y_seen[nn] == c)).sum(1) for c in self.classes], 1)
        return votes / votes.sum(1, keepdims=True)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(1)]
