# expect: numerical_stability=lose
# why: np.linalg.lstsq on the raw centred features, which is what scikit-learn's LinearRegression does too: its cutoff for small singular values is relative to the largest one, set by x¹⁰ ≈ 1e20, so the directions carried by the small columns are thrown away and the fitted values are wrong in the first digit.
# feedback: numerical_stability ~ cutoff for small singular values
# feedback: numerical_stability !~ normal equations
import itertools

import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        pick = itertools.combinations if self.interaction_only else itertools.combinations_with_replacement
        cols = [np.ones(len(X))] if self.include_bias else []
        for k in range(1, self.degree + 1):
            for c in pick(range(X.shape[1]), k):
                cols.append(X[:, list(c)].prod(axis=1))
        return np.column_stack(cols)

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        x_mean, y_mean = F.mean(axis=0), y.mean()
        self.weights, *_ = np.linalg.lstsq(F - x_mean, y - y_mean, rcond=None)   # min-norm: 0 for the ones
        self.bias = float(y_mean - x_mean @ self.weights)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
