# expect: correctness=lose
# why: no separate intercept: the column of ones plays its part, so with include_bias=True the constant sits in weights[0] and bias stays 0, and with include_bias=False the model has no constant term at all.
# feedback: correctness ~ bias = 0
import itertools

import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        gen = itertools.combinations if self.interaction_only else itertools.combinations_with_replacement
        cols = []
        if self.include_bias:
            cols.append(np.ones(X.shape[0]))
        for k in range(1, self.degree + 1):
            cols += [X[:, list(c)].prod(axis=1) for c in gen(range(X.shape[1]), k)]
        return np.column_stack(cols)

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        s = np.linalg.norm(F, axis=0)                          # equilibrate the columns
        w, *_ = np.linalg.lstsq(F / s, y, rcond=None)
        self.weights = w / s
        self.bias = 0.0                                        # the column of ones is the intercept
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
