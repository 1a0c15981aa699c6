"""Decision tree (CART): the reference against scikit-learn's DecisionTreeClassifier, equal work.

Both grow the same tree (tests/test_oracle_decision_tree.py shows it: identical predictions where no
tie decides): exhaustive best-split search over every feature and every midpoint, Gini impurity,
x <= t goes left, min_samples_split=2, to max_depth=8 (at most 255 splits whatever n, so the two
sizes show the cost per row). scikit-learn runs its Cython BestSplitter (one thread; it casts X to
float32 inside fit, which its time includes, as the user pays it); the reference sorts all features
of a node at once with np.argsort and scores every cut from one cumsum of the one-hot labels.
Data: d = 10 continuous features, 3 classes from a noisy nonlinear rule, so the tree is full to
depth 8.

The floor is the sorting no exact splitter avoids: every row is sorted in every feature once per
level, i.e. max_depth × np.argsort(X, axis=0) over all n rows (the nodes of a level partition the
rows, and sorting parts costs at most as much as sorting the whole)."""


import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (20_000, 200_000)
D = 10
MAX_DEPTH = 8



def _reference():
    return reference("decision-tree")


def _data(n: int, d: int = D):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, d))
    score = X[:, 0] + X[:, 1] * X[:, 2] + np.sin(2 * X[:, 3]) + 0.5 * rng.normal(size=n)
    return X, np.digitize(score, np.quantile(score, [1 / 3, 2 / 3]))


def make(n: int) -> dict:
    from sklearn.tree import DecisionTreeClassifier as SkTree

    Tree = _reference().DecisionTreeClassifier
    X, y = _data(n)

    def floor():
        for _ in range(MAX_DEPTH):
            np.argsort(X, axis=0)

    return {
        "ours": lambda: Tree(max_depth=MAX_DEPTH, criterion="gini").fit(X, y),
        "sklearn": lambda: SkTree(max_depth=MAX_DEPTH, criterion="gini", random_state=0).fit(X, y),
        "floor": floor,
        "note": f"exact CART to max_depth={MAX_DEPTH}, Gini, d={D}, 3 classes; floor = {MAX_DEPTH} × argsort of X "
                f"along the rows (one full sort of every feature per level)",
    }
