# expect: correctness=lose
# why: transform centres its input with that input's own mean instead of the training mean: right on the training data (same mean), wrong on any new data whose mean differs.
# feedback: correctness ~ mean of the X it is given
import numpy as np


class PCA:
    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        if n < 2 or not 1 <= self.n_components <= min(n, d):
            raise ValueError("n_components must be between 1 and min(n, d)")
        self.mean = X.mean(axis=0)
        U, S, Vt = np.linalg.svd(X - self.mean, full_matrices=False)
        k = self.n_components
        self.components = Vt[:k]
        var = S ** 2 / (n - 1)
        self.explained_variance = var[:k]
        total = var.sum()
        self.explained_variance_ratio = var[:k] / total if total > 0 else np.zeros(k)
        return self

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        return (X - X.mean(axis=0)) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return np.asarray(Z) @ self.components + self.mean
