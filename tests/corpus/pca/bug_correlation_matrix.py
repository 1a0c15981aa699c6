# expect: correctness=lose numerical_stability=lose
# why: decomposes the correlation matrix (np.corrcoef: PCA of standardised features) instead of the covariance, a different algorithm (correctness); and a correlation divides by each feature's standard deviation, so a constant feature gives 0/0, a NaN matrix that eigh cannot decompose (stability).
# feedback: numerical_stability ~ constant feature
# feedback: numerical_stability ~ standard deviation
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
        R = np.atleast_2d(np.corrcoef(X, rowvar=False))
        vals, vecs = np.linalg.eigh(R)
        vals, vecs = vals[::-1], vecs[:, ::-1]
        k = self.n_components
        self.components = vecs[:, :k].T
        self.explained_variance = vals[:k]
        self.explained_variance_ratio = vals[:k] / d          # the trace of a correlation matrix is d
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
