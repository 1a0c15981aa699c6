"""Hidden tests for `random-forest` (RandomForestClassifier: bagged CART trees, Gini, a random
feature subset at every split, soft voting).

A forest is random: the attempt's generator draws other bootstrap samples and other feature
subsets than the reference's, so no check compares the two forests tree by tree. The checks read
the attempt's forest through settings that make its outputs certain or reveal its randomness:
- bootstrap=False and every feature at every split (max_features=None or d) make each tree the
  CART tree of the data, which is deterministic: predict_proba is then compared exactly with an
  independent CART written below (on data where no split is decided by a tie);
- a fully grown tree on distinct points fits its training sample exactly, so with every label
  distinct (y = 0, 1, ..., n−1), predict_proba(X_train)[i, i] is the fraction of trees whose
  bootstrap sample holds row i: the bootstrap is read off the outputs;
- data that a tree can fit only by using both features, or only one non-constant feature among
  five, tell per-split feature draws from per-tree ones, whatever the draws;
- same random_state, same forest; max_features="sqrt" gives the same forest as ⌊√d⌋.
Accuracy against the reference is the statistical backstop (tests/test_oracle_random_forest.py
compares the reference with scikit-learn).

The trees' form is free (`trees` is a list of anything), so a reference cannot be handed the
attempt's parameters: the kit's reference.predictions and reference.single_feature are skipped
and `classes` is the one group the kit compares. There are no iterations: convergence is n/a
(problem.toml leaves it out).
"""

import ast
import functools

import numpy as np
import pytest

from mlprep.grading import kit

CLASSES = np.array([3, 7, 10])  # labels are values, not positions 0..K−1
K = len(CLASSES)  # every data set given to the spec has all K classes


# ============================================================================ data

def make_data(seed, n, d):
    """Ordinary data: three overlapping Gaussian blobs labelled 3, 7 and 10 (continuous values, no
    duplicates). The first rows are labelled 10, 3, 7: first appearance is not the sorted order."""
    rng = np.random.default_rng(seed)
    j = np.concatenate([[2, 0, 1], rng.integers(K, size=n - K)])
    centres = rng.normal(scale=1.5, size=(K, d))
    return centres[j] + rng.normal(size=(n, d)), CLASSES[j]


def split_data(seed, n_train, n_test, d):
    """Training and test rows from one draw of the blobs (same centres)."""
    X, y = make_data(seed, n_train + n_test, d)
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def cart(X, y, Qs, max_depth=None, min_samples_split=2, *, threshold="mid", criterion="gini"):
    """An independent CART with every feature at every node, scoring every candidate cut: the leaf
    class proportions of every row of each array in Qs, (len(Q), K), and whether some split was
    decided by a tie (two different cuts of equal impurity, which may go either way). Switches
    reproduce known mistakes for the feedback: threshold="low" cuts at the lower value a instead of
    the midpoint, criterion="entropy" scores with entropy instead of Gini."""
    classes, pos = np.unique(y, return_inverse=True)
    k = len(classes)
    outs = [np.zeros((len(Q), k)) for Q in Qs]
    tied = False

    def weighted(counts):                                   # n·G of a child, for each row of counts (c, k)
        n = counts.sum(axis=1)
        p = counts / n[:, None]
        if criterion == "gini":
            return n * (1.0 - (p * p).sum(axis=1))
        with np.errstate(divide="ignore", invalid="ignore"):
            return -n * np.where(p > 0, p * np.log2(p), 0.0).sum(axis=1)

    def grow(rows, qrows, depth):
        nonlocal tied
        counts = np.bincount(pos[rows], minlength=k).astype(float)
        scores, cuts = [], []                               # per feature: the scores and (j, t) of its cuts
        if len(rows) >= min_samples_split and (max_depth is None or depth < max_depth) and counts.max() < len(rows):
            for j in range(X.shape[1]):
                x = X[rows, j]
                values = np.unique(x)
                a, b = values[:-1], values[1:]              # every pair of consecutive distinct values
                t = a / 2 + b / 2
                t = np.where((t == b) | (threshold == "low"), a, t)
                # left[c, i]: the rows of class i with x ≤ t_c, counted in that class's sorted values
                left = np.stack([np.searchsorted(np.sort(x[pos[rows] == i]), t, side="right") for i in range(k)],
                                axis=1).astype(float)
                scores.append(weighted(left) + weighted(counts - left))
                cuts += [(j, tc) for tc in t]
        if not cuts:
            for out, q in zip(outs, qrows):
                out[q] = counts / len(rows)
            return
        scores = np.concatenate(scores)
        best = int(scores.argmin())
        tied |= int(np.sum(scores <= scores[best] + 1e-9)) > 1
        j, t = cuts[best]
        go = X[rows, j] <= t
        grow(rows[go], [q[Q[q, j] <= t] for q, Q in zip(qrows, Qs)], depth + 1)
        grow(rows[~go], [q[Q[q, j] > t] for q, Q in zip(qrows, Qs)], depth + 1)

    grow(np.arange(len(X)), [np.arange(len(Q)) for Q in Qs], 0)
    return outs, tied


# the settings under which every tree is the CART tree of the data (max_features=d or None: every
# feature at every split; bootstrap=False: every row), with the CART settings they stand for
CART_CASES = (
    (dict(n_estimators=1, max_depth=1, max_features=None), dict(max_depth=1)),
    (dict(n_estimators=1, max_depth=3, max_features=None), dict(max_depth=3)),
    (dict(n_estimators=1, max_depth=None, min_samples_split=40, max_features=None), dict(min_samples_split=40)),
)
CART_ALL_FEATURES_INT = (dict(n_estimators=3, max_depth=3, max_features=4), dict(max_depth=3))


