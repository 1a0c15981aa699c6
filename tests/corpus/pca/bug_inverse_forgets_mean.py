# expect: correctness=lose
# why: inverse_transform maps the coordinates back with the components but never adds the training mean, so every reconstruction is shifted by −mean.
# feedback: correctness ~ forgets to add the mean back
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
        centred = X - self.mean
        U, S, Vt = np.linalg.svd(centred, full_matrices=False)
        k = self.n_components
        self.components = Vt[:k]
        self.explained_variance = S[:k] ** 2 / (n - 1)
        total = (centred ** 2).sum() / (n - 1)
        self.explained_variance_ratio = self.explained_variance / total if total > 0 else np.zeros(k)
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components
