# expect: correctness=lose
# why: explained_variance_ratio divides the kept variances by their own sum, so it always sums to 1; the statement (and scikit-learn) divide by the total variance of all d features.
# feedback: correctness ~ they sum to 1
import numpy as np


class PCA:
    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        if n < 2 or not 1 <= self.n_components <= min(n, d):
            raise ValueError("bad n_components")
        self.mean = X.mean(axis=0)
        Xc = X - self.mean
        w, V = np.linalg.eigh(Xc.T @ Xc / (n - 1))
        w, V = w[::-1], V[:, ::-1]
        k = self.n_components
        self.components = V[:, :k].T
        self.explained_variance = w[:k]
        kept = w[:k].sum()
        self.explained_variance_ratio = w[:k] / kept if kept > 0 else np.zeros(k)
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
