# expect: correctness=lose
# why: Gini written as 1 − Σ p_k instead of 1 − Σ p_k²: it is 0 for every node, so every cut scores 0 and the first candidate wins; the entropy trees are right, the Gini trees are not.
# feedback: correctness ~ 1 − Σ p_k²
import numpy as np


class _Node:
    def __init__(self, proba):
        self.proba = proba
        self.feature = None
        self.threshold = None
        self.left = None
        self.right = None


class DecisionTreeClassifier:
    def __init__(self, max_depth=None, min_samples_split=2, criterion="gini"):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.criterion = criterion

    def _impurity(self, counts):
        """counts (..., K) -> impurity (...)"""
        p = counts / counts.sum(axis=-1, keepdims=True)
        if self.criterion == "gini":
            return 1.0 - p.sum(axis=-1)
        return -(p * np.log(np.where(p > 0, p, 1.0))).sum(axis=-1)      # nats: same tree as bits

    def _best_split(self, X, Y):
        m, d = X.shape
        total = Y.sum(axis=0)
        sizes = np.arange(1, m)
        best_score, best_feature, best_threshold = np.inf, None, None
        for j in range(d):
            order = np.argsort(X[:, j])
            xs = X[order, j]
            left = np.cumsum(Y[order], axis=0)[:-1]                        # (m-1, K)
            right = total - left
            score = (sizes * self._impurity(left) + (m - sizes) * self._impurity(right)) / m
            score[xs[1:] == xs[:-1]] = np.inf                              # no cut between equal values
            i = int(np.argmin(score))
            if score[i] < best_score:
                best_score, best_feature, best_threshold = score[i], j, (xs[i] + xs[i + 1]) / 2
        return best_feature, best_threshold

    def _grow(self, X, Y, depth):
        counts = Y.sum(axis=0)
        node = _Node(counts / counts.sum())
        self.depth = max(self.depth, depth)
        at_limit = self.max_depth is not None and depth >= self.max_depth
        if np.count_nonzero(counts) < 2 or at_limit or len(X) < self.min_samples_split:
            self.n_leaves += 1
            return node
        feature, threshold = self._best_split(X, Y)
        if feature is None:                                                # every feature constant here
            self.n_leaves += 1
            return node
        mask = X[:, feature] <= threshold
        node.feature, node.threshold = feature, threshold
        node.left = self._grow(X[mask], Y[mask], depth + 1)
        node.right = self._grow(X[~mask], Y[~mask], depth + 1)
        return node

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        self.classes, index = np.unique(np.asarray(y), return_inverse=True)
        Y = np.eye(len(self.classes))[index]
        self.depth, self.n_leaves = 0, 0
        self.root = self._grow(X, Y, 0)
        return self

    def _route(self, node, X, rows, out):
        if node.left is None:
            out[rows] = node.proba
            return
        mask = X[rows, node.feature] <= node.threshold
        self._route(node.left, X, rows[mask], out)
        self._route(node.right, X, rows[~mask], out)

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        out = np.empty((len(X), len(self.classes)))
        self._route(self.root, X, np.arange(len(X)), out)
        return out

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]
