# expect: organization=lose
# why: transform keeps the last feature matrix on the model (self.features_), so calling transform or predict changes the fitted object; everything it computes is right.
# feedback: organization ~ changed the model
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
        self.features_ = np.column_stack(cols)                 # keep it for fit
        return self.features_

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        self.transform(X)
        F = self.features_
        mu = F.mean(axis=0)
        Fc = F - mu
        s = np.linalg.norm(Fc, axis=0)
        keep = s > 1e-12 * np.linalg.norm(F, axis=0)
        w = np.zeros(F.shape[1])
        w[keep] = np.linalg.lstsq(Fc[:, keep] / s[keep], y - y.mean(), rcond=None)[0] / s[keep]
        self.weights = w
        self.bias = float(y.mean() - mu @ w)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
