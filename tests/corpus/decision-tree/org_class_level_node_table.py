# expect: organization=lose
# why: the node table is a class attribute, emptied with .clear() at the start of fit: every instance shares it, so fitting a second tree wipes out the first one's nodes and the first model then predicts with the second's tree.
# feedback: organization ~ class
import numpy as np


class DecisionTreeClassifier:
    nodes = []                     # (feature, threshold, left, right, proba) per node

    def __init__(self, max_depth=None, min_samples_split=2, criterion="gini"):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.criterion = criterion

    def _impurity(self, P):
        if self.criterion == "gini":
            return 1.0 - np.sum(P ** 2, axis=-1)
        return -np.sum(P * np.log2(np.where(P > 0, P, 1.0)), axis=-1)

    def _split(self, X, Y):
        m = len(X)
        order = np.argsort(X, axis=0, kind="stable")
        xs = np.take_along_axis(X, order, axis=0)
        left = np.cumsum(Y[order], axis=0)[:-1]
        right = Y.sum(axis=0) - left
        nl = np.arange(1, m)[:, None]
        score = (nl * self._impurity(left / nl[..., None]) + (m - nl) * self._impurity(right / (m - nl)[..., None])) / m
        score = np.where(xs[1:] > xs[:-1], score, np.inf)
        i, j = np.unravel_index(np.argmin(score), score.shape)
        if not np.isfinite(score[i, j]):
            return None
        return j, (xs[i, j] + xs[i + 1, j]) / 2

    def _build(self, X, Y, depth):
        index = len(self.nodes)
        counts = Y.sum(axis=0)
        self.nodes.append([-1, 0.0, -1, -1, counts / counts.sum()])
        self.depth = max(self.depth, depth)
        deep = self.max_depth is not None and depth >= self.max_depth
        split = None
        if np.count_nonzero(counts) > 1 and not deep and len(X) >= self.min_samples_split:
            split = self._split(X, Y)
        if split is None:
            self.n_leaves += 1
            return index
        j, t = split
        go = X[:, j] <= t
        left = self._build(X[go], Y[go], depth + 1)
        right = self._build(X[~go], Y[~go], depth + 1)
        self.nodes[index][:4] = [j, t, left, right]
        return index

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.classes, codes = np.unique(y, return_inverse=True)
        Y = np.eye(len(self.classes))[codes]
        self.nodes.clear()
        self.depth, self.n_leaves = 0, 0
        self._build(X, Y, 0)
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        node = np.zeros(len(X), dtype=int)
        feature = np.array([n[0] for n in self.nodes])
        threshold = np.array([n[1] for n in self.nodes])
        left = np.array([n[2] for n in self.nodes])
        right = np.array([n[3] for n in self.nodes])
        for _ in range(self.depth):
            inner = feature[node] >= 0
            go = X[np.arange(len(X)), np.maximum(feature[node], 0)] <= threshold[node]
            node = np.where(inner, np.where(go, left[node], right[node]), node)
        proba = np.array([n[4] for n in self.nodes])
        return proba[node]

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]
