# expect: correctness=lose
# why: the covariance is formed as XᵀX/(n − 1) from the raw data, never centred (the mean is stored and used by transform, so only fit is wrong): with a mean far from 0 the first component is the mean direction, and every variance is inflated by the mean's square.
# feedback: correctness ~ points along the mean
# feedback: correctness ~ Centre first
import numpy as np


class PCA:
    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        if n < 2 or not 1 <= self.n_components <= min(n, d):
            raise ValueError("n_components out of range")
        self.mean = X.mean(axis=0)
        cov = X.T @ X / (n - 1)
        values, vectors = np.linalg.eigh(cov)
        idx = np.argsort(values)[::-1][: self.n_components]
        self.components = vectors[:, idx].T
        self.explained_variance = values[idx]
        total = np.trace(cov)
        self.explained_variance_ratio = self.explained_variance / total if total > 0 else np.zeros(len(idx))
        return self

    def transform(self, X):
        return (np.asarray(X, dtype=float) - self.mean) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return np.asarray(Z) @ self.components + self.mean
