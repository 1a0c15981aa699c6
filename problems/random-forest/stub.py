"""Random forest classifier.

The statement is problems/random-forest/statement.md; `mlprep start random-forest` writes this stub
with the statement here, in place of this docstring.
"""

import numpy as np


class RandomForestClassifier:
    """Soft-voting random forest of CART trees (Gini impurity).

    Attributes (set by fit): classes (K,) the sorted distinct labels of y; trees, a list of the
    n_estimators fitted trees (in any form you like).
    """

    def __init__(self, n_estimators=10, max_depth=None, min_samples_split=2, max_features="sqrt",
                 bootstrap=True, random_state=None):
        self.n_estimators = n_estimators
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.random_state = random_state

    def fit(self, X, y):
        # TODO: set classes, make one generator from random_state, grow n_estimators trees (each on its
        # own bootstrap sample, drawing candidate features at every split), store them in trees, return the model
        raise NotImplementedError

    def predict_proba(self, X):
        # TODO: return the mean of the trees' leaf class proportions, shape (n, K), columns as classes
        raise NotImplementedError

    def predict(self, X):
        # TODO: return the label (a value of classes) with the largest mean probability, shape (n,), ties to the smallest
        raise NotImplementedError
