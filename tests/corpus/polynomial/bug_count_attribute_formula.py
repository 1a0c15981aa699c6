# expect: correctness=lose
# why: the features and the fit are right, but n_output_features is always C(d + degree, degree), which is wrong without the bias column and with interaction_only.
# feedback: correctness ~ n_output_features
from itertools import combinations, combinations_with_replacement
from math import comb

import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        n, d = X.shape
        tuples = combinations if self.interaction_only else combinations_with_replacement
        cols = [np.ones(n)] if self.include_bias else []
        for k in range(1, self.degree + 1):
            for t in tuples(range(d), k):
                cols.append(np.prod(X[:, t], axis=1))
        return np.column_stack(cols)

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        mu = F.mean(axis=0)
        Fc = F - mu
        s = np.linalg.norm(Fc, axis=0)
        live = s > 1e-12 * np.linalg.norm(F, axis=0)
        w = np.zeros(F.shape[1])
        w[live] = np.linalg.lstsq(Fc[:, live] / s[live], y - y.mean(), rcond=None)[0] / s[live]
        self.weights = w
        self.bias = float(y.mean() - mu @ w)
        self.n_output_features = comb(X.shape[1] + self.degree, self.degree)
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
