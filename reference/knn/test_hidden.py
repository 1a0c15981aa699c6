"""Hidden tests for `knn` (KNNClassifier, brute-force k nearest neighbours).

The model is its training data, stored under names the contract leaves free, so a reference
cannot be handed the attempt's "parameters": the kit's reference.predictions and
reference.single_feature are skipped, and the checks below compare the attempt's outputs with the
reference fitted on the same data. `classes` is the one fitted attribute the contract names (the
kit compares it). There are no iterations: convergence is n/a (problem.toml leaves it out).

Whether fit copies X is not judged: the contract accepts a copy or a reference (scikit-learn's
KNeighborsClassifier keeps a reference), and the worker boundary hides aliasing anyway.

Data with exact arithmetic: coordinates that are multiples of 2⁻²⁰ in [−4, 4) (or integers) make
||a||² − 2a·b + ||b||² exact in float64 whatever the order of operations, so the correctness
checks that need zero distances or tied distances see them under any distance formula, and the
cancellation of that expansion is provoked only where the numerical-stability checks want it.
"""

import functools
import itertools

import numpy as np
import pytest

from mlprep.grading import kit

CLASSES = np.array([3, 7, 10])  # labels are values, not positions 0..K−1
K = len(CLASSES)  # every data set given to the spec has all K classes


# ============================================================================ data

def make_data(seed, n, d):
    """Ordinary data: three overlapping Gaussian blobs labelled 3, 7 and 10. The first rows are
    labelled 10, 3, 7, so the order of first appearance is not the sorted order."""
    rng = np.random.default_rng(seed)
    j = np.concatenate([[2, 0, 1], rng.integers(K, size=n - K)])
    centres = rng.normal(scale=1.5, size=(K, d))
    return centres[j] + rng.normal(size=(n, d)), CLASSES[j]


def dyadic(rng, n, d):
    """Rows whose coordinates are multiples of 2⁻²⁰ in [−4, 4): every square, product and sum in
    ||a||² − 2a·b + ||b||² is exact in float64, so a point's distance to its copy is exactly 0."""
    return rng.integers(-2 ** 22, 2 ** 22, size=(n, d)) / 2.0 ** 20


def expansion(A, B):
    """The usual one-matrix-product squared distances, (len(A), len(B)), as most attempts write them."""
    return (A * A).sum(axis=1)[:, None] - 2.0 * A @ B.T + (B * B).sum(axis=1)[None, :]


def exact_sq(A, B):
    """Squared distances from the differences (exact enough wherever it matters here)."""
    return ((A[:, None, :] - B[None, :, :]) ** 2).sum(axis=2)


def shares(X, y, Q, k, weights, *, power=1.0, zero_rule=True, skip_zero=False):
    """Vote shares (n, K) written independently of the reference, with switches for known
    mistakes: 1/d**power weights, zero-distance neighbours weighted 1 next to the others
    (zero_rule=False), or left out altogether (skip_zero)."""
    classes, position = np.unique(y, return_inverse=True)
    D2 = exact_sq(Q, X)
    if skip_zero:
        D2 = np.where(D2 == 0, np.inf, D2)
    idx = np.argsort(D2, axis=1, kind="stable")[:, :k]
    dist = np.sqrt(np.take_along_axis(D2, idx, axis=1))
    if weights == "uniform":
        w = np.ones_like(dist)
    else:
        zero = dist == 0
        inverse = 1.0 / np.where(zero, 1.0, dist) ** power
        w = np.where(zero.any(axis=1, keepdims=True), zero, inverse) if zero_rule else inverse
    V = np.zeros((len(Q), len(classes)))
    np.add.at(V, (np.arange(len(Q))[:, None], position[idx]), w)
    return V / V.sum(axis=1, keepdims=True)


