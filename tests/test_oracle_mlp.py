"""The mlp reference against scikit-learn's MLPClassifier (development check, not shipped to learners).

The same network from the SAME initial weights, step by step (oracle-catalog.md §3.4): the
reference draws its start from its own generator; fitted with learning_rate=0 it returns that
start untouched, which is copied into an sklearn model initialised by a first partial_fit.
Each further partial_fit is one epoch; with batch_size = n and shuffle=False it is one
full-batch step, so no shuffling difference can enter (the reference permutes the rows, which
only reorders the sums: ~1e-16).

Settings that make scikit-learn run the stated algorithm:
- solver="sgd", momentum=0, nesterovs_momentum=False, learning_rate="constant" (plain SGD), or
  solver="adam" with beta_1=0.9, beta_2=0.999;
- alpha = l2·n: scikit-learn adds (alpha/2)·Σ||W||² / n_batch to the batch loss and alpha·W / n_batch
  to the gradient, so with a full batch its penalty is (l2/2)·Σ||W||² (confirmed below, to 1e-16);
- activation "logistic" for sigmoid; K ≥ 3 classes (for two classes scikit-learn uses a single
  logistic output unit, the reference a 2-way softmax: the same model, other parameters);
- `del model._optimizer` (private) after copying the weights, so Adam starts from m = v = 0, t = 0.
Adam: scikit-learn uses Kingma and Ba's efficient ordering, lr·√(1−β2ᵗ)/(1−β1ᵗ)·m/(√v + ε), where ε
sits against √v instead of √v̂. With ε made negligible on both sides the two agree to rounding; with
ε = 1e-8 they differ only where |g| is within a few orders of magnitude of ε (tolerance below).

Tolerances: SGD parameters and losses 1e-12 absolute (observed ~1e-16); Adam with negligible ε 1e-10
(observed ~2e-16); Adam with ε = 1e-8, a coarse check only: 5% of learning_rate·epochs (observed 2.5%).
"""

import importlib.util
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

sklearn_nn = pytest.importorskip("sklearn.neural_network")

ROOT = Path(__file__).resolve().parents[1]
SKLEARN_ACTIVATION = {"relu": "relu", "sigmoid": "logistic", "tanh": "tanh"}


