# expect: numerical_stability=lose
# why: the textbook closed form w = (AᵀA)⁻¹Aᵀy on [1, Φ]: exact on well-scaled data, but forming AᵀA squares a condition number of 1e20, and the explicit inverse of that matrix loses every digit of the fit at degree 10 on x in [0, 100].
# feedback: numerical_stability ~ normal equations
# feedback: numerical_stability !~ cutoff
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
        y = np.asarray(y, dtype=float)
        F = self.transform(X)
        G = F[:, 1:] if self.include_bias else F              # the intercept replaces the column of ones
        A = np.hstack([np.ones((len(G), 1)), G])
        theta = np.linalg.inv(A.T @ A) @ A.T @ y               # normal equations
        self.bias = float(theta[0])
        self.weights = np.r_[0.0, theta[1:]] if self.include_bias else theta[1:]
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        return self.transform(X) @ self.weights + self.bias