@functools.cache
def exact_training_data():
    """60 dyadic points (no duplicates), labels 3/7/10."""
    rng = np.random.default_rng(61)
    X = dyadic(rng, 60, 3)
    y = CLASSES[np.concatenate([[2, 0, 1], rng.integers(K, size=57)])]
    if len(np.unique(X, axis=0)) != len(X) or not np.array_equal(expansion(X, X), exact_sq(X, X)):
        raise kit.KitMisuse("exact_training_data: duplicate rows, or the expansion is not exact")
    return X, y


@functools.cache
def duplicate_data():
    """The exact points plus copies of the first ten (rows 60..69): five copies keep their label,
    five carry the next label. Queried on itself, every row has one or two neighbours at distance
    exactly 0 under any formula, and rows 5..9 and 65..69 have two, with different labels."""
    X, y = exact_training_data()
    copies = np.concatenate([y[:5], CLASSES[(np.searchsorted(CLASSES, y[5:10]) + 1) % K]])
    X2, y2 = np.vstack([X, X[:10]]), np.concatenate([y, copies])
    zeros = (expansion(X2, X2) == 0).sum(axis=1)
    if not (np.all(zeros >= 1) and np.all(zeros[5:10] == 2) and np.all(y2[5:10] != y2[65:70])):
        raise kit.KitMisuse("duplicate_data does not have the stated zero distances")
    return X2, y2


OFFSET = 1e4


@functools.cache
def large_coordinate_data():
    """120 points around 1e4 (think incomes): spread 1, so every point's nearest other point is at
    least 0.05 away (its squared distance ≫ the 2⁻²⁴ ≈ 6e-8 spacing of doubles near ||x||² ≈ 3e8)
    and the ranking is never in doubt. But a point's squared distance to itself, from
    ||a||² − 2a·b + ||b||², is a few multiples of 6e-8 of either sign: negative (NaN under sqrt)
    for some rows, positive (a distance near 3e-4 instead of 0) for others."""
    rng = np.random.default_rng(71)
    X = OFFSET + rng.normal(size=(120, 3))
    y = CLASSES[np.concatenate([[2, 0, 1], rng.integers(K, size=117)])]
    D2 = exact_sq(X, X)
    np.fill_diagonal(D2, np.inf)
    self_sq = np.diag(expansion(X, X))
    nearest_other = D2.argmin(axis=1)
    if not (D2.min() > 2.5e-3 and (self_sq < 0).sum() >= 5 and (self_sq > 0).sum() >= 5
            and np.any((self_sq < 0) & (y[nearest_other] != y))):
        raise kit.KitMisuse("large_coordinate_data does not provoke the cancellation it is about")
    return X, y


def grid_scene():
    """Ties at the k-th distance: the 169 integer points of [−6, 6]² in a shuffled order, labels
    at random, queried at half-integer points (no zero distances), where 2 to 12 training points
    share each distance. Both the expansion and the differences are exact here."""
    rng = np.random.default_rng(81)
    grid = np.array(list(itertools.product(range(-6, 7), repeat=2)), dtype=float)
    X = grid[rng.permutation(len(grid))]
    y = CLASSES[rng.integers(K, size=len(X))]
    Q = np.array([(i + 0.5, j + h) for i in range(-3, 3) for j in range(-3, 4) for h in (0.0, 0.5)])
    return X, y, Q


TIE_KS = (2, 3, 6, 10)


@functools.cache
def tie_cases():
    """Check that for every k a tie straddles the k-th place for at least half the queries, and
    that taking the tied points with the highest indices instead changes the vote shares of at
    least ten queries."""
    X, y, Q = grid_scene()
    D2 = exact_sq(Q, X)
    flipped = np.flip(np.arange(len(X)))  # the same points numbered backwards
    for k in TIE_KS:
        kth = np.sort(D2, axis=1)[:, k - 1:k]
        straddles = ((D2 < kth).sum(axis=1) < k) & ((D2 <= kth).sum(axis=1) > k)
        reverse = shares(X[flipped], y[flipped], Q, k, "uniform")
        changed = np.abs(reverse - shares(X, y, Q, k, "uniform")).max(axis=1) > 1e-9
        if straddles.mean() < 0.5 or changed.sum() < 10:
            raise kit.KitMisuse(f"grid_scene: the tie rule at the k-th distance does not matter enough for k={k}")
    return X, y, Q


