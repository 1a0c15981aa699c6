"""Hidden tests for `kmeans` (KMeans, Lloyd's algorithm).

Cluster numbering is free (the statement says so), so centroids are compared as rows in any
order and labels as partitions. The kit's standard checks come from SPEC; below are the checks
only this problem has: k-means++ and random initialisation, the empty-cluster rule, and
coordinates large enough that the expanded distance formula cancels.
"""

import math

import numpy as np
import pytest

from mlprep.grading import kit


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
    """k distinct rows of X: a fixed starting point."""
    return X[np.random.default_rng(seed).choice(len(X), size=k, replace=False)].copy()


def sq_dists(X, C):
    """Exact ||x_i − c_j||² by broadcasting (no cancellation), shape (n, k)."""
    return ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)


def nearest(X, C):
    return sq_dists(X, C).argmin(axis=1)


def inertia_at(X, C):
    """The stated objective at centroids C: every point at its nearest centroid."""
    return float(sq_dists(X, np.asarray(C, dtype=float)).min(axis=1).sum())


K = 5


def trajectory_data():
    """Five overlapping blobs; from these starting rows no cluster ever empties (checked against
    scikit-learn's Lloyd in tests/test_oracle_kmeans.py)."""
    X, _ = blobs(seed=1, n=150, d=3, k=K)
    return X, rows(X, K, seed=101)


def _settling(tol, n_iterations):
    """Four tight, far-apart blobs, started next to their centres: the inertia settles exactly."""
    X, _, centres = separated(seed=15, n=80, d=2, k=4, spread=0.5, gap=10.0)
    return kit.Setup(X, None, dict(n_clusters=4, n_iterations=n_iterations, tol=tol, init=centres + 0.3))


def follows_init(ctx) -> bool:
    """One iteration from a given init array is one Lloyd step from it (on ordinary data)."""
    def compute():
        X, init = trajectory_data()
        model = ctx.fit(X, n_clusters=K, n_iterations=1, tol=0.0, init=init)
        expected = ctx.ref_fit(X, n_clusters=K, n_iterations=1, tol=0.0, init=init).centroids
        return kit.is_close(np.sort(ctx.theta(model)["centroids"], axis=0), np.sort(expected, axis=0))
    return ctx.memo("follows_init", compute)


def require_lloyd_from_init(ctx, situation: str) -> None:
    """For checks about the distance formulas: the algorithm itself must be right on ordinary data."""
    if not follows_init(ctx):
        raise kit.NotScorable(f"Not scored: one iteration from a given init is not one Lloyd step even on "
                              f"ordinary data, so {situation} cannot be judged (see correctness).")


def require_uses_init(ctx, situation: str) -> None:
    """An empty cluster is made by a far-away starting centroid: the attempt must start from init."""
    if not kit.hyperparameter_is_used(ctx, "init"):
        raise kit.NotScorable(f"Not scored: fit ignores a given init array, so {situation} cannot be created "
                              f"(see correctness).")


def inertia_gap(ctx) -> tuple[float, float]:
    """(`inertia`, the sum of squared distances at the returned centroids), on ordinary data."""
    def compute():
        X, init = trajectory_data()
        model = ctx.fit(X, n_clusters=K, n_iterations=3, tol=0.0, init=init)
        return model.value("inertia"), inertia_at(X, ctx.theta(model)["centroids"])
    return ctx.memo("inertia_gap", compute)


def empty_cluster_setup():
    """Three blobs near the origin and a fourth starting centroid far away: cluster 3 never gets a point."""
    X, _, _ = separated(seed=9, n=90, d=2, k=3, spread=0.5, gap=5.0)
    return X, np.vstack([X[:3], [[100.0, 100.0]]])          # X[0], X[1], X[2] lie in blobs 0, 1, 2


OFFSET = 1e4


def offset_setup(offset=0.0):
    """Three clusters of near-duplicate points (spread 1e-6) and one starting row in each, shifted by
    `offset`. At 1e4 every squared distance from the expansion ||x||² − 2x·c + ||c||² is a multiple
    of 2⁻²⁴ ≈ 6e-8 (the spacing of doubles near ||x||² ≈ 3e8), while the true inertia is about 4e-10:
    the expansion gives either 0 or a value 100 times too large, never the inertia."""
    X, _, _ = separated(seed=10, n=120, d=3, k=3, spread=1e-6, gap=1.0)
    return X + offset, X[:3].copy() + offset


def identical_points(init):
    def setup():
        X = np.tile([[1.5, -2.0, 0.25]], (40, 1))
        return X, None, dict(n_clusters=3, init=init, random_state=0), None
    return setup


