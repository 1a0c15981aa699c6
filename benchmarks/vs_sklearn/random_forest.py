"""Random forest: the reference against scikit-learn's RandomForestClassifier, equal work.

Both grow the same forest in distribution (tests/test_oracle_random_forest.py: one tree without
bootstrap is the same CART tree, the same bootstrap share, held-out accuracy within 2 pp): 10
fully grown CART trees with Gini impurity, each on a bootstrap sample of n rows, ⌊√d⌋ candidate
features drawn at every split, soft voting. Equal work: the same n rows (d = 10, 5 overlapping
classes, values representable in float32, since scikit-learn's trees work in float32), the same
hyperparameters, n_jobs=1 (one thread: the reference has no parallelism). The trees are not the
same trees (two generators), but they have about as many nodes (printed by __main__). Timed: fit,
the dominant cost; predict_proba of n rows is reported by __main__ too.

scikit-learn grows each node in Cython (its splitter sorts the node's values of each candidate
feature and sweeps the cuts in a compiled loop); the reference sorts the candidate features of a
node with one np.argsort, scores every cut from cumulative class counts, and pays Python's
overhead once per node: roughly the n_nodes × (a few tens of µs) that the ratio shows at small n.
There is no BLAS product to time, so no floor."""


import numpy as np

from _common import reference  # noqa: E402  (benchmarks/vs_sklearn is on sys.path)

SIZES = (2_000, 20_000)
D = 10
CLASSES = 5
TREES = 10



def _reference():
    return reference("random-forest")


def _data(n: int, d: int = D):
    """Five overlapping Gaussian classes, float32-representable values (no ties to speak of)."""
    rng = np.random.default_rng(0)
    centres = rng.normal(scale=1.5, size=(CLASSES, d))
    y = rng.integers(CLASSES, size=n)
    X = (centres[y] + rng.normal(size=(n, d))).astype(np.float32).astype(np.float64)
    return X, y


def make(n: int) -> dict:
    from sklearn.ensemble import RandomForestClassifier as SkForest

    Forest = _reference().RandomForestClassifier
    X, y = _data(n)
    settings = dict(n_estimators=TREES, max_depth=None, min_samples_split=2, max_features="sqrt", bootstrap=True,
                    random_state=0)
    return {
        "ours": lambda: Forest(**settings).fit(X, y),
        "sklearn": lambda: SkForest(**settings, n_jobs=1).fit(X, y),
        "note": f"fit of {TREES} fully grown Gini trees on bootstrap samples of n rows, d={D}, {CLASSES} classes, "
                f"max_features='sqrt' drawn per split, one thread on both sides (n_jobs=1); the trees differ (two "
                f"generators) but are grown by the same rules to about the same number of nodes",
    }
