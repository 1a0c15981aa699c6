"""Hidden tests for `logistic` (LogisticRegression, batch gradient descent).

The stated objective is mean cross-entropy + (l2/2)·||w||² (the bias is not penalised). The
kit's standard checks come from SPEC; below are the checks only this problem has: the threshold
argument, the sigmoid at huge logits, and the loss at confidently wrong predictions.
"""

import numpy as np
import pytest

from mlprep.grading import kit


def sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def make_data(seed, n=120, d=4, bias=0.5, scale=1.0):
    """Standardised features, labels drawn from a logistic model (noisy: not separable)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    w = rng.uniform(0.5, 1.5, d) * rng.choice([-1.0, 1.0], d)
    y = (rng.random(n) < sigmoid(X @ w + bias)).astype(np.int64)
    return X * scale, y


def make_separable(seed, n=200, d=3, scale=50.0):
    """Linearly separable classes with a wide gap, features scaled up: margins of hundreds."""
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.5, 1.5, d) * rng.choice([-1.0, 1.0], d)
    X = rng.standard_normal((4 * n, d))
    X = X[np.abs(X @ w) > 1.0][:n]                          # a wide empty band around the boundary
    return X * scale, (X @ w > 0).astype(np.int64)


def objective(X, y, theta, hyper):
    """The stated objective in logits: mean(log(1 + e^z) − y·z) + (l2/2)·||w||²."""
    w, b = np.asarray(theta["weights"], dtype=float), float(theta["bias"])
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * hyper.get("l2", 0.0) * (w @ w))


def separable():
    X, y = make_separable(seed=12)
    return X, y, dict(learning_rate=0.1, n_iterations=40, tol=0.0), None


def large_features():
    X, y = make_data(seed=13, n=150, d=3, scale=1e3)
    return X, y, dict(learning_rate=0.1, n_iterations=3, tol=0.0), None


SPEC = kit.Estimator(
    cls="LogisticRegression",
    params=dict(learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0),
    tags={"supervised", "classifier", "iterative", "gradient-descent", "predict_proba"},
    data=make_data,
    ordinary=dict(learning_rate=0.3, n_iterations=30, tol=0.0),
    fitted={"weights": kit.Vector(), "bias": kit.Scalar(), "loss_history": kit.History()},
    methods={"predict_proba": kit.Probabilities(), "predict": kit.Labels()},
    groups={"weights": kit.Group(2), "bias": kit.Group(1, penalized=False)},
    objective=objective,
    initial=lambda X, hyper: {"weights": np.zeros(X.shape[1]), "bias": 0.0},
    penalties={"l2": 1.0},
    used={"learning_rate": (0.05, 0.2), "l2": (0.0, 1.0)},
    margin=lambda ref, X: ref.predict_proba(X) - 0.5,
    safe_step=dict(learning_rate=0.1),
    early_stop=lambda: kit.Setup(*make_data(7, 200, 3), dict(learning_rate=0.5, n_iterations=5000, tol=1e-6)),
    # strongly convex: the loss stops changing at all (exact ties) long before iteration 300
    tol_zero=lambda: kit.Setup(*make_data(8, 100, 3), dict(learning_rate=0.5, n_iterations=300, tol=0.0, l2=1.0)),
    advice={
        "algorithm": "batch gradient descent on the stated objective from w = 0, b = 0",
        "start": "The statement starts from w = 0 (np.zeros(d)) and b = 0.",
        "reference.fitted_parameters": "Check the logits z = Xw + b, the sigmoid, and dL/dw = Xᵀ(p − y)/n, "
                                       "dL/db = mean(p − y).",
        "reference.fitted_parameters_with_l2": "The penalty (l2/2)·||w||² adds exactly l2·w to dL/dw and nothing "
                                               "to dL/db.",
        "gradient.weights": "Check the sign inside the sigmoid, the sign of the step and the 1/n in "
                            "dL/dw = Xᵀ(p − y)/n.",
        "gradient.bias": "Update b with dL/db = mean(p − y).",
        "gradient.weights_with_l2": "(l2/2)·||w||² contributes l2·w to dL/dw.",
        "gradient.bias_with_l2": "The bias is not penalised: leave l2 out of dL/db.",
        "penalty.l2.missing": "fit's gradient on `weights` has no l2 term: the penalty (l2/2)·||w||² adds l2·w "
                              "to dL/dw.",
        "penalty.l2.double": "fit's gradient has 2·l2·w: the gradient of (l2/2)·||w||² is l2·w.",
        "penalty.l2.on.bias": "fit applies l2 to the bias too; the statement penalises only the weights: "
                              "dL/db = mean(p − y).",
        "missing.bias": "fit does not set `bias`: the stated model has an intercept (z = Xw + b); store it as "
                        "a float.",
        "reference.predictions.predict": "predict(X) must be 1 exactly where predict_proba(X) >= threshold "
                                         "(0.5 by default), computed from the fitted weights and bias; never "
                                         "return stored training labels.",
    },
    traps=(
        kit.Trap("separable_data", separable, "separable data with large margins (logits in the hundreds)",
                 "Compute the cross-entropy from the logits (log(1 + e^z) − y·z with np.logaddexp) and the "
                 "sigmoid from exp(−|z|), which never overflows.", exact=True),
        kit.Trap("large_features", large_features, "features of size 1000 (logits in the tens of thousands)",
                 "Compute the sigmoid and the loss in forms that cannot overflow or take log(0): work with the "
                 "logits (np.logaddexp, exp(−|z|)).", exact=True),
    ),
)
kit.install(SPEC, globals())


# ------------------------------------------------------------------ correctness

@pytest.mark.criterion("correctness", weight=1)
def test_predict_threshold_argument(ctx):
    setup = SPEC.setup(seed=6, d=3)
    model = ctx.fit_setup(setup)
    ref = ctx.ref_with(ctx.theta(model))
    p = ref.predict_proba(setup.X)
    for threshold in (0.3, 0.8):
        labels = model.call("predict", setup.X, threshold=threshold)
        try:
            kit.assert_equal_labels(kit.as_array(labels, "predict(X)").reshape(-1), (p >= threshold).astype(int),
                                    what=f"predict(X, threshold={threshold})", mask=np.abs(p - threshold) > 1e-9)
        except kit.Mismatch as exc:
            raise AssertionError(f"{exc.detail} Label 1 exactly the samples whose probability is at least the "
                                 f"threshold argument, instead of a fixed 0.5.") from None


# ------------------------------------------------------------------ numerical stability

EXTREME_W, EXTREME_B = np.array([400.0, -300.0, 200.0]), 5.0


def _extreme_proba(ctx):
    """predict_proba of a fitted model given weights that make logits of about ±2000."""
    ctx.require("attr:weights")  # the model must have the parameters it is given (else: correctness)
    ctx.require("attr:bias")

    def compute():
        rng = np.random.default_rng(11)
        X = rng.standard_normal((40, 3)) * 2.0
        X[:8] /= 400.0                                      # moderate logits, |z| ≲ 30
        model = ctx.fit(*make_data(seed=10, n=50, d=3), learning_rate=0.1, n_iterations=2, tol=0.0)
        model.set("weights", EXTREME_W.copy())
        model.set("bias", EXTREME_B)
        p = model.call("predict_proba", X)
        return kit.as_float_array(p, "predict_proba(X)").reshape(-1), list(ctx.last.fp_events), sigmoid(X @ EXTREME_W + EXTREME_B)
    return ctx.memo("extreme_proba", compute)


@pytest.mark.criterion("numerical_stability", weight=2)
def test_predict_proba_finite_and_accurate_for_huge_logits(ctx):
    p, _, expected = _extreme_proba(ctx)
    assert p.shape == expected.shape and np.all(np.isfinite(p)), (
        "predict_proba returned NaN or inf for very large logits (|z| ≈ 1000). Compute the sigmoid in a form "
        "that never exponentiates a large positive number.")
    err = float(np.abs(p - expected).max())
    assert err < 1e-12, (
        f"predict_proba is off by {err:.1e} for very large or moderate logits. The sigmoid must return values "
        f"within rounding of 1/(1 + e^(−z)) for every z, using the fitted weights and bias.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_predict_proba_no_floating_point_warnings_for_huge_logits(ctx):
    _, events, _ = _extreme_proba(ctx)
    assert not events, (
        f"predict_proba raised floating-point warnings for very large logits ({kit.format_fp_events(events)}). "
        f"Exponentiate only non-positive numbers, e.g. via exp(−|z|).")


def _confident_mistakes(margin):
    """One feature, 88 samples; 8 of them carry the label opposite to their side. From w = 0 one
    step of size learning_rate·36/88 puts the logit of those 8 at ±margin: confident mistakes,
    each costing about `margin` in the exact cross-entropy."""
    x = np.concatenate([np.ones(40), -np.ones(40), np.ones(4), -np.ones(4)])
    y = np.concatenate([np.ones(40), np.zeros(40), np.zeros(4), np.ones(4)]).astype(np.int64)
    return x[:, None], y, dict(learning_rate=margin * 88 / 36, tol=0.0)


def _loss_at_confident_mistakes(ctx, margin):
    """The attempt's loss_history[1] (its own loss after one step) against the exact objective there."""
    kit.require_faithful_history(ctx)
    X, y, hyper = _confident_mistakes(margin)
    theta = ctx.theta(ctx.fit(X, y, n_iterations=1, **hyper))
    z = X @ np.asarray(theta["weights"]) + theta["bias"]
    wrong = (z > 0) != (y == 1)
    if wrong.sum() != 8 or np.abs(z[wrong]).min() < 0.9 * margin:
        raise kit.NotScorable(f"Not scored: the first step did not produce confident mistakes (logits of "
                              f"about ±{margin:g}), so the loss there cannot be judged (see correctness).")
    h = ctx.history(ctx.fit(X, y, n_iterations=2, **hyper))
    exact = objective(X, y, theta, hyper)
    got = h[1] if h.size > 1 else float("nan")
    assert np.isfinite(got) and abs(got - exact) <= 1e-6 * exact, (
        f"With confidently wrong predictions (logits of ±{margin:g}) loss_history records {got:.6g}; the "
        f"objective there is {exact:.6g}. A wrong prediction with logit z costs about |z|: clipping p, or "
        f"computing log(1 − p) when p rounds to 1, caps or breaks it. Compute the cross-entropy from the "
        f"logits: np.logaddexp(0, z) − y·z.")


@pytest.mark.criterion("numerical_stability", weight=1)
def test_loss_exact_for_confident_mistakes_at_logit_20(ctx):
    _loss_at_confident_mistakes(ctx, 20.0)   # a clip at 1e-7 caps the cost at 16.1


@pytest.mark.criterion("numerical_stability", weight=1)
def test_loss_exact_for_confident_mistakes_at_logit_50(ctx):
    _loss_at_confident_mistakes(ctx, 50.0)   # a clip at 1e-15 caps it at 34.5; 1 − p rounds to 0 past 37


@pytest.mark.criterion("numerical_stability", weight=1)
def test_loss_exact_for_confident_mistakes_at_logit_700(ctx):
    _loss_at_confident_mistakes(ctx, 700.0)  # e^z overflows past 709
