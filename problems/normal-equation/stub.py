"""Linear regression in closed form (least squares).

The statement is problems/normal-equation/statement.md; `mlprep start normal-equation` writes this
stub with the statement here, in place of this docstring.
"""

import numpy as np


class NormalEquationRegression:
    """Ordinary least squares with an optional intercept, solved in closed form.

    Attributes (set by fit): weights (d,), bias float (0.0 when fit_intercept is False).
    """

    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        # TODO: compute the minimum-norm least-squares weights (d,) and the bias (a float, not in the norm)
        # TODO: store them as weights and bias, and return the model
        raise NotImplementedError

    def predict(self, X):
        # TODO: return X @ weights + bias for every row of X, shape (n,)
        raise NotImplementedError