@functools.lru_cache(maxsize=None)
def cart_data():
    """150 rows, 4 features, and 41 new rows, on which no split of the cases above is a tie."""
    for _, settings in CART_CASES + (CART_ALL_FEATURES_INT,):
        if cart_of_cart_data(**settings)[1]:
            raise kit.KitMisuse(f"cart_data: a split is decided by a tie under {settings}")
    return _cart_rows()


@functools.lru_cache(maxsize=None)
def _cart_rows():
    X, y, Q, _ = split_data(5, 150, 41, 4)
    return X, y, Q


@functools.lru_cache(maxsize=None)
def cart_of_cart_data(**settings):
    """cart(X, y, [X, Q], **settings) on cart_data's rows, computed once per settings: the tie check above and
    the checks share it (the module, and so the cache, is fresh in every grade). Never modify the arrays."""
    X, y, Q = _cart_rows()
    return cart(X, y, [X, Q], **settings)


def distinct_label_data():
    """50 distinct points, every label distinct: a fully grown tree predicts a training row's own
    label exactly when the row is in its sample, and some other label otherwise. (A fully grown
    tree costs about one split per distinct row in its sample, each scoring n classes: 50 rows and
    16 trees per forest read as many (row, tree) pairs as 150 rows and 5 trees did, for a third of
    the cost.)"""
    rng = np.random.default_rng(11)
    X = rng.normal(size=(50, 3))
    return X, np.arange(50)


# trees per forest in the bootstrap check: a tree's share of distinct rows has variance ≈ 0.097/n,
# so the mean over 2 forests of BOOTSTRAP_TREES trees on n = 50 rows has sd 0.0078; the check's
# tolerance of 0.06 is 7.7 sd (two-sided normal tail 1.6e-14; 150 rows and 5 trees: 7.4 sd, 9.5e-14)
BOOTSTRAP_TREES = 16


def diagonal_grid():
    """The 49 points of a 7×7 integer grid, labelled 3 below the diagonal x0 + x1 = 6 and 7 from it
    on. Both features are needed: every value of x0 (and of x1) occurs with both labels, so no tree
    that uses only one feature fits these points, while any tree that may use both does."""
    g = np.arange(7.0)
    X = np.array([(a, b) for a in g for b in g])
    y = np.where(X.sum(axis=1) >= 6, 7, 3)
    for j in range(2):
        if not all(len(np.unique(y[X[:, j] == v])) == 2 for v in (2.0, 3.0, 4.0)):
            raise kit.KitMisuse("diagonal_grid: a single feature would suffice")
    return X, y


def constant_feature_data():
    """30 rows, feature 0 informative (distinct values, labels in runs), features 1–4 constant."""
    rng = np.random.default_rng(12)
    x0 = rng.permutation(30).astype(float) / 3.0
    runs = np.repeat(CLASSES[[0, 1, 2, 0, 2, 1, 0, 1, 2, 0]], 3)   # labels in runs of 3 along x0
    y = runs[np.argsort(np.argsort(x0))]
    X = np.column_stack([x0, np.full(30, 0.0), np.full(30, 1.0), np.full(30, -2.0), np.full(30, 5.0)])
    return X, y


def rare_class_data():
    """Blobs of 40 rows labelled 3 (around (−6, −6)) and 10 (around (6, 6)), one row labelled 7 at
    (−15, 15): either feature alone separates the three. A bootstrap sample misses that row with
    probability (1 − 1/81)^81 ≈ 0.37, so with 15 trees the chance that no tree misses it is
    0.63^15 ≈ 1e-3 (two seeds: 1e-6). Queries sit near the two blob centres, far from the rare row."""
    rng = np.random.default_rng(13)
    X = np.vstack([rng.normal(size=(40, 2)) - 6.0, rng.normal(size=(40, 2)) + 6.0, [[-15.0, 15.0]]])
    y = np.array([3] * 40 + [10] * 40 + [7])
    Q = np.vstack([0.3 * rng.normal(size=(10, 2)) - 6.0, 0.3 * rng.normal(size=(10, 2)) + 6.0])
    return X, y, Q, np.array([3] * 10 + [10] * 10)


def vote_tie_data():
    """One feature: x ≤ 2.5 holds two 3s (pure); the other side two 10s and two 7s (a tie)."""
    X = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0]])
    y = np.array([3, 3, 10, 7, 10, 7])
    return X, y, np.array([[0.5], [4.5], [9.0]])


# ---------------------------------------------------------------- floating-point traps

HUGE = 2.0 ** 1023  # about 9e307: the sum of any two values of the same sign overflows


def huge_data():
    """60 rows (and 20 new ones) of 3 features of magnitude 1 to 1.9: features 0 and 1 positive,
    which the labels depend on, feature 2 of either sign. Times HUGE they are 9e307 to 1.7e308 (and
    ±), where the sum of any two values of the same sign, hence every midpoint of features 0 and 1,
    overflows as (a + b)/2, and max − min of feature 2 overflows too."""
    rng = np.random.default_rng(14)
    X = 1.0 + 0.9 * rng.random((80, 3))
    X[:, 2] *= rng.choice([-1.0, 1.0], size=80)
    y = CLASSES[(X[:, 0] > 1.45).astype(int) + (X[:, 1] > 1.5).astype(int)]
    X, Q, y = X[:60], X[60:], y[:60]
    with np.errstate(over="ignore"):
        if not (np.all(np.isinf(X[:-1, :2] * HUGE + X[1:, :2] * HUGE)) and np.isinf(np.ptp(X[:, 2] * HUGE))):
            raise kit.KitMisuse("huge_data: the sums do not overflow")
    return X, y, Q


ADJ_LOW = np.nextafter(1.0, 2.0)  # 1 + 2⁻⁵²: odd last bit
ADJ_HIGH = np.nextafter(ADJ_LOW, 2.0)  # 1 + 2⁻⁵¹, the next double