def vote_tie_scene():
    """Exact vote ties on a line, several scenes 1000 apart (integers: exact). Scene a: neighbours at
    1, 2, 3, ... labelled 10, 3, 7, ...: k=2 ties 10 and 3 (first seen 10, largest 10, rule 3);
    scene b: 7 then 10 (rule 7, largest 10); scene c: 3 then 7 (rule 3, largest 7). With k=3,
    scene a is a three-way tie."""
    scenes = [[10, 3, 7, 7, 3, 10, 10], [7, 10, 3, 3, 7, 7, 10], [3, 7, 10, 10, 10, 3, 7]]
    X, y, Q = [], [], []
    for s, labels in enumerate(scenes):
        base = 1000.0 * s
        X += [[base + t + 1, 0.0] for t in range(len(labels))]
        y += labels
        Q.append([base, 0.0])
    return np.array(X), np.array(y), np.array(Q)


def symmetric_tie_scene():
    """Distance weights with an exact vote tie: neighbours at −1 (label 10) and +1 (label 3), so
    1/d gives both the weight 1; then a farther point."""
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [0.0, 5.0]])
    return X, np.array([10, 3, 7]), np.array([[0.0, 0.0]])


# ============================================================================ the spec

def large_coordinates_trap():
    X, y = large_coordinate_data()
    return X, y, dict(k=3, weights="uniform"), None


def duplicate_points_trap():
    X, y = duplicate_data()
    return X, y, dict(k=5, weights="distance"), None


SKIPPED = ("The model is the stored training data, whose attribute names the contract leaves free, so a "
           "reference cannot be given the attempt's parameters; knn.predictions_match_the_reference and "
           "knn.single_feature compare with the reference fitted on the same data instead.")

SPEC = kit.Estimator(
    cls="KNNClassifier",
    params=dict(k=5, weights="uniform"),
    tags={"supervised", "classifier", "predict_proba"},
    data=make_data,
    ordinary=dict(k=5, weights="uniform"),
    fitted={"classes": kit.Labels(K)},
    methods={"predict_proba": kit.Probabilities("n", K), "predict": kit.Labels()},
    groups={"classes": kit.Group(1)},
    options={"weights": ("uniform", "distance")},
    skip={"reference.predictions": SKIPPED, "reference.single_feature": SKIPPED},
    advice={
        "algorithm": "k nearest neighbours",
        "reference.fitted_parameters": "`classes` holds the distinct labels of y in increasing order "
                                       "(np.unique(y)): the values themselves, not positions 0..K−1.",
        "reference.more_features_than_samples": "`classes` holds the distinct labels of y in increasing order "
                                                "(np.unique(y)).",
    },
    traps=(
        kit.Trap("duplicate_points", duplicate_points_trap,
                 "weights='distance' and queries that coincide with training points (distance 0)",
                 "1/0 is infinite: when some of the k neighbours are at distance 0, only those neighbours vote, "
                 "each with the same weight."),
        kit.Trap("large_coordinates", large_coordinates_trap,
                 "coordinates around 1e4, predicting the training points themselves",
                 "||a||² − 2a·b + ||b||² cancels there and can come out slightly negative, so its square root is "
                 "NaN: clamp it at 0 before any square root (or rank by squared distances)."),
    ),
)
kit.install(SPEC, globals())


# ============================================================================ helpers

def outputs(ctx, X, y, Q, hyper, methods=("predict_proba", "predict")):
    """Fit the attempt on (X, y) and call the methods on Q: {method: array}, read leniently ((n, 1)
    labels as (n,)). An output of the wrong size is contract.outputs's failure, not this check's."""
    model = ctx.fit(X, y, **hyper)
    shapes = {"predict_proba": (len(Q), len(np.unique(y))), "predict": (len(Q),)}
    out = {}
    for method in methods:
        value = model.call(method, Q)
        try:
            value = kit.as_array(value, f"{method}(X)")
            if value.size != np.prod(shapes[method]):
                raise kit.Mismatch(f"{method}(X) has shape {value.shape}, not {shapes[method]}")
        except kit.Mismatch as exc:
            raise kit.NotScorable(f"Not scored: {exc.detail} (see contract.outputs).", owner="contract.outputs",
                                  criterion="correctness") from None
        out[method] = value.reshape(shapes[method]).astype(float if method == "predict_proba" else value.dtype)
    return out


