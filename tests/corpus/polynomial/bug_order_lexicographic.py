# expect: correctness=lose
# why: all monomials are there, once each, but sorted as index tuples (1, x0, x0², x0³, x0²·x1, …) instead of degree by degree, so the columns and the weights are in the wrong order.
# feedback: correctness ~ where the statement puts
from itertools import combinations, combinations_with_replacement

import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def _terms(self, d):
        pick = combinations if self.interaction_only else combinations_with_replacement
        terms = [t for k in range(1, self.degree + 1) for t in pick(range(d), k)]
        terms.sort()                              # tidy: group the terms by their first feature
        return ([()] if self.include_bias else []) + terms

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        cols = [np.prod(X[:, list(t)], axis=1) for t in self._terms(X.shape[1])]
        return np.column_stack(cols)

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        mu = F.mean(axis=0)
        Fc = F - mu
        scale = Fc.std(axis=0)
        scale[scale < 1e-12 * np.abs(F).max(axis=0)] = np.inf        # constant column: weight 0
        coef, *_ = np.linalg.lstsq(Fc / scale, y - y.mean(), rcond=None)
        self.weights = coef / scale
        self.bias = float(y.mean() - mu @ self.weights)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