def adjacent_data(gap=True):
    """One feature: labels 3 up to ADJ_LOW, 10 from ADJ_HIGH, two adjacent doubles. Their midpoint
    1 + 1.5·2⁻⁵² is not a double and rounds (to even) up to ADJ_HIGH, so x ≤ midpoint puts ADJ_HIGH
    on the left. gap=False: the same labels with a wide gap (0.95 and 1.05), for comparison."""
    low, high = (ADJ_LOW, ADJ_HIGH) if gap else (0.95, 1.05)
    if gap and not (ADJ_LOW / 2 + ADJ_HIGH / 2 == ADJ_HIGH and (ADJ_LOW + ADJ_HIGH) / 2 == ADJ_HIGH):
        raise kit.KitMisuse("adjacent_data: the midpoint does not round up")
    X = np.array([[0.6], [0.7], [0.8], [0.9], [low], [high], [1.1], [1.2], [1.3], [1.4]])
    return X, np.array([3] * 5 + [10] * 5)


ADJ_HYPER = dict(n_estimators=1, max_depth=6, max_features=None, bootstrap=False, random_state=0)
HUGE_HYPER = dict(n_estimators=1, max_depth=3, max_features=None, bootstrap=False, random_state=0)


def huge_trap():
    X, y, _ = huge_data()
    return X * HUGE, y, dict(n_estimators=3, max_depth=4, max_features=None, bootstrap=True, random_state=0), None


def adjacent_trap():
    X, y = adjacent_data()
    return X, y, dict(ADJ_HYPER), None


def every_node_trap():
    X, y = make_data(17, 80, 3)
    return X, y, dict(n_estimators=3, max_depth=None, max_features="sqrt", bootstrap=True, random_state=0), None


def quiet_on_ordinary_data(ctx):
    """The float traps judge their own warnings: an attempt that already warns on ordinary data
    (every node, the every_node trap) is judged once, there."""
    def compute():
        X, y = make_data(18, 80, 3)
        ctx.fit(X, y, n_estimators=3, max_depth=None, max_features="sqrt", bootstrap=True, random_state=0)
        return not ctx.last.fp_events
    if not ctx.memo("rf.quiet_on_ordinary_data", compute):
        raise kit.NotScorable("Not scored: fit already raises floating-point warnings on ordinary data (counted "
                              "once, by stability.every_node_no_warnings).")


# ============================================================================ the spec

ORDINARY = dict(n_estimators=5, max_depth=3, min_samples_split=2, max_features="sqrt", bootstrap=True,
                random_state=0)

SKIPPED = ("The trees' form is free (the contract only asks for a list), so a reference cannot be given the "
           "attempt's fitted trees; random-forest.one_tree_without_bootstrap_is_cart and the other checks below judge "
           "the outputs in settings that make them certain instead.")

SPEC = kit.Estimator(
    cls="RandomForestClassifier",
    params=dict(n_estimators=10, max_depth=None, min_samples_split=2, max_features="sqrt", bootstrap=True,
                random_state=None),
    tags={"supervised", "classifier", "predict_proba", "stochastic"},
    data=make_data,
    ordinary=ORDINARY,
    fitted={"classes": kit.Labels(K)},
    methods={"predict_proba": kit.Probabilities("n", K), "predict": kit.Labels()},
    groups={"classes": kit.Group(1)},
    custom=dict(max_features=3),
    skip={"reference.predictions": SKIPPED, "reference.single_feature": SKIPPED},
    advice={
        "algorithm": "a random forest",
        "reference.fitted_parameters": "`classes` holds the distinct labels of y in increasing order "
                                       "(np.unique(y)): the values themselves, not positions 0..K−1.",
        "reference.more_features_than_samples": "`classes` holds the distinct labels of y in increasing order "
                                                "(np.unique(y)).",
    },
    traps=(
        kit.Trap("huge_values", huge_trap, "feature values near the largest double (±9e307 to ±1.7e308)",
                 "The midpoint (a + b)/2 overflows there (a + b is beyond 1.8e308): compute it as a/2 + b/2, and "
                 "never subtract or add two feature values (max − min overflows too: compare max > min).",
                 needs=quiet_on_ordinary_data),
        kit.Trap("adjacent_values", adjacent_trap, "two classes separated by two adjacent doubles",
                 "The midpoint of two adjacent doubles a < b rounds to a or to b. When it rounds to b, x ≤ t "
                 "sends b to the left: the split applied is not the one scored, and a side can end up empty. "
                 "Use t = a when the midpoint rounds up to b.", needs=quiet_on_ordinary_data),
        kit.Trap("every_node", every_node_trap, "ordinary data (every node has cut positions that would leave one "
                                                "side empty)",
                 "Score only the cuts between two distinct sorted values: both sides then hold at least one row, "
                 "so no class proportion divides by a count of zero."),
    ),
)
kit.install(SPEC, globals())


# ============================================================================ helpers

def settings(hyper) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in hyper.items())


def run(ctx, X, y, Qs, hyper, methods=("predict_proba",)):
    """Fit the attempt on (X, y), then call each method on each array of Qs, right after the fit
    (a model that keeps its trees outside the instance is judged by organization, not here).
    Returns {method: [array per Q]}, read leniently; a wrong size is contract.outputs's failure."""
    model = ctx.fit(X, y, **hyper)
    k = len(np.unique(y))
    out = {}
    for method in methods:
        out[method] = []
        for Q in Qs:
            value = model.call(method, Q)
            shape = (len(Q), k) if method == "predict_proba" else (len(Q),)
            try:
                value = kit.as_array(value, f"{method}(X)")
                if value.size != np.prod(shape):
                    raise kit.Mismatch(f"{method}(X) has shape {value.shape}, not {shape}")
            except kit.Mismatch as exc:
                raise kit.NotScorable(f"Not scored: {exc.detail} (see contract.outputs).", owner="contract.outputs",
                                      criterion="correctness") from None
            out[method].append(value.reshape(shape).astype(float if method == "predict_proba" else value.dtype))
    return out, model


