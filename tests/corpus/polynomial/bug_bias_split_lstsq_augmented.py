# expect: correctness=lose
# why: lstsq on [1, Φ] with the bias column still inside Φ: the two columns of ones are collinear and the minimum-norm solution splits the constant term half and half between bias and weights[0]; predictions are right, the fitted parameters are not the stated ones.
# feedback: correctness ~ split between
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
        start = 0 if self.include_bias else 1
        idx = [c for k in range(start, self.degree + 1) for c in pick(range(X.shape[1]), k)]
        return np.column_stack([X[:, list(c)].prod(axis=1) for c in idx])

    def fit(self, X, y):
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        A = np.hstack([np.ones((F.shape[0], 1)), F])          # intercept column + features
        scale = np.abs(A).max(axis=0)                         # columns of comparable size
        scale[scale == 0] = 1.0
        theta, *_ = np.linalg.lstsq(A / scale, y, rcond=None)
        theta = theta / scale
        self.bias = float(theta[0])
        self.weights = theta[1:]
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