def trap(pair):
    """A trap setup from (X, init): ten iterations from the given centroids."""
    X, init = pair
    return lambda: (X, None, dict(n_clusters=len(init), n_iterations=10, tol=0.0, init=init), None)


SPEC = kit.Estimator(
    cls="KMeans",
    params=dict(n_clusters=8, n_iterations=300, tol=1e-4, init="k-means++", random_state=None),
    tags={"unsupervised", "clusterer", "iterative", "stochastic"},
    data=lambda seed, n, d: (blobs(seed, n, d, K)[0], None),
    n=150, d=3,
    ordinary=dict(n_clusters=K, n_iterations=20, tol=0.0, random_state=0),
    fitted={"centroids": kit.Matrix("k", "d"), "labels": kit.Labels(), "inertia": kit.Scalar(),
            "loss_history": kit.History()},
    methods={"predict": kit.Labels()},
    groups={"centroids": kit.Group(1)},
    objective=lambda X, y, theta, hyper: inertia_at(X, theta["centroids"]),
    initial=lambda X, hyper: {"centroids": np.asarray(hyper["init"], dtype=float)},
    start=lambda X: {"init": rows(X, K, seed=101)},
    options={"init": ("k-means++", "random", kit.ARRAY)},
    option_value=lambda name, symbol, X: rows(X, K, seed=101) if symbol == kit.ARRAY else symbol,
    used={"init": (lambda X: rows(X, K, seed=1), lambda X: rows(X, K, seed=2)),
          "random_state": (0, 1, dict(n_iterations=1))},
    compare="rows",
    shapes=("single_feature",),
    custom=dict(n_clusters=3, n_iterations=17, tol=0.25, init="random", random_state=11),
    deviations=((lambda X, y, theta, hyper: float(np.sqrt(sq_dists(X, theta["centroids"]).min(axis=1)).sum()),
                 "It is the sum of plain (not squared) distances: record the sum of squared distances."),),
    early_stop=lambda: _settling(tol=1e-6, n_iterations=100),
    tol_zero=lambda: _settling(tol=0.0, n_iterations=12),
    advice={
        "algorithm": "Lloyd's algorithm from the given init",
        "start": "Start from the given init array, and draw the 'k-means++' and 'random' starts from "
                 "np.random.default_rng(self.random_state).",
        "reference.fitted_parameters": "Each iteration assigns every point to its nearest centroid, then moves "
                                       "every centroid to the mean of its points, exactly n_iterations times.",
        "contract.refit_gives_the_same_model": "Create rng = np.random.default_rng(self.random_state) inside "
                                               "fit and draw all randomness from it.",
        "reference.predictions.predict": "predict(X) gives each row of the X it is given the index of its "
                                         "nearest centroid (argmin over squared distances).",
        "iterative.history_never_increases": "Lloyd's algorithm never increases the inertia: assign to the "
                                             "nearest centroid, then move centroids to the means.",
    },
    traps=(
        kit.Trap("empty_cluster", trap(empty_cluster_setup()),
                 "a cluster that gets no points (a starting centroid far from all the data)",
                 "The mean of an empty set is 0/0: do not divide by a count of zero.",
                 needs=lambda ctx: require_uses_init(ctx, "an empty cluster")),
        kit.Trap("large_coordinates", trap(offset_setup(OFFSET)),
                 "coordinates around 1e4 and near-duplicate points",
                 "||x||² − 2x·c + ||c||² cancels at such coordinates and can go slightly negative: clamp it at 0 "
                 "before any square root, or compute ||x − c||² from differences.",
                 needs=lambda ctx: require_uses_init(ctx, "the large-coordinate clusters")),
        kit.Trap("identical_points_kmeanspp", identical_points("k-means++"), "all points identical, init='k-means++'",
                 "Two traps meet here: when every D(x)² is 0 the k-means++ probabilities D²/ΣD² are 0/0 (choose "
             "uniformly instead), and every starting centroid is the same point, so all but one cluster are "
             "empty (keep their previous centroids; do not divide by a count of 0).",
                 weight_finite=1.0, weight_warnings=1.0),
        kit.Trap("identical_points_random", identical_points("random"), "all points identical, init='random'",
                 "Every centroid starts at the same point, so all but one cluster are empty: keep an empty "
                 "cluster's previous centroid.", weight_finite=1.0, weight_warnings=1.0),
    ),
)
kit.install(SPEC, globals())


# ============================================================================ correctness

@pytest.mark.criterion("correctness", weight=2)
def test_one_lloyd_step(ctx):
    X, init = trajectory_data()
    setup = kit.Setup(X, None, dict(n_clusters=K, n_iterations=1, tol=0.0, init=init))
    kit.assert_fits_like_reference(ctx, setup, "After one iteration from the given init", "kmeans.one_lloyd_step")


