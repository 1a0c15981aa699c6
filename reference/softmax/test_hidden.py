"""Hidden tests for `softmax` (SoftmaxRegression, batch gradient descent).

The stated objective is mean cross-entropy + (l2/2)·||W||² (the bias is not penalised), with
K = max(y) + 1 classes. The kit's standard checks come from SPEC; below are the checks only this
problem has:
- correctness: a class absent from y still gets its column; labels stored as floats; predict's
  ties; the methods read `weights` and `bias`; l2 leaves the bias alone (a verified situation);
- numerical stability: the loss at logits of ±1000 with confidently wrong predictions (a true
  class 800 to 1400 below the top logit: its probability underflows to 0), predict_proba at
  logits of ±2000 (each check verifies the logits it needs were reached);
- convergence: the recorded loss includes the penalty;
- vectorization: no loop over samples in the work fit does once (the one-hot labels), which the
  kit's per-iteration count divides by the number of iterations traced.
All five criteria apply.
"""

import numpy as np
import pytest

from mlprep.grading import kit

K = 3  # every data set the kit sees has labels 0, 1, 2 (all present), so K = max(y) + 1 = 3


def sizes(X, hyper):
    """K classes: fixed by the data (K = 3 for every data set the kit's checks use)."""
    return {"K": K}


# ------------------------------------------------------------------ the math, parent side

def log_softmax(Z):
    S = Z - Z.max(axis=1, keepdims=True)
    return S - np.log(np.exp(S).sum(axis=1, keepdims=True))


def softmax(Z):
    return np.exp(log_softmax(Z))


def objective(X, y, theta, hyper):
    """mean(logsumexp(Z_i) − Z_i,y_i) + (l2/2)·||W||², Z = XW + b."""
    W = np.asarray(theta["weights"], dtype=float)
    b = np.asarray(theta["bias"], dtype=float)
    y = np.asarray(y).astype(np.int64)
    log_P = log_softmax(X @ W + b)
    return float(-log_P[np.arange(len(y)), y].mean() + 0.5 * hyper.get("l2", 0.0) * np.sum(W * W))


def initial(X, hyper):
    return {"weights": np.zeros((X.shape[1], K)), "bias": np.zeros(K)}


def top_two_gap(ref, X):
    """The decision margin of predict: top logit minus the runner-up (0 at a tie)."""
    Z = np.sort(X @ np.asarray(ref.weights, dtype=float) + np.asarray(ref.bias, dtype=float), axis=1)
    return Z[:, -1] - Z[:, -2]


# ------------------------------------------------------------------ data

