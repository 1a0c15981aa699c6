# expect: numerical_stability=lose
# why: np.linalg.solve instead of inv, on the centred normal equations: better than the inverse, but ΦcᵀΦc still has the squared condition number (about 1e40 at degree 10 on [0, 100]), so the fitted values lose all but a few digits.
# feedback: numerical_stability ~ square of Φ
from itertools import combinations, combinations_with_replacement

import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        make = combinations if self.interaction_only else combinations_with_replacement
        cols = [np.ones(n)] if self.include_bias else []
        for k in range(1, self.degree + 1):
            cols.extend(np.prod(X[:, c], axis=1) for c in make(range(d), k))
        return np.array(cols).T

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        start = 1 if self.include_bias else 0
        mean = F.mean(axis=0)
        Fc = F[:, start:] - mean[start:]
        yc = y - y.mean()
        w = np.linalg.solve(Fc.T @ Fc, Fc.T @ yc)              # no explicit inverse
        self.weights = np.concatenate([np.zeros(start), w])
        self.bias = float(y.mean() - mean @ self.weights)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
