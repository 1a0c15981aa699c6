"""The tsne reference against scikit-learn, with settings that make both compute the same thing.

Exact oracles (oracle-catalog §3.5, private helpers of sklearn.manifold._t_sne, scikit-learn 1.9):
- `_joint_probabilities(D², perplexity, verbose)` takes SQUARED distances, casts them to float32, bisects
  each row's precision from β = 1 (doubling or halving until bracketed) to |H − ln(perplexity)| ≤ 1e-5
  in nats, symmetrises with (P + Pᵀ)/ΣP and floors the result at machine epsilon. The reference runs the
  same bisection, all rows at once, so on data whose squared distances are exact in float32 (coordinates
  that are multiples of 1/8) P agrees to 1e-15 (the epsilon floor). On other data the float32 cast moves
  the entropies by ~1e-7 and P by ~1e-5 of its largest entry: within the tolerance the hidden tests grant.
- `_kl_divergence(params, P, degrees_of_freedom=1, n_samples, n_components)` gives the KL and its
  gradient 4 Σ_j (p_ij − q_ij) w_ij (y_i − y_j); scikit-learn floors P and Q at machine epsilon, which
  moves the KL by less than 1e-12.
The embedding itself is random and not reproducible across implementations: its quality is compared
statistically (trustworthiness, 5 neighbours) with scikit-learn's TSNE(method="exact").

The rest checks the hidden tests' own assumptions: their stated formulas, that their ordinary data never
underflow (so only the traps test the stable formulas), and that their neighbourhood setting separates the
blobs for any start.
"""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

sklearn_manifold = pytest.importorskip("sklearn.manifold")
t_sne = pytest.importorskip("sklearn.manifold._t_sne")
scipy_distance = pytest.importorskip("scipy.spatial.distance")

ROOT = Path(__file__).resolve().parents[1]
EPS = np.finfo(np.float64).eps


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses in the hidden tests look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


ref = _load(ROOT / "reference" / "tsne" / "solution.py", "tsne_reference_for_oracle")
hidden = _load(ROOT / "reference" / "tsne" / "test_hidden.py", "tsne_hidden_for_oracle")


def blobs(seed, n, d, k=4, sep=2.0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=sep, size=(k, d))
    return centres[np.arange(n) % k] + rng.normal(size=(n, d))


def dyadic(X):
    """Coordinates rounded to multiples of 1/64: every squared distance is a multiple of 1/4096 below 4096,
    exact in float32. (A coarser grid makes ties: a row with more equidistant nearest neighbours than the
    perplexity cannot reach it; scikit-learn then zeroes the whole row once every exp underflows, the
    reference keeps the limiting row, uniform over those neighbours.)"""
    return np.round(X * 64) / 64


def sk_P(X, perplexity):
    D = scipy_distance.squareform(scipy_distance.pdist(X, "sqeuclidean"))
    return scipy_distance.squareform(t_sne._joint_probabilities(D, perplexity, 0))


CASES = [(seed, n, d, perplexity) for seed in range(4)
         for (n, d, perplexity) in [(120, 4, 10.0), (90, 3, 30.0), (60, 1, 5.0), (150, 10, 20.0)]]


