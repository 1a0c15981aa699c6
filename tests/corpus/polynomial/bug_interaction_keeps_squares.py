# expect: correctness=lose
# why: interaction_only is implemented as "drop the pure powers x_j^k", so mixed terms that repeat a feature (x0²·x1) stay; with degree 2 the result is right, from degree 3 on it is not.
# feedback: correctness ~ not allowed x0²·x1
from itertools import combinations_with_replacement

import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def _monomials(self, d):
        out = []
        for k in range(1, self.degree + 1):
            for idx in combinations_with_replacement(range(d), k):
                pure_power = k > 1 and len(set(idx)) == 1
                if self.interaction_only and pure_power:
                    continue
                out.append(idx)
        return out

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        F = np.column_stack([X[:, list(m)].prod(axis=1) for m in self._monomials(X.shape[1])])
        if self.include_bias:
            F = np.column_stack([np.ones(len(X)), F])
        return F

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        mu = F.mean(axis=0)
        Fc = F - mu
        s = np.linalg.norm(Fc, axis=0)
        nz = s > 1e-12 * np.linalg.norm(F, axis=0)
        w = np.zeros(F.shape[1])
        w[nz] = np.linalg.lstsq(Fc[:, nz] / s[nz], y - y.mean(), rcond=None)[0] / s[nz]
        self.weights = w
        self.bias = float(y.mean() - mu @ w)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
