"""Polynomial regression: polynomial features, then least squares with an intercept.

The statement is problems/polynomial/statement.md; `mlprep start polynomial` writes this stub
with the statement here, in place of this docstring.
"""

import numpy as np


class PolynomialRegression:
    """Least squares on polynomial features, with an intercept.

    Attributes (set by fit): weights (p,), bias float, n_output_features int.
    """

    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def transform(self, X):
        # TODO: return the polynomial features of X, shape (n, p), in the stated column order
        raise NotImplementedError

    def fit(self, X, y):
        # TODO: build the features, solve the least-squares problem (the intercept in bias, weight 0 on
        #       the column of ones), accurate even when the columns differ in size by 1e20
        # TODO: store weights (p,), bias (float) and n_output_features (int), and return the model
        raise NotImplementedError

    def predict(self, X):
        # TODO: return transform(X) @ weights + bias, shape (n,)
        raise NotImplementedError