def proba(ctx, X, y, Qs, hyper):
    return run(ctx, X, y, Qs, hyper)[0]["predict_proba"]


def close(a, b, tol=1e-9) -> bool:
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= tol))


def onehot(labels, classes):
    return (np.asarray(labels)[:, None] == np.asarray(classes)[None, :]).astype(float)


def hard_votes(P):
    """The one-hot rows of each row's largest class: what a one-tree forest gives under hard voting."""
    return onehot(P.argmax(axis=1), np.arange(P.shape[1]))


def cart_deviation(got, X, y, Qs, hyper, cart_settings) -> str:
    """The known mistake the attempt's predict_proba (one array per Q) matches, as a sentence."""
    def matches(expected, first_only=False):
        return all(close(g, e) for g, e in list(zip(got, expected))[:1 if first_only else None])

    expected = cart(X, y, Qs, **cart_settings)[0]
    if matches([hard_votes(e) for e in expected]) and not matches(expected):
        return ("These are hard votes: each tree gives its majority class a whole vote. The statement asks for soft "
                "voting: predict_proba is the mean of the trees' leaf class proportions.")
    variants = [(dict(threshold="low"), "The thresholds sit at the lower value a of each cut; the statement's "
                                        "threshold is the midpoint a/2 + b/2 between consecutive distinct values."),
                (dict(criterion="entropy"), "The splits minimise entropy; the statement's impurity is Gini, "
                                            "1 − Σ p_k².")]
    depth = cart_settings.get("max_depth")
    if depth is not None:
        variants += [(dict(max_depth=None), f"This is the fully grown tree: fit ignores max_depth={depth} (use "
                                            f"self.max_depth; the root is at depth 0)."),
                     (dict(max_depth=depth - 1), f"This is the tree of max_depth={depth - 1}: the root is at depth 0, "
                                                 f"so max_depth={depth} allows {depth} levels of splits."),
                     (dict(max_depth=depth + 1), f"This is the tree of max_depth={depth + 1}: a node at depth "
                                                 f"{depth} is a leaf (the root is at depth 0).")]
    mss = cart_settings.get("min_samples_split")
    if mss is not None:
        variants += [(dict(min_samples_split=2), f"This is the tree of min_samples_split=2: fit ignores "
                                                 f"min_samples_split={mss} (use self.min_samples_split)."),
                     (dict(min_samples_split=mss + 1), f"Nodes of exactly {mss} rows are left unsplit: a node is split "
                                                       f"when it holds at least min_samples_split rows.")]
    for change, sentence in variants:
        # a fully grown tree (a limit ignored) decides ties deep down, which only new rows can see: judge it on
        # the first array (the training rows), where every fully grown tree gives the same one-hot rows
        grown = change.get("max_depth", 0) is None or change.get("min_samples_split") == 2
        if matches(cart(X, y, Qs, **{**cart_settings, **change})[0], first_only=grown):
            return sentence
    return ""


def assert_cart(ctx, hyper, cart_settings, what, advice):
    X, y, Q = cart_data()
    full = dict(bootstrap=False, random_state=0, **hyper)
    out, _ = run(ctx, X, y, [X, Q], full, methods=("predict_proba", "predict"))
    expected = cart_of_cart_data(**cart_settings)[0]
    for got, exp, where in zip(out["predict_proba"], expected, ("the training rows", "new rows")):
        try:
            kit.assert_close(got, exp, what=f"predict_proba on {where}", rtol=1e-9, atol=1e-12)
        except kit.Mismatch as exc:
            named = cart_deviation(out["predict_proba"], X, y, [X, Q], full, cart_settings)
            raise AssertionError(f"With {settings(full)} {what}: {exc.detail} {named or advice}") from None
    for got, exp, where in zip(out["predict"], expected, ("the training rows", "new rows")):
        top = np.sort(exp, axis=1)
        decided = top[:, -1] > top[:, -2] + 1e-12
        try:
            kit.assert_equal_labels(got, CLASSES[exp.argmax(axis=1)], what=f"predict on {where}", mask=decided)
        except kit.Mismatch as exc:
            positions = np.array_equal(got[decided], exp.argmax(axis=1)[decided])
            raise AssertionError(
                f"With {settings(full)}, {exc.detail} " +
                ("predict returns positions 0..K−1; return the labels themselves, classes[argmax]." if positions else
                 "predict must return classes[argmax] of predict_proba: the label with the largest mean "
                 "probability.")
            ) from None


# ============================================================================ correctness

@pytest.mark.criterion("correctness", weight=3)
def test_one_tree_without_bootstrap_is_cart(ctx):
    for hyper, cart_settings in CART_CASES:
        assert_cart(ctx, hyper, cart_settings, "the forest is one CART tree of the whole data",
                    "With bootstrap=False and every feature at every split, the tree is the CART tree of the data: "
                    "at each node the cut x_j ≤ t (t the midpoint between consecutive distinct values) with the "
                    "smallest n_L·G_L + n_R·G_R, Gini impurity G = 1 − Σ p_k², and leaves predicting their class "
                    "proportions.")


@pytest.mark.criterion("correctness", weight=1)
def test_max_features_equal_to_d_uses_every_feature(ctx):
    hyper, cart_settings = CART_ALL_FEATURES_INT
    assert_cart(ctx, hyper, cart_settings, "(max_features equal to the number of features, 3 trees) every tree is the "
                                           "CART tree of the data",
                "With max_features=d every split considers all d features, so the forest is the CART tree. Draw the "
                "candidate features WITHOUT replacement (rng.choice(..., replace=False) or a permutation): with "
                "replacement some features are drawn twice and others never.")


