# expect: vectorization=lose
# why: the textbook version: predict_proba loops over the query rows, computing one row of distances and one vote per iteration; every number is right, but Python runs once per query point.
# feedback: vectorization ~ once per sample
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.X_train = np.asarray(X, dtype=float)
        self.y_train = np.asarray(y)
        if self.k > len(self.X_train):
            raise ValueError("k larger than the training set")
        self.classes = np.unique(self.y_train)
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        out = np.zeros((len(X), len(self.classes)))
        for i, x in enumerate(X):
            dist = np.sqrt(np.sum((self.X_train - x) ** 2, axis=1))
            nn = np.argsort(dist, kind="stable")[: self.k]
            d = dist[nn]
            if self.weights == "distance":
                w = (d == 0).astype(float) if np.any(d == 0) else 1.0 / d
            else:
                w = np.ones(self.k)
            for c, label in enumerate(self.classes):
                out[i, c] = np.sum(w[self.y_train[nn] == label])
            out[i] /= out[i].sum()
        return out

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]
