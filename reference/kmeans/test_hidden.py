"""Hidden tests for `kmeans` (KMeans, Lloyd's algorithm).

Everything here runs in the trusted parent: the data, the reference's answers and every
comparison. The attempt is reached only through the `attempt` proxy.

Cluster numbering is free (the statement says so), so every comparison is made up to a
relabelling: centroids are matched to the expected ones first, labels are compared as
partitions.
"""

import math

import numpy as np
import pytest

from mlprep.grading import probes

HYPERPARAMETERS = ("n_clusters", "n_iterations", "tol", "init", "random_state")


# ----------------------------------------------------------------------------- data

def blobs(seed, n, d, k, spread=1.0, sep=2.0):
    """k overlapping Gaussian blobs: Lloyd's needs several iterations to settle."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=sep, size=(k, d))
    y = np.arange(n) % k
    return centres[y] + spread * rng.normal(size=(n, d)), y


def separated(seed, n, d, k, spread=0.5, gap=10.0, offset=0.0):
    """k tight blobs on a circle of radius `gap` (first two coordinates): one obvious answer."""
    rng = np.random.default_rng(seed)
    angles = 2 * np.pi * np.arange(k) / k
    centres = np.zeros((k, d))
    centres[:, 0] = gap * np.cos(angles)
    if d > 1:
        centres[:, 1] = gap * np.sin(angles)
    y = np.arange(n) % k
    return offset + centres[y] + spread * rng.normal(size=(n, d)), y, offset + centres


def rows(X, k, seed):
    """k distinct rows of X, a fixed starting point for the trajectory tests."""
    return X[np.random.default_rng(seed).choice(len(X), size=k, replace=False)].copy()


# ----------------------------------------------------------------------------- math

def sq_dists(X, C):
    """Exact ||x_i − c_j||² by broadcasting (no cancellation), shape (n, k)."""
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


def nearest(X, C):
    return sq_dists(X, C).argmin(axis=1)


def inertia_at(X, C):
    """The stated objective at centroids C: every point at its nearest centroid."""
    return float(sq_dists(X, C).min(axis=1).sum())


def lloyd_reference(reference, X, **params):
    return reference.KMeans(**params).fit(X)


def match(C, R):
    """perm with C[perm[j]] closest to R[j], or None when the closest rows do not form a permutation."""
    perm = sq_dists(R, C).argmin(axis=1)
    if len(set(perm.tolist())) != len(R):
        return None
    return perm


def centroid_error(C, R):
    """Relative error between centroid sets, after matching rows (inf when they cannot be matched)."""
    C = np.asarray(C, dtype=float)
    if C.shape != R.shape or not np.all(np.isfinite(C)):
        return math.inf
    perm = match(C, R)
    if perm is None:
        return math.inf
    scale = max(np.abs(R).max(), 1.0)
    return float(np.abs(C[perm] - R).max() / scale)


def same_partition(a, b):
    """True when label vectors a and b split the points the same way, whatever the numbering."""
    a, b = np.asarray(a).ravel(), np.asarray(b).ravel()
    if a.shape != b.shape:
        return False
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1), dtype=int)     # contingency table
    np.add.at(table, (ia, ib), 1)
    nonzero = np.count_nonzero(table)
    return nonzero == table.shape[0] == table.shape[1]


# ----------------------------------------------------------------------------- proxy helpers

def new(attempt, **params):
    return attempt.KMeans(**params)


def fitted(attempt, X, **params):
    """Construct and fit; never chains on fit's return value (tested on its own)."""
    model = new(attempt, **params)
    model.fit(X)
    return model


def centroids_of(model, k, d):
    C = np.asarray(probes.as_array(model.centroids, "`centroids`"), dtype=float)
    if C.shape != (k, d):
        pytest.fail(f"`centroids` has shape {C.shape}; with n_clusters={k} and {d} features it must be "
                    f"({k}, {d}), one row per cluster.")
    return C


def labels_of(model, n):
    labels = probes.as_array(model.labels, "`labels`")
    if labels.shape != (n,):
        pytest.fail(f"`labels` has shape {labels.shape} for {n} training rows. Store one cluster index per "
                    f"row, shape (n,).")
    return labels


def history_of(model):
    if not model.has("loss_history"):
        pytest.fail("The fitted model has no `loss_history`. Record the inertia once per iteration in a list "
                    "called loss_history.")
    try:
        h = np.asarray(model.loss_history, dtype=float)
    except (TypeError, ValueError):
        pytest.fail("`loss_history` is not a sequence of numbers. Append one float (the inertia) per iteration.")
    if h.ndim != 1:
        pytest.fail(f"`loss_history` has shape {h.shape}. Keep one float per iteration in a flat list.")
    return h


