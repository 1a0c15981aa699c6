# expect: vectorization=lose
# why: transform builds the features one row at a time (a Python loop over samples, with a loop over monomials inside); fit and predict both go through it.
# feedback: vectorization ~ once per sample
import itertools
import math

import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def _monomials(self, d):
        gen = itertools.combinations if self.interaction_only else itertools.combinations_with_replacement
        start = 0 if self.include_bias else 1
        return [m for k in range(start, self.degree + 1) for m in gen(range(d), k)]

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        monos = self._monomials(X.shape[1])
        rows = []
        for x in X:
            rows.append([math.prod(x[i] for i in m) for m in monos])
        return np.array(rows, dtype=float).reshape(len(X), len(monos))

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        mu = F.mean(axis=0)
        Fc = F - mu
        s = np.linalg.norm(Fc, axis=0)
        ok = s > 1e-12 * np.linalg.norm(F, axis=0)
        w = np.zeros(F.shape[1])
        w[ok] = np.linalg.lstsq(Fc[:, ok] / s[ok], y - y.mean(), rcond=None)[0] / s[ok]
        self.weights = w
        self.bias = float(y.mean() - mu @ w)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
