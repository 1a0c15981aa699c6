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

import importlib.util
from pathlib import Path

import numpy as np

SIZES = (2_000, 20_000)
D = 10
CLASSES = 5
TREES = 10

_ROOT = Path(__file__).resolve().parents[2]


def _reference():
    spec = importlib.util.spec_from_file_location("random_forest_reference_for_benchmark",
                                                  _ROOT / "reference" / "random-forest" / "solution.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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


if __name__ == "__main__":
    import time

    def best(fn, repeats=3):
        times, out = [], None
        for _ in range(repeats):
            start = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - start)
        return min(times), out

    for n in SIZES:
        runs = make(n)
        (ours, forest), (theirs, sk) = best(runs["ours"]), best(runs["sklearn"])
        X, _ = _data(n)
        (p_ours, _), (p_theirs, _) = best(lambda: forest.predict_proba(X)), best(lambda: sk.predict_proba(X))
        nodes = sum(len(t["feature"]) for t in forest.trees), sum(e.tree_.node_count for e in sk.estimators_)
        print(f"n={n:>6}: fit ours {ours:6.2f} s, sklearn {theirs:6.2f} s ({ours / theirs:.1f}x); predict_proba "
              f"{p_ours * 1e3:6.1f} ms vs {p_theirs * 1e3:6.1f} ms ({p_ours / p_theirs:.1f}x); nodes {nodes[0]} vs "
              f"{nodes[1]}")
