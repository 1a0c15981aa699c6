"""Random forest classifier: bagged CART trees with a random feature subset at every split.

    classes = the sorted distinct labels of y, (K,)
    for b = 1, ..., T:
        S_b    = n row indices drawn uniformly WITH replacement     (bootstrap=False: all n rows)
        tree_b = CART grown on (X[S_b], y[S_b])
    P(x) = (1/T) Σ_b P_b(x)                                          soft voting, (n, K)
    ŷ(x) = classes[argmax_k P_k(x)]                                  ties go to the smallest label

A node of tree b holding the rows S (depth 0 at the root) is split when |S| ≥ min_samples_split,
depth < max_depth, S holds two classes or more, and some feature takes two values on S. Its
candidate features are m of those non-constant features, drawn without replacement at THIS node
(m = ⌊√d⌋ for "sqrt", m = d for None). For each candidate feature and consecutive distinct sorted
values a < b of it on S, the cut is x ≤ t with t = a/2 + b/2 (t = a if that rounds up to b). The
chosen cut minimises

    n_L·G_L + n_R·G_R = n − Σ_k L_k²/n_L − Σ_k R_k²/n_R,      G = 1 − Σ_k p_k²   (Gini)

with L_k, R_k the class counts on each side. A leaf predicts its class proportions (K,).
Every random draw comes from one generator, np.random.default_rng(random_state), made in fit.
"""

import numpy as np


class RandomForestClassifier:
    """Soft-voting random forest of CART trees (Gini impurity).

    Attributes (set by fit): classes (K,) sorted labels; trees, a list of n_estimators trees, each
    a dict of node arrays: feature (−1 at a leaf), threshold, left, right, value (nodes, K).
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
        """Grow n_estimators trees on X (n, d) and labels y (n,). Returns self."""
        X = _check_X(X)
        y = np.asarray(y)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
        if len(X) == 0:
            raise ValueError("X has no rows")
        self._check_hyperparameters()
        n, d = X.shape
        m = self._features_per_split(d)

        classes, index = np.unique(y, return_inverse=True)          # (K,) sorted; (n,) position of yᵢ
        onehot = (index[:, None] == np.arange(len(classes))).astype(float)  # (n, K)
        rng = np.random.default_rng(self.random_state)              # the only source of randomness
        trees = []
        for _ in range(self.n_estimators):
            rows = rng.integers(0, n, size=n) if self.bootstrap else np.arange(n)   # (n,) bootstrap sample
            trees.append(_grow_tree(X[rows], onehot[rows], m, self.max_depth, self.min_samples_split, rng))
        self.classes = classes
        self.trees = trees
        self.n_features = d
        return self

    def predict_proba(self, X):
        """The mean of the trees' leaf class proportions, (n, K); column k is classes[k]."""
        X = self._check_fitted_X(X)
        return np.mean([_tree_proba(tree, X) for tree in self.trees], axis=0)   # (T, n, K) -> (n, K)

    def predict(self, X):
        """Labels (values of `classes`), (n,): argmax takes the first maximum, the smallest label."""
        return self.classes[self.predict_proba(X).argmax(axis=1)]

    # ------------------------------------------------------------------ checks

    def _features_per_split(self, d):
        mf = self.max_features
        if mf is None:
            return d
        if isinstance(mf, str) and mf == "sqrt":
            return max(1, int(np.sqrt(d)))
        if isinstance(mf, (int, np.integer)) and not isinstance(mf, bool) and 1 <= mf <= d:
            return int(mf)
        raise ValueError(f"max_features must be 'sqrt', None or an int in [1, {d}], got {mf!r}")

    def _check_hyperparameters(self):
        if not _is_int(self.n_estimators) or self.n_estimators < 1:
            raise ValueError(f"n_estimators must be a positive int, got {self.n_estimators!r}")
        if self.max_depth is not None and (not _is_int(self.max_depth) or self.max_depth < 1):
            raise ValueError(f"max_depth must be None or a positive int, got {self.max_depth!r}")
        if not _is_int(self.min_samples_split) or self.min_samples_split < 2:
            raise ValueError(f"min_samples_split must be an int >= 2, got {self.min_samples_split!r}")

    def _check_fitted_X(self, X):
        if not hasattr(self, "trees"):
            raise ValueError("this model is not fitted yet: call fit(X, y) first")
        X = _check_X(X)
        if X.shape[1] != self.n_features:
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on {self.n_features}")
        return X


