# expect: all=full
# why: another legal style: each tree is a small object holding arrays of node fields, grown breadth first from a queue; every candidate feature of a node is scored at once on an (s, m, K) array of cumulative counts with Σ p(1 − p) as the Gini impurity; the bootstrap comes from rng.integers and the candidates from rng.choice(..., replace=False); prediction moves every row one level per step for a fixed number of levels (the tree's depth). `trees` holds objects, not dicts.
from collections import deque

import numpy as np


class _Tree:
    def __init__(self, feature, threshold, left, right, value, depth):
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.value = value
        self.depth = depth

    def proba(self, X):
        node = np.zeros(len(X), dtype=int)
        rows = np.arange(len(X))
        for _ in range(self.depth):
            f = self.feature[node]
            inner = f >= 0
            go_left = X[rows, np.where(inner, f, 0)] <= self.threshold[node]
            node = np.where(inner, np.where(go_left, self.left[node], self.right[node]), node)
        return self.value[node]


def _n_candidates(max_features, d):
    if max_features is None:
        return d
    if max_features == "sqrt":
        return max(1, int(np.floor(np.sqrt(d))))
    if 1 <= max_features <= d:
        return max_features
    raise ValueError("max_features must be 'sqrt', None or an int between 1 and the number of features")


def _best_cut(X, Y, features):
    """Best (feature, threshold) over the given features, all scored at once."""
    s = len(X)
    order = np.argsort(X[:, features], axis=0)                      # (s, m)
    xs = np.take_along_axis(X[:, features], order, axis=0)           # (s, m)
    left = np.cumsum(Y[order], axis=0)[:-1]                          # (s-1, m, K)
    right = Y.sum(axis=0) - left
    n_left = left.sum(axis=2)                                        # (s-1, m), never 0
    n_right = right.sum(axis=2)
    p_left = left / n_left[:, :, None]
    p_right = right / n_right[:, :, None]
    cost = n_left * (p_left * (1 - p_left)).sum(axis=2) + n_right * (p_right * (1 - p_right)).sum(axis=2)
    cost[xs[1:] == xs[:-1]] = np.inf
    i, k = np.unravel_index(np.argmin(cost), cost.shape)
    a, b = xs[i, k], xs[i + 1, k]
    t = a / 2 + b / 2
    return features[k], (a if t == b else t)


class RandomForestClassifier:
    def __init__(self, n_estimators=10, max_depth=None, min_samples_split=2, max_features="sqrt",
                 bootstrap=True, random_state=None):
        self.n_estimators = n_estimators
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.random_state = random_state

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.classes, pos = np.unique(np.asarray(y), return_inverse=True)
        Y = np.zeros((len(X), len(self.classes)))
        Y[np.arange(len(X)), pos] = 1.0
        m = _n_candidates(self.max_features, X.shape[1])
        rng = np.random.default_rng(self.random_state)
        self.trees = []
        for _ in range(self.n_estimators):
            rows = rng.integers(len(X), size=len(X)) if self.bootstrap else np.arange(len(X))
            self.trees.append(self._one_tree(X[rows], Y[rows], m, rng))
        return self

    def _one_tree(self, X, Y, m, rng):
        feature, threshold, left, right, value = [-1], [0.0], [-1], [-1], [Y.mean(axis=0)]
        queue = deque([(0, np.arange(len(X)), 0)])
        deepest = 0
        while queue:
            node, rows, depth = queue.popleft()
            deepest = max(deepest, depth)
            counts = Y[rows].sum(axis=0)
            if (self.max_depth is not None and depth >= self.max_depth) or len(rows) < self.min_samples_split \
                    or np.sum(counts > 0) < 2:
                continue
            Xn = X[rows]
            varying = np.flatnonzero(Xn.min(axis=0) < Xn.max(axis=0))
            if len(varying) == 0:
                continue
            chosen = rng.choice(varying, size=min(m, len(varying)), replace=False)
            j, t = _best_cut(Xn, Y[rows], chosen)
            goes_left = Xn[:, j] <= t
            feature[node], threshold[node] = j, t
            for side, part in ((left, rows[goes_left]), (right, rows[~goes_left])):
                side[node] = len(feature)
                feature.append(-1)
                threshold.append(0.0)
                left.append(-1)
                right.append(-1)
                value.append(Y[part].mean(axis=0))
                queue.append((side[node], part, depth + 1))
        return _Tree(np.array(feature), np.array(threshold), np.array(left), np.array(right), np.array(value), deepest)

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        return sum(tree.proba(X) for tree in self.trees) / len(self.trees)

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(axis=1)]
