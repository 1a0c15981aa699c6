# expect: all=full
# why: the SVD route: thin SVD of the centred data (full_matrices=False), components are the first rows of Vt with whatever signs LAPACK returns (no sign rule), variances S²/(n − 1), the total variance from np.var with ddof=1, and fit_transform as U·S.
import numpy as np


class PCA:
    def __init__(self, n_components=2):
        self.n_components = n_components

    def _svd(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        k = self.n_components
        if n < 2:
            raise ValueError("need at least two samples")
        if not (1 <= k <= min(n, d)):
            raise ValueError(f"n_components={k} must be between 1 and min(n_samples, n_features)={min(n, d)}")
        self.mean = X.mean(axis=0)
        U, S, Vt = np.linalg.svd(X - self.mean, full_matrices=False)
        self.components = Vt[:k]
        self.explained_variance = S[:k] ** 2 / (n - 1)
        total = X.var(axis=0, ddof=1).sum()
        if total > 0:
            self.explained_variance_ratio = self.explained_variance / total
        else:
            self.explained_variance_ratio = np.zeros(k)
        return U[:, :k] * S[:k]

    def fit(self, X):
        self._svd(X)
        return self

    def fit_transform(self, X):
        return self._svd(X)

    def transform(self, X):
        return (np.asarray(X, dtype=float) - self.mean) @ self.components.T

    def inverse_transform(self, Z):
        return np.asarray(Z, dtype=float) @ self.components + self.mean
