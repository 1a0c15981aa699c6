"""Hidden tests for `mlp` (MLPClassifier: backpropagation, mini-batches, Adam or SGD).

The statement lets fit start from any initialisation drawn from np.random.default_rng(
random_state), so no fit can be compared with the reference's step by step. Everything here is
judged at parameters the grader knows:

- parameters the grader SETS on a briefly fitted model (`weights` and `biases` are plain
  attributes): `loss` against the stated objective, `gradients` against its gradient, layer by
  layer, for each activation, with and without l2 (non-square layers, float64; on these probes the
  closed form agrees with central differences of the objective to 2e-8: tests/test_oracle_mlp.py);
- the attempt's OWN starting parameters, read from a fit with learning_rate=0 (nothing moves,
  same random_state): from there full-batch SGD and Adam steps are simulated exactly, and so are
  the mini-batch orders the attempt can have taken (which tells whether it draws a new
  permutation every epoch).

The kit's standard checks come from SPEC. KIT LIMITATIONS worked around here (see the report):
`weights` and `biases` are lists of arrays of different shapes, which the kit's Kinds and its
reference comparisons cannot hold, so this file defines a `Layers` kind and a spec subclass
whose dims know the layer sizes, and skips the kit checks that compare a trajectory with the
reference's or read `initial` (the start is the attempt's own).
"""

import math
from dataclasses import dataclass

import numpy as np
import pytest

from mlprep.grading import kit
from mlprep.grading.kit.compare import kind_of

ACTIVATIONS = ("relu", "sigmoid", "tanh")
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8
K = 3  # classes in the ordinary data
H = 1e-6  # central-difference step
GRAD_TOL = 1e-6  # relative error per layer; correct code ~1e-8, every bug 1e-2 or more


# ============================================================================ the stated model

def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def activate(z, act):
    return np.maximum(z, 0.0) if act == "relu" else sigmoid(z) if act == "sigmoid" else np.tanh(z)


def derivative(z, a, act, variant=None):
    """f'(z); `variant` gives the usual wrong ones, to name them in feedback."""
    if act == "relu":
        return (z >= 0).astype(float) if variant == "relu_at_zero_is_one" else (z > 0).astype(float)
    if variant == "derivative_of_z":  # the formula in a applied to z
        return z * (1.0 - z) if act == "sigmoid" else 1.0 - z * z
    return a * (1.0 - a) if act == "sigmoid" else 1.0 - a * a


def log_softmax(z):
    s = z - z.max(axis=1, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=1, keepdims=True))


def forward(X, weights, biases, act):
    acts, pre = [X], []
    for W, b in zip(weights[:-1], biases[:-1]):
        pre.append(acts[-1] @ W + b)
        acts.append(activate(pre[-1], act))
    return acts, pre, acts[-1] @ weights[-1] + biases[-1]


def stated_loss(X, y, weights, biases, act, l2):
    """J = −mean log P[i, y_i] + (l2/2) Σ ||W_l||² (biases not penalised)."""
    _, _, logits = forward(X, weights, biases, act)
    return float(-log_softmax(logits)[np.arange(len(y)), y].mean()
                 + 0.5 * l2 * sum(float(np.sum(W * W)) for W in weights))


def backprop(X, y, weights, biases, act, l2, variant=None):
    """(dW list, db list): the stated gradient (variant=None) or a known wrong one."""
    acts, pre, logits = forward(X, weights, biases, act)
    delta = np.exp(log_softmax(logits))
    delta[np.arange(len(y)), y] -= 1.0
    delta /= len(y)
    dW, db = [None] * len(weights), [None] * len(weights)
    for layer in range(len(weights) - 1, -1, -1):
        dW[layer] = acts[layer].T @ delta + l2 * weights[layer]
        db[layer] = delta.sum(axis=0)
        if layer:
            delta = (delta @ weights[layer].T) * derivative(pre[layer - 1], acts[layer], act, variant)
    return dW, db


# KIT CANDIDATE: per-layer central differences (numeric_gradients, layer_errors, gradient_case below). Generic
# for any model whose parameters are lists of arrays and that exposes loss(X, y) / gradients(X, y): the kit's
# gradient checks read a step from fits and need each group to be one array (kit.central_differences works on
# a dict of arrays, so layers are flattened into W0, W1, ..., b0, b1, ... here). The grade compares with
# backprop; tests/test_oracle_mlp.py confirms with numeric_gradients that it is the gradient on every probe.
def numeric_gradients(X, y, weights, biases, act, l2):
    """Central differences of the stated objective for every entry of every layer."""
    theta = {f"W{i}": W for i, W in enumerate(weights)} | {f"b{i}": b for i, b in enumerate(biases)}
    L = len(weights)

    def f(t):
        return stated_loss(X, y, [t[f"W{i}"] for i in range(L)], [t[f"b{i}"] for i in range(L)], act, l2)

    g = kit.central_differences(f, theta, h=H)
    return [g[f"W{i}"] for i in range(L)], [g[f"b{i}"] for i in range(L)]


def one_step_sgd(theta, grads, lr):
    return {"weights": [W - lr * g for W, g in zip(theta["weights"], grads[0])],
            "biases": [b - lr * g for b, g in zip(theta["biases"], grads[1])]}


def simulate_adam(theta, gradient_of, lr, steps, form="textbook", t_of=None):
    """Adam from `theta` for `steps` steps; gradient_of(theta) -> (dW, db). form "textbook":
    p −= lr·m̂/(√v̂ + ε); "paper": p −= lr·√(1−β2ᵗ)/(1−β1ᵗ)·m/(√v + ε) (Kingma & Ba's ordering);
    "uncorrected": p −= lr·m/(√v + ε). t_of(step) -> the t used (a wrong counter)."""
    params = [p.copy() for p in theta["weights"] + theta["biases"]]
    L = len(theta["weights"])
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    for step in range(1, steps + 1):
        dW, db = gradient_of({"weights": params[:L], "biases": params[L:]})
        t = t_of(step) if t_of else step
        for i, g in enumerate(list(dW) + list(db)):
            m[i] = BETA1 * m[i] + (1 - BETA1) * g
            v[i] = BETA2 * v[i] + (1 - BETA2) * g * g
            if form == "textbook":
                params[i] = params[i] - lr * (m[i] / (1 - BETA1 ** t)) / (np.sqrt(v[i] / (1 - BETA2 ** t)) + EPS)
            elif form == "paper":
                params[i] = params[i] - lr * math.sqrt(1 - BETA2 ** t) / (1 - BETA1 ** t) * m[i] / (np.sqrt(v[i]) + EPS)
            else:
                params[i] = params[i] - lr * m[i] / (np.sqrt(v[i]) + EPS)
    return {"weights": params[:L], "biases": params[L:]}


# ============================================================================ data

