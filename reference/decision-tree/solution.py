"""A classification tree grown greedily (CART), with Gini impurity or entropy.

    p_k(S) = |{i ∈ S : yᵢ = classes[k]}| / |S|              class proportions of a node S, (K,)
    G(S) = 1 − Σ_k p_k²                                     Gini impurity
    H(S) = − Σ_k p_k log₂ p_k,  0 · log₂ 0 = 0              entropy, in bits
    split (j, t): L = {i : x_ij <= t},  R = S \\ L,  t a midpoint between consecutive distinct x_ij
    best split = argmin_(j, t)  (|L| I(L) + |R| I(R)) / |S|  the size-weighted impurity of the children

A node is split when it is impure, its depth is below max_depth, it holds at least
min_samples_split samples and some feature takes two values in it. The split search at a node
is whole-array work: each feature sorted once, class counts left of every cut from one cumsum
of the one-hot labels, the impurities of all (m − 1) × d cuts at once. Cost: O(m d (log m + K))
per node of m samples; the Python loops run over nodes (fit) and over levels (predict).
"""

import numpy as np

CRITERIA = ("gini", "entropy")


def _impurity(P, criterion):
    """Impurity of class proportions P (..., K), rows summing to 1: Gini or entropy in bits."""
    if criterion == "gini":
        return 1.0 - np.sum(P * P, axis=-1)
    logs = np.log2(np.where(P > 0, P, 1.0))                 # log₂ 1 = 0 where p = 0: 0 · log 0 = 0
    return -np.sum(P * logs, axis=-1)


def _best_split(X, Y, criterion):
    """The cut of smallest size-weighted child impurity at a node, or None when every feature is
    constant there. X (m, d) the node's rows, Y (m, K) their one-hot labels.
    Returns (feature, threshold)."""
    m = len(X)
    order = np.argsort(X, axis=0)                           # (m, d): each feature sorted once
    Xs = np.take_along_axis(X, order, axis=0)               # (m, d) sorted values
    left = np.cumsum(Y[order], axis=0)[:-1]                 # (m − 1, d, K) counts in L for the cut after row i
    right = Y.sum(axis=0) - left                            # (m − 1, d, K) counts in R
    n_left = np.arange(1, m)[:, None]                       # (m − 1, 1) |L|, the same for every feature
    n_right = m - n_left                                    # (m − 1, 1) |R|
    weighted = (n_left * _impurity(left / n_left[..., None], criterion)
                + n_right * _impurity(right / n_right[..., None], criterion)) / m       # (m − 1, d)
    weighted = np.where(Xs[1:] > Xs[:-1], weighted, np.inf)  # a cut only between distinct values
    i, j = np.unravel_index(np.argmin(weighted), weighted.shape)
    if not np.isfinite(weighted[i, j]):
        return None
    return int(j), 0.5 * (Xs[i, j] + Xs[i + 1, j])          # the midpoint of the gap


class DecisionTreeClassifier:
    """A CART classification tree.

    Attributes (set by fit): classes (K,) sorted labels, depth int (a root-only tree has depth 0),
    n_leaves int; the tree itself as parallel node arrays (node 0 is the root; a leaf has left = −1).
    """

    def __init__(self, max_depth=None, min_samples_split=2, criterion="gini"):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.criterion = criterion

    def fit(self, X, y):
        """Grow the tree on X (n, d) and labels y (n,), any integers. Returns self."""
        X = _check_X(X)
        y = np.asarray(y)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
        if len(X) == 0:
            raise ValueError("fit needs at least one sample")
        self._check_hyperparameters()
        max_depth = np.inf if self.max_depth is None else self.max_depth

        self.classes, codes = np.unique(y, return_inverse=True)            # (K,), (n,)
        Y = (codes[:, None] == np.arange(len(self.classes))).astype(float)  # (n, K) one-hot
        feature, threshold, left, right, counts, depths = [], [], [], [], [], []

        def new_node(rows, depth):
            feature.append(0)
            threshold.append(0.0)
            left.append(-1)
            right.append(-1)
            counts.append(Y[rows].sum(axis=0))             # (K,) class counts at the node
            depths.append(depth)
            return len(counts) - 1

        stack = [(new_node(np.arange(len(X)), 0), np.arange(len(X)))]
        while stack:                                        # one iteration per node
            node, rows = stack.pop()
            depth = depths[node]
            if (np.count_nonzero(counts[node]) < 2 or depth >= max_depth
                    or len(rows) < self.min_samples_split):
                continue                                    # pure, at max_depth, or too small: a leaf
            split = _best_split(X[rows], Y[rows], self.criterion)
            if split is None:
                continue                                    # every feature constant here: a leaf
            j, t = split
            goes_left = X[rows, j] <= t
            feature[node], threshold[node] = j, t
            left[node] = new_node(rows[goes_left], depth + 1)
            right[node] = new_node(rows[~goes_left], depth + 1)
            stack += [(left[node], rows[goes_left]), (right[node], rows[~goes_left])]

        self._feature, self._threshold = np.array(feature), np.array(threshold)
        self._left, self._right = np.array(left), np.array(right)
        counts = np.array(counts)                                           # (nodes, K)
        self._proba = counts / counts.sum(axis=1, keepdims=True)           # class proportions per node
        is_leaf = self._left < 0
        self._n_features = X.shape[1]
        self.depth = int(np.max(depths))
        self.n_leaves = int(is_leaf.sum())
        return self

    def predict_proba(self, X):
        """Class proportions of the leaf each row falls in, (n, K), columns in the order of classes."""
        X = self._check_fitted_X(X)
        return self._proba[self._leaf_of(X)]

    def predict(self, X):
        """The most frequent label of each row's leaf, (n,); a tie goes to the smallest label."""
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]

    def _leaf_of(self, X):
        """Route every row down at once, one tree level per step: (n,) leaf indices."""
        node = np.zeros(len(X), dtype=int)                                  # every row at the root
        rows = np.arange(len(X))
        for _ in range(self.depth):
            goes_left = X[rows, self._feature[node]] <= self._threshold[node]
            child = np.where(goes_left, self._left[node], self._right[node])
            node = np.where(self._left[node] < 0, node, child)              # a leaf keeps its rows
        return node

    def _check_hyperparameters(self):
        if self.criterion not in CRITERIA:
            raise ValueError(f"criterion must be one of {CRITERIA}, got {self.criterion!r}")
        if self.max_depth is not None and (not isinstance(self.max_depth, (int, np.integer)) or self.max_depth < 0):
            raise ValueError(f"max_depth must be None or a non-negative int, got {self.max_depth!r}")
        if not isinstance(self.min_samples_split, (int, np.integer)) or self.min_samples_split < 2:
            raise ValueError(f"min_samples_split must be an int >= 2, got {self.min_samples_split!r}")

    def _check_fitted_X(self, X):
        if not hasattr(self, "_proba"):
            raise ValueError("this model is not fitted yet: call fit(X, y) first")
        X = _check_X(X)
        if X.shape[1] != self._n_features:
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on {self._n_features}")
        return X


def _check_X(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_samples, n_features), got {X.ndim}-D")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains NaN or inf")
    return X