def settings(hyper) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in hyper.items())


def named_deviation(got, X, y, Q, hyper) -> str:
    """The known mistake the attempt's vote shares match, as a sentence (or '')."""
    k, weights = hyper["k"], hyper["weights"]
    expected = shares(X, y, Q, k, weights)
    if got.shape == expected.shape:
        for perm in itertools.permutations(range(expected.shape[1])):
            if list(perm) != sorted(perm) and kit.is_close(got, expected[:, perm], rtol=1e-6, atol=1e-9):
                return ("The columns are in another order: column c of predict_proba must be the share of "
                        "classes[c], with `classes` the sorted labels.")
    variants = []
    if weights == "distance":
        variants += [(shares(X, y, Q, k, "uniform"),
                      ("These are the uniform vote shares: predict_proba ignores weights='distance' (weigh each "
                       "vote by 1/d).")),
                     (shares(X, y, Q, k, weights, power=2.0),
                      "The votes are weighted by 1/d², the inverse squared distance; the statement's weight is 1/d.")]
    if k != 5:
        variants.append((shares(X, y, Q, 5, weights),
                         f"These are the shares of the 5 nearest: k={k} is ignored (use self.k)."))
    for value, sentence in variants:
        if got.shape == value.shape and kit.is_close(got, value, rtol=1e-6, atol=1e-9):
            return sentence
    return ""


def assert_shares(got, expected, what, advice):
    try:
        kit.assert_close(got, expected, what=what, rtol=1e-6, atol=1e-9)
    except kit.Mismatch as exc:
        raise AssertionError(f"{exc.detail} {advice}".strip()) from None


def assert_labels(got, expected, what, advice):
    try:
        kit.assert_equal_labels(got, expected, what=what)
    except kit.Mismatch as exc:
        raise AssertionError(f"{exc.detail} {advice}".strip()) from None


def predict_advice(got, expected, P, classes) -> str:
    """Why predict's labels differ from the expected ones, from what they are."""
    if np.array_equal(got, P.argmax(axis=1)) and not np.array_equal(classes, np.arange(len(classes))):
        return "predict returns positions 0..K−1; return the labels themselves, classes[argmax]."
    wrong = np.flatnonzero(got != expected)
    top = P.max(axis=1, keepdims=True)
    tied = (np.abs(P - top) <= 1e-12).sum(axis=1) >= 2
    if len(wrong) and tied[wrong].all():
        i = int(wrong[0])
        labels = ", ".join(str(c) for c in classes[np.abs(P[i] - top[i]) <= 1e-12])
        return (f"Every row that differs is a vote tie (row {i}: labels {labels} get equal votes): a tie goes to the "
                f"smallest label, which np.argmax over votes ordered like `classes` gives.")
    return "predict must return the label with the largest share in predict_proba, as a value of `classes`."


def compare_with_reference(ctx, X, y, Q, hyper, where):
    got = outputs(ctx, X, y, Q, hyper)
    ref = ctx.ref_fit(X, y, **hyper)
    P, labels = ref.predict_proba(Q), ref.predict(Q)
    assert_shares(got["predict_proba"], P, f"{where}, predict_proba(X) ({settings(hyper)})",
                  named_deviation(got["predict_proba"], X, y, Q, hyper)
                  or "Column c is the share of the k nearest neighbours' (weighted) votes that go to classes[c].")
    assert_labels(got["predict"], labels, f"{where}, predict(X) ({settings(hyper)})",
                  predict_advice(got["predict"], labels, P, ref.classes))


# ============================================================================ correctness

