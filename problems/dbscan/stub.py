"""DBSCAN: density-based clustering.

The statement is problems/dbscan/statement.md; `mlprep start dbscan` writes this stub with the
statement here, in place of this docstring.
"""

import numpy as np


class DBSCAN:
    """DBSCAN clustering with Euclidean distance.

    Attributes (set by fit): labels (n,) ints, -1 for noise and 0..C-1 for the clusters;
    core_sample_indices (n_core,) ints, the indices of the core points in increasing order.
    """

    def __init__(self, eps=0.5, min_samples=5):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        # TODO: find every point's eps-neighbourhood (distance <= eps) and the core points
        # TODO: grow each cluster from a core point: core points extend it, border points only join
        # TODO: set labels (-1 for noise, clusters 0..C-1) and core_sample_indices, and return the model
        raise NotImplementedError

    def fit_predict(self, X):
        # TODO: fit on X and return the labels, shape (n,)
        raise NotImplementedError