@pytest.mark.criterion("correctness", weight=2)
def test_soft_voting(ctx):
    X, y, Q, _ = split_data(20, 120, 80, 4)
    hyper = dict(n_estimators=5, max_depth=2, max_features=None, bootstrap=True, random_state=1)
    ref = ctx.ref_fit(X, y, **hyper).predict_proba(Q)
    if np.sum(np.abs(5 * ref - np.round(5 * ref)).max(axis=1) > 1e-6) < 10:
        raise kit.KitMisuse("test_soft_voting: the reference's probabilities are vote counts")
    P = proba(ctx, X, y, [Q], hyper)[0]
    assert np.abs(5 * P - np.round(5 * P)).max() > 1e-6, (
        f"With {settings(hyper)} (shallow trees: impure leaves), every entry of predict_proba is a multiple of 1/5: "
        f"vote counts. The statement asks for soft voting: average the trees' leaf class proportions "
        f"(each tree's predict_proba), not their votes.")


@pytest.mark.criterion("correctness", weight=1)
def test_predict_is_the_argmax_of_predict_proba(ctx):
    # Stumps on overlapping classes disagree often: on these data a majority of the trees' votes and the
    # largest mean probability pick different labels for 5 to 100+ of the 300 rows, whatever the seed
    # (checked below on the reference's own trees).
    X, y, Q, _ = split_data(22, 120, 300, 4)
    differ = 0
    for seed in (2, 3):
        hyper = dict(n_estimators=7, max_depth=1, max_features="sqrt", bootstrap=True, random_state=seed)
        ref = ctx.ref_fit(X, y, **hyper)
        per_tree = np.array([ctx.reference._tree_proba(tree, Q) for tree in ref.trees])   # (T, n, K)
        votes = np.mean([hard_votes(p) for p in per_tree], axis=0)
        differ += int(np.sum(votes.argmax(axis=1) != per_tree.mean(axis=0).argmax(axis=1)))
        out, _ = run(ctx, X, y, [Q], hyper, methods=("predict_proba", "predict"))
        P, labels = out["predict_proba"][0], out["predict"][0]
        top = np.sort(P, axis=1)
        decided = top[:, -1] > top[:, -2] + 1e-9
        try:
            kit.assert_equal_labels(labels, CLASSES[P.argmax(axis=1)], what="predict(X)", mask=decided)
        except kit.Mismatch as exc:
            raise AssertionError(
                f"With {settings(hyper)} (stumps, so the trees often disagree), predict does not return the label of "
                f"the largest column of predict_proba: {exc.detail} Under soft voting both come from the mean of the "
                f"trees' class proportions; a majority of the trees' votes can pick another label.") from None
    if differ < 10:
        raise kit.KitMisuse("test_predict_is_the_argmax_of_predict_proba: hard and soft votes rarely differ here")


@pytest.mark.criterion("correctness", weight=2)
def test_bootstrap_samples_n_rows_with_replacement(ctx):
    X, y = distinct_label_data()
    n = len(X)
    exact = dict(n_estimators=2, max_depth=None, max_features=None, bootstrap=False, random_state=0)
    if not close(proba(ctx, X, y, [X], exact)[0], np.eye(n)):
        raise kit.NotScorable("Not scored: without bootstrap, fully grown trees do not fit their training rows "
                              "exactly (every label distinct), so the bootstrap cannot be read from the outputs (see "
                              "random-forest.one_tree_without_bootstrap_is_cart).")
    if rare_class_verdict(ctx) is not None:
        raise kit.NotScorable("Not scored: predict_proba's columns do not follow `classes` when a bootstrap sample "
                              "lacks a class (counted once, by random-forest.a_class_missing_from_a_bootstrap_sample), "
                              "and here every label is rare.")
    T = BOOTSTRAP_TREES
    inbag = []
    for seed in (0, 1):
        P = proba(ctx, X, y, [X], dict(exact, n_estimators=T, bootstrap=True, random_state=seed))[0]
        counts = T * np.diag(P)                             # trees whose sample holds row i
        if np.abs(counts - np.round(counts)).max() > 1e-6:
            raise kit.NotScorable(f"Not scored: predict_proba is not the mean of {T} trees' proportions here (see "
                                  f"random-forest.n_estimators_honoured), so the bootstrap cannot be read from it.")
        inbag.append(np.round(counts))
    share = float(np.mean(inbag)) / T                       # mean share of rows a tree's sample holds
    q = 1 - (1 - 1 / n) ** n                                # ≈ 0.634 for sampling n rows with replacement
    if share > 0.95:
        raise AssertionError(
            f"With bootstrap=True every tree's sample holds {share:.0%} of the training rows; a bootstrap sample of n "
            f"rows drawn WITH replacement holds about {q:.0%} of them (the rest are repeats). Draw the sample as "
            f"rng.integers(0, n, size=n): a permutation, or sampling without replacement, gives every tree all the "
            f"rows.")
    assert abs(share - q) < 0.06, (
        f"With bootstrap=True a tree's sample holds {share:.0%} of the training rows on average; n rows drawn with "
        f"replacement hold about {q:.0%}. Draw n indices (not fewer), uniformly, with replacement.")
    varied = float(np.mean([(c > 0) & (c < T) for c in inbag]))
    assert varied > 0.6, (
        f"With bootstrap=True and {T} trees, {1 - varied:.0%} of the rows are in every tree's sample or in none: all "
        f"trees were grown on the same bootstrap sample. Create the generator once per fit, before the loop over trees "
        f"(a generator re-created with the same seed for each tree repeats the same draws), and draw a new sample "
        f"for every tree.")


