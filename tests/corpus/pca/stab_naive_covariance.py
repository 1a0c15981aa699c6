# expect: numerical_stability=lose
# why: the covariance is computed with the one-pass shortcut E[xxᵀ] − μμᵀ (XᵀX/n − outer(mean, mean), rescaled to ddof 1), and the total variance as its trace: exact on paper and to 1e-14 on ordinary data, but around 1e8 it subtracts numbers near 1e16 whose doubles are 2 apart, so the variances near 1 come out as noise.
# feedback: numerical_stability ~ around 1e8
# feedback: numerical_stability ~ Subtract the mean from X first
import numpy as np


class PCA:
    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        if n < 2 or not 1 <= self.n_components <= min(n, d):
            raise ValueError("n_components must be between 1 and min(n, d)")
        mu = X.mean(axis=0)
        second_moment = X.T @ X / n
        cov = (second_moment - np.outer(mu, mu)) * n / (n - 1)
        lam, V = np.linalg.eigh(cov)
        lam, V = lam[::-1], V[:, ::-1]
        k = self.n_components
        self.mean = mu
        self.components = V[:, :k].T
        self.explained_variance = np.maximum(lam[:k], 0.0)
        total = np.trace(cov)
        self.explained_variance_ratio = self.explained_variance / total if total > 0 else np.zeros(k)
        return self

    def transform(self, X):
        return (X - self.mean) @ self.components.T

    def fit_transform(self, X):
        return self.fit(X).transform(X)

    def inverse_transform(self, Z):
        return Z @ self.components + self.mean
