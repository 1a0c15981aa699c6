# expect: correctness=lose
# why: itertools.product(range(d), repeat=k) lists ordered tuples, so x0·x1 and x1·x0 both become columns: too many features, each cross term repeated.
# feedback: correctness ~ repeated
from itertools import product

import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        cols = [np.ones(n)] if self.include_bias else []
        for k in range(1, self.degree + 1):
            for idx in product(range(d), repeat=k):
                if self.interaction_only and len(set(idx)) < k:
                    continue
                cols.append(X[:, idx].prod(axis=1))
        return np.stack(cols, axis=1)

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        mean = F.mean(axis=0)
        Fc = F - mean
        s = np.sqrt((Fc ** 2).sum(axis=0))
        s[s == 0] = 1.0
        v, *_ = np.linalg.lstsq(Fc / s, y - y.mean(), rcond=None)
        self.weights = v / s
        self.bias = float(y.mean() - mean @ self.weights)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
