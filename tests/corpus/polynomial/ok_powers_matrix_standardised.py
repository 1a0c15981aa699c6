# expect: correctness=full vectorization=full numerical_stability=full organization=full
# why: an exponent matrix P (p, d) from the index tuples and a table of powers x_j^k (k ≤ degree); each feature is the product over j of the table looked up at P[:, j], by fancy indexing; then StandardScaler-style standardisation (std 1 for the constant column), lstsq, and the weights divided back by the standard deviations.
from itertools import combinations, combinations_with_replacement

import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def _powers(self, d):
        choose = combinations if self.interaction_only else combinations_with_replacement
        first = 0 if self.include_bias else 1
        tuples = [t for k in range(first, self.degree + 1) for t in choose(range(d), k)]
        return np.array([np.bincount(np.array(t, dtype=int), minlength=d) for t in tuples]).reshape(-1, d)

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        d = X.shape[1]
        P = self._powers(d)                                                   # (p, d) exponents
        table = X.T[:, None, :] ** np.arange(self.degree + 1)[None, :, None]  # (d, degree+1, n): x_j^k
        return np.prod(table[np.arange(d)[:, None], P.T, :], axis=0).T        # (n, p)

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        mean = F.mean(axis=0)
        std = F.std(axis=0)
        constant = std <= 1e-12 * np.abs(F).max(axis=0)
        std[constant] = 1.0
        Z = (F - mean) / std
        Z[:, constant] = 0.0
        coef, *_ = np.linalg.lstsq(Z, y - y.mean(), rcond=None)
        self.weights = coef / std
        self.bias = float(y.mean() - mean @ self.weights)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
