"""Lasso regression by cyclic coordinate descent.

The statement is problems/lasso/statement.md; `mlprep start lasso` writes this stub with the
statement here, in place of this docstring.
"""

import numpy as np


class Lasso:
    """Linear regression with an L1 penalty on the weights, fitted by coordinate descent.

    Attributes (set by fit): weights (d,), bias float, loss_history list of floats.
    """

    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        # TODO: start from zero weights (the bias at its best value) and an empty loss_history
        # TODO: each sweep: record the objective, apply the stopping rule, update every coordinate in turn
        # TODO: store weights, bias and loss_history, and return the model
        raise NotImplementedError

    def predict(self, X):
        # TODO: return X w + b for each row, shape (n,)
        raise NotImplementedError