ORDINARY_SETTINGS = [dict(k=1, weights="uniform"), dict(k=5, weights="uniform"), dict(k=15, weights="uniform"),
                     dict(k=5, weights="distance"), dict(k=15, weights="distance")]


@pytest.mark.criterion("correctness", weight=3)
def test_predictions_match_the_reference(ctx):
    X, y = make_data(50, 120, 4)
    Q = make_data(150, 41, 4)[0]
    for hyper in ORDINARY_SETTINGS:
        compare_with_reference(ctx, X, y, Q, hyper, "On new data")


@pytest.mark.criterion("correctness", weight=1)
def test_single_feature(ctx):
    X, y = make_data(52, 80, 1)
    Q = make_data(152, 30, 1)[0]
    for hyper in (dict(k=3, weights="uniform"), dict(k=7, weights="distance")):
        compare_with_reference(ctx, X, y, Q, hyper, "With a single feature (X of shape (n, 1))")


@pytest.mark.criterion("correctness", weight=1)
def test_labels_are_values_not_positions(ctx):
    X, y = make_data(53, 90, 3)
    y = np.where(y == 10, 1, -1)                           # binary labels −1 and 1: np.bincount cannot count them
    Q = make_data(153, 30, 3)[0]
    for hyper in (dict(k=5, weights="uniform"), dict(k=5, weights="distance")):
        try:
            compare_with_reference(ctx, X, y, Q, hyper, "With the labels −1 and 1")
        except kit.AttemptError as exc:
            raise AssertionError(f"With the labels −1 and 1, {exc}. Labels are values, not indices: count the votes "
                                 f"by each label's position in `classes` (np.unique(y, return_inverse=True)).") from None


@pytest.mark.criterion("correctness", weight=2)
def test_training_points_are_their_own_nearest_neighbours(ctx):
    X, y = exact_training_data()
    classes, position = np.unique(y, return_inverse=True)
    got = outputs(ctx, X, y, X, dict(k=1, weights="uniform"), methods=("predict",))["predict"]
    others = classes[shares(X, y, X, 1, "uniform", skip_zero=True).argmax(axis=1)]   # the nearest OTHER point
    if np.array_equal(got, position):
        advice = "predict returns positions 0..K−1; return the labels themselves, classes[argmax]."
    elif np.array_equal(got, others):
        advice = ("These are the labels of each point's nearest OTHER point: the attempt leaves it out. A training "
                  "point is at distance 0 from itself and counts among its own k neighbours.")
    else:
        advice = ("Each training point is its own nearest neighbour (distance 0): with k=1, predicting the training "
                  "data returns the training labels.")
    assert_labels(got, y, "predict(X_train) with k=1", advice)
    hyper = dict(k=4, weights="uniform")
    got = outputs(ctx, X, y, X, hyper, methods=("predict_proba",))["predict_proba"]
    skipping = kit.is_close(got, shares(X, y, X, 4, "uniform", skip_zero=True))
    assert_shares(got, ctx.ref_fit(X, y, **hyper).predict_proba(X), "predict_proba(X_train) with k=4",
                  named_deviation(got, X, y, X, hyper) or
                  "The neighbours are the k nearest training rows, the point itself included (distance 0)" +
                  (": the attempt leaves it out." if skipping else "."))


