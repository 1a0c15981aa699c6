# expect: organization=lose
# why: fit centres the caller's array in place (X -= mean) to save a copy, then takes the SVD; every number is right (fit_transform even relies on X being centred now), but the caller's data are changed behind its back.
# feedback: organization ~ in place
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
        X -= self.mean
        _, S, Vt = np.linalg.svd(X, full_matrices=False)
        k = self.n_components
        var = S ** 2 / (n - 1)
        self.components = Vt[:k]
        self.explained_variance = var[:k]
        self.explained_variance_ratio = var[:k] / var.sum() if var.sum() > 0 else np.zeros(k)
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        X = np.asarray(X, dtype=float)
        self.fit(X)
        return X @ self.components.T                      # X was centred in place by fit

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
