# expect: numerical_stability=lose
# why: weights="distance" divides by the distances as they are: a query that coincides with a training point gets 1/0 = inf, the vote sums are inf and the shares inf/inf = NaN (with divide and invalid warnings). Everything without a zero distance is right.
# feedback: numerical_stability ~ only those neighbours vote
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.X_train = np.array(X, dtype=float)
        self.y_train = np.array(y)
        if self.k > len(self.X_train):
            raise ValueError("k larger than training set")
        self.classes = np.unique(self.y_train)
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        dists = np.sqrt(((X[:, None, :] - self.X_train[None, :, :]) ** 2).sum(axis=2))
        idx = np.argsort(dists, axis=1, kind="stable")[:, : self.k]
        d = np.take_along_axis(dists, idx, axis=1)
        if self.weights == "distance":
            w = 1.0 / d
        else:
            w = np.ones_like(d)
        labels = self.y_train[idx]
        votes = np.column_stack([(w * (labels == c)).sum(axis=1) for c in self.classes])
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]