@pytest.mark.criterion("correctness", weight=2)
def test_labels_come_from_the_final_centroids(ctx):
    X, init = trajectory_data()
    model = ctx.fit(X, n_clusters=K, n_iterations=3, tol=0.0, init=init)
    C = ctx.theta(model)["centroids"]
    labels = model.value("labels")
    assert np.array_equal(labels, nearest(X, C)), (
        "`labels` does not give each training point its nearest centroid in `centroids`. After the last "
        "update, assign the points again so labels, centroids and inertia agree.")


@pytest.mark.criterion("correctness", weight=1)
def test_inertia_of_the_final_centroids(ctx):
    value, expected = inertia_gap(ctx)
    assert abs(value - expected) <= 1e-9 * max(expected, 1.0), (
        f"`inertia` is {value:.6g}, but the sum of squared distances from each point to its nearest centroid "
        f"in `centroids` is {expected:.6g}. Compute it from the final centroids, with squared (not plain) "
        f"distances.")


@pytest.mark.criterion("correctness", weight=1)
def test_empty_cluster_keeps_its_centroid(ctx):
    require_uses_init(ctx, "an empty cluster")
    X, init = empty_cluster_setup()
    model = ctx.fit(X, n_clusters=4, n_iterations=10, tol=0.0, init=init)
    C = ctx.theta(model)["centroids"]
    if not np.all(np.isfinite(C)):
        raise kit.NotScorable("Not scored: the empty cluster's centroid is NaN or inf, which the numerical "
                              "stability checks judge.")
    kept = np.abs(C - init[3]).max(axis=1) < 1e-9
    assert kept.sum() == 1, (
        "A cluster that got no points did not keep its previous centroid. The statement's rule: an empty "
        "cluster keeps its centroid unchanged (re-seeding it elsewhere is another algorithm).")


@pytest.mark.criterion("correctness", weight=2)
def test_kmeanspp_finds_separated_blobs(ctx, reference):
    X, y, _ = separated(seed=3, n=120, d=2, k=4, spread=0.3, gap=40.0)   # D² seeding fails ~1 run in 4000
    truth = np.stack([X[y == j].mean(axis=0) for j in range(4)])
    for seed in (0, 1):
        model = ctx.fit(X, n_clusters=4, random_state=seed)
        assert kit.same_partition(model.value("labels"), y), (
            "With init='k-means++' on four well-separated blobs, the clusters found are not the four blobs. "
            "Check the k-means++ initialisation and that Lloyd's iterations run until convergence.")
        try:
            kit.assert_close_rows_any_order(ctx.theta(model)["centroids"], truth, what="`centroids`", rtol=1e-9)
        except kit.Mismatch as exc:
            raise AssertionError(f"On four well-separated blobs the centroids are not the blob means: "
                                 f"{exc.detail}") from None


@pytest.mark.criterion("correctness", weight=2)
def test_kmeanspp_starts_with_one_centre_per_blob(ctx):
    # After one iteration the centroids are the blob means exactly when the k-means++ seeds fell
    # in four different blobs: D² sampling does that almost always here, uniform rows in ~9% of runs.
    X, y, _ = separated(seed=4, n=120, d=2, k=4, spread=0.3, gap=20.0)
    truth = np.stack([X[y == j].mean(axis=0) for j in range(4)])
    hits = 0
    for seed in range(6):
        model = ctx.fit(X, n_clusters=4, n_iterations=1, tol=0.0, init="k-means++", random_state=seed)
        hits += kit.is_close(np.sort(ctx.theta(model)["centroids"], axis=0), np.sort(truth, axis=0), rtol=1e-9)
    assert hits >= 5, (
        f"init='k-means++' put its starting centres in four different well-separated blobs in only {hits} of 6 "
        f"runs. Draw each next centre with probability proportional to D(x)², the squared distance to the "
        f"nearest centre already chosen.")


@pytest.mark.criterion("correctness", weight=1)
def test_kmeanspp_samples_rather_than_taking_the_farthest_point(ctx):
    # A tight blob of 200 points and one outlier at distance 6. D² sampling picks the outlier as a
    # starting centre in about 20% of runs; "always take the farthest point" picks it every time.
    rng = np.random.default_rng(7)
    X = np.vstack([0.5 * rng.normal(size=(200, 2)), [[6.0, 0.0]]])
    picked = 0
    for seed in range(10):
        model = ctx.fit(X, n_clusters=2, n_iterations=1, tol=0.0, init="k-means++", random_state=seed)
        picked += bool(np.any(np.abs(ctx.theta(model)["centroids"] - X[-1]).max(axis=1) < 1e-9))
    assert picked <= 7, (
        f"init='k-means++' started a cluster at the lone outlier in {picked} of 10 runs. k-means++ draws each "
        f"next centre at random with probability proportional to D(x)²; it does not always take the farthest "
        f"point.")


