# expect: correctness=lose
# why: the kept eigenvectors are stored as eigh returns them, as the COLUMNS of a (d, n_components) matrix; transform and inverse_transform use that matrix consistently (Xc @ W, Z @ W.T), so their numbers are right and only the stated shape of `components` is broken.
# feedback: correctness ~ stored as columns
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
        vals, vecs = np.linalg.eigh(Xc.T @ Xc / (n - 1))
        order = np.argsort(vals)[::-1][: self.n_components]
        self.components = vecs[:, order]                  # (d, k)
        self.explained_variance = vals[order]
        total = vals.sum()
        self.explained_variance_ratio = vals[order] / total if total > 0 else 0 * vals[order]
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components.T + self.mean
