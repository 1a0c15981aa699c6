# expect: correctness=lose
# why: fit_transform returns the left singular vectors U[:, :k] of the centred data, forgetting to multiply by the singular values: the coordinates are U·S, so every column is 1/s_j too small (each has length 1); fit, transform and inverse_transform are right.
# feedback: correctness ~ without the singular values
import numpy as np


class PCA:
    def __init__(self, n_components=2):
        self.n_components = n_components

    def _decompose(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        if n < 2 or not 1 <= self.n_components <= min(n, d):
            raise ValueError("n_components must be between 1 and min(n, d)")
        self.mean = X.mean(axis=0)
        U, S, Vt = np.linalg.svd(X - self.mean, full_matrices=False)
        k = self.n_components
        lam = S ** 2 / (n - 1)
        self.components = Vt[:k]
        self.explained_variance = lam[:k]
        self.explained_variance_ratio = lam[:k] / lam.sum() if lam.sum() > 0 else np.zeros(k)
        return U[:, :k]

    def fit(self, X):
        self._decompose(X)
        return self

    def fit_transform(self, X):
        return self._decompose(X)

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
