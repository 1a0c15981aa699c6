# expect: correctness=lose
# why: fit calls np.polyfit on the first column only: a one-variable polynomial, blind to every other feature and to every cross term, with one weight per power instead of one per column of transform(X).
# feedback: correctness ~ has shape (2,)
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
        cols = [np.ones(X.shape[0])] if self.include_bias else []
        for k in range(1, self.degree + 1):
            cols += [X[:, list(c)].prod(axis=1) for c in gen(range(X.shape[1]), k)]
        return np.column_stack(cols)

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        coeffs = np.polyfit(X[:, 0], y, self.degree)           # highest power first
        self.bias = float(coeffs[-1])
        self.weights = coeffs[::-1][1:]                        # x, x², …
        self.n_output_features = self.transform(X[:1]).shape[1]
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return np.polyval(np.r_[self.weights[::-1], self.bias], X[:, 0])
