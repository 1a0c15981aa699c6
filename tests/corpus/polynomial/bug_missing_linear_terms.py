# expect: correctness=lose
# why: the loop over degrees starts at 2 (the "polynomial" part) and forgets the degree-1 columns x0, …, x(d−1).
# feedback: correctness ~ missing x0, x1
import itertools

import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def transform(self, X):
        X = np.asarray(X, dtype=float)
        combos = itertools.combinations if self.interaction_only else itertools.combinations_with_replacement
        features = [np.ones(len(X))] if self.include_bias else []
        for deg in range(2, self.degree + 1):
            for idx in combos(range(X.shape[1]), deg):
                features.append(np.prod(X[:, idx], axis=1))
        if not features:
            return np.empty((len(X), 0))
        return np.column_stack(features)

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        m = F.mean(axis=0)
        C = F - m
        s = np.linalg.norm(C, axis=0)
        use = s > 1e-12 * np.linalg.norm(F, axis=0)
        w = np.zeros(F.shape[1])
        w[use] = np.linalg.lstsq(C[:, use] / s[use], y - y.mean(), rcond=None)[0] / s[use]
        self.weights, self.bias = w, float(y.mean() - m @ w)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