@pytest.mark.criterion("correctness", weight=1)
def test_n_estimators_honoured(ctx):
    X, y = make_data(22, 60, 3)
    for T in (1, 4):
        model = ctx.fit(X, y, **{**ORDINARY, "n_estimators": T})
        if not model.has("trees"):
            raise AssertionError("fit does not set `trees`; the statement lists it among the fitted attributes: a "
                                 "list of the n_estimators trees.")
        trees = model.attr("trees")
        size = len(trees) if isinstance(trees, (list, tuple)) else None
        assert size == T, (
            f"After fit with n_estimators={T}, `trees` " + (f"holds {size} trees" if size is not None else
                                                           f"is not a list ({kit.compare.kind_of(trees)})") +
            f"; it must be a list of the n_estimators={T} trees grown by this fit.")
    if rare_class_verdict(ctx) is not None:
        return  # with every label distinct, every tree lacks classes: judged once, by the rare-class check
    X, y = distinct_label_data()
    hyper = dict(n_estimators=3, max_depth=None, max_features=None, bootstrap=True, random_state=3)
    counts = 3 * np.diag(proba(ctx, X, y, [X], hyper)[0])
    assert np.abs(counts - np.round(counts)).max() < 1e-6, (
        f"With {settings(hyper)} and every label distinct, each fully grown tree gives a training row probability 1 "
        f"or 0 for its own label, so the forest's are multiples of 1/3; predict_proba's are not. predict_proba must "
        f"be the mean over exactly the n_estimators trees of this fit.")


@pytest.mark.criterion("correctness", weight=2)
def test_features_drawn_at_every_split(ctx):
    X, y = diagonal_grid()
    T = 3
    hyper = dict(n_estimators=T, max_depth=None, max_features=1, bootstrap=False, random_state=0)
    P = proba(ctx, X, y, [X], hyper)[0]
    expected = onehot(y, [3, 7])
    if close(P, expected):
        return
    single = [cart(X[:, [j]], y, [X[:, [j]]])[0][0] for j in range(2)]   # trees that use one feature only
    per_tree = any(close(P, (a * single[0] + (T - a) * single[1]) / T) for a in range(T + 1))
    raise AssertionError(
        f"With {settings(hyper)} on a 7×7 grid whose labels depend on both features, the forest does not fit its "
        f"training points (predict_proba(X_train) is not one-hot on y). " +
        ("Every tree uses a single feature: the features are drawn once per tree. Draw max_features candidate "
         "features at every split (every node), so a tree can use every feature on its way down." if per_tree else
         "Each node must draw its own max_features candidates among the features that take two values there, and "
         "split whenever some feature does; drawing once per tree, or leaving a node unsplit when its drawn features "
         "are constant, fails here."))


@pytest.mark.criterion("correctness", weight=1)
def test_constant_features_are_never_candidates(ctx):
    X, y = constant_feature_data()
    T = 10
    hyper = dict(n_estimators=T, max_depth=None, max_features=1, bootstrap=False, random_state=0)
    P = proba(ctx, X, y, [X], hyper)[0]
    expected = onehot(y, CLASSES)
    if close(P, expected):
        return
    # drawn once per tree, from all five features: a tree is the full CART on feature 0 or a single leaf
    prior = np.tile(np.bincount(np.searchsorted(CLASSES, y), minlength=K) / len(y), (len(y), 1))
    per_tree = any(close(P, (a * expected + (T - a) * prior) / T) for a in range(1, T))
    raise AssertionError(
        f"With {settings(hyper)}, four constant features and one informative feature, the forest does not fit its "
        f"training points (predict_proba(X_train) is not one-hot on y). " +
        ("Some trees fit them exactly and the others never split at all: the feature is drawn once per tree, and a "
         "tree that drew a constant feature is a single leaf. Draw the candidates at every split, among the features "
         "that take two values in the node." if per_tree else
         "A node whose drawn features are all constant was left as a leaf. Draw the max_features candidates among "
         "the features that take two values in the node (scikit-learn keeps looking until it finds one), so a node "
         "is split whenever some feature varies on it (and draw them at every split, not once per tree)."))


def reproducible(ctx) -> bool:
    """Two fresh fits with the same random_state give the same predict_proba (once per grade)."""
    return reproducible_forest(ctx)[0]


def reproducible_forest(ctx):
    """(whether two fresh fits with random_state=3 give the same predict_proba, the first one), once per grade."""
    def compute():
        X, y, Q, _ = split_data(25, 120, 40, 4)
        hyper = dict(ORDINARY, max_depth=None, random_state=3)
        first = proba(ctx, X, y, [Q], hyper)[0]
        return close(first, proba(ctx, X, y, [Q], hyper)[0], 0.0), first
    return ctx.memo("rf.reproducible", compute)


def require_reproducible(ctx, what):
    if not reproducible(ctx):
        raise kit.NotScorable(f"Not scored: two fits with the same random_state give different forests (counted once, "
                              f"by random-forest.same_random_state_same_forest), so {what} cannot be compared.")


@pytest.mark.criterion("correctness", weight=1)
def test_max_features_sqrt_is_the_floor_of_the_root_of_d(ctx):
    require_reproducible(ctx, "the forests of two max_features settings")
    hyper = dict(n_estimators=3, max_depth=4, bootstrap=True, random_state=5)
    X, y, Q, _ = split_data(23, 100, 40, 16)                # √16 = 4; √n = 10
    P = {mf: proba(ctx, X, y, [Q], dict(hyper, max_features=mf))[0] for mf in ("sqrt", 4, 10, None)}
    if close(P[4], P[10], 0.0) and close(P[4], P[None], 0.0):
        raise AssertionError(f"max_features=4, 10 and None gave the same forest ({settings(hyper)}, 16 features): fit "
                             f"ignores max_features. Draw that many candidate features at every split.")
    if not close(P["sqrt"], P[4], 0.0):
        if close(P["sqrt"], P[10], 0.0):
            cause = "It is the forest of max_features=10, the root of the number of samples (100): use the number of " \
                    "features d."
        elif close(P["sqrt"], P[None], 0.0):
            cause = "It is the forest of every feature: 'sqrt' must limit the candidates to ⌊√d⌋."
        else:
            cause = "Resolve 'sqrt' to int(np.sqrt(d)) and then use it exactly as an integer max_features."
        raise AssertionError(f"With 16 features, max_features='sqrt' did not give the forest of max_features=4 (same "
                             f"random_state={hyper['random_state']}). {cause}")
    X, y, Q, _ = split_data(24, 100, 40, 12)                # √12 = 3.46
    P = {mf: proba(ctx, X, y, [Q], dict(hyper, max_features=mf))[0] for mf in ("sqrt", 3, 4)}
    rounded_up = close(P["sqrt"], P[4], 0.0)
    assert close(P["sqrt"], P[3], 0.0), (
        "With 12 features, max_features='sqrt' did not give the forest of max_features=3 (same random_state). " +
        ("It is the forest of 4: √12 = 3.46 is rounded up; take the floor, int(np.sqrt(d))." if rounded_up
         else "'sqrt' means ⌊√d⌋ candidate features, int(np.sqrt(d))."))