@pytest.mark.criterion("correctness", weight=1)
def test_random_init_finds_two_far_blobs(ctx):
    X, y, _ = separated(seed=5, n=60, d=2, k=2, spread=0.5, gap=10.0)
    for seed in (0, 1, 2):
        model = ctx.fit(X, n_clusters=2, init="random", random_state=seed)
        assert kit.same_partition(model.value("labels"), y), (
            "With init='random' on two far-apart blobs, the clusters found are not the two blobs. Start from "
            "n_clusters distinct rows of X and run Lloyd's iterations to convergence.")


@pytest.mark.criterion("correctness", weight=1)
def test_as_many_clusters_as_points(ctx):
    # With k = n distinct points, both inits must start from every point once: inertia 0.
    X = np.random.default_rng(8).normal(size=(10, 2))
    for init in ("random", "k-means++"):
        value = ctx.fit(X, n_clusters=10, init=init, random_state=0).value("inertia")
        assert abs(value) < 1e-12, (
            f"With n_clusters equal to the number of (distinct) points, init='{init}' gave inertia {value:.3g} "
            f"instead of 0. The starting centroids must be n_clusters distinct rows of X (sample without "
            f"replacement).")


# ==================================================================== numerical_stability

@pytest.mark.criterion("numerical_stability", weight=2)
def test_large_coordinates_give_the_same_clusters(ctx):
    # Translation invariance: the same problem at coordinates around 1e4 must give the same answer,
    # shifted. This judges the distance formulas, not Lloyd's algorithm itself.
    require_lloyd_from_init(ctx, "translation invariance")
    hyper = dict(n_clusters=3, n_iterations=10, tol=0.0)
    X, init = offset_setup()
    near = ctx.fit(X, init=init, **hyper)
    far = ctx.fit(X + OFFSET, init=init + OFFSET, **hyper)
    assert kit.same_partition(far.value("labels"), near.value("labels")), (
        "Shifting the data (and init) by 1e4 changed the clusters found. Compute squared distances in a form "
        "that does not lose precision at large coordinates.")
    try:
        kit.assert_close_rows_any_order(ctx.theta(far)["centroids"] - OFFSET, ctx.theta(near)["centroids"],
                                        what="`centroids` − 1e4", rtol=0.0, atol=1e-9)
    except kit.Mismatch as exc:
        raise AssertionError(f"Shifting the data (and init) by 1e4 changed the centroids by more than rounding: "
                             f"{exc.detail}") from None


@pytest.mark.criterion("numerical_stability", weight=2)
def test_inertia_accurate_at_large_coordinates(ctx):
    require_uses_init(ctx, "the large-coordinate clusters")
    value, expected = inertia_gap(ctx)
    if abs(value - expected) > 1e-9 * max(expected, 1.0):
        raise kit.NotScorable("Not scored: `inertia` is not the sum of squared distances even on ordinary data "
                              "(see correctness), so its precision cannot be judged.")
    X, init = offset_setup(OFFSET)
    model = ctx.fit(X, n_clusters=3, n_iterations=10, tol=0.0, init=init)
    C = ctx.theta(model)["centroids"]
    exact = inertia_at(X, C)
    if not exact < 1e-8:  # the situation: three tight clusters found, inertia far below 2⁻²⁴
        raise kit.NotScorable("Not scored: fit did not find the three tight clusters from the given init, so "
                              "the cancellation cannot be provoked (see correctness).")
    checks = [("`inertia`", model.value("inertia"))]
    h = model.optional("loss_history")
    if h is not None and h.size and kit.history_is_faithful(ctx):
        checks.append(("the last entry of `loss_history`", h[-1]))
    for what, value in checks:
        assert math.isfinite(value) and value >= 0 and abs(value - exact) <= 1e-3 * exact, (
            f"With coordinates around 1e4 and near-duplicate points, {what} is {value:.3g}, but the sum of "
            f"squared distances is {exact:.3g}. ||x||² − 2x·c + ||c||² cancels there: every term it gives is 0 "
            f"or a multiple of 6e-8 (and can be negative). Compute ||x − c||² from differences for the inertia.")


# ========================================================================== vectorization

@pytest.mark.criterion("vectorization", weight=1)
def test_kmeanspp_init_has_no_loop_over_samples(ctx):
    def run(n, mode):
        X = blobs(40 + n, n, 3, 4)[0]
        ctx.measured_fit(X, None, dict(n_clusters=4, n_iterations=1, tol=0.0, init="k-means++", random_state=0), mode)

    kit.assert_no_sample_loops(kit.loop_rate(ctx.attempt, run), "fit with init='k-means++'")