def load_reference():
    spec = importlib.util.spec_from_file_location("mlp_reference", ROOT / "reference" / "mlp" / "solution.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_data(seed, n, d, k):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=1.5, size=(k, d))
    y = rng.permutation(np.arange(n) % k)
    X = centres[y] + rng.normal(size=(n, d))
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def oracle_from(ref_start, X, y, *, hidden, activation, solver, lr, l2, epsilon=1e-8):
    """An sklearn MLPClassifier holding the reference's starting parameters, ready for full-batch steps."""
    n, k = len(X), int(y.max()) + 1
    model = sklearn_nn.MLPClassifier(
        hidden_layer_sizes=hidden, activation=SKLEARN_ACTIVATION[activation], solver=solver, alpha=l2 * n,
        batch_size=n, learning_rate_init=lr, learning_rate="constant", momentum=0.0, nesterovs_momentum=False,
        beta_1=0.9, beta_2=0.999, epsilon=epsilon, shuffle=False, max_iter=1, tol=0.0, n_iter_no_change=10**9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                     # "maximum iterations reached" after one epoch
        model.partial_fit(X, y, classes=np.arange(k))       # allocates the layers
    model.coefs_ = [W.copy() for W in ref_start.weights]
    model.intercepts_ = [b.copy() for b in ref_start.biases]
    del model._optimizer                                    # a fresh optimizer: m = v = 0, t = 0
    model.loss_curve_ = []
    return model


def run_both(ref, X, y, *, hidden, activation, solver, lr, l2, epochs, seed, epsilon=1e-8):
    hyper = dict(hidden_sizes=hidden, activation=activation, optimizer=solver, l2=l2, batch_size=len(X), tol=0.0,
                 random_state=seed)
    start = ref.MLPClassifier(**hyper, learning_rate=0.0, n_iterations=1).fit(X, y)
    ours = ref.MLPClassifier(**hyper, learning_rate=lr, n_iterations=epochs).fit(X, y)
    oracle = oracle_from(start, X, y, hidden=hidden, activation=activation, solver=solver, lr=lr, l2=l2,
                         epsilon=epsilon)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(epochs):
            oracle.partial_fit(X, y)
    return ours, oracle


def max_gap(a_list, b_list):
    assert [a.shape for a in a_list] == [b.shape for b in b_list]
    return max(float(np.abs(a - b).max()) for a, b in zip(a_list, b_list))


CASES = [(0, 60, 4, 3, (6, 5)), (1, 45, 2, 4, (7,)), (2, 80, 6, 3, (5, 8, 4))]


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("l2", [0.0, 0.05])
@pytest.mark.parametrize("seed,n,d,k,hidden", CASES)
def test_sgd_steps_match_sklearn_exactly(seed, n, d, k, hidden, activation, l2):
    ref = load_reference()
    X, y = make_data(seed, n, d, k)
    ours, oracle = run_both(ref, X, y, hidden=hidden, activation=activation, solver="sgd", lr=0.1, l2=l2,
                            epochs=6, seed=seed)
    assert max_gap(ours.weights, oracle.coefs_) < 1e-12
    assert max_gap(ours.biases, oracle.intercepts_) < 1e-12
    # loss_curve_[e] is the loss of the batch (= the whole set) before step e: the reference's loss_history[e]
    np.testing.assert_allclose(ours.loss_history, oracle.loss_curve_, rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.predict_proba(X), oracle.predict_proba(X), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(ours.predict(X), oracle.predict(X))


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("seed,n,d,k,hidden", CASES)
def test_adam_steps_match_sklearn_with_negligible_epsilon(seed, n, d, k, hidden, activation, monkeypatch):
    ref = load_reference()
    monkeypatch.setattr(ref, "EPS", 1e-300)                # ε out of the picture: both orderings are equal
    X, y = make_data(seed, n, d, k)
    ours, oracle = run_both(ref, X, y, hidden=hidden, activation=activation, solver="adam", lr=0.01, l2=0.01,
                            epochs=6, seed=seed, epsilon=1e-300)
    assert max_gap(ours.weights, oracle.coefs_) < 1e-10
    assert max_gap(ours.biases, oracle.intercepts_) < 1e-10
    np.testing.assert_allclose(ours.loss_history, oracle.loss_curve_, rtol=0, atol=1e-10)


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_adam_steps_close_to_sklearn_with_default_epsilon(activation):
    ref = load_reference()
    X, y = make_data(3, 60, 4, 3)
    lr, epochs = 0.01, 5
    ours, oracle = run_both(ref, X, y, hidden=(6, 5), activation=activation, solver="adam", lr=lr, l2=0.0,
                            epochs=epochs, seed=3)
    # A coarse check that the default settings agree: each step moves a parameter by about lr, and the ε
    # placement changes a step noticeably only where |g| is near ε/√(1−β2) ≈ 3e-7 (observed: 2.5% of lr·epochs).
    assert max_gap(ours.weights + ours.biases, oracle.coefs_ + oracle.intercepts_) < 0.05 * lr * epochs


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_loss_and_gradients_against_central_differences(activation, l2):
    ref = load_reference()
    X, y = make_data(4, 25, 3, 3)
    model = ref.MLPClassifier(hidden_sizes=(5, 4), activation=activation, l2=l2, n_iterations=3, batch_size=8,
                              random_state=4).fit(X, y)
    dW, db = model.gradients(X, y)
    h = 1e-6
    for params, grads in ((model.weights, dW), (model.biases, db)):
        for P, G in zip(params, grads):
            assert G.shape == P.shape
            numeric = np.zeros_like(P)
            for index in np.ndindex(P.shape):
                keep = P[index]
                P[index] = keep + h
                up = model.loss(X, y)
                P[index] = keep - h
                down = model.loss(X, y)
                P[index] = keep
                numeric[index] = (up - down) / (2 * h)
            assert np.abs(G - numeric).max() <= 1e-6 * max(np.abs(numeric).max(), 1e-3)


def load_hidden():
    path = ROOT / "reference" / "mlp" / "test_hidden.py"
    spec = importlib.util.spec_from_file_location("mlp_hidden_for_oracle", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses in the hidden tests look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    return module


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
@pytest.mark.parametrize("l2", [0.0, 0.5])
def test_hidden_gradient_probes_agree_with_central_differences(activation, l2):
    # the mlp.gradients_* checks judge the attempt against backprop at GRAD_TOL = 1e-6 on these fixed probes: their
    # verdict is the central differences' only if the two agree far inside that tolerance (observed: 2e-8 at most)
    hidden = load_hidden()
    probe = hidden.gradient_probe(activation, l2)
    args = (probe.X, probe.y, probe.weights, probe.biases, activation, l2)
    errors = hidden.layer_errors(hidden.backprop(*args), hidden.numeric_gradients(*args))
    assert max(err for _, err in errors) < 0.1 * hidden.GRAD_TOL


def test_loss_matches_sklearn_at_the_same_weights():
    ref = load_reference()
    X, y = make_data(5, 50, 4, 3)
    for activation in ("relu", "sigmoid", "tanh"):
        model = ref.MLPClassifier(hidden_sizes=(6,), activation=activation, l2=0.2, n_iterations=5,
                                  random_state=5).fit(X, y)
        oracle = oracle_from(model, X, y, hidden=(6,), activation=activation, solver="sgd", lr=1e-3, l2=0.2)
        np.testing.assert_allclose(model.predict_proba(X), oracle.predict_proba(X), rtol=0, atol=1e-12)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            oracle.partial_fit(X, y)                        # records the loss at the copied weights, then steps
        assert abs(oracle.loss_curve_[0] - model.loss(X, y)) < 1e-12


def test_trained_accuracy_close_to_sklearn():
    ref = load_reference()
    X, y = make_data(6, 600, 5, 4)
    train, test = slice(0, 400), slice(400, 600)
    ours, theirs = [], []
    for seed in range(3):
        model = ref.MLPClassifier(hidden_sizes=(32,), learning_rate=0.01, n_iterations=60, batch_size=32, tol=0.0,
                                  random_state=seed).fit(X[train], y[train])
        ours.append(np.mean(model.predict(X[test]) == y[test]))
        oracle = sklearn_nn.MLPClassifier(hidden_layer_sizes=(32,), learning_rate_init=0.01, max_iter=60,
                                          batch_size=32, alpha=0.0, tol=0.0, n_iter_no_change=10**9,
                                          random_state=seed)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            oracle.fit(X[train], y[train])
        theirs.append(np.mean(oracle.predict(X[test]) == y[test]))
    assert np.mean(ours) >= np.mean(theirs) - 0.03
