# expect: correctness=lose
# why: fit never checks n_components: asked for more components than min(n, d) it silently keeps the ones that exist (slicing past the end), instead of raising ValueError.
# feedback: correctness ~ raise ValueError when n_components is larger
import numpy as np


class PCA:
    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n = len(X)
        self.mean = X.mean(axis=0)
        _, S, Vt = np.linalg.svd(X - self.mean, full_matrices=False)
        var = S ** 2 / (n - 1)
        self.components = Vt[: self.n_components]
        self.explained_variance = var[: self.n_components]
        total = var.sum()
        self.explained_variance_ratio = self.explained_variance / total if total > 0 else np.zeros_like(self.explained_variance)
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
