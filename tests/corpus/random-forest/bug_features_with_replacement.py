# expect: correctness=lose
# why: the candidate features are drawn with rng.choice(varying, size=m), whose default is replace=True, so some features are drawn twice and others not at all: with max_features equal to the number of features the trees still miss features at some nodes.
# feedback: correctness ~ WITHOUT replacement
import numpy as np


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
        y = np.asarray(y)
        self.classes, codes = np.unique(y, return_inverse=True)
        n, d = X.shape
        if self.max_features is None:
            m = d
        elif self.max_features == "sqrt":
            m = max(1, int(np.sqrt(d)))
        else:
            m = int(self.max_features)
        rng = np.random.default_rng(self.random_state)
        self.trees = []
        for _ in range(self.n_estimators):
            idx = rng.choice(n, size=n, replace=True) if self.bootstrap else np.arange(n)
            self.trees.append(self._grow(X[idx], codes[idx], 0, m, rng))
        return self

    def _grow(self, X, codes, depth, m, rng):
        K = len(self.classes)
        counts = np.bincount(codes, minlength=K)
        leaf = {"proba": counts / counts.sum()}
        if self.max_depth is not None and depth >= self.max_depth:
            return leaf
        if len(codes) < self.min_samples_split or np.count_nonzero(counts) == 1:
            return leaf
        varying = np.flatnonzero(np.any(X != X[0], axis=0))
        if varying.size == 0:
            return leaf
        best = None                                   # (cost, feature, threshold)
        candidates = varying if self.max_features is None else rng.choice(varying, size=min(m, len(varying)))
        for j in candidates:
            order = np.argsort(X[:, j])
            xs = X[order, j]
            left = np.cumsum(np.eye(K)[codes[order]], axis=0)[:-1]
            right = counts - left
            n_left = np.arange(1, len(xs))
            n_right = len(xs) - n_left
            gini_left = 1.0 - ((left / n_left[:, None]) ** 2).sum(axis=1)
            gini_right = 1.0 - ((right / n_right[:, None]) ** 2).sum(axis=1)
            cost = n_left * gini_left + n_right * gini_right
            cost[xs[1:] == xs[:-1]] = np.inf          # no cut between equal values
            i = int(np.argmin(cost))
            if best is None or cost[i] < best[0]:
                t = 0.5 * xs[i] + 0.5 * xs[i + 1]
                if t >= xs[i + 1]:
                    t = xs[i]
                best = (cost[i], j, t)
        _, j, t = best
        mask = X[:, j] <= t
        return {"feature": int(j), "threshold": float(t),
                "left": self._grow(X[mask], codes[mask], depth + 1, m, rng),
                "right": self._grow(X[~mask], codes[~mask], depth + 1, m, rng)}

    def _route(self, node, X, rows, out):
        if "feature" not in node:
            out[rows] = node["proba"]
            return
        go = X[rows, node["feature"]] <= node["threshold"]
        self._route(node["left"], X, rows[go], out)
        self._route(node["right"], X, rows[~go], out)

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        total = np.zeros((len(X), len(self.classes)))
        for tree in self.trees:
            out = np.empty_like(total)
            self._route(tree, X, np.arange(len(X)), out)
            total += out
        return total / len(self.trees)

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]