@pytest.mark.criterion("correctness", weight=2)
def test_vote_ties_go_to_the_smallest_label(ctx):
    for X, y, Q, hyper in [(*vote_tie_scene(), dict(k=2, weights="uniform")),
                           (*vote_tie_scene(), dict(k=3, weights="uniform")),
                           (*symmetric_tie_scene(), dict(k=2, weights="distance"))]:
        P = shares(X, y, Q, hyper["k"], hyper["weights"])
        top = P.max(axis=1, keepdims=True)
        if not np.all((P == top).sum(axis=1) >= 2):
            raise kit.KitMisuse("vote_tie_scene: some query has no exact vote tie")
        expected = ctx.ref_fit(X, y, **hyper).predict(Q)
        got = outputs(ctx, X, y, Q, hyper, methods=("predict",))["predict"]
        if np.array_equal(got, P.argmax(axis=1)):
            raise AssertionError("predict returns positions 0..K−1; return the labels themselves, classes[argmax].")
        if not np.array_equal(got, expected):
            i = int(np.flatnonzero(got != expected)[0])
            tied = np.unique(y)[P[i] == top[i]]
            raise AssertionError(
                f"With an exact tie in the vote ({settings(hyper)}: labels {', '.join(map(str, tied))} get equal "
                f"votes), predict returned {got[i]}; a tie goes to the smallest label, {expected[i]}. np.argmax "
                f"over votes ordered like `classes` does that; Counter.most_common keeps the label seen first.")


@pytest.mark.criterion("correctness", weight=2)
def test_ties_at_the_kth_distance_go_to_the_lower_index(ctx):
    X, y, Q = tie_cases()
    for k in TIE_KS:
        hyper = dict(k=k, weights="uniform")
        got = outputs(ctx, X, y, Q, hyper, methods=("predict_proba",))["predict_proba"]
        assert_shares(got, ctx.ref_fit(X, y, **hyper).predict_proba(Q),
                      f"With several training points at exactly the k-th distance (k={k}), predict_proba(X)",
                      named_deviation(got, X, y, Q, hyper) or
                      "The k nearest must take the tied points with the lowest training indices, what a stable "
                      "sort gives (np.argsort(..., kind='stable')); the default quicksort of np.argsort and "
                      "np.argpartition leave tied distances in no particular order.")


@pytest.mark.criterion("correctness", weight=2)
def test_only_exact_matches_vote_under_distance_weights(ctx):
    X, y = duplicate_data()
    hyper = dict(k=5, weights="distance")
    got = outputs(ctx, X, y, X, hyper)
    if not np.all(np.isfinite(got["predict_proba"])):
        raise kit.NotScorable("Not scored: predict_proba is NaN or inf when some neighbours are at distance 0; the "
                              "numerical stability checks judge that.")
    ref = ctx.ref_fit(X, y, **hyper)
    P = got["predict_proba"]
    advice = (named_deviation(P, X, y, X, hyper) or "When some of the k neighbours are at distance 0, they alone "
                                                     "vote, each with weight 1 (scikit-learn's rule).")
    if P.shape == (len(X), K):
        if kit.is_close(P, shares(X, y, X, 5, "distance", zero_rule=False)):
            advice = ("The neighbours at distance 0 get weight 1 but the others still vote with 1/d; when some "
                      "neighbour is at distance 0, only the neighbours at distance 0 vote.")
        elif kit.is_close(P, shares(X, y, X, 5, "distance", skip_zero=True)):
            advice = ("The neighbours at distance 0 are left out; they are the only ones that vote when present.")
    assert_shares(P, ref.predict_proba(X), "Predicting the training points themselves with weights='distance', "
                                           "predict_proba(X)", advice)
    assert_labels(got["predict"], ref.predict(X), "Predicting the training points themselves with "
                                                  "weights='distance', predict(X)",
                  predict_advice(got["predict"], ref.predict(X), ref.predict_proba(X), ref.classes))


@pytest.mark.criterion("correctness", weight=1)
def test_k_larger_than_the_training_set_is_a_value_error(ctx):
    X, y = make_data(54, 4, 2)
    try:
        model = ctx.fit(X, y, k=5, weights="uniform")
        model.call("predict", X)
    except kit.AttemptError as exc:
        assert exc.exc_type == "ValueError", (
            f"With k=5 and 4 training rows, the attempt raised {exc.exc_type}; raise ValueError with a message "
            f"(k must be at most the number of training rows).")
        return
    raise AssertionError("With k=5 and only 4 training rows, fit and predict ran without error; raise ValueError "
                         "(k must be at most the number of training rows) instead of voting with fewer neighbours.")


