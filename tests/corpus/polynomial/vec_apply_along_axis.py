# expect: vectorization=lose
# why: the features of each row come from np.apply_along_axis, which calls a Python function once per sample (the loop is hidden, not gone).
# feedback: vectorization ~ per sample
from itertools import combinations, combinations_with_replacement

import numpy as np


class PolynomialRegression:
    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def _expand(self, x):
        pick = combinations if self.interaction_only else combinations_with_replacement
        feats = [1.0] if self.include_bias else []
        for k in range(1, self.degree + 1):
            feats.extend(np.prod(x[list(c)]) for c in pick(range(x.size), k))
        return np.array(feats)

    def transform(self, X):
        return np.apply_along_axis(self._expand, 1, np.asarray(X, dtype=float))

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        mean = F.mean(axis=0)
        Fc = F - mean
        norms = np.linalg.norm(Fc, axis=0)
        norms[norms <= 1e-12 * np.linalg.norm(F, axis=0)] = np.inf    # constant columns: weight 0
        v, *_ = np.linalg.lstsq(Fc / norms, y - y.mean(), rcond=None)
        self.weights = v / norms
        self.bias = float(y.mean() - mean @ self.weights)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