def make_data(seed, n=120, d=4):
    """Standardised features, labels drawn from a softmax model with unequal class sizes (so the
    bias moves), every class present (K = 3 even for n = 6)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    W = rng.uniform(0.5, 1.5, (d, K)) * rng.choice([-1.0, 1.0], (d, K))
    P = softmax(X @ W + np.array([0.6, 0.0, -0.6]))
    y = np.minimum((rng.random((n, 1)) > P.cumsum(axis=1)).sum(axis=1), K - 1)
    y[rng.choice(n, K, replace=False)] = np.arange(K)
    return X, y.astype(np.int64)


def confident_mistakes():
    """Three classes at the corners of a triangle (unit vectors 120° apart), 40 points at each
    corner: 36 carry that corner's class, 4 the previous class. From W = 0, b = 0 one step of size
    learning_rate puts, at corner j, the logits of classes j, j−1, j+1 at (34, −14, −20)·c with
    c = learning_rate/120; learning_rate = 1000·120/34 makes the top logit 1000, and the 12
    mislabelled points then sit 1412 below it: their probability underflows to 0, and each costs
    about 1412 in the exact cross-entropy (a clipped log caps it at a few dozen)."""
    angles = 2 * np.pi * np.arange(K) / K
    corners = np.stack([np.cos(angles), np.sin(angles)], axis=1)        # (3, 2)
    where = np.repeat(np.arange(K), 40)                                  # the corner of each point
    label = where.copy()
    for j in range(K):                                                   # 4 per corner: class j − 1
        label[np.flatnonzero(where == j)[:4]] = (j - 1) % K
    return corners[where], label.astype(np.int64), dict(learning_rate=1000 * 120 / 34, tol=0.0)


def logits_of_1000_trap():
    X, y, hyper = confident_mistakes()
    return X, y, dict(hyper, n_iterations=3), None


def at_logits_of_1000(ctx):
    """The attempt's own parameters after one step on confident_mistakes(), once they are verified to
    create the situation: top logits of about 1000 and 12 true classes more than 800 below the top."""
    def compute():
        X, y, hyper = confident_mistakes()
        theta = ctx.theta(ctx.fit(X, y, n_iterations=1, **hyper))
        Z = X @ np.asarray(theta["weights"]) + np.asarray(theta["bias"])
        if not np.all(np.isfinite(Z)):
            return None, "the parameters after one step are not finite"
        gap = Z.max(axis=1) - Z[np.arange(len(y)), y]
        if np.abs(Z).max() < 900 or np.count_nonzero(gap > 800) < 12:
            return None, (f"one step from W = 0, b = 0 reached logits of only ±{np.abs(Z).max():.3g} (the "
                          f"situation needs ±1000 with confident mistakes)")
        return theta, ""
    theta, why = ctx.memo("at_logits_of_1000", compute)
    if theta is None:
        raise kit.NotScorable(f"Not scored: {why}, so huge logits cannot be created from the attempt's own steps "
                              f"(see correctness).")
    return theta


# ------------------------------------------------------------------ the spec

SPEC = kit.Estimator(
    sizes=sizes,
    cls="SoftmaxRegression",
    params=dict(learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0),
    tags={"supervised", "classifier", "iterative", "gradient-descent", "predict_proba"},
    data=make_data,
    ordinary=dict(learning_rate=0.5, n_iterations=30, tol=0.0),
    fitted={"weights": kit.Matrix("d", "K"), "bias": kit.Vector("K"), "loss_history": kit.History()},
    methods={"predict_proba": kit.Probabilities("n", "K"), "predict": kit.Labels()},
    groups={"weights": kit.Group(2), "bias": kit.Group(1, penalized=False)},
    objective=objective,
    initial=initial,
    penalties={"l2": 1.0},
    used={"learning_rate": (0.2, 0.5), "l2": (0.0, 1.0)},
    margin=top_two_gap,
    safe_step=dict(learning_rate=0.5),
    early_stop=lambda: kit.Setup(*make_data(7, 200, 3), dict(learning_rate=0.5, n_iterations=5000, tol=1e-6)),
    # strongly convex: the loss stops changing at all (exact ties) from about iteration 80
    tol_zero=lambda: kit.Setup(*make_data(8, 100, 3), dict(learning_rate=0.5, n_iterations=300, tol=0.0, l2=1.0)),
    advice={
        "algorithm": "batch gradient descent on the stated objective from W = 0, b = 0",
        "start": "The statement starts from W = 0 (np.zeros((d, K))) and b = 0 (np.zeros(K)).",
        "reference.fitted_parameters": "Check the logits Z = XW + b (n, K), the softmax over each row (axis=1), "
                                       "the one-hot Y, and dL/dW = Xᵀ(P − Y)/n, dL/db = mean of the rows of P − Y.",
        "reference.fitted_parameters_with_l2": "The penalty (l2/2)·||W||² adds exactly l2·W to dL/dW and nothing "
                                               "to dL/db.",
        "gradient.weights": "Check the softmax axis (each row sums to 1), the sign of the step and the 1/n in "
                            "dL/dW = Xᵀ(P − Y)/n.",
        "gradient.bias": "Update b with dL/db = (P − Y).mean(axis=0), one entry per class.",
        "gradient.weights_with_l2": "(l2/2)·||W||² contributes l2·W to dL/dW.",
        "gradient.bias_with_l2": "The bias is not penalised: leave l2 out of dL/db.",
        "penalty.l2.missing": "fit's gradient on `weights` has no l2 term: the penalty (l2/2)·||W||² adds l2·W "
                              "to dL/dW.",
        "penalty.l2.double": "fit's gradient has 2·l2·W: the gradient of (l2/2)·||W||² is l2·W.",
        "penalty.l2.on.bias": "fit applies l2 to the bias too; the statement penalises only the weights: "
                              "dL/db = (P − Y).mean(axis=0).",
        "missing.bias": "fit does not set `bias`: the stated model has one intercept per class (Z = XW + b); "
                        "store it as an array of shape (K,).",
        "reference.predictions.predict_proba": "predict_proba(X) is the softmax of each row of X·weights + bias "
                                               "(normalised over the K classes, axis=1), computed from the fitted "
                                               "weights and bias.",
        "iterative.history_never_increases": "Every step must follow the gradient of the stated objective: check the "
                                             "softmax axis (each row of P sums to 1) and dL/dW = Xᵀ(P − Y)/n.",
        "reference.predictions.predict": "predict(X) is the index of the largest logit of each row (argmax over "
                                         "axis=1; ties to the smallest class), from the fitted weights and bias; "
                                         "never return stored training labels.",
    },
    traps=(
        kit.Trap("logits_of_1000", logits_of_1000_trap,
                 "logits of about ±1000 and confidently wrong predictions (a true class 1400 below the top)",
                 "Shift each row of logits by its maximum before exponentiating, and compute the cross-entropy "
                 "as log-sum-exp minus the true class's logit (log P = Z − max − log Σ e^(Z − max)), never as "
                 "log of a probability that can round to 0.",
                 needs=at_logits_of_1000),
    ),
)
kit.install(SPEC, globals())


# ------------------------------------------------------------------ correctness

def _read_array(model, name, what):
    try:
        return kit.as_float_array(model.attr(name), what)
    except kit.Mismatch as exc:
        raise AssertionError(exc.detail) from None


@pytest.mark.criterion("correctness", weight=2)
def test_absent_class_keeps_its_column(ctx):
    X, y = make_data(37, 150, 4)
    keep = y != 1
    X, y = X[keep], y[keep]                                  # labels 0 and 2 only: K = max(y) + 1 = 3
    assert set(np.unique(y)) == {0, 2}, "kit misuse: the data must hold labels 0 and 2 only"
    hyper = dict(learning_rate=0.5, n_iterations=30, tol=0.0)
    situation = "With labels 0 and 2 only (class 1 absent from y)"
    try:
        model = ctx.fit(X, y, **hyper)
        W = _read_array(model, "weights", "`weights`")
        b = _read_array(model, "bias", "`bias`")
        P = kit.as_float_array(model.call("predict_proba", X), "predict_proba(X)")
    except kit.AttemptError as exc:
        raise AssertionError(f"{situation}, {exc}. K = max(y) + 1 = 3 here: class 1 still has a column, "
                             f"which the one-hot labels and the parameters must have.") from None
    d, n = X.shape[1], len(X)
    shapes = [(what, got.shape, want) for what, got, want in
              (("`weights`", W, (d, K)), ("`bias`", b, (K,)), ("predict_proba(X)", P, (n, K))) if got.shape != want]
    assert not shapes, (
        f"{situation}, {shapes[0][0]} has shape {shapes[0][1]} instead of {shapes[0][2]}. The statement's K is "
        f"max(y) + 1 = 3, not the number of distinct labels in y (2 here): the absent class keeps its column, "
        f"and its probability falls as training goes on.")
    kit.assert_fits_like_reference(ctx, kit.Setup(X, y, hyper), situation, "softmax.absent_class_keeps_its_column")


@pytest.mark.criterion("correctness", weight=1)
def test_labels_stored_as_floats(ctx):
    setup = SPEC.setup(seed=35)
    situation = "With y given as floats (0.0, 1.0, 2.0)"
    try:
        model = ctx.fit(setup.X, setup.y.astype(float), **setup.hyper)
        labels = model.call("predict", setup.X)
    except kit.AttemptError as exc:
        raise AssertionError(f"{situation}, {exc}. The statement allows labels stored as whole-number floats: "
                             f"convert y to integers (y.astype(int)) before using it as an index or a size.") from None
    problems = kit.Labels().problems(labels, {"n": len(setup.X)}, "predict(X)")
    assert not problems, f"{situation}, {problems[0]} The class indices are integers whatever dtype y came in."
    kit.assert_fits_like_reference(ctx, kit.Setup(setup.X, setup.y.astype(float), setup.hyper), situation,
                                   "softmax.labels_stored_as_floats")


def _with_parameters(ctx, W, b, X):
    """predict_proba and predict of a fitted model (ordinary data, d = 3) given the parameters W, b."""
    ctx.require("attr:weights")  # the model must have the parameters it is given (else: correctness)
    ctx.require("attr:bias")
    model = ctx.fit(*make_data(seed=10, n=50, d=3), learning_rate=0.5, n_iterations=2, tol=0.0)
    model.set("weights", np.array(W, dtype=float))
    model.set("bias", np.array(b, dtype=float))
    P = kit.as_float_array(model.call("predict_proba", X), "predict_proba(X)")
    events = list(ctx.last.fp_events)
    labels = kit.as_array(model.call("predict", X), "predict(X)")
    return P, events, labels


MODERATE_W = np.array([[1.5, -0.5, 0.2], [-0.7, 1.1, 0.4], [0.3, 0.6, -1.2]])
MODERATE_B = np.array([0.4, -0.1, -0.3])


def methods_read_the_parameters(ctx):
    """None when predict_proba and predict follow `weights` and `bias` set on a fitted model (moderate
    logits), else the sentence saying how they do not."""
    def compute():
        X = np.random.default_rng(12).standard_normal((30, 3))
        P, _, labels = _with_parameters(ctx, MODERATE_W, MODERATE_B, X)
        Z = X @ MODERATE_W + MODERATE_B
        if P.shape != (30, K) or not kit.is_close(P, softmax(Z), rtol=1e-9, atol=1e-12):
            return ("predict_proba(X) is not the softmax of each row of X·weights + bias when `weights` and `bias` "
                    "are set on a fitted model. Compute it from the fitted attributes only, normalising each row "
                    "(axis=1) over the K classes.")
        if labels.shape != (30,) or not np.array_equal(labels, Z.argmax(axis=1)):
            return ("predict(X) is not the index of the largest logit of each row of X·weights + bias when "
                    "`weights` and `bias` are set on a fitted model. Take the argmax over the classes (axis=1) "
                    "from the fitted attributes.")
        return None
    return ctx.memo("methods_read_the_parameters", compute)


@pytest.mark.criterion("correctness", weight=1)
def test_methods_read_weights_and_bias(ctx):
    problem = methods_read_the_parameters(ctx)
    assert problem is None, problem


@pytest.mark.criterion("correctness", weight=1)
def test_predict_ties_go_to_the_smallest_class(ctx):
    X = np.random.default_rng(13).standard_normal((20, 3))
    zero = np.zeros((3, K))
    for b, expected in (([0.5, 0.5, -1.0], 0), ([-1.0, 2.0, 2.0], 1), ([3.0, -2.0, 3.0], 0)):
        _, _, labels = _with_parameters(ctx, zero, b, X)    # every row: the same logits b, a tie at the top
        if labels.shape != (20,):
            raise kit.NotScorable(f"Not scored: predict(X) returns shape {labels.shape}, not one label per row "
                                  f"(counted by contract.outputs).", owner="contract.outputs", criterion="correctness")
        assert np.all(labels == expected), (
            f"With weights 0 and bias {b}, every row has a tie between the largest logits, and predict(X) "
            f"returned {np.unique(labels).tolist()} instead of {expected} everywhere. The statement sends a tie "
            f"to the smallest class, which np.argmax(..., axis=1) does (it returns the first maximum).")


def _bias_penalised(X, y, hyper):
    """The common mistake, parent side: the same descent with l2 applied to the bias too."""
    n, d = X.shape
    Y = (y[:, None] == np.arange(K)).astype(float)
    W, b = np.zeros((d, K)), np.zeros(K)
    for _ in range(hyper["n_iterations"]):
        G = softmax(X @ W + b) - Y
        W, b = (W - hyper["learning_rate"] * (X.T @ G / n + hyper["l2"] * W),
                b - hyper["learning_rate"] * (G.mean(axis=0) + hyper["l2"] * b))
    return b


@pytest.mark.criterion("correctness", weight=1)
def test_l2_leaves_the_bias_alone(ctx):
    X, y = make_data(36, 150, 3)                             # unequal class sizes: the bias moves
    hyper = dict(learning_rate=0.5, n_iterations=40, tol=0.0, l2=2.0)
    expected = ctx.ref_fit(X, y, **hyper).bias
    wrong = _bias_penalised(X, y, hyper)
    if kit.is_close(wrong, expected, rtol=1e-3, atol=1e-3):
        raise kit.KitMisuse("softmax.l2_leaves_the_bias_alone: penalising the bias changes nothing on its data")
    got = ctx.theta(ctx.fit(X, y, **hyper))["bias"]
    if kit.is_close(got, expected, atol=1e-9):
        return
    assert not kit.is_close(got, wrong, atol=1e-9), (
        f"With l2={hyper['l2']:g}, fit shrinks the bias too: `bias` is {np.round(got, 4).tolist()}, which is "
        f"what penalising b gives; the stated bias is {np.round(expected, 4).tolist()}. The penalty "
        f"(l2/2)·||W||² involves W only: dL/db = (P − Y).mean(axis=0), with no l2 term.")
    raise kit.NotScorable("Not scored: with l2 on, `bias` differs from the reference for a reason other than a "
                          "penalised bias (judged by reference.fitted_parameters_with_l2).",
                          owner="reference.fitted_parameters_with_l2", criterion="correctness")


# ------------------------------------------------------------------ numerical stability

def loss_follows_the_parameters(ctx) -> bool:
    """On ordinary data, loss_history[2] is the objective at the attempt's own parameters after two
    steps (the loss formula is right at moderate logits, so only its accuracy is judged here)."""
    def compute():
        setup = SPEC.setup(seed=14, n_iterations=3)
        h = ctx.history(ctx.fit_setup(setup))
        theta = ctx.theta(ctx.fit_setup(setup, n_iterations=2))
        return h.size == 3 and np.isfinite(h[2]) and abs(h[2] - objective(setup.X, setup.y, theta, setup.hyper)) \
            <= 1e-9 * abs(h[2])
    return ctx.memo("loss_follows_the_parameters", compute)


@pytest.mark.criterion("numerical_stability", weight=2)
def test_loss_exact_at_logits_of_1000(ctx):
    kit.require_faithful_history(ctx)
    if not loss_follows_the_parameters(ctx):
        raise kit.NotScorable("Not scored: loss_history is not the stated objective at the fitted parameters even "
                              "on ordinary data (counted once, by the convergence checks).",
                              owner="iterative.history_ends_at_the_last_objective", criterion="convergence")
    theta = at_logits_of_1000(ctx)
    X, y, hyper = confident_mistakes()
    h = ctx.history(ctx.fit(X, y, n_iterations=2, **hyper))
    exact = objective(X, y, theta, hyper)
    got = h[1] if h.size > 1 else float("nan")
    if np.isfinite(got) and abs(got - exact) <= 1e-9 * exact:
        return
    if not np.isfinite(got):
        cause = ("e^z overflows past z ≈ 709 (a log-sum-exp without the shift), or the true class's probability "
                 "rounds to 0 there and log 0 is −inf")
    elif got < exact:
        cause = ("a confident mistake costs about the gap between the top logit and the true class's logit (about "
                 "1400 here); clipping p or adding an epsilon before the log caps that cost at a few dozen")
    else:
        cause = "the loss there is not the stated cross-entropy"
    raise AssertionError(
        f"With logits of about ±1000 and confidently wrong predictions (the true class about 1400 below the top "
        f"logit), loss_history records {got:.6g}; the objective there is {exact:.6g}: {cause}. Compute the "
        f"cross-entropy from the logits: log-sum-exp of the row (after subtracting its maximum) minus the true "
        f"class's logit.")


EXTREME_W = np.array([[400.0, -300.0, 0.0], [-200.0, 350.0, 100.0], [150.0, 0.0, -250.0]])
EXTREME_B = np.array([5.0, -3.0, 0.0])


def _extreme_proba(ctx):
    """predict_proba of a fitted model given weights that make logits of about ±2000 (and a few rows of
    moderate logits), once the methods are known to read `weights` and `bias`."""
    problem = methods_read_the_parameters(ctx)
    if problem is not None:
        raise kit.NotScorable(f"Not scored: {problem[0].lower() + problem[1:]} (counted once, by "
                              f"softmax.methods_read_weights_and_bias).", owner="softmax.methods_read_weights_and_bias",
                              criterion="correctness")

    def compute():
        X = np.random.default_rng(11).standard_normal((40, 3)) * 2.0
        X[:8] /= 200.0                                      # moderate logits, |z| ≲ 20
        Z = X @ EXTREME_W + EXTREME_B
        assert np.abs(Z).max() > 1500, "kit misuse: the logits must reach the thousands"
        P, events, _ = _with_parameters(ctx, EXTREME_W, EXTREME_B, X)
        return P, events, softmax(Z), float(np.abs(Z).max())
    return ctx.memo("extreme_proba", compute)


@pytest.mark.criterion("numerical_stability", weight=2)
def test_predict_proba_accurate_for_logits_of_2000(ctx):
    P, _, expected, top = _extreme_proba(ctx)
    assert P.shape == expected.shape and np.all(np.isfinite(P)), (
        f"predict_proba returned NaN or inf for logits up to ±{top:.0f}: e^z overflows past z ≈ 709. Subtract "
        f"each row's maximum logit before exponentiating; the softmax does not change.")
    err = float(np.abs(P - expected).max())
    assert err < 1e-12, (
        f"predict_proba is off by {err:.1e} for very large or moderate logits. Return, within rounding, "
        f"e^(z_k − m) / Σ_j e^(z_j − m) with m the row's maximum logit, for every row.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_predict_proba_no_floating_point_warnings_for_logits_of_2000(ctx):
    _, events, _, top = _extreme_proba(ctx)
    assert not events, (
        f"predict_proba raised floating-point warnings for logits up to ±{top:.0f} "
        f"({kit.format_fp_events(events)}). Exponentiate only z − max(z) (every exponent <= 0).")


# ------------------------------------------------------------------ convergence

@pytest.mark.criterion("convergence", weight=1)
def test_history_includes_the_penalty(ctx):
    # KIT CANDIDATE: the kit's history checks run with the ordinary hyperparameters (penalties off),
    # so a history that leaves the penalty out passes them all; every penalised problem needs this.
    kit.require_faithful_history(ctx)
    setup = SPEC.setup(seed=15, n_iterations=4, l2=1.0)
    h = ctx.history(ctx.fit_setup(setup))
    theta = ctx.theta(ctx.fit_setup(setup, n_iterations=3))
    if h.size != 4:
        raise kit.NotScorable(f"Not scored: with n_iterations=4 and tol=0 the history has {h.size} entries "
                              f"(counted once, by iterative.n_iterations_honoured).",
                              owner="iterative.n_iterations_honoured", criterion="convergence")
    expected = objective(setup.X, setup.y, theta, setup.hyper)
    if abs(h[3] - expected) <= 1e-9 * expected:
        return
    unpenalised = objective(setup.X, setup.y, theta, {})
    assert abs(h[3] - unpenalised) > 1e-9 * unpenalised, (
        f"With l2=1, loss_history[3] is {h[3]:.6g}, the cross-entropy alone; the objective there is "
        f"{expected:.6g}. Record the whole objective: mean cross-entropy + (l2/2)·||W||².")
    raise AssertionError(f"With l2=1, loss_history[3] is {h[3]:.6g}, but the objective at the parameters of that "
                         f"iteration is {expected:.6g}. Record mean cross-entropy + (l2/2)·||W||² (the bias is not "
                         f"penalised) before each step.")


# ------------------------------------------------------------------ vectorization

@pytest.mark.criterion("vectorization", weight=2)
def test_fit_has_no_loop_over_samples_outside_the_iterations(ctx):
    # KIT CANDIDATE: vector.fit_has_no_loop_over_samples traces 5 iterations and divides by them, so
    # a loop over samples that fit runs once (one-hot labels, validation) runs 1/5 per sample per
    # iteration, under the 0.5 threshold. Tracing a 1-iteration fit catches it; generic for every
    # iterative estimator.
    def run(n, mode):
        setup = SPEC.setup(seed=60 + n, n=n, d=5, n_iterations=1, tol=0.0)
        ctx.measured_fit(setup.X, setup.y, setup.hyper, mode)

    kit.assert_no_sample_loops(kit.loop_rate(ctx.attempt, run), "fit (with n_iterations=1)")
