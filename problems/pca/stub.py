"""Principal component analysis.

The statement is problems/pca/statement.md; `mlprep start pca` writes this stub with the
statement here, in place of this docstring.
"""

import numpy as np


class PCA:
    """Principal component analysis keeping the n_components directions of largest variance.

    Attributes (set by fit): components (n_components, d), explained_variance (n_components,),
    explained_variance_ratio (n_components,), mean (d,).
    """

    def __init__(self, n_components=2):
        self.n_components = n_components

    def fit(self, X):
        # TODO: check n_components (an integer from 1 to min(n, d)) and n >= 2, else raise ValueError
        # TODO: store mean, components (rows), explained_variance and explained_variance_ratio
        # TODO: return the model
        raise NotImplementedError

    def fit_transform(self, X):
        # TODO: fit on X, then return the coordinates of X's rows on the components, shape (n, n_components)
        raise NotImplementedError

    def transform(self, X):
        # TODO: return the coordinates of the rows of X on the components, shape (m, n_components)
        raise NotImplementedError

    def inverse_transform(self, Z):
        # TODO: return the points of feature space with coordinates Z, shape (m, d)
        raise NotImplementedError
