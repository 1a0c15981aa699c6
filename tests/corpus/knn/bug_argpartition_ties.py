# expect: correctness=lose
# why: np.argpartition picks the k nearest without a full sort, but leaves tied distances in no particular order and nothing re-sorts them: a tie at the k-th distance is not resolved toward the lower training index.
# feedback: correctness ~ argpartition
import numpy as np


class KNNClassifier:
    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        if not 0 < self.k <= len(X):
            raise ValueError("k must be in 1..n_samples")
        self.classes, self._lab = np.unique(np.asarray(y), return_inverse=True)
        self._X = X.copy()
        self._n2 = np.einsum("ij,ij->i", X, X)
        return self

    def predict_proba(self, X):
        Q = np.asarray(X, dtype=float)
        rank_key = self._n2 - 2.0 * Q @ self._X.T
        nn = np.argpartition(rank_key, self.k - 1, axis=1)[:, : self.k]
        dist = np.linalg.norm(Q[:, None, :] - self._X[nn], axis=-1)
        if self.weights == "distance":
            z = dist == 0
            w = np.where(z.any(1, keepdims=True), z * 1.0, 1.0 / np.where(z, 1.0, dist))
        else:
            w = np.ones_like(dist)
        K = len(self.classes)
        votes = np.einsum("nk,nkc->nc", w, (self._lab[nn][..., None] == np.arange(K)).astype(float))
        return votes / votes.sum(1, keepdims=True)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(1)]
