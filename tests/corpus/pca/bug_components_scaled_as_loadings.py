# expect: correctness=lose
# why: stores the loadings, each eigenvector times the standard deviation along it (sqrt of its eigenvalue), as `components`, instead of the unit eigenvectors; transform and inverse_transform use them consistently, so only the components (and what they give) are wrong.
# feedback: correctness ~ loadings
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
        Xc = X - self.mean
        lam, V = np.linalg.eigh(Xc.T @ Xc / (n - 1))
        lam, V = np.maximum(lam[::-1], 0.0), V[:, ::-1]
        k = self.n_components
        self.components = (V[:, :k] * np.sqrt(lam[:k])).T
        self.explained_variance = lam[:k]
        self.explained_variance_ratio = lam[:k] / lam.sum() if lam.sum() > 0 else np.zeros(k)
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
