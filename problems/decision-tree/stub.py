"""Decision tree classifier (CART).

The statement is problems/decision-tree/statement.md; `mlprep start decision-tree` writes this stub
with the statement here, in place of this docstring.
"""

import numpy as np


class DecisionTreeClassifier:
    """A classification tree grown greedily with Gini impurity or entropy.

    Attributes (set by fit): classes (K,) sorted labels, depth int (a root-only tree has depth 0),
    n_leaves int; the tree itself is stored however you like.
    """

    def __init__(self, max_depth=None, min_samples_split=2, criterion="gini"):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.criterion = criterion

    def fit(self, X, y):
        # TODO: set classes, and start a new, empty tree
        # TODO: grow it node by node: leaf or split (the four conditions), the best split of each node
        #       scored for every feature and every midpoint at once
        # TODO: set depth and n_leaves, and return the model
        raise NotImplementedError

    def predict_proba(self, X):
        # TODO: route every row to its leaf and return the leaf's class proportions, shape (m, K)
        raise NotImplementedError

    def predict(self, X):
        # TODO: return the label with the largest proportion for each row, shape (m,)
        raise NotImplementedError