def finite_history(model, what):
    """loss_history when the model has one (its absence is a convergence matter, not stability)."""
    if not model.has("loss_history"):
        return np.zeros(1)
    try:
        h = np.asarray(model.loss_history, dtype=float)
    except (TypeError, ValueError):
        return np.zeros(1)
    probes.assert_finite(f"`loss_history` {what}", h)
    return h




# The trajectory data: five overlapping blobs, Lloyd's moves for about 12 iterations, no cluster
# ever empties from these starting rows (checked against scikit-learn's Lloyd, tests/test_oracle_kmeans.py).
def trajectory_data():
    X, _ = blobs(seed=1, n=150, d=3, k=5)
    return X, rows(X, 5, seed=101)


# ============================================================================ correctness

@pytest.mark.criterion("correctness", weight=2)
def test_one_lloyd_step_matches_reference(attempt, reference):
    X, init = trajectory_data()
    model = fitted(attempt, X, n_clusters=5, n_iterations=1, tol=0.0, init=init)
    expected = lloyd_reference(reference, X, n_clusters=5, n_iterations=1, tol=0.0, init=init)
    err = centroid_error(centroids_of(model, 5, 3), expected.centroids)
    assert err < 1e-9, (
        f"After one iteration from the given init, the centroids differ from one Lloyd step (relative error "
        f"{err:.1e}). Assign every point to its nearest starting centroid, then move each centroid to the mean "
        f"of its points.")


@pytest.mark.criterion("correctness", weight=3)
def test_trajectory_matches_reference(attempt, reference):
    X, init = trajectory_data()
    model = fitted(attempt, X, n_clusters=5, n_iterations=8, tol=0.0, init=init)
    expected = lloyd_reference(reference, X, n_clusters=5, n_iterations=8, tol=0.0, init=init)
    err = centroid_error(centroids_of(model, 5, 3), expected.centroids)
    assert err < 1e-8, (
        f"After 8 iterations with tol=0, the centroids differ from Lloyd's algorithm (relative error {err:.1e}). "
        f"Each iteration must assign points to the nearest centroid and then move every centroid to the mean "
        f"of its points, exactly n_iterations times.")


@pytest.mark.criterion("correctness", weight=2)
def test_labels_come_from_the_final_centroids(attempt):
    X, init = trajectory_data()
    model = fitted(attempt, X, n_clusters=5, n_iterations=3, tol=0.0, init=init)
    C = centroids_of(model, 5, 3)
    labels = labels_of(model, len(X))
    assert labels.dtype.kind in "iu", (
        f"`labels` has dtype {labels.dtype}. Store cluster indices as integers (argmin gives them).")
    assert np.array_equal(labels, nearest(X, C)), (
        "`labels` does not give each training point its nearest centroid in `centroids`. After the last "
        "update, assign the points again so labels, centroids and inertia agree.")


@pytest.mark.criterion("correctness", weight=1)
def test_inertia_of_the_final_centroids(attempt):
    X, init = trajectory_data()
    model = fitted(attempt, X, n_clusters=5, n_iterations=3, tol=0.0, init=init)
    C = centroids_of(model, 5, 3)
    value = model.inertia
    assert isinstance(value, (int, float)) or np.ndim(value) == 0, (
        "`inertia` is not a single number. Store the sum of squared distances as a float.")
    value = float(np.asarray(value, dtype=float))
    expected = inertia_at(X, C)
    assert abs(value - expected) <= 1e-9 * max(expected, 1.0), (
        "`inertia` is not the sum of squared distances from each point to its nearest centroid in "
        "`centroids`. Compute it from the final centroids, with squared (not plain) distances.")


@pytest.mark.criterion("correctness", weight=2)
def test_predict_on_heldout_data(attempt):
    X, init = trajectory_data()
    X_new, _ = blobs(seed=11, n=80, d=3, k=5)
    model = fitted(attempt, X, n_clusters=5, init=init)
    C = centroids_of(model, 5, 3)
    pred = probes.as_array(model.predict(X_new), "predict(X)")
    assert pred.shape == (80,), (
        f"predict returned shape {pred.shape} for 80 new rows. Return one cluster index per row of the X it "
        f"is given, shape (n,).")
    assert np.array_equal(pred, nearest(X_new, C)), (
        "predict does not return the nearest centroid for new points. Compute the distances from every row "
        "of the given X to every centroid and take the argmin per row.")


