"""K-means clustering with Lloyd's algorithm.

Build a KMeans class that splits the rows of X (n_samples, n_features) into
n_clusters groups by minimising the inertia, the sum of squared distances from
each point to the centroid of its cluster:

    inertia(C) = Σ_i ||x_i − c_{label_i}||²,   label_i = argmin_j ||x_i − c_j||²

Lloyd's algorithm alternates two steps. Iteration t (t = 0, 1, ...) with
centroids C_t, shape (k, d):

    1. assign   label_i = argmin_j ||x_i − c_j||²       ties go to the lowest j
    2. record   inertia_t = Σ_i ||x_i − c_{label_i}||²   append it to loss_history
    3. stop     if t > 0 and |inertia_{t−1} − inertia_t| < tol
    4. update   c_j ← mean of the points with label j   for every cluster j
                a cluster with no points keeps its previous centroid

So loss_history[t] is the inertia at the centroids at the START of iteration t:
loss_history[0] is the inertia of the initial centroids. At most n_iterations
iterations run. tol is an ABSOLUTE change in inertia (scikit-learn's tol is
relative to the data's variance; this one is not), and tol=0 runs all
n_iterations. After the loop, `labels` and `inertia` are recomputed from the
final `centroids`, so the three always agree.

Initial centroids C_0, from `init`:
    "random"      n_clusters distinct rows of X, chosen uniformly.
    "k-means++"   the first centre is a row chosen uniformly; each next centre is
                  row i with probability D(x_i)² / Σ_m D(x_m)², where D(x) is the
                  distance from x to the nearest centre chosen so far (if every
                  D is 0, choose uniformly).
    an array      (n_clusters, n_features) starting centroids, used as given.
Randomness comes only from rng = np.random.default_rng(self.random_state),
created inside fit, so equal random_state gives equal models.

Cluster numbering is free: any permutation of the cluster indices is accepted
(the natural choice is that cluster j is the one that started at init[j]).

Contract
    KMeans(n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None)
    fit(X)       learns from X (n, d); returns self
    predict(X)   index of the nearest centroid for each row, ints of shape (n,)
    fitted attributes
        centroids      (n_clusters, d) floats
        labels         (n,) ints, the cluster of each training row
        inertia        float, the inertia at `centroids`
        loss_history   list of floats, one per iteration run (see above)

Traps worth thinking about
    - What happens to a cluster that loses all its points?
    - ||x − c||² = ||x||² − 2 x·c + ||c||² is fast, but with large coordinates
      (x ≈ 10⁴) the subtraction cancels and can give a small negative number.
    - Compute all n × k distances at once; a Python loop over the k clusters is
      fine, a loop over the n samples is not.
    - fit must not modify X, nor the init array you were given.
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
