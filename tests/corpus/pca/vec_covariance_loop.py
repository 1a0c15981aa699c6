# expect: vectorization=lose
# why: the covariance is accumulated one sample at a time, C += outer(xᵢ − mean, xᵢ − mean) in a Python loop over the rows: the numbers are exactly the centred covariance, but fit runs Python code once per sample.
# feedback: vectorization ~ once per sample
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
        cov = np.zeros((d, d))
        for row in X:
            centred = row - self.mean
            cov += np.outer(centred, centred)
        cov /= n - 1
        vals, vecs = np.linalg.eigh(cov)
        order = np.argsort(vals)[::-1]
        vals, vecs = np.clip(vals[order], 0, None), vecs[:, order]
        k = self.n_components
        self.components = vecs[:, :k].T
        self.explained_variance = vals[:k]
        total = vals.sum()
        self.explained_variance_ratio = vals[:k] / total if total > 0 else np.zeros(k)
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