@pytest.mark.criterion("correctness", weight=1)
def test_predict_returns_int_labels_of_shape_n(attempt):
    X, init = trajectory_data()
    model = fitted(attempt, X, n_clusters=5, init=init)
    X_new, _ = blobs(seed=12, n=37, d=3, k=5)
    pred = probes.as_array(model.predict(X_new), "predict(X)")
    assert pred.shape == (37,), (
        f"predict returned shape {pred.shape} for 37 rows; return a flat array of shape (n,), not (n, 1) "
        f"or (n, k).")
    assert pred.dtype.kind in "iu", (
        f"predict returned dtype {pred.dtype}. Return integer cluster indices (the argmin over centroids).")
    assert pred.min() >= 0 and pred.max() < 5, "predict returned indices outside 0..n_clusters-1."


@pytest.mark.criterion("correctness", weight=1)
def test_one_feature(attempt, reference):
    X, _ = blobs(seed=5, n=90, d=1, k=3, sep=1.5)
    init = rows(X, 3, seed=105)
    model = fitted(attempt, X, n_clusters=3, n_iterations=5, tol=0.0, init=init)
    expected = lloyd_reference(reference, X, n_clusters=3, n_iterations=5, tol=0.0, init=init)
    err = centroid_error(centroids_of(model, 3, 1), expected.centroids)
    assert err < 1e-8, (
        f"With a single feature (X of shape (n, 1)) the centroids differ from Lloyd's algorithm (relative "
        f"error {err:.1e}). Check that distances and means keep the (n, d) and (k, d) shapes when d = 1.")


@pytest.mark.criterion("correctness", weight=2)
def test_kmeanspp_finds_separated_blobs(attempt, reference):
    X, y, _ = separated(seed=3, n=120, d=2, k=4, spread=0.3, gap=40.0)   # D² seeding fails ~1 run in 4000
    truth = np.stack([X[y == j].mean(axis=0) for j in range(4)])
    for seed in (0, 1):
        model = fitted(attempt, X, n_clusters=4, random_state=seed)
        assert same_partition(labels_of(model, len(X)), y), (
            "With init='k-means++' on four well-separated blobs, the clusters found are not the four blobs. "
            "Check the k-means++ initialisation and that Lloyd's iterations run until convergence.")
        err = centroid_error(centroids_of(model, 4, 2), truth)
        assert err < 1e-9, (
            f"On four well-separated blobs the centroids are not the blob means (relative error {err:.1e}).")
        value = float(np.asarray(model.inertia, dtype=float))
        ref_value = lloyd_reference(reference, X, n_clusters=4, random_state=seed).inertia
        assert value <= 1.01 * ref_value, (
            "On four well-separated blobs the inertia is more than 1% above the optimum.")


@pytest.mark.criterion("correctness", weight=2)
def test_kmeanspp_starts_with_one_centre_per_blob(attempt):
    # After one iteration the centroids are the blob means exactly when the k-means++ seeds fell
    # in four different blobs: D² sampling does that almost always here, uniform rows in ~9% of runs.
    X, y, _ = separated(seed=4, n=120, d=2, k=4, spread=0.3, gap=20.0)
    truth = np.stack([X[y == j].mean(axis=0) for j in range(4)])
    hits = 0
    for seed in range(6):
        model = fitted(attempt, X, n_clusters=4, n_iterations=1, tol=0.0, init="k-means++", random_state=seed)
        hits += centroid_error(centroids_of(model, 4, 2), truth) < 1e-9
    assert hits >= 5, (
        f"init='k-means++' put its starting centres in four different well-separated blobs in only {hits} of 6 "
        f"runs. Draw each next centre with probability proportional to D(x)², the squared distance to the "
        f"nearest centre already chosen.")


@pytest.mark.criterion("correctness", weight=1)
def test_kmeanspp_samples_rather_than_taking_the_farthest_point(attempt):
    # A tight blob of 200 points and one outlier at distance 6. D² sampling picks the outlier as a
    # starting centre in about 20% of runs; "always take the farthest point" picks it every time.
    rng = np.random.default_rng(7)
    X = np.vstack([0.5 * rng.normal(size=(200, 2)), [[6.0, 0.0]]])
    picked = 0
    for seed in range(10):
        model = fitted(attempt, X, n_clusters=2, n_iterations=1, tol=0.0, init="k-means++", random_state=seed)
        C = centroids_of(model, 2, 2)
        picked += bool(np.any(np.abs(C - X[-1]).max(axis=1) < 1e-9))
    assert picked <= 7, (
        f"init='k-means++' started a cluster at the lone outlier in {picked} of 10 runs. k-means++ draws each "
        f"next centre at random with probability proportional to D(x)²; it does not always take the farthest "
        f"point.")


