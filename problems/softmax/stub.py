"""Softmax regression by batch gradient descent.

The statement is problems/softmax/statement.md; `mlprep start softmax` writes this stub with the
statement here, in place of this docstring.
"""

import numpy as np


class SoftmaxRegression:
    """Multinomial logistic regression with an L2 penalty on the weights.

    Attributes (set by fit): weights (d, K), bias (K,), loss_history list of floats.
    """

    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        # TODO: K = max(y) + 1; start from zero weights (d, K), zero bias (K,) and an empty loss_history
        # TODO: each iteration: record the objective, apply the stopping rule, take one step
        # TODO: store weights, bias and loss_history, and return the model
        raise NotImplementedError

    def predict_proba(self, X):
        # TODO: return P(y = k | x) for each row of X, shape (n, K), rows summing to 1, finite for any logit
        raise NotImplementedError

    def predict(self, X):
        # TODO: return the most probable class of each row, shape (n,) ints, ties to the smallest class
        raise NotImplementedError
