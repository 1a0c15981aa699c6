# expect: organization=lose
# why: the node lists are created once, in __init__, and fit appends to them with the root assumed at index 0: a second fit on other data adds a second tree after the first, and predict keeps walking the first one.
# feedback: organization ~ previous fit carried over
from collections import deque

import numpy as np


def _n_impurity(counts, criterion):
    """n · I(S) from class counts (..., K)."""
    n = counts.sum(axis=-1)
    if criterion == "gini":
        return n - (counts * counts).sum(axis=-1) / n
    xlog = lambda c: c * np.log2(c + (c == 0))                              # 0 · log 0 = 0 exactly
    return xlog(n) - xlog(counts).sum(axis=-1)


class DecisionTreeClassifier:
    def __init__(self, max_depth=None, min_samples_split=2, criterion="gini"):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.criterion = criterion
        self._nodes = {"feat": [], "thr": [], "kids": [], "counts": [], "depth": []}

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y)
        self.classes = np.unique(y)
        onehot = (y[:, None] == self.classes[None, :]).astype(float)
        limit = np.inf if self.max_depth is None else self.max_depth
        feat, thr, kids, counts, depth = (self._nodes[k] for k in ("feat", "thr", "kids", "counts", "depth"))
        start = len(feat)
        queue = deque([(np.arange(len(X)), 0, -1, 0)])                       # rows, depth, parent, side                       # rows, depth, parent, side
        while queue:
            rows, d, parent, side = queue.popleft()
            node = len(feat)
            if parent >= 0:
                kids[parent][side] = node
            c = onehot[rows].sum(axis=0)
            feat.append(-1)
            thr.append(np.nan)
            kids.append([-1, -1])
            counts.append(c)
            depth.append(d)
            if (c > 0).sum() < 2 or d >= limit or len(rows) < self.min_samples_split:
                continue
            Xn = X[rows]
            order = np.argsort(Xn, axis=0)
            xs = np.take_along_axis(Xn, order, axis=0)
            left = np.cumsum(onehot[rows][order], axis=0)[:-1]               # (m-1, d, K)
            score = _n_impurity(left, self.criterion) + _n_impurity(c - left, self.criterion)
            score[xs[1:] == xs[:-1]] = np.inf
            if np.isinf(score.min()):
                continue
            i, j = np.unravel_index(score.argmin(), score.shape)
            feat[node], thr[node] = int(j), xs[i, j] + (xs[i + 1, j] - xs[i, j]) / 2
            go_left = Xn[:, j] <= thr[node]
            queue.append((rows[go_left], d + 1, node, 0))
            queue.append((rows[~go_left], d + 1, node, 1))
        self._feat, self._thr = np.array(feat), np.array(thr)
        self._kids = np.array(kids)
        counts = np.array(counts)
        self._proba = counts / counts.sum(axis=1, keepdims=True)
        self.depth = int(max(depth[start:]))
        self.n_leaves = int((self._feat[start:] < 0).sum())
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        node = np.zeros(len(X), dtype=int)
        moving = np.flatnonzero(self._feat[node] >= 0)
        while len(moving):
            n = node[moving]
            right = X[moving, self._feat[n]] > self._thr[n]
            node[moving] = self._kids[n, right.astype(int)]
            moving = moving[self._feat[node[moving]] >= 0]
        return self._proba[node]

    def predict(self, X):
        return self.classes[self.predict_proba(X).argmax(axis=1)]