@pytest.mark.criterion("correctness", weight=1)
def test_random_init_finds_two_far_blobs(attempt):
    X, y, _ = separated(seed=5, n=60, d=2, k=2, spread=0.5, gap=10.0)
    for seed in (0, 1, 2):
        model = fitted(attempt, X, n_clusters=2, init="random", random_state=seed)
        assert same_partition(labels_of(model, len(X)), y), (
            "With init='random' on two far-apart blobs, the clusters found are not the two blobs. Start from "
            "n_clusters distinct rows of X and run Lloyd's iterations to convergence.")


@pytest.mark.criterion("correctness", weight=1)
def test_as_many_clusters_as_points(attempt):
    # With k = n distinct points, both inits must start from every point once: inertia 0.
    X = np.random.default_rng(8).normal(size=(10, 2))
    for init in ("random", "k-means++"):
        model = fitted(attempt, X, n_clusters=10, init=init, random_state=0)
        value = float(np.asarray(model.inertia, dtype=float))
        assert abs(value) < 1e-12, (
            f"With n_clusters equal to the number of (distinct) points, init='{init}' gave inertia {value:.3g} "
            f"instead of 0. The starting centroids must be n_clusters distinct rows of X (sample without "
            f"replacement).")


# ==================================================================== numerical_stability

def empty_cluster_setup():
    """Three blobs near the origin and a fourth starting centroid far away: cluster 3 never gets a point."""
    X, y, centres = separated(seed=9, n=90, d=2, k=3, spread=0.5, gap=5.0)
    init = np.vstack([X[:3], [[100.0, 100.0]]])             # X[0], X[1], X[2] lie in blobs 0, 1, 2
    return X, init