@pytest.mark.criterion("correctness", weight=2)
def test_same_random_state_same_forest(ctx):
    assert reproducible(ctx), (
        "Two fits with random_state=3 on the same data gave different predict_proba: fit draws from a generator that "
        "random_state does not seed (np.random.* functions, or default_rng() without the seed). Create "
        "rng = np.random.default_rng(self.random_state) in fit and draw every bootstrap sample and feature subset "
        "from it.")
    X, y, Q, _ = split_data(25, 120, 40, 4)
    hyper = dict(ORDINARY, max_depth=None)
    first = reproducible_forest(ctx)[1]                     # random_state=3, fitted twice above with this result
    other = proba(ctx, X, y, [Q], dict(hyper, random_state=4))[0]
    assert not close(first, other, 0.0), (
        "random_state=3 and random_state=4 gave the same forest: fit ignores random_state (a fixed seed?). Seed the "
        "generator with self.random_state.")


def rare_class_verdict(ctx):
    """None when predict_proba keeps its columns on `classes` while some bootstrap samples lack a
    class, else the sentence that says what goes wrong (once per grade)."""
    def compute():
        X, y, Q, truth = rare_class_data()
        hyper = dict(n_estimators=15, max_depth=None, max_features="sqrt", bootstrap=True)
        for seed in (0, 1):
            ref = ctx.ref_fit(X, y, random_state=seed, **hyper).predict_proba(Q)
            if not np.all(ref[np.arange(len(Q)), np.searchsorted(CLASSES, truth)] > 0.99):
                raise kit.KitMisuse("rare_class_data: the reference does not put the queries in their blobs")
            try:
                P = proba(ctx, X, y, [Q], dict(hyper, random_state=seed))[0]
            except kit.AttemptError as exc:
                return (f"With a class of a single row (label 7), which about a third of the bootstrap samples miss, "
                        f"{exc}. Every tree must give K = {K} class proportions, ordered like the forest's `classes`, "
                        f"even when its sample lacks a class (count with np.bincount(..., minlength=K) on positions in "
                        f"`classes`).")
            own = P[np.arange(len(Q)), np.searchsorted(CLASSES, truth)]
            if not (own.min() > 0.9 and P[:, 1].max() < 0.05):
                return (f"With a class of a single row (label 7) that about a third of the bootstrap samples miss, "
                        f"points deep in the blob of label {truth[own.argmin()]} get probability {own.min():.2f} for "
                        f"it "
                        f"and up to {P[:, 1].max():.2f} for label 7. The trees whose sample lacks a class put their "
                        f"proportions in the wrong columns: every tree's proportions must have K = {K} columns in the "
                        f"order of the forest's `classes`, with 0 for a class its sample does not hold.")
        return None
    return ctx.memo("rf.rare_class_verdict", compute)


@pytest.mark.criterion("correctness", weight=2)
def test_a_class_missing_from_a_bootstrap_sample(ctx):
    verdict = rare_class_verdict(ctx)
    assert verdict is None, verdict


@pytest.mark.criterion("correctness", weight=1)
def test_vote_ties_go_to_the_smallest_label(ctx):
    X, y, Q = vote_tie_data()
    hyper = dict(n_estimators=1, max_depth=1, max_features=None, bootstrap=False, random_state=0)
    (expected,), tied = cart(X, y, [Q], max_depth=1)
    if tied or not np.allclose(expected[1], [0, 0.5, 0.5]):
        raise kit.KitMisuse("vote_tie_data: the stump is not the stated one")
    out, _ = run(ctx, X, y, [Q], hyper, methods=("predict_proba", "predict"))
    if not close(out["predict_proba"][0], expected):
        raise kit.NotScorable("Not scored: predict_proba of this stump is not the CART one (see "
                              "random-forest.one_tree_without_bootstrap_is_cart), so the tie cannot be created.")
    got = out["predict"][0]
    assert got[1] == 7, (
        f"A leaf holding two rows labelled 7 and two labelled 10 gives probability 1/2 to each, and predict returned "
        f"{got[1]}; a tie goes to the smallest label, 7. np.argmax over columns ordered like `classes` takes the first "
        f"maximum, which is the smallest label.")


@pytest.mark.criterion("correctness", weight=1)
def test_separable_classes_are_learned(ctx):
    rng = np.random.default_rng(26)
    j = np.arange(160) % 2
    X = rng.normal(size=(160, 4)) + np.where(j[:, None] == 1, 4.0, -4.0)
    y = CLASSES[2 * j]
    for seed in (0, 1, 2):
        labels = run(ctx, X[:60], y[:60], [X[60:]], dict(n_estimators=5, random_state=seed),
                     methods=("predict",))[0]["predict"][0]
        accuracy = float(np.mean(labels == y[60:]))
        assert accuracy >= 0.97, (
            f"Two well-separated classes (labels 3 and 10), default settings with n_estimators=5, random_state={seed}: "
            f"held-out accuracy {accuracy:.2f}. A forest separates them perfectly; check the tree growing, the "
            f"soft vote and that predict returns labels from `classes`.")


