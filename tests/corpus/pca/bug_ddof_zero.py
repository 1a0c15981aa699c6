# expect: correctness=lose
# why: SVD of the centred data with the variances taken as S²/n (the population variance, ddof 0) instead of S²/(n − 1); the ratio uses np.var's default ddof 0 too, so it is right, and only explained_variance is off, by (n − 1)/n.
# feedback: correctness ~ instead of n − 1
import numpy as np


class PCA:
    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        k = self.n_components
        if k > min(n, d) or k < 1 or n < 2:
            raise ValueError(f"n_components must be in [1, {min(n, d)}]")
        self.mean = X.mean(axis=0)
        _, S, Vt = np.linalg.svd(X - self.mean, full_matrices=False)
        variances = S ** 2 / n
        self.components = Vt[:k]
        self.explained_variance = variances[:k]
        total = X.var(axis=0).sum()
        self.explained_variance_ratio = variances[:k] / total if total else np.zeros(k)
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        self.fit(X)
        return self.transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