@pytest.mark.parametrize("seed,n,d,perplexity", CASES)
def test_joint_probabilities_match_sklearn_exactly(seed, n, d, perplexity):
    X = dyadic(blobs(seed, n, d))
    ours = ref.TSNE(perplexity=perplexity).joint_probabilities(X)
    theirs = sk_P(X, perplexity)
    off = ~np.eye(n, dtype=bool)
    assert np.all(np.diag(ours) == 0) and np.allclose(ours, ours.T, rtol=0, atol=0)
    assert abs(ours.sum() - 1.0) < 1e-12
    np.testing.assert_allclose(ours[off], theirs[off], rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize("seed", range(4))
def test_joint_probabilities_close_to_sklearn_on_float64_data(seed):
    # the float32 cast inside scikit-learn: within the hidden tests' tolerance, far below any bug
    X = blobs(seed + 10, 120, 5)
    ours = ref.TSNE(perplexity=15.0).joint_probabilities(X)
    theirs = sk_P(X, 15.0)
    off = ~np.eye(len(X), dtype=bool)
    assert np.abs(ours - theirs)[off].max() <= 0.1 * hidden.P_ATOL * theirs.max()


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("c", [2, 3])
def test_kl_and_gradient_match_sklearn(seed, c):
    X = blobs(seed, 80, 4)
    n = len(X)
    P = ref.TSNE(perplexity=10.0).joint_probabilities(X)
    Y = 2.0 * np.random.default_rng(seed).normal(size=(n, c))
    kl, grad = ref.TSNE().kl_gradient(P, Y)
    condensed = np.maximum(scipy_distance.squareform(P, checks=False), EPS)
    sk_kl, sk_grad = t_sne._kl_divergence(Y.ravel(), condensed, 1, n, c)
    assert abs(kl - sk_kl) <= 1e-9 * abs(sk_kl)
    np.testing.assert_allclose(grad.ravel(), sk_grad, rtol=0, atol=1e-12 * np.abs(sk_grad).max())


def test_kl_exact_where_p_is_zero():
    # two groups 1000 apart: P is exactly 0 between them, and those pairs contribute exactly 0
    X = hidden.separated_groups_data()
    P = ref.TSNE(perplexity=10.0).joint_probabilities(X)
    assert np.any((P == 0) & ~np.eye(len(X), dtype=bool))
    Y = np.random.default_rng(0).normal(size=(len(X), 2))
    kl, grad = ref.TSNE().kl_gradient(P, Y)
    assert abs(kl - hidden.stated_kl(P, Y)) <= 1e-12 * abs(kl)
    np.testing.assert_allclose(grad, hidden.stated_grad(P, Y), rtol=0, atol=1e-13 * np.abs(grad).max())


def test_rows_reach_the_perplexity():
    # on the hidden tests' rings, n·P row i is the conditional row i
    X = hidden.rings()
    P = ref.TSNE(perplexity=5.0).joint_probabilities(X)
    perp = hidden.row_perplexities(P)
    assert np.all(np.abs(perp - 5.0) <= 1e-5 * 5.0)


def test_far_outlier_row_is_searched_to_the_perplexity():
    X = hidden._outlier_condition()
    ours = ref.TSNE(perplexity=10.0).joint_probabilities(X)
    exact, _, _ = hidden.exact_P("oracle_outlier", X, 10.0)
    assert np.all(np.isfinite(ours))
    np.testing.assert_allclose(ours, exact, rtol=0, atol=0.1 * hidden.P_ATOL * exact.max())


def test_hidden_exact_P_matches_sklearn():
    X = dyadic(blobs(5, 100, 4))
    exact, _, _ = hidden.exact_P("oracle_exact", X, 12.0)
    theirs = sk_P(X, 12.0)
    off = ~np.eye(len(X), dtype=bool)
    # scikit-learn stops within 1e-5 of the target entropy, the hidden test's P is exact
    assert np.abs(exact - theirs)[off].max() <= 0.1 * hidden.P_ATOL * exact.max()


def test_hidden_gradient_is_the_central_difference_of_the_kl():
    X = blobs(6, 50, 3)
    P, _, _ = hidden.exact_P("oracle_cd", X, 10.0)
    Y = np.random.default_rng(6).normal(size=(50, 2))
    numeric = hidden.kit.central_differences(lambda theta: hidden.stated_kl(P, theta["Y"]), {"Y": Y})["Y"]
    assert hidden.kit.gradient_error(hidden.stated_grad(P, Y), numeric) < 1e-7


@pytest.mark.parametrize("name", sorted(hidden.KL_CASES))
def test_hidden_gradient_cases_agree_with_central_differences(name):
    # tsne.kl_gradient_is_the_gradient_of_the_kl judges the attempt against stated_grad at GRAD_TOL = 1e-6 on these
    # fixed cases: its verdict is the central differences' only if the two agree far inside that tolerance
    P, Y = hidden._kl_case(name)
    numeric = hidden.kit.central_differences(lambda theta: hidden.stated_kl(P, theta["Y"]), {"Y": Y})["Y"]
    assert hidden.kit.gradient_error(hidden.stated_grad(P, Y), numeric) < 0.1 * hidden.GRAD_TOL


def test_hidden_trustworthiness_is_sklearns():
    X = blobs(7, 90, 6)
    Y = np.random.default_rng(7).normal(size=(90, 2))
    for Z in (Y, X[:, :2]):
        assert abs(hidden.trustworthiness(X, Z) - sklearn_manifold.trustworthiness(X, Z, n_neighbors=5)) < 1e-12


def test_hidden_replay_is_the_reference():
    X, hyper = hidden.REPLAY_X, hidden.REPLAY_HYPER
    P = ref.TSNE(**hyper).joint_probabilities(X)
    Y0 = ref.TSNE(**{**hyper, "learning_rate": 0.0, "n_iterations": 1}).fit(X).embedding
    for T in (6, 14):
        Y = ref.TSNE(**hyper, n_iterations=T).fit(X).embedding
        np.testing.assert_allclose(hidden.replay(P, Y0, hyper, T), Y, rtol=0, atol=1e-10 * np.abs(Y).max())


def _max_exponent(X, perplexity):
    """max over pairs of β_i·D_ij at the solution: above ~700, exp(−β_i·D_ij) underflows to 0."""
    _, beta = hidden.exact_conditional(X, perplexity)
    D = hidden.sq_dists(X)
    return float((beta[:, None] * D)[~np.eye(len(X), dtype=bool)].max())


def test_hidden_ordinary_data_never_underflow():
    # the kit's ordinary data (seeds 0-40, 97, 98 at the sizes its checks use) and the hidden tests' own data
    # sets: no probability underflows at the solution, so an attempt without the stable formulas is judged
    # only by the stability checks, never by correctness
    worst = 0.0
    for seed in [*range(41), 97, 98]:
        for n in (hidden.SPEC.n, hidden.SPEC.n // 2):
            X = hidden.make_data(seed, n, 4)[0]
            worst = max(worst, *(_max_exponent(X, p) for p in (10.0, 20.0)))
    for X, perplexity in [*hidden.P_CASES.values(), (hidden.REPLAY_X, 10.0), (hidden.NEIGHBOUR_X, 15.0),
                          (hidden.rings(), 5.0), (hidden.blobs(10, 100, 4)[0], 10.0),
                          (hidden.blobs(15, 100, 4)[0], 10.0), (hidden.blobs(7, 100, 3)[0], 10.0),
                          *((case[0], case[1]) for case in hidden.KL_CASES.values())]:
        worst = max(worst, _max_exponent(X, perplexity))
    assert worst < 650


def test_hidden_neighbour_setting_separates_the_blobs_from_any_start():
    X, labels, hyper = hidden.NEIGHBOUR_X, hidden.NEIGHBOUR_LABELS, hidden.NEIGHBOUR_HYPER
    for seed in range(8):
        model = ref.TSNE(**{**hyper, "random_state": seed}).fit(X)
        assert hidden.same_label_neighbours(model.embedding, labels) >= 0.97
        assert hidden.trustworthiness(X, model.embedding) >= 0.93
        h = model.loss_history
        assert h[-1] < 0.6 * h[hyper["exaggeration_iterations"]]


def test_embedding_as_trustworthy_as_sklearns_exact_tsne():
    from sklearn.datasets import load_iris

    iris = load_iris().data
    iris = iris + 1e-6 * np.random.default_rng(0).normal(size=iris.shape)  # iris has duplicate rows
    for X in (iris, blobs(8, 150, 10, k=5, sep=4.0)):
        # learning_rate 50: plain momentum without scikit-learn's gains needs a smaller step at n = 150 (with 200,
        # one start in three lands in a worse local minimum on iris: 0.955)
        ours = [sklearn_manifold.trustworthiness(X, ref.TSNE(perplexity=30.0, learning_rate=50.0, n_iterations=1000,
                                                              tol=0.0, random_state=s).fit_transform(X), n_neighbors=5)
                for s in range(2)]
        theirs = [sklearn_manifold.trustworthiness(X, sklearn_manifold.TSNE(
            perplexity=30.0, method="exact", init="random", max_iter=1000, random_state=s).fit_transform(X),
            n_neighbors=5) for s in range(2)]
        assert np.mean(ours) >= np.mean(theirs) - 0.01, (ours, theirs)
        assert min(ours) >= 0.97 * np.mean(theirs), (ours, theirs)
