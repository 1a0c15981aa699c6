"""Ridge regression in closed form.

The statement is problems/ridge/statement.md; `mlprep start ridge` writes this stub with the
statement here, in place of this docstring.
"""

import numpy as np


class RidgeRegression:
    """Least squares with an L2 penalty on the weights (not on the bias), solved exactly.

    Attributes (set by fit): weights (d,), bias float.
    """

    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        # TODO: compute the exact minimiser (weights, bias) of the stated objective
        # TODO: store weights (d,) and bias (a float), and return the model
        raise NotImplementedError

    def predict(self, X):
        # TODO: return the predicted target for each row of X, shape (n,)
        raise NotImplementedError
