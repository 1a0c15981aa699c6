"""K-means clustering with Lloyd's algorithm.

The statement is problems/kmeans/statement.md; `mlprep start kmeans` writes this stub with the
statement here, in place of this docstring.
"""
import numpy as np


class KMeans:
    """K-means clustering (Lloyd's algorithm).

    Attributes (set by fit): centroids (k, d), labels (n,) ints, inertia float,
    loss_history list of floats (the inertia at the start of each iteration run).
    """

    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++",
                 random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def fit(self, X):
        # TODO: choose the initial centroids from `init` (randomness only via random_state)
        # TODO: run Lloyd's iterations: assign, record the inertia, check tol, update
        # TODO: give a cluster with no points a well-defined centroid (see the statement)
        # TODO: set centroids, labels, inertia, loss_history, and return self
        raise NotImplementedError

    def predict(self, X):
        # TODO: return the index of the nearest centroid for each row of X, shape (n,)
        raise NotImplementedError
