"""k-nearest neighbours classifier.

The statement is problems/knn/statement.md; `mlprep start knn` writes this stub with the statement
here, in place of this docstring.
"""

import numpy as np


class KNNClassifier:
    """k-nearest neighbours with uniform or inverse-distance votes.

    Attributes (set by fit): classes (K,) the sorted distinct labels of y.
    """

    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        # TODO: keep the training data and labels, set classes (sorted distinct labels), return the model
        raise NotImplementedError

    def predict_proba(self, X):
        # TODO: return the vote shares of each row's k nearest training points, shape (n, K), columns as classes
        raise NotImplementedError

    def predict(self, X):
        # TODO: return the label (a value of classes) with the largest vote, shape (n,), ties to the smallest
        raise NotImplementedError