@pytest.mark.criterion("correctness", weight=1)
def test_k_equal_to_the_training_set_size(ctx):
    X, y = make_data(55, 7, 2)
    Q = make_data(155, 5, 2)[0]
    try:
        compare_with_reference(ctx, X, y, Q, dict(k=7, weights="uniform"), "With k equal to the number of training "
                                                                            "rows")
    except kit.AttemptError as exc:
        raise AssertionError(f"With k=7 and 7 training rows, {exc}. k may equal the number of training rows: then "
                             f"every row votes.") from None


# ==================================================================== numerical_stability

def _distance_rule_works(ctx) -> bool:
    """The zero-distance rule holds on exact data (judged by correctness)."""
    def compute():
        X, y = duplicate_data()
        P = outputs(ctx, X, y, X, dict(k=5, weights="distance"), methods=("predict_proba",))["predict_proba"]
        return bool(np.all(np.isfinite(P)) and kit.is_close(P, shares(X, y, X, 5, "distance"), rtol=1e-6, atol=1e-9))
    return ctx.memo("knn.distance_rule_works", compute)


def _own_nearest_works(ctx) -> bool:
    """With exact arithmetic, k=1 on the training data returns the training labels (judged by correctness)."""
    def compute():
        X, y = exact_training_data()
        return bool(np.array_equal(outputs(ctx, X, y, X, dict(k=1, weights="uniform"), methods=("predict",))["predict"], y))
    return ctx.memo("knn.own_nearest_works", compute)


@pytest.mark.criterion("numerical_stability", weight=2)
def test_large_coordinates_every_point_is_its_own_nearest(ctx):
    if not _own_nearest_works(ctx):
        raise kit.NotScorable("Not scored: predicting the training points with k=1 does not return their labels even "
                              "with exact arithmetic (see correctness), so the precision cannot be judged.")
    X, y = large_coordinate_data()
    got = outputs(ctx, X, y, X, dict(k=1, weights="uniform"), methods=("predict",))["predict"]
    assert_labels(got, y, "With coordinates around 1e4, predict(X_train) with k=1",
                  "Every training point is its own nearest neighbour, but ||a||² − 2a·b + ||b||² for a point and "
                  "itself cancels to a tiny number of either sign there: a negative one gives NaN under sqrt, and "
                  "NaN sorts last. Clamp the expansion at 0 before the square root, or rank by squared distances.")


@pytest.mark.criterion("numerical_stability", weight=2)
def test_large_coordinates_exact_matches_alone_vote(ctx):
    if not _distance_rule_works(ctx):
        raise kit.NotScorable("Not scored: the zero-distance rule of weights='distance' fails even with exact "
                              "arithmetic (see correctness), so its precision cannot be judged.")
    X, y = large_coordinate_data()
    P = outputs(ctx, X, y, X, dict(k=3, weights="distance"), methods=("predict_proba",))["predict_proba"]
    onehot = (y[:, None] == CLASSES[None, :]).astype(float)
    assert_shares(P, onehot, "With coordinates around 1e4, predicting the training points with weights='distance', "
                             "predict_proba(X)",
                  "Each point is an exact match of itself, so it alone votes. At such coordinates "
                  "||a||² − 2a·b + ||b||² gives a point's distance to itself as about 3e-4 (or NaN), not 0: rank "
                  "with it if you like, but measure the k chosen distances from the differences a − b.")


# ========================================================================== vectorization

@pytest.mark.criterion("vectorization", weight=1)
def test_predict_has_no_loop_over_training_points(ctx):
    Q = make_data(160, 50, 5)[0]
    for method in SPEC.methods:
        def run(n, mode, method=method):
            X, y = make_data(60 + n, n, 5)
            model = ctx.fit(X, y, k=5, weights="distance")
            model.call(method, Q, _mode=mode)

        try:
            kit.assert_no_sample_loops(kit.loop_rate(ctx.attempt, run), f"{method} (over the training rows)")
        except AssertionError as exc:
            raise AssertionError(f"{exc} Here: one matrix product Q @ X.T gives q·x for every query and every "
                                 f"training row at once.") from None
