# expect: error=yes all=zero
# why: delegates to sklearn.cluster.KMeans; importing scikit-learn is forbidden in an attempt.
import numpy as np
from sklearn.cluster import KMeans as _SK


class KMeans:
    def __init__(self, n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None):
        self.n_clusters = n_clusters
        self.n_iterations = n_iterations
        self.tol = tol
        self.init = init
        self.random_state = random_state

    def fit(self, X):
        init = self.init if isinstance(self.init, str) else np.asarray(self.init)
        self._sk = _SK(n_clusters=self.n_clusters, init=init, n_init=1, max_iter=self.n_iterations,
                       tol=0, random_state=self.random_state, algorithm="lloyd").fit(X)
        self.centroids = self._sk.cluster_centers_
        self.labels = self._sk.labels_
        self.inertia = float(self._sk.inertia_)
        self.loss_history = [self.inertia]
        return self

    def predict(self, X):
        return self._sk.predict(X)
