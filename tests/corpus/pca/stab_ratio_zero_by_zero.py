# expect: numerical_stability=lose
# why: everything is right on data with any spread, but the ratio is explained_variance / total with no care for a total of 0: on identical rows it divides 0 by 0, which gives NaN and a floating-point warning.
# feedback: numerical_stability ~ NaN
# feedback: numerical_stability ~ dividing 0 by 0
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
        w, V = np.linalg.eigh(Xc.T @ Xc / (n - 1))
        w, V = w[::-1], V[:, ::-1]
        k = self.n_components
        self.components = V[:, :k].T
        self.explained_variance = w[:k]
        self.explained_variance_ratio = w[:k] / w.sum()
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