@pytest.mark.criterion("correctness", weight=1)
def test_accuracy_near_the_reference(ctx):
    ours, theirs = [], []
    for seed in range(4):
        X, y, Q, truth = split_data(30 + seed, 150, 300, 6)
        hyper = dict(n_estimators=10, random_state=seed)
        labels = run(ctx, X, y, [Q], hyper, methods=("predict",))[0]["predict"][0]
        ours.append(np.mean(labels == truth))
        theirs.append(np.mean(ctx.ref_fit(X, y, **hyper).predict(Q) == truth))
    gap = float(np.mean(theirs) - np.mean(ours))
    assert gap < 0.05, (
        f"Over four data sets (3 overlapping classes, 6 features, 10 trees, default settings) the forest's held-out "
        f"accuracy is {np.mean(ours):.3f} against {np.mean(theirs):.3f} for a correct forest. Something weakens the "
        f"trees: check the bootstrap, the per-split feature draw and the soft vote.")


# ==================================================================== numerical_stability

@pytest.mark.criterion("numerical_stability", weight=2)
def test_huge_values_give_the_same_tree(ctx):
    X, y, Q = huge_data()
    small = proba(ctx, X, y, [Q], HUGE_HYPER)[0]
    if not np.all(np.isfinite(small)):
        raise kit.NotScorable("Not scored: predict_proba is not finite even for features of size 1 (see correctness).")
    big = proba(ctx, X * HUGE, y, [Q * HUGE], HUGE_HYPER)[0]
    assert close(big, small), (
        f"Scaling the features by 2^1023 (values near ±1.7e308) changed the tree ({settings(HUGE_HYPER)}): a power of "
        f"two changes no comparison and no midpoint, so the forest must predict exactly as before. (a + b)/2 overflows "
        f"to inf there, and x ≤ inf sends every row to the left: compute the midpoint as a/2 + b/2.")


@pytest.mark.criterion("numerical_stability", weight=2)
def test_adjacent_values_are_separated(ctx):
    X, y = adjacent_data(gap=False)
    labels = run(ctx, X, y, [X], ADJ_HYPER, methods=("predict",))[0]["predict"][0]
    if not np.array_equal(labels, y):
        raise kit.NotScorable("Not scored: the tree does not separate two classes even with a wide gap (see "
                              "correctness).")
    X, y = adjacent_data(gap=True)
    labels = run(ctx, X, y, [X], ADJ_HYPER, methods=("predict",))[0]["predict"][0]
    assert np.array_equal(labels, y), (
        f"Two classes separated by two adjacent doubles a < b (1 + 2⁻⁵² and 1 + 2⁻⁵¹): predict(X_train) "
        f"misclassifies {int(np.sum(labels != y))} of {len(y)} training rows ({settings(ADJ_HYPER)}). Their midpoint "
        f"rounds up to b, so x ≤ t puts b on the left, not the split that was scored. When a/2 + b/2 == b, use t = a.")


# ========================================================================== organization

GENERATOR_FACTORIES = {"default_rng", "Generator", "RandomState", "SeedSequence", "PCG64", "PCG64DXSM", "MT19937",
                       "Philox", "SFC64", "BitGenerator"}


def global_random_calls(source: str) -> list[tuple[int, str]]:
    """(line, call) of every call to NumPy's global generator (np.random.seed, np.random.rand, ...) or
    to the standard library's `random` module."""
    tree = ast.parse(source)
    numpy_names, random_modules, random_functions = {"numpy"}, set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "numpy":
                    numpy_names.add(alias.asname or "numpy")
                elif alias.name == "numpy.random":
                    random_modules.add(alias.asname or "numpy.random")
                elif alias.name == "random":
                    random_modules.add(alias.asname or "random")
        elif isinstance(node, ast.ImportFrom) and node.module in ("numpy.random", "random"):
            random_functions |= {a.asname or a.name for a in node.names if a.name not in GENERATOR_FACTORIES}
        elif isinstance(node, ast.ImportFrom) and node.module == "numpy":
            random_modules |= {a.asname or a.name for a in node.names if a.name == "random"}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and f.id in random_functions:
            found.append((node.lineno, f.id))
        elif isinstance(f, ast.Attribute) and f.attr not in GENERATOR_FACTORIES:
            base = ast.unparse(f.value)
            if base in random_modules or any(base == f"{np_}.random" for np_ in numpy_names):
                found.append((node.lineno, f"{base}.{f.attr}"))
    return sorted(found)


# KIT CANDIDATE: a static check (mlprep/grading/static.py) for every problem with random_state
# (kmeans, mlp, random-forest): the class never calls NumPy's global generator or the `random`
# module. Behaviour cannot reveal np.random.seed(self.random_state) at the start of fit: it is
# reproducible, and only the caller's global state changes. It reads the source through the
# session, which the kit does not expose to hidden tests.
@pytest.mark.criterion("organization", weight=1)
def test_randomness_comes_from_the_models_own_generator(ctx):
    source = getattr(getattr(ctx.attempt, "_session", None), "source", None)
    if not isinstance(source, str):
        raise kit.KitMisuse("the attempt's source is not reachable through ctx.attempt._session.source")
    calls = global_random_calls(source)
    assert not calls, (
        f"Line {calls[0][0]} calls {calls[0][1]}(), NumPy's global generator (or the `random` module): it is shared "
        f"by every model and by the caller's own code, which it reseeds or advances behind their back. Create "
        f"rng = np.random.default_rng(self.random_state) in fit and draw from it (rng.integers, rng.choice).")