# ---------------------------------------------------------------------- one tree

def _grow_tree(X, onehot, m, max_depth, min_samples_split, rng):
    """CART on the sample (X (s, d), onehot (s, K)), grown node by node from a stack."""
    nodes = {"feature": [], "threshold": [], "left": [], "right": [], "value": []}

    def new_node(rows):
        counts = onehot[rows].sum(axis=0)                           # (K,) class counts
        nodes["value"].append(counts / len(rows))                   # (K,) leaf proportions
        for key, empty in (("feature", -1), ("threshold", 0.0), ("left", -1), ("right", -1)):
            nodes[key].append(empty)
        return len(nodes["value"]) - 1, counts

    root, counts = new_node(np.arange(len(X)))
    stack = [(root, np.arange(len(X)), 0, counts)]
    while stack:                                                    # one iteration per node
        node, rows, depth, counts = stack.pop()
        if (len(rows) < min_samples_split or (max_depth is not None and depth >= max_depth)
                or counts.max() == len(rows)):                      # too small, too deep, or pure
            continue
        split = _best_split(X[rows], onehot[rows], m, rng)
        if split is None:                                           # every feature constant on these rows
            continue
        j, t = split
        goes_left = X[rows, j] <= t
        (left, counts_left), (right, counts_right) = new_node(rows[goes_left]), new_node(rows[~goes_left])
        nodes["feature"][node], nodes["threshold"][node] = j, t
        nodes["left"][node], nodes["right"][node] = left, right
        stack.append((left, rows[goes_left], depth + 1, counts_left))
        stack.append((right, rows[~goes_left], depth + 1, counts_right))
    return {key: np.array(values, dtype=float if key in ("threshold", "value") else int)
            for key, values in nodes.items()}


def _best_split(X, Y, m, rng):
    """(feature, threshold) of the best Gini cut of a node, among m features drawn at this node from
    those that take two values here; None when every feature is constant."""
    s = len(X)
    varying = np.flatnonzero(X.max(axis=0) > X.min(axis=0))         # max > min: no subtraction, no overflow
    if len(varying) == 0:
        return None
    features = rng.choice(varying, size=min(m, len(varying)), replace=False)   # drawn per split
    x = X[:, features]                                              # (s, f)
    order = np.argsort(x, axis=0)                                   # (s, f); equal values are never cut apart
    xs = np.take_along_axis(x, order, axis=0)                       # (s, f) sorted values
    L = np.cumsum(Y[order], axis=0)[:-1]                            # (s−1, f, K) counts left of each cut
    R = Y.sum(axis=0) - L                                           # (s−1, f, K) counts right of it
    n_left = np.arange(1, s, dtype=float)[:, None]                  # (s−1, 1): 1 .. s−1, never 0
    # n_L·G_L + n_R·G_R = s − (Σ_k L_k²/n_L + Σ_k R_k²/n_R): the best cut has the largest score
    score = np.einsum("ifk,ifk->if", L, L) / n_left + np.einsum("ifk,ifk->if", R, R) / (s - n_left)   # (s−1, f)
    score = np.where(xs[1:] > xs[:-1], score, -np.inf)              # only cuts between distinct values
    i, k = np.unravel_index(np.argmax(score), score.shape)
    a, b = xs[i, k], xs[i + 1, k]
    t = a / 2 + b / 2                                               # (a + b)/2 overflows near 1e308
    if t == b:                                                      # a, b adjacent floats: t rounded up
        t = a
    return int(features[k]), float(t)


def _tree_proba(tree, X):
    """Leaf proportions of every row of X, (n, K): all rows descend together, one level per step."""
    node = np.zeros(len(X), dtype=int)                              # (n,) current node of each row
    while True:                                                     # one iteration per tree level
        inner = np.flatnonzero(tree["feature"][node] >= 0)          # rows not yet at a leaf
        if len(inner) == 0:
            return tree["value"][node]
        at = node[inner]
        goes_left = X[inner, tree["feature"][at]] <= tree["threshold"][at]
        node[inner] = np.where(goes_left, tree["left"][at], tree["right"][at])


def _is_int(value):
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _check_X(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_samples, n_features), got {X.ndim}-D")
    return X
