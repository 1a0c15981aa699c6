# expect: correctness=lose
# why: np.linalg.eigh returns the eigenvalues in ascending order and the attempt keeps its first n_components columns as they come: the directions of SMALLEST variance, smallest first.
# feedback: correctness ~ ascending order
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
        cov = Xc.T @ Xc / (n - 1)
        eigenvalues, eigenvectors = np.linalg.eigh(cov)
        k = self.n_components
        self.components = eigenvectors[:, :k].T
        self.explained_variance = eigenvalues[:k]
        total = eigenvalues.sum()
        self.explained_variance_ratio = eigenvalues[:k] / total if total > 0 else np.zeros(k)
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
