"""Linear regression by batch gradient descent.

The statement is problems/linear/statement.md; `mlprep start linear` writes this stub with the
statement here, in place of this docstring.
"""

import numpy as np


class LinearRegression:
    """Least-squares linear regression fitted by batch gradient descent.

    Attributes (set by fit): weights (d,), bias float, loss_history list of floats.
    """

    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        # TODO: start from zero weights, zero bias and an empty loss_history
        # TODO: each iteration: record the objective, apply the stopping rule, take one step
        # TODO: store weights, bias and loss_history, and return the model
        raise NotImplementedError

    def predict(self, X):
        # TODO: return the predicted target for each row of X, shape (n,)
        raise NotImplementedError
