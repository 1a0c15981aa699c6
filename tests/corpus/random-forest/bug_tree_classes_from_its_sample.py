# expect: correctness=lose
# why: every tree numbers the classes its own bootstrap sample holds (np.unique of the sample's labels), and the forest adds each tree's proportions into its first columns. When a sample lacks a class, that tree's later classes land one column too early: a rare class gets probability from points that are nowhere near it.
# feedback: correctness ~ wrong columns
import numpy as np


def gini_costs(sorted_onehot):
    """n_L·G_L + n_R·G_R for every cut of rows sorted by one feature (cut after row i)."""
    left = np.cumsum(sorted_onehot, axis=0)[:-1]
    right = sorted_onehot.sum(axis=0) - left
    n_l = left.sum(axis=1)
    n_r = right.sum(axis=1)
    return n_l - (left ** 2).sum(axis=1) / n_l + n_r - (right ** 2).sum(axis=1) / n_r


class DecisionTree:
    def __init__(self, max_depth, min_samples_split, n_features, rng):
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.n_features = n_features
        self.rng = rng

    def fit(self, X, y):
        self.classes, codes = np.unique(y, return_inverse=True)      # the classes of this sample
        onehot = np.eye(len(self.classes))[codes]
        self.nodes = []
        self._build(X, onehot, 0)
        return self

    def _build(self, X, onehot, depth):
        index = len(self.nodes)
        counts = onehot.sum(axis=0)
        self.nodes.append({"value": counts / counts.sum()})
        if (self.max_depth is not None and depth >= self.max_depth) or len(X) < self.min_samples_split \
                or counts.max() == len(X):
            return index
        varying = np.flatnonzero(X.max(axis=0) > X.min(axis=0))
        if len(varying) == 0:
            return index
        best = (np.inf, None, None)
        for j in self.rng.choice(varying, size=min(self.n_features, len(varying)), replace=False):
            order = np.argsort(X[:, j])
            xs = X[order, j]
            cost = gini_costs(onehot[order])
            cost[xs[1:] == xs[:-1]] = np.inf
            i = int(np.argmin(cost))
            if cost[i] < best[0]:
                t = xs[i] / 2 + xs[i + 1] / 2
                best = (cost[i], j, xs[i] if t == xs[i + 1] else t)
        _, j, t = best
        mask = X[:, j] <= t
        node = self.nodes[index]
        node["feature"], node["threshold"] = j, t
        node["left"] = self._build(X[mask], onehot[mask], depth + 1)
        node["right"] = self._build(X[~mask], onehot[~mask], depth + 1)
        return index

    def predict_proba(self, X):
        out = np.zeros((len(X), len(self.classes)))
        stack = [(0, np.arange(len(X)))]
        while stack:
            index, rows = stack.pop()
            node = self.nodes[index]
            if "feature" not in node:
                out[rows] = node["value"]
                continue
            go = X[rows, node["feature"]] <= node["threshold"]
            stack += [(node["left"], rows[go]), (node["right"], rows[~go])]
        return out


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
        n, d = X.shape
        self.classes = np.unique(y)
        m = d if self.max_features is None else max(1, int(np.sqrt(d))) if self.max_features == "sqrt" \
            else self.max_features
        rng = np.random.default_rng(self.random_state)
        self.trees = []
        for _ in range(self.n_estimators):
            rows = rng.integers(0, n, n) if self.bootstrap else np.arange(n)
            tree = DecisionTree(self.max_depth, self.min_samples_split, m, rng)
            self.trees.append(tree.fit(X[rows], y[rows]))
        return self

    def predict_proba(self, X):
        X = np.asarray(X, dtype=float)
        total = np.zeros((len(X), len(self.classes)))
        for tree in self.trees:
            p = tree.predict_proba(X)
            total[:, :p.shape[1]] += p            # a tree may have seen fewer classes
        return total / len(self.trees)

    def predict(self, X):
        return self.classes[np.argmax(self.predict_proba(X), axis=1)]
