# expect: vectorization=lose
# why: the split search tries every candidate threshold in a Python loop, building the two sides with boolean masks and counting their classes each time: one iteration per distinct value, so Python work grows with the number of rows (and the cost with its square). Cumulative class counts of the sorted rows score every cut at once.
# feedback: vectorization ~ per sample
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
        for j in rng.permutation(varying)[:m]:
            values = np.unique(X[:, j])
            for a, b in zip(values[:-1], values[1:]):
                t = 0.5 * a + 0.5 * b
                if t >= b:
                    t = a
                goes_left = X[:, j] <= t
                cost = 0.0
                for side in (codes[goes_left], codes[~goes_left]):
                    p = np.bincount(side, minlength=K) / len(side)
                    cost += len(side) * (1.0 - np.sum(p ** 2))
                if best is None or cost < best[0]:
                    best = (cost, j, t)
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
