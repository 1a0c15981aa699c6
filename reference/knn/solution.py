"""k-nearest-neighbours classifier, brute force.

    D[i, j] = ||q_i − x_j||                          Euclidean distance, query i to training row j
    N(i)    = the k training rows with the smallest D[i, j]; a tie at the k-th distance goes to
              the lower training index (what a stable sort gives)
    w[i, j] = 1                                      weights="uniform"
    w[i, j] = 1 / D[i, j]                            weights="distance", and if some D[i, j] = 0
            = [D[i, j] = 0]                          in N(i), only those neighbours vote, equally
    V[i, c] = Σ_{j ∈ N(i), y_j = classes[c]} w[i, j] votes, (n, K)
    P[i, c] = V[i, c] / Σ_c' V[i, c']                predict_proba, (n, K)
    ŷ_i     = classes[argmax_c P[i, c]]              a vote tie goes to the smallest label

Ranking needs no square root and no ||q||²: R[i, j] = ||x_j||² − 2 q_i·x_j orders each row like
D², with one matrix product. That expansion cancels badly when distances are small next to the
coordinates (it can even go negative), so the k distances that are used as weights are then
measured from the differences q_i − x_j. Cost: O(n m d) for n queries and m training rows,
computed in blocks of rows so the (n, m) matrix never has to fit in memory at once.
"""

import numpy as np

BLOCK = 2 ** 21  # entries of one block of the query × training matrix (16 MB of float64)


class KNNClassifier:
    """k-nearest-neighbours classifier with uniform or inverse-distance votes.

    Attributes (set by fit): classes (K,) the sorted distinct labels of y.
    """

    def __init__(self, k=5, weights="uniform"):
        self.k = k
        self.weights = weights

    def fit(self, X, y):
        """Remember the training data X (m, d) and labels y (m,) (any integers). Returns self."""
        X = _check_X(X)
        y = np.asarray(y)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
        if not 1 <= self.k <= len(X):
            raise ValueError(f"k must be between 1 and the number of training rows ({len(X)}), got {self.k}")
        if self.weights not in ("uniform", "distance"):
            raise ValueError(f"weights must be 'uniform' or 'distance', got {self.weights!r}")
        self.classes, self._label_index = np.unique(y, return_inverse=True)  # (K,) sorted; (m,) positions
        self._X = X.copy()                                        # (m, d) our own copy of the data
        self._sq_norms = np.einsum("ij,ij->i", X, X)               # (m,) ||x_j||²
        return self

    def predict_proba(self, X):
        """P[i, c]: the share of the (weighted) votes of query i's neighbours for classes[c], (n, K)."""
        Q = self._check_fitted_X(X)
        rows = max(1, BLOCK // len(self._X))                       # queries per block
        return np.concatenate([self._proba(Q[s:s + rows]) for s in range(0, len(Q), rows)])

    def predict(self, X):
        """The label with the most (weighted) votes, ties to the smallest label, (n,)."""
        return self.classes[self.predict_proba(X).argmax(axis=1)]  # argmax takes the first maximum

    def _proba(self, Q):
        idx = self._nearest(Q)                                     # (n, k) training rows
        dist = np.sqrt(((Q[:, None, :] - self._X[idx]) ** 2).sum(axis=2))  # (n, k) from differences
        w = self._vote_weights(dist)                               # (n, k)
        onehot = self._label_index[idx][:, :, None] == np.arange(len(self.classes))  # (n, k, K)
        votes = np.einsum("nk,nkc->nc", w, onehot)                 # (n, K) V
        return votes / votes.sum(axis=1, keepdims=True)            # (n, K) P

    def _nearest(self, Q):
        """The k nearest training rows of each query, ties at the k-th distance to the lower index."""
        k = self.k
        R = Q @ self._X.T                                          # (n, m) q·x
        R *= -2.0
        R += self._sq_norms                                        # R = ||x||² − 2 q·x = D² − ||q||²: D's order
        idx = np.argpartition(R, k - 1, axis=1)[:, :k]             # the k smallest, in no particular order
        kth = np.take_along_axis(R, idx, axis=1).max(axis=1, keepdims=True)  # (n, 1) the k-th smallest
        straddles = np.count_nonzero(R <= kth, axis=1) > k         # rows with a tie across the k-th place
        if straddles.any():                                        # a stable sort settles those rows
            idx[straddles] = np.argsort(R[straddles], axis=1, kind="stable")[:, :k]
        return idx

    def _vote_weights(self, dist):
        if self.weights == "uniform":
            return np.ones_like(dist)
        zero = dist == 0.0                                         # exact matches
        inverse = 1.0 / np.where(zero, 1.0, dist)                  # 1/d, never 1/0
        return np.where(zero.any(axis=1, keepdims=True), zero, inverse)

    def _check_fitted_X(self, X):
        if not hasattr(self, "classes"):
            raise ValueError("this model is not fitted yet: call fit(X, y) first")
        X = _check_X(X)
        if X.shape[1] != self._X.shape[1]:
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on {self._X.shape[1]}")
        return X


def _check_X(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_samples, n_features), got {X.ndim}-D")
    if len(X) == 0:
        raise ValueError("X has no rows")
    return X