def make_data(seed, n, d, k=K):
    """k overlapping Gaussian blobs, standardised features, every label present."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=1.5, size=(k, d))
    y = rng.permutation(np.arange(n) % k)
    X = centres[y] + rng.normal(size=(n, d))
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def xor_blobs(seed, n=120):
    """Four tight blobs at (±2, ±2), the label is the XOR of the signs: separable, but only with a
    hidden layer of two or more distinct units."""
    rng = np.random.default_rng(seed)
    signs = rng.choice([-1.0, 1.0], size=(n, 2))
    X = 2.0 * signs + 0.4 * rng.normal(size=(n, 2))
    return X, (signs[:, 0] * signs[:, 1] > 0).astype(np.int64)


def random_layers(rng, sizes, scale=0.8, bias_scale=0.3):
    weights = [scale * rng.normal(size=(a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
    biases = [bias_scale * rng.normal(size=b) for b in sizes[1:]]
    return weights, biases


GRAD_HIDDEN = (5, 4)  # with d = 3 and K = 3: every layer non-square, (3, 5), (5, 4), (4, 3)


@dataclass(frozen=True)
class Probe:
    """Data, hyperparameters and the parameters the grader sets on the model."""

    X: np.ndarray
    y: np.ndarray
    hyper: dict
    weights: list
    biases: list


def gradient_probe(act, l2):
    """20 samples, d = 3, hidden (5, 4), K = 3; for relu every pre-activation is at least 0.05 away
    from the kink (checked by the check itself), so relu′(0) plays no part and central differences
    are exact to ~1e-9 (tests/test_oracle_mlp.py compares them with backprop on these probes)."""
    rng = np.random.default_rng(164)
    X = rng.normal(size=(20, 3))
    y = rng.permutation(np.arange(20) % 3)
    weights, biases = random_layers(rng, (3, *GRAD_HIDDEN, 3))
    hyper = dict(hidden_sizes=GRAD_HIDDEN, activation=act, l2=l2, learning_rate=0.01, n_iterations=1, batch_size=20,
                 optimizer="sgd", tol=0.0, random_state=0)
    return Probe(X, y, hyper, weights, biases)


def relu_kink_probe():
    """Integer inputs and weights: pre-activations of the first hidden layer are exactly 0 for some
    samples (relu′(0) decides their gradient), and far from 0 for the others."""
    X = np.array([[1.0, -1.0, 2.0], [2.0, 1.0, -1.0], [-1.0, 2.0, 1.0], [1.0, 1.0, 1.0],
                  [0.0, 2.0, -2.0], [2.0, -2.0, 1.0], [-2.0, 1.0, 2.0], [1.0, 0.0, -1.0]])
    y = np.array([0, 1, 2, 0, 1, 2, 1, 0])
    W0 = np.array([[1.0, 0.5, -1.0, 1.0], [1.0, -0.5, 1.0, 0.0], [0.0, 1.0, 1.0, 1.0]])
    W1 = np.array([[0.5, -1.0, 1.0], [1.0, 0.5, -0.5], [-0.5, 1.0, 0.5], [1.0, 1.0, -1.0]])
    hyper = dict(hidden_sizes=(4,), activation="relu", l2=0.0, learning_rate=0.01, n_iterations=1, batch_size=8,
                 optimizer="sgd", tol=0.0, random_state=0)
    return Probe(X, y, hyper, [W0, W1], [np.zeros(4), np.array([0.1, -0.2, 0.3])])


def huge_logits_probe():
    """tanh hidden units and output weights in the hundreds: logits of ±1000 and more, with
    confidently wrong predictions (each costs about its logit gap in the exact cross-entropy)."""
    rng = np.random.default_rng(60)
    X = rng.normal(size=(30, 3))
    y = rng.permutation(np.arange(30) % 3)
    W0 = 3.0 * rng.normal(size=(3, 5))
    W1 = 400.0 * rng.normal(size=(5, 3))
    hyper = dict(hidden_sizes=(5,), activation="tanh", l2=0.0, learning_rate=0.01, n_iterations=1, batch_size=30,
                 optimizer="sgd", tol=0.0, random_state=0)
    return Probe(X, y, hyper, [W0, W1], [rng.normal(size=5), np.array([5.0, -3.0, 1.0])])


def huge_sigmoid_probe():
    """sigmoid hidden units with pre-activations of ±1000 (e^(−z) overflows for z < −709)."""
    rng = np.random.default_rng(61)
    X = rng.normal(size=(30, 3))
    y = rng.permutation(np.arange(30) % 3)
    W0 = 600.0 * rng.normal(size=(3, 6))
    W1 = rng.normal(size=(6, 3))
    hyper = dict(hidden_sizes=(6,), activation="sigmoid", l2=0.0, learning_rate=0.01, n_iterations=1, batch_size=30,
                 optimizer="sgd", tol=0.0, random_state=0)
    return Probe(X, y, hyper, [W0, W1], [np.zeros(6), np.zeros(3)])


def unscaled_features():
    """Features of size 10⁴ (as if the data were never standardised), relu, three Adam epochs."""
    X, y = make_data(13, 120, 4)
    return X * 1e4, y, dict(hidden_sizes=(6,), activation="relu", learning_rate=0.05, n_iterations=3, batch_size=32,
                            optimizer="adam", tol=0.0, random_state=0), None


# ============================================================================ the spec

def expected_shapes(dims, which):
    sizes = (dims["d"], *dims["hidden"], dims["k"])
    return [(a, b) for a, b in zip(sizes[:-1], sizes[1:])] if which == "weights" else [(b,) for b in sizes[1:]]


# KIT CANDIDATE: a Kind for per-layer parameters (a list of arrays of different shapes), and spec dims that can
# hold symbols derived from the hyperparameters (here the hidden sizes). The kit's Kinds are single arrays, and
# reference.predictions calls np.isfinite on each group, which raises on a list of layers.
@dataclass(frozen=True)
class Layers(kit.Kind):
    """A list with one array per layer: weight matrices (n_in, n_out) (name "weights") or bias
    vectors (n_out,) (name "biases")."""

    def problems(self, value, dims, what):
        shapes = expected_shapes(dims, self.name)
        if not isinstance(value, (list, tuple)):
            return [f"`{what}` should be a list with one array per layer ({len(shapes)} here), but is "
                    f"{kind_of(value)}."]
        if len(value) != len(shapes):
            return [f"`{what}` has {len(value)} entries; with hidden_sizes={dims['hidden']} it needs "
                    f"{len(shapes)}, one per layer (input to hidden, ..., last hidden to output)."]
        out = []
        for i, (v, shape) in enumerate(zip(value, shapes)):
            try:
                arr = kit.as_array(v, f"`{what}[{i}]`")
            except kit.Mismatch as exc:
                return [str(exc)]
            if arr.shape != shape:
                kind = "(n_in, n_out)" if self.name == "weights" else "(n_out,)"
                out.append(f"`{what}[{i}]` has shape {arr.shape}; it must be {kind}, {shape} here.")
            elif arr.dtype.kind != "f":
                out.append(f"`{what}[{i}]` holds values of dtype {arr.dtype}; store floats.")
        return out[:2]

    def coerce(self, value, dims, what):
        if not isinstance(value, (list, tuple)):
            raise kit.Mismatch(f"`{what}` should be a list with one array per layer, but is {kind_of(value)}.")
        out = []
        for i, v in enumerate(value):
            arr = kit.as_float_array(v, f"`{what}[{i}]`")
            out.append(arr.reshape(-1) if self.name == "biases" else arr)
        return out


def sizes(X, hyper):
    """K classes and the hidden layer sizes, for the Layers kind."""
    return {"k": K, "hidden": tuple(hyper["hidden_sizes"])}


def objective(X, y, theta, hyper):
    return stated_loss(X, y, theta["weights"], theta["biases"], hyper.get("activation", "relu"), hyper.get("l2", 0.0))


def early_stop_setup():
    # learning_rate = 0: the loss repeats exactly from the second epoch on, so fit must stop there. This judges
    # the stopping rule alone: on a real trajectory a wrong gradient would also keep the change above tol, and
    # the feedback would blame the rule (the steps are judged by the correctness checks and by
    # iterative.history_never_increases).
    X, y = make_data(7, 90, 3)
    return kit.Setup(X, y, dict(hidden_sizes=(6,), activation="tanh", learning_rate=0.0, n_iterations=50,
                                batch_size=32, optimizer="adam", tol=1e-4, random_state=0))


def tol_zero_setup():
    # learning_rate = 0: nothing moves, the loss repeats exactly from the second epoch on
    X, y = make_data(8, 60, 3)
    return kit.Setup(X, y, dict(hidden_sizes=(4,), activation="tanh", learning_rate=0.0, n_iterations=12,
                                batch_size=32, optimizer="adam", tol=0.0, random_state=0))


ORDINARY = dict(hidden_sizes=(6, 5), activation="tanh", learning_rate=0.02, n_iterations=8, batch_size=32,
                optimizer="adam", l2=0.0, tol=0.0, random_state=0)


def ordinary(X):
    """The ordinary hyperparameters, with mini-batches of n/8 rows (at least 32): the number of batches per
    epoch hardly grows with n, so the kit's CPU-time check (n = 500 and 4000) compares equal, cheap work instead
    of timing thousands of batches it would not judge (KIT LIMITATION: it skips its verdict for mini-batch code
    but still times it). A loop over mini-batches of a fixed size is judged by
    mlp.mini_batch_loop_is_not_a_loop_over_samples."""
    return {**ORDINARY, "batch_size": max(32, len(X) // 8)}


USED_SETUP = {"n_iterations": 2}  # the setup of contract.hyperparameters_are_used (see SPEC.used)

REFERENCE_ONLY = ("the initial weights are any scheme drawn from np.random.default_rng(random_state) (the "
                  "statement says so), so the attempt's trajectory cannot be compared with the reference's; ")

SPEC = kit.Estimator(
    sizes=sizes,
    cls="MLPClassifier",
    params=dict(hidden_sizes=(32,), activation="relu", learning_rate=0.01, n_iterations=200, batch_size=32,
                optimizer="adam", l2=0.0, tol=1e-6, random_state=None),
    tags={"supervised", "classifier", "iterative", "stochastic", "predict_proba"},
    data=make_data,
    ordinary=ordinary,
    fitted={"weights": Layers("weights"), "biases": Layers("biases"), "loss_history": kit.History()},
    methods={"predict_proba": kit.Probabilities("n", "k"), "predict": kit.Labels()},
    groups={"weights": kit.Group(1), "biases": kit.Group(1, penalized=False)},
    objective=objective,
    options={"activation": ACTIVATIONS, "optimizer": ("adam", "sgd")},
    # hidden_sizes is left out: ignoring it shows as wrong shapes in every check. Two epochs, not the ordinary
    # eight: each value changes the first mini-batch step already (its size, l2·W added to a gradient of
    # non-zero weights, the activation, the update rule, the rows in the first batch, the start), and the second
    # epoch repeats the test from moved weights; 24 fits a grade at a quarter of the cost.
    used={"learning_rate": (0.005, 0.05, USED_SETUP), "l2": (0.0, 1.0, USED_SETUP),
          "activation": ("tanh", "relu", USED_SETUP), "optimizer": ("adam", "sgd", USED_SETUP),
          "batch_size": (16, 120, USED_SETUP), "random_state": (0, 1, USED_SETUP)},
    custom=dict(hidden_sizes=(7, 3), activation="tanh", learning_rate=0.02, n_iterations=13, batch_size=17,
                optimizer="sgd", l2=0.3, tol=1e-3, random_state=5),
    # full-batch SGD with a small step on a smooth objective: the loss can only go down
    safe_step=dict(optimizer="sgd", batch_size=1000, learning_rate=0.05),
    early_stop=early_stop_setup,
    tol_zero=tol_zero_setup,
    advice={
        "algorithm": "mini-batch training of the stated network",
        "start": "Draw the initial weights from rng = np.random.default_rng(self.random_state), created inside fit, "
                 "and draw each epoch's permutation from the same generator.",
        "contract.refit_gives_the_same_model": "Create rng = np.random.default_rng(self.random_state) inside fit "
                                               "(not in __init__) and draw the initial weights and every "
                                               "permutation from it, so each fit starts the same way.",
        "iterative.history_never_increases": "With full-batch SGD and a small learning rate every step lowers "
                                             "the objective: step against the gradient of the stated "
                                             "objective, and record J on the whole training set at the start "
                                             "of each epoch.",
        "ignored.l2": "l2=0.0 and l2=1.0 gave the same `weights` and `biases`: the penalty never reaches fit's steps. "
                      "Add l2·W_l to the gradient of every weight matrix (and check that the weights move at all: "
                      "weights that all start at 0 never do).",
        "ignored.activation": "activation='tanh' and activation='relu' gave the same `weights` and `biases`: fit does "
                              "not use self.activation in the forward and backward passes (or nothing moves the "
                              "hidden weights: weights that all start at 0 never do).",
        "missing.weights": "fit does not set `weights`: store the list of weight matrices, one (n_in, n_out) "
                           "array per layer.",
        "missing.biases": "fit does not set `biases`: store the list of bias vectors, one (n_out,) array per layer.",
    },
    skip={
        "reference.fitted_parameters": REFERENCE_ONLY + "mlp.full_batch_sgd_steps and the Adam checks simulate "
                                       "the stated updates from the attempt's own start instead.",
        "reference.single_feature": REFERENCE_ONLY + "mlp.two_classes_and_one_feature covers X of shape (n, 1).",
        "reference.more_features_than_samples": REFERENCE_ONLY + "nothing in an MLP depends on n > d.",
        "reference.predictions": "the kit compares groups as single arrays (np.isfinite on a list of layers of "
                                 "different shapes raises); mlp.predictions_from_own_weights does the same check.",
        "iterative.history_starts_at_the_initial_objective": "it needs spec.initial, a start known in advance; "
                                                             "mlp.history_starts_at_the_initial_objective reads the "
                                                             "attempt's own start (a fit with learning_rate=0).",
    },
    traps=(
        kit.Trap("unscaled_features", unscaled_features, "features of size 10⁴ (logits in the thousands)",
                 "Compute softmax and the cross-entropy from logits shifted by their row maximum: "
                 "log P = z − max(z) − log Σ exp(z − max(z)).",
                 needs=lambda ctx: require_large_logits_in_training(ctx)),
    ),
)
kit.install(SPEC, globals())


# ============================================================================ helpers

def as_layers(value, like, what):
    """A list of float arrays shaped like `like` (a list of arrays), or AssertionError saying why not."""
    if not isinstance(value, (list, tuple)) or len(value) != len(like):
        raise AssertionError(f"{what} should be a list of {len(like)} arrays, one per layer, but is "
                             f"{kind_of(value) if not isinstance(value, (list, tuple)) else f'a list of {len(value)}'}.")
    out = []
    for i, (v, ref) in enumerate(zip(value, like)):
        try:
            arr = kit.as_float_array(v, f"{what}[{i}]")
        except kit.Mismatch as exc:
            raise AssertionError(str(exc)) from None
        if arr.shape != ref.shape:
            if arr.size == ref.size and ref.ndim == 1:
                arr = arr.reshape(ref.shape)
            else:
                hint = " (transposed?)" if arr.shape == ref.shape[::-1] else ""
                raise AssertionError(f"{what}[{i}] has shape {arr.shape}{hint}; it must have the shape of the "
                                     f"layer's parameters, {ref.shape}.")
        out.append(arr)
    return out


def read_gradients(value, probe):
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise AssertionError(f"gradients(X, y) should return a pair (list of dJ/dW_l, list of dJ/db_l), but "
                             f"returned {kind_of(value)}{'' if not isinstance(value, (list, tuple)) else f' of length {len(value)}'}.")
    return (as_layers(value[0], probe.weights, "the first list gradients(X, y) returns (dJ/dW)"),
            as_layers(value[1], probe.biases, "the second list gradients(X, y) returns (dJ/db)"))


# KIT CANDIDATE: methods that take (X, y) (loss, gradients, score): the kit's `methods` are called with X only,
# so their probe, output shape, "does not change the model" and loop checks are written here by hand
# (at_probe, methods_work, test_loss_and_gradients_do_not_change_the_model, test_loss_and_gradients_have_no_...).
def loaded_model(ctx, probe):
    """A model fitted briefly on the probe's data, then given the probe's parameters."""
    model = ctx.fit(probe.X, probe.y, **probe.hyper)
    model.set("weights", [W.copy() for W in probe.weights])
    model.set("biases", [b.copy() for b in probe.biases])
    return model


def at_probe(ctx, key, probe):
    """(loss, gradients, predict_proba, fp events of each) of the attempt at the probe's parameters,
    computed once per grade. Values are None when the call raised (the message is kept)."""
    def compute():
        model = loaded_model(ctx, probe)
        out = {}
        for name, args in (("loss", (probe.X, probe.y)), ("gradients", (probe.X, probe.y)),
                           ("predict_proba", (probe.X,))):
            try:
                out[name] = (model.call(name, *args), None, list(ctx.last.fp_events))
            except kit.AttemptError as exc:
                out[name] = (None, str(exc), [])
        return out
    return ctx.memo(("at_probe", key), compute)


def call_result(ctx, key, probe, name):
    value, error, _ = at_probe(ctx, key, probe)[name]
    if error:
        raise AssertionError(f"{error}.")
    return value


def methods_work(ctx) -> str | None:
    """None when loss(X, y) gives a float and gradients(X, y) a pair of per-layer lists on ordinary
    data; otherwise the sentence saying what is wrong (owned by mlp.loss_and_gradients_methods_work)."""
    def compute():
        setup = SPEC.setup(seed=0)
        try:
            model = ctx.fit_setup(setup)
            theta = ctx.theta(model)
            value = model.call("loss", setup.X, setup.y)
            if isinstance(value, bool) or not isinstance(value, (int, float, np.number, np.ndarray)) \
                    or np.size(value) != 1 or not np.isfinite(float(np.asarray(value).reshape(()))):
                return f"loss(X, y) returned {kind_of(value)} {value!r:.60}; it must return J as one finite float."
            probe = Probe(setup.X, setup.y, setup.hyper, theta["weights"], theta["biases"])
            read_gradients(model.call("gradients", setup.X, setup.y), probe)
        except kit.AttemptError as exc:
            return f"{exc}."
        except (AssertionError, kit.Mismatch) as exc:
            return str(exc)
        return None
    return ctx.memo("methods_work", compute)


def require_methods(ctx):
    ctx.require("fit")
    why = methods_work(ctx)
    if why:
        raise kit.NotScorable(f"Not scored: {why} (counted once, by mlp.loss_and_gradients_methods_work).",
                              owner="mlp.loss_and_gradients_methods_work", criterion="correctness")


def gradient_case(ctx, act, l2):
    """(probe, attempt's gradients or an AssertionError message, the stated gradient there).

    The stated gradient is backprop's closed form: on the six fixed probes it agrees with the central
    differences of the stated objective to 2e-8 (tests/test_oracle_mlp.py checks exactly these probes), 50 times
    inside GRAD_TOL, so every verdict is the one central differences give, without their 2 loss evaluations per
    parameter (about 4 ms a probe, 25 ms a grade)."""
    probe = gradient_probe(act, l2)
    if act == "relu":
        _, pre, _ = forward(probe.X, probe.weights, probe.biases, act)
        if min(float(np.abs(z).min()) for z in pre) < 0.04:
            raise kit.KitMisuse("gradient_probe: a relu pre-activation is too close to 0, where relu′(0) decides")
    expected = backprop(probe.X, probe.y, probe.weights, probe.biases, act, l2)
    try:
        got = read_gradients(call_result(ctx, ("grad", act, l2), probe, "gradients"), probe)
    except AssertionError as exc:
        return probe, str(exc), expected
    return probe, got, expected


def layer_errors(got, want):
    """[(name, relative error)] for every weight matrix and bias vector."""
    out = []
    for group, (g_list, w_list) in zip(("weights", "biases"), zip(got, want)):
        for i, (g, w) in enumerate(zip(g_list, w_list)):
            out.append((f"{group}[{i}]", kit.gradient_error(g, w)))
    return out


def same_gradients(a, b, tol=GRAD_TOL):
    return all(err < tol for _, err in layer_errors(a, b))


def gradients_right(ctx, act, l2=0.0) -> bool:
    def compute():
        _, got, expected = gradient_case(ctx, act, l2)
        return not isinstance(got, str) and same_gradients(got, expected)
    return ctx.memo(("gradients_right", act, l2), compute)


def diagnose_gradients(probe, got, expected, act, l2) -> str:
    """Name the deviation when the evidence shows one."""
    X, y, W, b = probe.X, probe.y, probe.weights, probe.biases
    n = len(y)
    if l2:
        data = backprop(X, y, W, b, act, 0.0)
        if same_gradients(got, data):
            return ("The l2 term is missing: (l2/2)·Σ||W_l||² adds l2·W_l to every dJ/dW_l (and nothing to the "
                    "biases).")
        if same_gradients(got, backprop(X, y, W, b, act, 2.0 * l2)):
            return "The l2 term is doubled: the gradient of (l2/2)·||W||² is l2·W, not 2·l2·W."
        with_bias = ([g + l2 * w for g, w in zip(data[0], W)], [g + l2 * bb for g, bb in zip(data[1], b)])
        if same_gradients(got, with_bias):
            return "The biases are penalised too: the statement's l2 term covers the weight matrices only."
    data = backprop(X, y, W, b, act, 0.0)
    scaled = ([n * g + l2 * w for g, w in zip(data[0], W)], [n * g for g in data[1]])
    if same_gradients(got, scaled, 1e-6):
        return (f"Every gradient is n = {n} times too large: the cross-entropy is a mean, so δ at the output "
                f"is (P − Y)/n.")
    if act != "relu" and same_gradients(got, backprop(X, y, W, b, act, l2, "derivative_of_z")):
        formula = "a·(1 − a)" if act == "sigmoid" else "1 − a²"
        return (f"The {act} derivative is evaluated on the pre-activation z: f′(z) = {formula} holds with the "
                f"activation a = f(z), so apply it to a (or compute it from z exactly).")
    errors = layer_errors(got, expected)
    wrong = [name for name, err in errors if err >= GRAD_TOL]
    L = len(W)
    deepest = max(int(name.split("[")[1][:-1]) for name in wrong)
    if deepest == L - 1:
        where = ("The output layer is already wrong: δ_L = (softmax(z_L) − Y)/n, dJ/dW_L = a_(L−1)ᵀ δ_L, "
                 "dJ/db_L = Σ_i δ_L[i].")
    else:
        where = (f"Counting from the output, the layers above weights[{deepest}] agree and weights[{deepest}] / "
                 f"biases[{deepest}] is the first that does not: check the δ sent down to it, "
                 f"δ_(l−1) = (δ_l W_lᵀ) ⊙ f′(z_(l−1)), with the {act} derivative.")
    return where


def require_set_parameters_used(ctx):
    """For the checks that judge values at parameters the grader sets: loss must follow them on ordinary
    values (else it is correctness's to judge)."""
    require_methods(ctx)
    if not loss_right(ctx):
        raise kit.NotScorable("Not scored: loss(X, y) is not the stated objective at the parameters stored in "
                              "`weights` and `biases` even for ordinary values (counted once, by "
                              "mlp.loss_is_the_stated_objective).", owner="mlp.loss_is_the_stated_objective",
                              criterion="correctness")


def loss_probe():
    return gradient_probe("tanh", 0.3)


def loss_right(ctx) -> bool:
    def compute():
        probe = loss_probe()
        try:
            value = float(np.asarray(call_result(ctx, "loss", probe, "loss")).reshape(()))
        except (AssertionError, TypeError, ValueError):
            return False
        want = stated_loss(probe.X, probe.y, probe.weights, probe.biases, "tanh", 0.3)
        return math.isclose(value, want, rel_tol=1e-9)
    return ctx.memo("loss_right", compute)


# KIT CANDIDATE: reading the attempt's own start. spec.initial(X, hyper) must know the start in advance; for a
# problem whose initialisation is the learner's choice (any scheme from the model's generator) the start can
# be read from a fit with learning_rate=0, and the start-dependent checks (history_starts_at_the_initial_
# objective, require_faithful_history) could then run instead of being skipped.
def initial_theta(ctx, X, y, hyper):
    """The attempt's own starting parameters: a fit with learning_rate=0 moves nothing."""
    return ctx.theta(ctx.fit(X, y, **{**hyper, "learning_rate": 0.0, "n_iterations": 1, "tol": 0.0}))


def close_thetas(a, b, rtol=1e-7, atol=1e-10) -> bool:
    return all(len(a[g]) == len(b[g]) and all(
        np.shape(x) == np.shape(z) and kit.is_close(x, z, rtol=rtol, atol=atol) for x, z in zip(a[g], b[g]))
        for g in ("weights", "biases"))


def require_large_logits_in_training(ctx):
    """The unscaled-features trap is only a trap if the attempt's own start gives huge logits there."""
    X, y, hyper, _ = unscaled_features()
    theta = initial_theta(ctx, X, y, hyper)
    with np.errstate(all="ignore"):
        _, _, logits = forward(X, theta["weights"], theta["biases"], "relu")
    if np.all(np.isfinite(logits)) and np.abs(logits).max() < 800:
        raise kit.NotScorable("Not scored: with the attempt's initial weights the logits on features of size 10⁴ "
                              "stay below 800, so the trap is not created (the checks at set parameters judge "
                              "softmax with huge logits).")


# ============================================================================ correctness

@pytest.mark.criterion("correctness", weight=1)
def test_loss_and_gradients_methods_work(ctx):
    ctx.require("fit")
    why = methods_work(ctx)
    assert why is None, why + (" loss(X, y) returns J at the current parameters (a float); gradients(X, y) returns "
                               "(dW, db): two lists with one array per layer, shaped like `weights` and `biases`.")


@pytest.mark.criterion("correctness", weight=2)
def test_loss_is_the_stated_objective(ctx):
    require_methods(ctx)
    probe = loss_probe()
    value = call_result(ctx, "loss", probe, "loss")
    X, y, W, b = probe.X, probe.y, probe.weights, probe.biases
    got = float(np.asarray(value).reshape(()))
    want = stated_loss(X, y, W, b, "tanh", 0.3)
    if math.isclose(got, want, rel_tol=1e-9):
        return
    data = stated_loss(X, y, W, b, "tanh", 0.0)
    pen = want - data
    bias_pen = 0.5 * 0.3 * sum(float(v @ v) for v in b)
    known = [
        (data, "The l2 penalty is missing from the loss: J = mean cross-entropy + (l2/2)·Σ||W_l||²."),
        (data + 2 * pen, "The penalty is l2·Σ||W_l||²; the statement's is (l2/2)·Σ||W_l||²."),
        (want + bias_pen, "The biases are penalised too; the l2 term covers the weight matrices only."),
        (len(y) * data + pen, "The cross-entropy is summed over the samples; the statement's J uses its mean."),
        (data + pen / len(y), "The penalty is divided by n; the statement's J adds (l2/2)·Σ||W_l||² as it is."),
    ]
    cause = next((text for value, text in known if math.isclose(got, value, rel_tol=1e-9)), None)
    assert False, (f"At parameters set on the model, loss(X, y) is {got:.6g} but the stated objective there is "
                   f"{want:.6g}. " + (cause or "Compute J from the current `weights` and `biases`: mean of "
                                               "−log softmax(z_L)[i, y_i] plus (l2/2)·Σ||W_l||²."))


def _check_gradients(ctx, act, l2):
    require_methods(ctx)
    probe, got, expected = gradient_case(ctx, act, l2)
    setting = f"activation='{act}', l2={l2:g}"
    if isinstance(got, str):
        raise AssertionError(f"With {setting}: {got}")
    errors = layer_errors(got, expected)
    wrong = [(name, err) for name, err in errors if not err < GRAD_TOL]
    if not wrong:
        return
    shown = ", ".join(f"{name} ({err:.1e})" for name, err in wrong[:4])
    raise AssertionError(
        f"With {setting} and non-square layers {probe.X.shape[1]}→5→4→3, gradients(X, y) differs from the "
        f"gradient of the stated objective in {shown} (relative errors). "
        + diagnose_gradients(probe, got, expected, act, l2))


@pytest.mark.criterion("correctness", weight=2)
def test_gradients_relu(ctx):
    _check_gradients(ctx, "relu", 0.0)


@pytest.mark.criterion("correctness", weight=2)
def test_gradients_sigmoid(ctx):
    _check_gradients(ctx, "sigmoid", 0.0)


@pytest.mark.criterion("correctness", weight=2)
def test_gradients_tanh(ctx):
    _check_gradients(ctx, "tanh", 0.0)


@pytest.mark.criterion("correctness", weight=1)
def test_gradients_relu_with_l2(ctx):
    _check_gradients(ctx, "relu", 0.5)


@pytest.mark.criterion("correctness", weight=1)
def test_gradients_sigmoid_with_l2(ctx):
    _check_gradients(ctx, "sigmoid", 0.5)


@pytest.mark.criterion("correctness", weight=1)
def test_gradients_tanh_with_l2(ctx):
    _check_gradients(ctx, "tanh", 0.5)


@pytest.mark.criterion("correctness", weight=1)
def test_relu_derivative_at_zero(ctx):
    require_methods(ctx)
    probe = relu_kink_probe()
    X, y, W, b = probe.X, probe.y, probe.weights, probe.biases
    _, pre, _ = forward(X, W, b, "relu")
    want = backprop(X, y, W, b, "relu", 0.0)
    other = backprop(X, y, W, b, "relu", 0.0, "relu_at_zero_is_one")
    if not (np.any(pre[0] == 0) and not same_gradients(want, other, 1e-3)):
        raise kit.KitMisuse("relu_kink_probe: no exact zero pre-activation that changes the gradient")
    if not gradients_right(ctx, "relu"):
        raise kit.NotScorable("Not scored: gradients(X, y) is wrong for relu away from 0 already (see "
                              "mlp.gradients_relu), so the value at the kink cannot be judged on its own.")
    got = read_gradients(call_result(ctx, "relu_kink", probe, "gradients"), probe)
    if same_gradients(got, want, 1e-9):
        return
    cause = ("It takes relu′(0) = 1 (z >= 0); the statement takes relu′(0) = 0, the derivative 1 only where z > 0."
             if same_gradients(got, other, 1e-9) else "Use relu′(z) = 1 where z > 0 and 0 elsewhere (0 at z = 0).")
    raise AssertionError("Where a pre-activation is exactly 0, gradients(X, y) does not follow the statement's "
                         "relu′(0) = 0. " + cause)


@pytest.mark.criterion("correctness", weight=2)
def test_predictions_from_own_weights(ctx):
    setup = SPEC.setup(seed=34)
    model = ctx.fit_setup(setup)
    theta = ctx.theta(model)
    if not all(np.all(np.isfinite(v)) for group in theta.values() for v in group):
        raise kit.NotScorable("Not scored: the fitted weights are not finite on ordinary data.")
    X_new = make_data(134, 41, setup.X.shape[1])[0]
    for which, X in (("the training", setup.X), ("new", X_new)):
        _, _, logits = forward(X, theta["weights"], theta["biases"], setup.hyper["activation"])
        want = np.exp(log_softmax(logits))
        try:
            kit.assert_close(model.call("predict_proba", X), want, what=f"predict_proba(X) on {which} data",
                             shape_strict=False)
            top = np.sort(want, axis=1)
            kit.assert_equal_labels(np.asarray(model.call("predict", X)).reshape(-1), want.argmax(axis=1),
                                    what=f"predict(X) on {which} data", mask=top[:, -1] - top[:, -2] > 1e-9)
        except kit.Mismatch as exc:
            raise AssertionError(
                f"The methods do not return what the model's own `weights` and `biases` give: {exc.detail} "
                f"predict_proba is softmax(z_L) of the forward pass with the model's activation; predict is its "
                f"row-wise argmax.") from None


@pytest.mark.criterion("correctness", weight=1)
def test_two_classes_and_one_feature(ctx):
    X, y = make_data(35, 50, 1, k=2)
    hyper = {**ORDINARY, "hidden_sizes": (4,)}
    model = ctx.fit(X, y, **hyper)
    theta = ctx.theta(model)
    shapes = [np.shape(W) for W in theta["weights"]]
    assert shapes == [(1, 4), (4, 2)], (
        f"With one feature and labels 0 and 1, `weights` has shapes {shapes}; expected [(1, 4), (4, 2)]: the output "
        f"layer has K = max(y) + 1 = 2 units (a softmax over two classes).")
    _, _, logits = forward(X, theta["weights"], theta["biases"], hyper["activation"])
    try:
        kit.assert_close(model.call("predict_proba", X), np.exp(log_softmax(logits)), what="predict_proba(X)")
    except kit.Mismatch as exc:
        raise AssertionError(f"With one feature and two classes, {exc.detail} predict_proba returns (n, 2) "
                             f"probabilities from the model's own weights.") from None


@pytest.mark.criterion("correctness", weight=1)
def test_classes_are_max_label_plus_one(ctx):
    X, _ = make_data(36, 60, 3)
    y = 2 * (np.arange(60) % 2)                             # labels 0 and 2 only
    try:
        model = ctx.fit(X, y, **ORDINARY)
    except kit.AttemptError as exc:
        raise AssertionError(f"With labels 0 and 2 only, {exc}. The statement's K is max(y) + 1 = 3 (labels are "
                             f"0..K−1 and a class may be absent), not the number of distinct labels.") from None
    out = np.shape(ctx.theta(model)["weights"][-1])
    proba = np.shape(model.call("predict_proba", X))
    assert out[-1:] == (3,) and proba == (60, 3), (
        f"With labels 0 and 2 only, the output layer has {out[-1] if out else '?'} units and predict_proba shape "
        f"{proba}. The statement's K is max(y) + 1 = 3 (labels are 0..K−1, a class may be absent), not the number "
        f"of distinct labels.")


def _start_of(ctx, X, y, hyper):
    """The attempt's own start for these data (fit must be deterministic for it to mean anything)."""
    kit.require_stated_start(ctx)
    theta0 = initial_theta(ctx, X, y, hyper)
    if not all(np.all(np.isfinite(v)) for group in theta0.values() for v in group):
        raise kit.NotScorable("Not scored: the initial weights are not finite.")
    return theta0


def require_gradients(ctx, act, l2, what):
    """fit's steps are judged against the stated gradient only when gradients(X, y) gives it: otherwise the
    gradient checks already say what is wrong, and the step would fail for the same reason."""
    require_methods(ctx)
    if not gradients_right(ctx, act, l2):
        which = f"mlp.gradients_{act}" + ("_with_l2" if l2 else "")
        raise kit.NotScorable(f"Not scored: gradients(X, y) is not the stated gradient for activation='{act}' (see "
                              f"{which}), so {what} cannot be judged on its own.")


@pytest.mark.criterion("correctness", weight=2)
def test_full_batch_sgd_steps(ctx):
    require_gradients(ctx, "tanh", 0.5, "fit's SGD steps")
    X, y = make_data(70, 40, 3)
    hyper = dict(hidden_sizes=GRAD_HIDDEN, activation="tanh", learning_rate=0.1, batch_size=64, optimizer="sgd",
                 l2=0.05, tol=0.0, random_state=3)
    theta = _start_of(ctx, X, y, hyper)
    for step in range(1, 4):
        theta = one_step_sgd(theta, backprop(X, y, theta["weights"], theta["biases"], "tanh", 0.05), 0.1)
        got = ctx.theta(ctx.fit(X, y, **hyper, n_iterations=step))
        if close_thetas(got, theta):
            continue
        raise AssertionError(
            f"With optimizer='sgd' and batch_size larger than n (one full batch per epoch), epoch {step} of fit does "
            f"not take the step θ ← θ − learning_rate·dJ/dθ from the parameters it started from (read with "
            f"learning_rate=0). Update every weight matrix and bias vector with the gradient of the stated objective "
            f"(l2 included), once per mini-batch.")


def _adam_setup():
    X, y = make_data(71, 40, 3)
    hyper = dict(hidden_sizes=GRAD_HIDDEN, activation="tanh", learning_rate=0.01, batch_size=64, optimizer="adam",
                 l2=0.0, tol=0.0, random_state=4)
    return X, y, hyper


@pytest.mark.criterion("correctness", weight=2)
def test_adam_first_step_has_size_learning_rate(ctx):
    require_gradients(ctx, "tanh", 0.0, "fit's Adam steps")
    X, y, hyper = _adam_setup()
    lr = hyper["learning_rate"]
    theta0 = _start_of(ctx, X, y, hyper)
    theta1 = ctx.theta(ctx.fit(X, y, **hyper, n_iterations=1))
    grads = backprop(X, y, theta0["weights"], theta0["biases"], "tanh", 0.0)
    step = np.concatenate([(a - b).ravel() for g in ("weights", "biases") for a, b in zip(theta0[g], theta1[g])])
    g = np.concatenate([v.ravel() for v in grads[0] + grads[1]])
    big = np.abs(g) > 1e-3                                  # ε is negligible there in either form of Adam
    if big.sum() < 10:
        raise kit.NotScorable("Not scored: at the attempt's initial weights almost no gradient is above 1e-3, so the "
                              "size of the first step cannot be read (see mlp.initial_weights_break_symmetry).")
    ratio = step[big] / (lr * np.sign(g[big]))              # 1 for every coordinate: m̂ = g, √v̂ = |g|
    if np.all(np.abs(ratio - 1.0) < 1e-2):
        return
    if not np.all(np.isfinite(ratio)):
        cause = "The first step is not finite: with t = 0 the corrections divide by 1 − β⁰ = 0; t starts at 1."
    else:
        med = float(np.median(ratio))
        named = [(1 / math.sqrt(1 - BETA2) * (1 - BETA1), "m and v are not bias-corrected: they start at 0, so the "
                  "first step is (1 − β1)/√(1 − β2) ≈ 3.16 times too large. Divide m by (1 − β1ᵗ) and v by "
                  "(1 − β2ᵗ) before the step."),
                 (1 / math.sqrt(1 - BETA2), "only m is bias-corrected: divide v by (1 − β2ᵗ) too."),
                 (1 - BETA1, "only v is bias-corrected: divide m by (1 − β1ᵗ) too.")]
        cause = next((text for value, text in named if abs(med - value) < 0.02 * value), None)
        if cause is None and np.std(np.abs(step[big]) / np.abs(g[big])) < 1e-6 * np.mean(np.abs(step[big]) / np.abs(g[big])):
            cause = "The step is proportional to the gradient: that is plain SGD, not Adam's m̂/(√v̂ + ε)."
        cause = cause or (f"The steps are {med:.3g}·learning_rate (median). Check β1 = 0.9, β2 = 0.999 and the bias "
                          f"corrections m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ).")
    raise AssertionError(
        f"The first Adam step should move every parameter with a clear gradient by learning_rate = {lr:g} (m̂ = g and "
        f"√v̂ = |g| after one step), but it moves them by between {np.nanmin(np.abs(ratio)):.3g} and "
        f"{np.nanmax(np.abs(ratio)):.3g} times that. " + cause)


@pytest.mark.criterion("correctness", weight=1)
def test_adam_steps(ctx):
    require_gradients(ctx, "tanh", 0.0, "fit's Adam steps")
    X, y, hyper = _adam_setup()
    theta0 = _start_of(ctx, X, y, hyper)
    got = ctx.theta(ctx.fit(X, y, **hyper, n_iterations=4))
    def gradient_of(t):
        return backprop(X, y, t["weights"], t["biases"], "tanh", 0.0)
    for form in ("textbook", "paper"):
        if close_thetas(got, simulate_adam(theta0, gradient_of, hyper["learning_rate"], 4, form), rtol=1e-6, atol=1e-9):
            return
    raise AssertionError(
        "With one full batch per epoch, four epochs of fit are not four Adam steps from the start: m ← β1·m + (1 − β1)·g, "
        "v ← β2·v + (1 − β2)·g², θ ← θ − learning_rate·m̂/(√v̂ + ε) with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ), β1 = 0.9, "
        "β2 = 0.999, ε = 1e-8; m and v start at 0 and are kept from one step to the next.")


@pytest.mark.criterion("correctness", weight=1)
def test_adam_counts_steps_over_mini_batches(ctx):
    # Four identical rows: every mini-batch has the same gradient, whatever the permutation, so two epochs
    # of two batches are exactly four Adam steps with t = 1, 2, 3, 4.
    X = np.tile([[0.5, -1.0, 1.5]], (4, 1))
    y = np.full(4, 2)
    hyper = dict(hidden_sizes=(4,), activation="tanh", learning_rate=0.01, batch_size=2, optimizer="adam", l2=0.0,
                 tol=0.0, random_state=5)
    if not adam_full_batch_right(ctx):
        raise kit.NotScorable("Not scored: full-batch Adam steps are wrong already (see mlp.adam_steps), so the step "
                              "counter over several mini-batches cannot be judged on its own.")
    try:
        theta0 = _start_of(ctx, X, y, hyper)
        got = ctx.theta(ctx.fit(X, y, **hyper, n_iterations=2))
    except kit.AttemptError as exc:
        raise AssertionError(f"With four identical rows, all labelled 2 (K = 3), {exc}. Labels are 0..K−1 with "
                             f"K = max(y) + 1, whichever of them occur.") from None

    def gradient_of(t):
        return backprop(X, y, t["weights"], t["biases"], "tanh", 0.0)
    if any(close_thetas(got, simulate_adam(theta0, gradient_of, 0.01, 4, form), rtol=1e-6, atol=1e-9)
           for form in ("textbook", "paper")):
        return
    per_epoch = simulate_adam(theta0, gradient_of, 0.01, 4, "textbook", t_of=lambda step: (step + 1) // 2)
    cause = ("t counts epochs; it must count steps: t += 1 before every mini-batch update, across epochs."
             if close_thetas(got, per_epoch, rtol=1e-6, atol=1e-9)
             else "Keep m, v and t from one mini-batch and one epoch to the next (create them once, before the epoch "
                  "loop), and add 1 to t before every mini-batch step.")
    raise AssertionError("With two mini-batches per epoch, two epochs are not four Adam steps with t = 1, 2, 3, 4 "
                         "(the mini-batches here all have the same gradient, so their order does not matter). "
                         + cause)


def adam_full_batch_right(ctx) -> bool:
    def compute():
        try:
            test_adam_steps(ctx)
        except (AssertionError, kit.NotScorable, kit.AttemptProblem):
            return False
        return True
    return ctx.memo("adam_full_batch_right", compute)


ORDERS = ((0, 1), (1, 0), (0, 0), (1, 1))  # the two permutations of two rows, and two draws with replacement


def _epoch(theta, X, y, order):
    for i in order:
        theta = one_step_sgd(theta, backprop(X[[i]], y[[i]], theta["weights"], theta["biases"], "tanh", 0.0), 0.5)
    return theta


def batch_orders(ctx, X, y, hyper, epochs):
    """The order in which the attempt took the two rows in each epoch, read from its own start. Each
    epoch's two candidate results are told apart by the recorded loss of the next epoch (one fit), or,
    when the history does not say, by fitting one epoch more each time."""
    theta0 = _start_of(ctx, X, y, hyper)
    model = ctx.fit(X, y, **hyper, n_iterations=epochs)
    final = ctx.theta(model)
    h = model.optional("loss_history")
    theta, taken = theta0, []
    for epoch in range(epochs):
        candidates = {order: _epoch(theta, X, y, order) for order in ORDERS}
        if epoch < epochs - 1 and h is not None and h.size == epochs:
            match = [o for o, t in candidates.items()
                     if math.isclose(h[epoch + 1], objective(X, y, t, hyper), rel_tol=1e-10)]
        else:
            match = [o for o, t in candidates.items() if close_thetas(final, t, rtol=1e-9, atol=1e-12)]
        if len(match) != 1:
            break
        taken.append(match[0])
        theta = candidates[match[0]]
    else:
        if close_thetas(final, theta, rtol=1e-9, atol=1e-12):
            return taken
    theta, taken = theta0, []                               # the slow way: one fit per epoch
    for epoch in range(1, epochs + 1):
        got = final if epoch == epochs else ctx.theta(ctx.fit(X, y, **hyper, n_iterations=epoch))
        match = [o for o in ORDERS if close_thetas(got, _epoch(theta, X, y, o), rtol=1e-9, atol=1e-12)]
        if not match:
            raise kit.NotScorable("Not scored: with batch_size=1 the epochs are not single-sample SGD steps in any "
                                  "order (see mlp.full_batch_sgd_steps), so the order of the mini-batches cannot be "
                                  "read.")
        taken.append(match[0])
        theta = _epoch(theta, X, y, match[0])
    return taken


@pytest.mark.criterion("correctness", weight=1)
def test_batches_follow_a_new_permutation_each_epoch(ctx):
    # Two samples and batch_size=1: each epoch takes two single-sample steps, in the order [0, 1] or [1, 0]
    # (or, drawn with replacement, [0, 0] or [1, 1]). Simulated from the attempt's own start, the orders are
    # read back from its parameters. A new permutation per epoch varies across 8 epochs and 3 seeds with
    # certainty (a correct fit gives one order throughout for all 3 seeds with probability (1/128)³).
    X = np.array([[1.0, -0.5], [-0.3, 0.8]])
    y = np.array([0, 1])
    seen = []
    for seed in (0, 1, 2):
        hyper = dict(hidden_sizes=(3,), activation="tanh", learning_rate=0.5, batch_size=1, optimizer="sgd", l2=0.0,
                     tol=0.0, random_state=seed)
        seen.append(batch_orders(ctx, X, y, hyper, 8))
    if any(o in ((0, 0), (1, 1)) for taken in seen for o in taken):
        raise AssertionError("Within an epoch a sample was used twice and another not at all: the mini-batches must "
                             "be slices of a permutation of the rows (every row exactly once per epoch), e.g. "
                             "rng.permutation(n), not draws with replacement.")
    if all(o == (0, 1) for taken in seen for o in taken):
        raise AssertionError("Every epoch takes the rows in their original order: draw a new permutation of the rows "
                             "at the start of each epoch from the model's generator (rng.permutation(n)) and cut "
                             "the mini-batches from it.")
    if all(len(set(taken)) == 1 for taken in seen):
        raise AssertionError("Every epoch takes the rows in the same order: the permutation is drawn once. Draw a new "
                             "permutation at the start of each epoch (inside the epoch loop).")


@pytest.mark.criterion("correctness", weight=1)
def test_initial_weights_break_symmetry(ctx):
    X, y = make_data(37, 60, 4)
    theta0 = initial_theta(ctx, X, y, {**ORDINARY, "hidden_sizes": (6, 5)})
    for i, W in enumerate(theta0["weights"][:-1]):
        W = np.asarray(W)
        cols = {tuple(c) for c in W.T}
        assert len(cols) == W.shape[1], (
            f"Initial `weights[{i}]` has identical columns{' (all zeros)' if not np.any(W) else ''}: hidden units "
            f"that start the same get the same gradients and stay copies of each other forever (a network of one "
            f"unit per layer). Draw the initial weights at random from np.random.default_rng(self.random_state), "
            f"e.g. uniform in ±√(6/(n_in + n_out)).")


@pytest.mark.criterion("correctness", weight=2)
def test_learns_a_problem_that_needs_hidden_units(ctx):
    X, y = xor_blobs(38)
    for seed in (0, 1):
        model = ctx.fit(X, y, hidden_sizes=(8,), activation="relu", learning_rate=0.05, n_iterations=20, batch_size=32,
                        optimizer="adam", l2=0.0, tol=0.0, random_state=seed)
        accuracy = float(np.mean(np.asarray(model.call("predict", X)).reshape(-1) == y))
        assert accuracy >= 0.95, (
            f"On four well-separated blobs labelled by XOR (separable, but not linearly), training reaches only "
            f"{accuracy:.0%} accuracy (random_state={seed}; 20 epochs of Adam, 8 relu units). A correct network "
            f"reaches 100%: check the initialisation (random, not zeros), the gradients and the update.")


# ============================================================================ numerical stability

def _huge_case(ctx, name):
    require_set_parameters_used(ctx)
    probe = huge_logits_probe()
    _, _, logits = forward(probe.X, probe.weights, probe.biases, "tanh")
    if np.abs(logits).max() < 1000 or log_softmax(logits)[np.arange(len(probe.y)), probe.y].min() > -745:
        raise kit.KitMisuse("huge_logits_probe: logits not large enough")
    value, error, events = at_probe(ctx, "huge", probe)[name]
    return probe, logits, value, error, events


@pytest.mark.criterion("numerical_stability", weight=2)
def test_predict_proba_for_huge_logits(ctx):
    _, logits, value, error, _ = _huge_case(ctx, "predict_proba")
    assert error is None, f"With logits of ±1000 and more, {error}."
    p = kit.as_float_array(value, "predict_proba(X)")
    want = np.exp(log_softmax(logits))
    assert p.shape == want.shape and np.all(np.isfinite(p)), (
        "predict_proba returns NaN or inf when the logits are in the thousands: e^z overflows. Subtract each row's "
        "maximum logit before exponentiating (softmax does not change).")
    err = float(np.abs(p - want).max())
    assert err < 1e-12, (f"predict_proba is off by {err:.1e} when the logits are in the thousands. Compute softmax "
                         f"from z − max(z) row by row.")


@pytest.mark.criterion("numerical_stability", weight=2)
def test_loss_for_huge_logits(ctx):
    probe, _, value, error, _ = _huge_case(ctx, "loss")
    assert error is None, f"With logits of ±1000 and more, {error}."
    want = stated_loss(probe.X, probe.y, probe.weights, probe.biases, "tanh", 0.0)
    got = float(np.asarray(value, dtype=float).reshape(-1)[0]) if np.size(value) == 1 else float("nan")
    assert math.isfinite(got) and abs(got - want) <= 1e-9 * want, (
        f"With confidently wrong predictions (logit gaps in the thousands) loss(X, y) is {got:.6g}; the stated "
        f"objective is {want:.6g}. A wrong class with log-probability −1500 costs 1500: log of a rounded or clipped "
        f"probability caps or breaks it. Compute log P from the logits: z − max(z) − log Σ exp(z − max(z)).")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_gradients_for_huge_logits(ctx):
    if not gradients_right(ctx, "tanh"):
        raise kit.NotScorable("Not scored: gradients(X, y) is wrong for tanh at ordinary values already (see "
                              "mlp.gradients_tanh).")
    probe, _, value, error, _ = _huge_case(ctx, "gradients")
    assert error is None, f"With logits of ±1000 and more, {error}."
    got = read_gradients(value, probe)
    want = backprop(probe.X, probe.y, probe.weights, probe.biases, "tanh", 0.0)
    finite = all(np.all(np.isfinite(g)) for part in got for g in part)
    assert finite and same_gradients(got, want, 1e-9), (
        "gradients(X, y) is " + ("NaN or inf" if not finite else "inaccurate") + " when the logits are in the "
        "thousands. δ at the output is softmax(z) − Y: compute softmax from z − max(z).")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_no_floating_point_warnings_for_huge_logits(ctx):
    events = []
    for name in ("predict_proba", "loss", "gradients"):
        found = _huge_case(ctx, name)[4]
        events += [(name, e) for e in found]
    names = sorted({name for name, _ in events})
    assert not events, (
        f"With logits of ±1000 and more, {' and '.join(names)} raised floating-point warnings "
        f"({kit.format_fp_events([e for _, e in events])}). Exponentiate only z − max(z) (never above 0), and take "
        f"logs of sums that are at least 1.")


@pytest.mark.criterion("numerical_stability", weight=2)
def test_sigmoid_units_with_huge_preactivations(ctx):
    require_set_parameters_used(ctx)
    if not gradients_right(ctx, "sigmoid"):
        raise kit.NotScorable("Not scored: gradients(X, y) is wrong for sigmoid at ordinary values already (see "
                              "mlp.gradients_sigmoid).")
    probe = huge_sigmoid_probe()
    _, pre, _ = forward(probe.X, probe.weights, probe.biases, "sigmoid")
    if pre[0].min() > -800:
        raise kit.KitMisuse("huge_sigmoid_probe: pre-activations not large enough")
    results = at_probe(ctx, "huge_sigmoid", probe)
    problems, events = [], []
    want_loss = stated_loss(probe.X, probe.y, probe.weights, probe.biases, "sigmoid", 0.0)
    want_grads = backprop(probe.X, probe.y, probe.weights, probe.biases, "sigmoid", 0.0)
    for name, (value, error, found) in results.items():
        if error:
            problems.append(error)
            continue
        events += found
        if name == "loss":
            ok = np.size(value) == 1 and math.isclose(float(np.asarray(value).reshape(())), want_loss, rel_tol=1e-9)
        elif name == "gradients":
            got = read_gradients(value, probe)
            ok = all(np.all(np.isfinite(g)) for part in got for g in part) and same_gradients(got, want_grads, 1e-9)
        else:
            ok = np.all(np.isfinite(kit.as_float_array(value)))
        if not ok:
            problems.append(f"{name} is not finite and accurate")
    assert not problems and not events, (
        "With sigmoid hidden units and pre-activations of ±1000, "
        + ("; ".join(problems) if problems else f"floating-point warnings were raised ({kit.format_fp_events(events)})")
        + ". e^(−z) overflows for z < −709: compute the sigmoid from e^(−|z|), or as (1 + tanh(z/2))/2.")


# ============================================================================ vectorization

@pytest.mark.criterion("vectorization", weight=1)
def test_loss_and_gradients_have_no_loop_over_samples(ctx):
    require_methods(ctx)
    model = ctx.fit_setup(SPEC.setup(seed=41, n=100))
    for method in ("gradients", "loss"):
        def run(n, mode, method=method):
            X, y = make_data(42 + n, n, 4)
            model.call(method, X, y, _mode=mode)
        kit.assert_no_sample_loops(kit.loop_rate(ctx.attempt, run), method)


@pytest.mark.criterion("vectorization", weight=1)
def test_mini_batch_loop_is_not_a_loop_over_samples(ctx):
    # batch_size=32 (the default) at n = 100 and 400: the lines of a loop over mini-batches run n/32 times per epoch
    # (0.03 per sample: not a loop over samples), a loop over the rows inside each batch runs n times (1 per
    # sample against the 0.5 threshold, at any two sizes; the kit's 200 and 800 would cost twice as much). Only the
    # attempt's own lines decide here: the kit also counts Python calls and calls ≥ 0.5 calls per sample a loop
    # over samples, which a mini-batch loop making 16 calls per batch of 32 reaches (KIT LIMITATION, see the
    # report); calls hidden in map or np.vectorize are judged by vector.fit_has_no_loop_over_samples, whose
    # ordinary batches are n/8 rows (a constant number of batches).
    cache = {}

    def run(n, mode):
        if n not in cache:
            cache[n] = make_data(40 + n, n, 5)
        X, y = cache[n]
        ctx.measured_fit(X, y, {**ORDINARY, "batch_size": 32, "n_iterations": 3}, mode)

    rate = kit.loop_rate(ctx.attempt, run, sizes=(100, 400), units=3)
    if rate.hot_rate >= 0.5 or not rate.tracer_intact:
        kit.assert_no_sample_loops(rate, "fit with batch_size=32")


# ============================================================================ organization

@pytest.mark.criterion("organization", weight=1)
def test_loss_and_gradients_do_not_change_the_model(ctx):
    require_methods(ctx)
    setup = SPEC.setup(seed=3)
    model = ctx.fit_setup(setup)
    X, y = make_data(99, 25, setup.X.shape[1])
    before = model.state()
    model.call("loss", X, y)
    model.call("gradients", X, y)
    after = model.state()
    changed = sorted(k for k in set(before) | set(after) if not kit.same_data(before.get(k), after.get(k)))
    assert not changed, (
        f"loss and gradients changed the model (attribute{'s' if len(changed) > 1 else ''} "
        f"{', '.join(f'`{c}`' for c in changed[:4])}). They only read the current parameters; keep the forward "
        f"pass's intermediate values in local variables, and leave the update to fit.")


# ============================================================================ convergence

@pytest.mark.criterion("convergence", weight=2)
def test_history_starts_at_the_initial_objective(ctx):
    setup = SPEC.setup(seed=10, n_iterations=5)
    theta0 = initial_theta(ctx, setup.X, setup.y, setup.hyper)
    h = ctx.history(ctx.fit_setup(setup))
    want = objective(setup.X, setup.y, theta0, setup.hyper)
    if h.size and math.isclose(h[0], want, rel_tol=1e-9, abs_tol=1e-12):
        return
    first = float(h[0]) if h.size else float("nan")
    after = objective(setup.X, setup.y, ctx.theta(ctx.fit_setup(setup, n_iterations=1)), setup.hyper)
    n = len(setup.y)
    named = [(after, "It is the objective after the first epoch: record J before the epoch's updates."),
             (n * want, f"It is the summed cross-entropy, n = {n} times the stated mean."),
             ]
    cause = next((text for value, text in named if math.isclose(first, value, rel_tol=1e-7)), None)
    kit.require_stated_start(ctx)  # the start read with learning_rate=0 must be the start of this fit
    raise AssertionError(
        f"loss_history[0] is {first:.6g}, but J at the initial parameters (read from a fit with learning_rate=0) is "
        f"{want:.6g}. " + (cause or "Record J on the whole training set at the start of each epoch, before any "
                                    "mini-batch step."))


@pytest.mark.criterion("convergence", weight=1)
def test_loss_decreases_on_an_easy_problem(ctx):
    X, y = make_data(39, 150, 4)
    model = ctx.fit(X, y, hidden_sizes=(8,), activation="relu", learning_rate=0.01, n_iterations=30, batch_size=32,
                    optimizer="adam", l2=0.0, tol=0.0, random_state=0)
    h = ctx.history(model)
    if h.size == 30 and np.all(np.isfinite(h)) and h[-1] < 0.5 * h[0]:
        return
    what = f"take the recorded loss from {h[0]:.4g} to {h[-1]:.4g}" if h.size else "record no loss"
    raise AssertionError(
        f"On three well-separated blobs, 30 epochs of Adam (learning_rate=0.01, batches of 32) {what}; a working "
        f"network at least halves it. Check that every mini-batch step moves the parameters against the gradient "
        f"and that loss_history records J on the training set at the start of each epoch.")