@pytest.mark.criterion("numerical_stability", weight=2)
def test_empty_cluster_outputs_are_finite(attempt):
    X, init = empty_cluster_setup()
    model = fitted(attempt, X, n_clusters=4, n_iterations=10, tol=0.0, init=init)
    C = centroids_of(model, 4, 2)
    assert np.all(np.isfinite(C)), (
        "A cluster that gets no points produced NaN centroids. The mean of an empty set is undefined: keep "
        "that cluster's previous centroid.")
    probes.assert_finite("`inertia` with an empty cluster", model.inertia)
    finite_history(model, "with an empty cluster")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_empty_cluster_keeps_its_centroid(attempt):
    X, init = empty_cluster_setup()
    model = fitted(attempt, X, n_clusters=4, n_iterations=10, tol=0.0, init=init)
    C = centroids_of(model, 4, 2)
    far = np.abs(C - init[3]).max(axis=1) < 1e-9
    assert far.sum() == 1, (
        "A cluster that gets no points did not keep its previous centroid. The statement's rule is that an "
        "empty cluster keeps its centroid unchanged (no NaN, no re-seeding).")
    labels = labels_of(model, len(X))
    assert not np.any(labels == int(np.flatnonzero(far)[0])), (
        "Points were assigned to the far-away empty cluster; every point must go to its nearest centroid.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_empty_cluster_no_floating_point_warnings(attempt):
    X, init = empty_cluster_setup()
    model = new(attempt, n_clusters=4, n_iterations=10, tol=0.0, init=init)
    model.fit(X)
    events = attempt.last.fp_events
    assert not events, (
        f"fit raised floating-point warnings when a cluster had no points ({probes.format_fp_events(events)}). "
        f"Do not divide by a count of zero: leave an empty cluster's centroid as it was.")


OFFSET = 1e4


def offset_setup():
    """Three clusters of near-duplicate points (spread 10⁻⁵) and one starting row in each; the
    same problem is then shifted to coordinates around 10⁴."""
    X, y, _ = separated(seed=10, n=120, d=3, k=3, spread=1e-5, gap=1.0)
    init = X[:3].copy()                                      # rows 0, 1, 2 lie in clusters 0, 1, 2
    return X, init


@pytest.mark.criterion("numerical_stability", weight=2)
def test_large_offsets_give_the_same_clusters(attempt):
    # Translation invariance: the same problem at coordinates around 10⁴ must give the same answer,
    # shifted. This judges the distance formulas, not Lloyd's algorithm itself.
    X, init = offset_setup()
    params = dict(n_clusters=3, n_iterations=10, tol=0.0)
    near = fitted(attempt, X, init=init, **params)
    far = fitted(attempt, X + OFFSET, init=init + OFFSET, **params)
    C_near, C_far = centroids_of(near, 3, 3), centroids_of(far, 3, 3)
    assert np.all(np.isfinite(C_far)), (
        "With coordinates around 10⁴ and near-duplicate points, fit produced NaN or inf centroids. "
        "||x||² − 2x·c + ||c||² cancels and can go slightly negative: clamp it at 0 before any sqrt.")
    value = float(np.asarray(far.inertia, dtype=float))
    h = finite_history(far, "with coordinates around 10⁴")
    assert math.isfinite(value), "With coordinates around 10⁴, `inertia` is NaN or inf."
    assert value >= 0 and np.all(h >= 0), (
        "With coordinates around 10⁴ the inertia came out negative: a sum of squared distances cannot be. "
        "Clamp the expanded squared distances at 0, or compute ||x − c||² from differences.")
    assert same_partition(labels_of(far, len(X)), labels_of(near, len(X))), (
        "Shifting the data (and init) by 10⁴ changed the clusters found. Make the distance computation robust "
        "to large coordinates: clamp the expansion at 0 and never take sqrt of a negative number.")
    if np.all(np.isfinite(C_near)):
        err = centroid_error(C_far - OFFSET, C_near)
        assert err < 1e-9, (
            f"Shifting the data (and init) by 10⁴ changed the centroids by more than rounding (relative error "
            f"{err:.1e}).")
        atol = 10 * np.finfo(float).eps * float(((X + OFFSET) ** 2).sum())   # float64 accuracy at 10⁴
        near_value = float(np.asarray(near.inertia, dtype=float))
        assert abs(value - near_value) <= atol, (
            "Shifting the data by 10⁴ changed `inertia` by more than float64 rounding allows. Compute "
            "squared distances in a form that does not lose precision (or clamp the expansion at 0).")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_large_offsets_no_floating_point_warnings(attempt):
    X, init = offset_setup()
    X = X + OFFSET
    model = new(attempt, n_clusters=3, n_iterations=10, tol=0.0, init=init + OFFSET)
    model.fit(X)
    events = attempt.last.fp_events
    assert not events, (
        f"fit raised floating-point warnings on data with coordinates around 10⁴ "
        f"({probes.format_fp_events(events)}). Squared distances from the expansion can cancel below 0: "
        f"clamp them with np.maximum(d2, 0) before any sqrt or division.")
    model.predict(X)
    events = attempt.last.fp_events
    assert not events, (
        f"predict raised floating-point warnings on data with coordinates around 10⁴ "
        f"({probes.format_fp_events(events)}). Clamp squared distances at 0 before any sqrt.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_large_offsets_kmeanspp(attempt):
    X, _ = offset_setup()
    X = X + OFFSET
    model = new(attempt, n_clusters=3, random_state=0)
    model.fit(X)
    events = attempt.last.fp_events
    C = centroids_of(model, 3, 3)
    assert np.all(np.isfinite(C)), "With coordinates around 10⁴, init='k-means++' led to NaN or inf centroids."
    assert not events, (
        f"fit with init='k-means++' raised floating-point warnings on data with coordinates around 10⁴ "
        f"({probes.format_fp_events(events)}). D(x)² must never be negative or NaN: clamp it at 0.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_identical_points_kmeanspp(attempt):
    X = np.tile([[1.5, -2.0, 0.25]], (40, 1))
    model = fitted(attempt, X, n_clusters=3, random_state=0)
    C = centroids_of(model, 3, 3)
    assert np.all(np.isfinite(C)) and np.allclose(C, X[0], rtol=0, atol=1e-12), (
        "With all points identical, k-means++ must still give finite centroids (all at that point). When every "
        "D(x)² is 0, the probabilities D²/ΣD² are 0/0: choose uniformly instead.")
    value = float(np.asarray(model.inertia, dtype=float))
    assert math.isfinite(value) and abs(value) < 1e-12, "With all points identical the inertia must be 0."


@pytest.mark.criterion("numerical_stability", weight=1)
def test_identical_points_random_init(attempt):
    X = np.tile([[1.5, -2.0, 0.25]], (40, 1))
    model = fitted(attempt, X, n_clusters=3, init="random", random_state=0)
    C = centroids_of(model, 3, 3)
    assert np.all(np.isfinite(C)), (
        "With all points identical, every centroid starts at the same place, all points go to one cluster and "
        "the others are empty; the empty ones became NaN. Keep an empty cluster's previous centroid.")
    value = float(np.asarray(model.inertia, dtype=float))
    assert math.isfinite(value) and abs(value) < 1e-12, "With all points identical the inertia must be 0."


# =========================================================================== organization

@pytest.mark.criterion("organization", weight=2)
def test_fit_returns_self(attempt):
    X, init = trajectory_data()
    model = new(attempt, n_clusters=5, n_iterations=3, tol=0.0, init=init)
    result = model.fit(X)
    assert result is model, "fit does not return the model. End fit with `return self` so calls can be chained."


@pytest.mark.criterion("organization", weight=1)
def test_constructor_stores_hyperparameters(attempt):
    params = dict(n_clusters=3, n_iterations=17, tol=0.25, init="random", random_state=11)
    model = new(attempt, **params)
    for name, value in params.items():
        assert model.has(name) and probes.same_data(model.get(name), value), (
            f"The constructor does not store `{name}` unchanged. Keep `self.{name} = {name}` in __init__ "
            f"and do nothing else there.")
    default = new(attempt)
    for name, value in dict(n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None).items():
        got = default.get(name) if default.has(name) else "missing"
        ok = probes.same_data(got, value) or (isinstance(value, float) and isinstance(got, (int, float))
                                  and math.isclose(got, value))
        assert ok, f"The default of `{name}` is not {value!r}. Keep the constructor signature of the statement."


@pytest.mark.criterion("organization", weight=1)
def test_fit_leaves_hyperparameters_unchanged(attempt):
    X, _ = blobs(seed=21, n=90, d=2, k=3)
    model = new(attempt, n_clusters=3, n_iterations=50, tol=1e-3, init="k-means++", random_state=5)
    before = {k: v for k, v in model.state().items() if k in HYPERPARAMETERS}
    model.fit(X)
    after = {k: v for k, v in model.state().items() if k in HYPERPARAMETERS}
    changed = [k for k in HYPERPARAMETERS if not probes.same_data(before.get(k), after.get(k))]
    assert not changed, (
        f"fit changed the hyperparameter(s) {', '.join(changed)}. Read hyperparameters in fit but never "
        f"assign to them; keep working values (such as the starting centroids) in local variables.")


@pytest.mark.criterion("organization", weight=1)
def test_fit_leaves_the_init_array_unchanged(attempt):
    X, init = trajectory_data()
    model = new(attempt, n_clusters=5, n_iterations=5, tol=0.0, init=init)
    model.fit(X)
    stored = model.init
    assert isinstance(stored, np.ndarray) and np.array_equal(stored, init), (
        "fit changed the init array it was given (the centroids were updated in place). Copy the starting "
        "centroids (np.array(init, dtype=float)) before updating them.")


@pytest.mark.criterion("organization", weight=1)
def test_predict_does_not_change_the_model(attempt):
    X, init = trajectory_data()
    model = fitted(attempt, X, n_clusters=5, n_iterations=5, tol=0.0, init=init)
    before = model.state()
    X_new, _ = blobs(seed=13, n=40, d=3, k=5)
    model.predict(X_new)
    after = model.state()
    assert probes.same_data(before, after), (
        "predict changed the model's attributes (for example `labels`). Prediction must only read the "
        "centroids; return the new labels without storing them.")


@pytest.mark.criterion("organization", weight=1)
def test_refit_gives_the_same_model(attempt):
    X, _ = blobs(seed=23, n=120, d=2, k=5)
    model = new(attempt, n_clusters=5, n_iterations=20, tol=0.0, init="k-means++", random_state=7)
    model.fit(X)
    c1 = np.asarray(model.centroids, dtype=float)
    h1 = len(model.loss_history) if model.has("loss_history") else None
    model.fit(X)
    c2 = np.asarray(model.centroids, dtype=float)
    h2 = len(model.loss_history) if model.has("loss_history") else None
    assert h1 == h2, (
        f"Fitting the same model twice gave loss_history lengths {h1} and {h2}. Start each fit with a new, "
        f"empty loss_history.")
    assert probes.same_data(c1, c2), (
        "Fitting the same model twice on the same data with the same random_state gave different centroids. "
        "Create rng = np.random.default_rng(self.random_state) inside fit and draw all randomness from it.")


@pytest.mark.criterion("organization", weight=1)
def test_inputs_not_modified(attempt):
    X, _ = blobs(seed=24, n=90, d=3, k=3)
    X = X + 5.0                                              # not centred: tempting to centre in place
    model = new(attempt, n_clusters=3, random_state=0)
    model.fit(X)
    assert not attempt.last.mutated, "fit modified its input X in place. Work on copies and leave X unchanged."
    model.predict(X)
    assert not attempt.last.mutated, "predict modified its input X in place. Leave X unchanged."


@pytest.mark.criterion("organization", weight=1)
def test_instances_share_no_state(attempt):
    Xa, _ = blobs(seed=25, n=60, d=2, k=3)
    Xb, _ = blobs(seed=26, n=90, d=2, k=4)
    a = fitted(attempt, Xa, n_clusters=3, n_iterations=6, tol=0.0, random_state=0)
    ca = np.asarray(a.centroids, dtype=float)
    ha = list(a.loss_history) if a.has("loss_history") else None
    fitted(attempt, Xb, n_clusters=4, n_iterations=9, tol=0.0, random_state=1)
    if ha is not None:
        assert probes.same_data(list(a.loss_history), ha), (
            "Fitting a second model changed the first model's loss_history: the two instances share one list. "
            "Create loss_history inside fit (self.loss_history = []), not at class or module level.")
    assert probes.same_data(np.asarray(a.centroids, dtype=float), ca), (
        "Fitting a second model changed the first model's centroids. Keep all fitted state on the instance.")


@pytest.mark.criterion("organization", weight=1)
def test_fit_and_predict_print_nothing(attempt):
    X, init = trajectory_data()
    fresh = attempt.fresh()                  # a new worker: output earlier tests printed is not counted
    model = fresh.KMeans(n_clusters=5, n_iterations=5, tol=0.0, init=init)
    model.fit(X)
    out = fresh.last.stdout
    model.predict(X)
    out += fresh.last.stdout
    assert not out.strip(), (
        "fit or predict prints to the terminal. Library code should stay quiet: record progress in "
        "loss_history instead of printing it.")


# ========================================================================== vectorization

LOOP_CENTRES = np.array([[0.0, 0.0, 0.0], [6.0, 0.0, 0.0], [0.0, 6.0, 0.0], [0.0, 0.0, 6.0]])


def _loop_data(n, seed=30):
    rng = np.random.default_rng(seed + n)
    return LOOP_CENTRES[np.arange(n) % 4] + rng.normal(size=(n, 3))


def _loop_init():
    return LOOP_CENTRES + 0.5


@pytest.mark.criterion("vectorization", weight=2)
def test_fit_has_no_loop_over_samples(attempt):
    iterations = 5
    result = probes.loop_rate(
        attempt,
        build=lambda: new(attempt, n_clusters=4, n_iterations=iterations, tol=0.0, init=_loop_init()),
        method="fit",
        make_args=lambda n: (_loop_data(n),),
        units=iterations,
    )
    probes.assert_no_sample_loops(result, what="fit")


@pytest.mark.criterion("vectorization", weight=1)
def test_kmeanspp_init_has_no_loop_over_samples(attempt):
    result = probes.loop_rate(
        attempt,
        build=lambda: new(attempt, n_clusters=4, n_iterations=1, tol=0.0, init="k-means++", random_state=0),
        method="fit",
        make_args=lambda n: (_loop_data(n),),
    )
    probes.assert_no_sample_loops(result, what="fit with init='k-means++'")


@pytest.mark.criterion("vectorization", weight=1)
def test_predict_has_no_loop_over_samples(attempt):
    model = fitted(attempt, _loop_data(60), n_clusters=4, n_iterations=5, tol=0.0, init=_loop_init())
    result = probes.loop_rate(
        attempt,
        build=lambda: model,
        method="predict",
        make_args=lambda n: (_loop_data(n),),
    )
    probes.assert_no_sample_loops(result, what="predict")


@pytest.mark.criterion("vectorization", weight=1)
def test_fit_cpu_time_close_to_vectorized_reference(attempt, reference):
    params = dict(n_clusters=4, n_iterations=10, tol=0.0, init=_loop_init())
    result = probes.cpu_ratio(
        attempt,
        build=lambda: new(attempt, **params),
        method="fit",
        make_args=lambda n: (_loop_data(n),),
        ref_build=lambda: reference.KMeans(**params),
        units=params["n_iterations"],
        iterations_run=lambda model: len(model.loss_history),
    )
    probes.assert_cpu_ratio(result, what="fit")


# ============================================================================ convergence

@pytest.mark.criterion("convergence", weight=1)
def test_history_has_one_finite_float_per_iteration(attempt):
    X, init = trajectory_data()
    model = fitted(attempt, X, n_clusters=5, n_iterations=6, tol=0.0, init=init)
    h = history_of(model)
    assert len(h) == 6, (
        f"With n_iterations=6 and tol=0, loss_history has {len(h)} entries. Append exactly one value, the "
        f"inertia, per iteration run.")
    assert np.all(np.isfinite(h)), "loss_history contains NaN or inf on well-behaved data."


@pytest.mark.criterion("convergence", weight=2)
def test_history_starts_at_the_inertia_of_the_initial_centroids(attempt):
    X, init = trajectory_data()
    model = fitted(attempt, X, n_clusters=5, n_iterations=4, tol=0.0, init=init)
    h = history_of(model)
    assert len(h) >= 1, "loss_history is empty after fit."
    expected = inertia_at(X, init)
    assert abs(h[0] - expected) <= 1e-9 * expected, (
        "loss_history[0] is not the inertia of the starting centroids. Record the inertia right after the "
        "first assignment step, before moving any centroid.")


@pytest.mark.criterion("convergence", weight=2)
def test_history_ends_at_the_inertia_of_the_returned_centroids(attempt):
    X, init = trajectory_data()
    model = fitted(attempt, X, n_clusters=5, n_iterations=40, tol=0.0, init=init)
    h = history_of(model)
    assert len(h) >= 2, f"With n_iterations=40 and tol=0, loss_history has only {len(h)} entries."
    final = inertia_at(X, centroids_of(model, 5, 3))
    assert abs(h[-1] - final) <= abs(h[-1] - h[-2]) + 1e-9 * max(1.0, final), (
        "The last entry of loss_history is not the inertia of the returned centroids (within one step). "
        "Record the inertia actually reached at each iteration, not a computed or invented sequence.")


@pytest.mark.criterion("convergence", weight=1)
def test_history_never_increases(attempt, reference, curves):
    X, init = trajectory_data()
    # the report plots these two histories side by side
    curves["reference"] = [float(v) for v in reference.KMeans(
        n_clusters=5, n_iterations=15, tol=0.0, init=init).fit(X).loss_history]
    model = fitted(attempt, X, n_clusters=5, n_iterations=15, tol=0.0, init=init)
    h = history_of(model)
    curves["attempt"] = [float(v) for v in h]
    rises = np.diff(h) > 1e-9 * np.abs(h[:-1])
    assert len(h) >= 2 and not np.any(rises), (
        "loss_history increases at some iteration. Lloyd's algorithm never increases the inertia: each "
        "iteration must assign to the nearest centroid and move centroids to the means.")


@pytest.mark.criterion("convergence", weight=1)
def test_n_iterations_is_honoured(attempt):
    X, init = trajectory_data()
    lengths = []
    for n_iterations in (7, 13):
        model = fitted(attempt, X, n_clusters=5, n_iterations=n_iterations, tol=0.0, init=init)
        lengths.append(len(history_of(model)))
    assert lengths == [7, 13], (
        f"With tol=0, n_iterations=7 and 13 gave {lengths[0]} and {lengths[1]} entries in loss_history. Run "
        f"exactly n_iterations iterations when tol is 0 (the loop bound must be self.n_iterations).")


@pytest.mark.criterion("convergence", weight=1)
def test_tol_zero_runs_every_iteration_after_convergence(attempt):
    X, _, centres = separated(seed=14, n=80, d=2, k=4, spread=0.5, gap=10.0)
    model = fitted(attempt, X, n_clusters=4, n_iterations=12, tol=0.0, init=centres + 0.3)
    h = history_of(model)
    assert len(h) == 12, (
        f"With tol=0 fit stopped after {len(h)} of 12 iterations once the inertia stopped changing. The rule "
        f"is a strict `abs(previous - current) < tol`, which never holds for tol=0.")


@pytest.mark.criterion("convergence", weight=2)
def test_stops_early_when_the_inertia_settles(attempt):
    X, _, centres = separated(seed=15, n=80, d=2, k=4, spread=0.5, gap=10.0)
    tol = 1e-6
    model = fitted(attempt, X, n_clusters=4, n_iterations=100, tol=tol, init=centres + 0.3)
    h = history_of(model)
    assert 2 <= len(h) <= 20, (
        f"On four well-separated blobs with tol={tol}, fit recorded {len(h)} of at most 100 iterations. Stop as "
        f"soon as abs(previous inertia - current inertia) < tol (and not before the second iteration).")
    assert abs(h[-1] - h[-2]) < tol, (
        "fit stopped although the last change in inertia was not below tol. Stop only when "
        "abs(previous - current) < tol.")
    steps = np.abs(np.diff(h))[:-1]
    assert np.all(steps >= tol), (
        "fit kept iterating after the change in inertia had already dropped below tol. Stop at the first "
        "iteration where abs(previous - current) < tol.")
