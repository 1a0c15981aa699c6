# expect: correctness=lose
# why: the k nearest come from np.argsort with its default kind (quicksort/introsort), which is not stable: when several training points sit at exactly the k-th distance, the ones taken are not the lowest-indexed. Invisible on data without tied distances.
# feedback: correctness ~ kind='stable'
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        self.X_train = np.asarray(X, dtype=float)
        self.y_train = np.asarray(y)
        if self.k > self.X_train.shape[0]:
            raise ValueError("k > n_samples")
        self.classes = np.unique(self.y_train)
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        sq = np.maximum(np.sum(X ** 2, axis=1, keepdims=True) - 2 * X @ self.X_train.T
                        + np.sum(self.X_train ** 2, axis=1), 0.0)
        idx = np.argsort(sq, axis=1)[:, : self.k]
        d = np.sqrt(np.sum((X[:, None, :] - self.X_train[idx]) ** 2, axis=2))
        if self.weights == "distance":
            zero = d == 0
            w = np.where(zero.any(axis=1, keepdims=True), zero, 1 / np.where(zero, 1, d))
        else:
            w = np.ones_like(d)
        match = self.y_train[idx][:, :, None] == self.classes
        votes = np.einsum("ik,ikc->ic", w, match)
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]
