"""Name the actual deviation, from evidence, instead of a menu of usual suspects.

When fitted parameters differ from the reference, these functions look at what the attempt
does and say which common mistake it is, with the fix:
- random initial parameters (two identical fits differ) or a start other than the stated one
  (inferred from one step at two learning rates: θ1 = θ0 − lr·g(θ0) for both, solved for θ0);
- an ignored hyperparameter (a differential run, see contract.ignored_hyperparameters);
- a step that is a constant multiple of the stated gradient: summed instead of averaged (n),
  the ½ convention (0.5), twice the gradient (2), divided by the number of features (n/d),
  the wrong sign (−1), never updated (0);
- a penalty missing from the gradient, doubled, or applied to a group the statement leaves alone.
Each returns a sentence, or None when the evidence names nothing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compare import central_differences, gradient_error, is_close, same_data
from ..errors import AttemptProblem, NotScorable
from .context import Context

STEP_ITERATION = 3  # the gradient is read at the 3rd iterate: at θ0 = 0 some bugs are invisible
CLEAN = 1e-6  # a relative residual this small means "exactly this pattern"
# Naming a constant factor is looser: central differences of a large objective (a diverging run)
# are accurate to about 1e-7 relative, and the candidate factors (n, n/d, 2, ½, −1) are far apart.
FACTOR_TOL = 1e-4


@dataclass
class StepEvidence:
    """The step the attempt takes at iterate k, read from fits of k and k+1 iterations with tol=0:
    step = (θ_k − θ_{k+1}) / learning_rate, next to central differences of the stated objective
    at θ_k, with the penalty (if any) on (`numeric`) and off (`numeric_data`)."""

    penalty: str | None
    strength: float
    theta: dict
    step: dict
    numeric: dict
    numeric_data: dict
    n: int
    d: int


def _penalty_free(spec) -> dict:
    return {p: 0.0 for p in spec.penalties}


def step_evidence(ctx: Context, penalty: str | None = None) -> StepEvidence:
    def compute():
        spec = ctx.spec
        strength = spec.penalties[penalty] if penalty else 0.0
        hyper = {penalty: strength} if penalty else {}
        setup = spec.setup(seed=20, n=90, d=4, pinned=True, tol=0.0, **hyper)
        lr = setup.hyper["learning_rate"]
        k = STEP_ITERATION
        theta_k = ctx.theta(ctx.fit_setup(setup, n_iterations=k))
        theta_k1 = ctx.theta(ctx.fit_setup(setup, n_iterations=k + 1))
        step = {g: (np.asarray(theta_k[g]) - np.asarray(theta_k1[g])) / lr for g in spec.groups}

        def objective(hyper_used):
            return lambda theta: spec.objective(setup.X, setup.y, theta, {**setup.hyper, **hyper_used})

        numeric = central_differences(objective({}), theta_k)
        numeric_data = central_differences(objective(_penalty_free(spec)), theta_k) if penalty else numeric
        return StepEvidence(penalty, strength, theta_k, step, numeric, numeric_data, *setup.X.shape)
    return ctx.memo(("step", penalty), compute)


def explain(find, *args) -> str | None:
    """A diagnosis, or None when gathering its evidence fails (it must never replace the verdict)."""
    try:
        return find(*args)
    except (AttemptProblem, AssertionError, NotScorable):
        return None


# ---------------------------------------------------------------- the deviations

def nondeterminism(ctx: Context) -> str | None:
    def compute():
        # the ordinary settings (where random starts draw their numbers) and, when the spec pins
        # the start (an init array), the pinned ones
        setups = [ctx.spec.setup(seed=21)] + ([ctx.spec.setup(seed=21, pinned=True)] if ctx.spec.start else [])
        if all(same_data(ctx.theta(ctx.fit_setup(s)), ctx.theta(ctx.fit_setup(s))) for s in setups):
            return None
        seeded = " with the same random_state" if "random_state" in ctx.spec.params else ""
        advice = ctx.spec.advice.get("start", "Start from the stated initial parameters." + (
            " Draw any randomness from np.random.default_rng(self.random_state), created in fit."
            if "random_state" in ctx.spec.params else ""))
        return (f"Two identical fits{seeded} gave different parameters: fit starts from random values or draws "
                f"unseeded random numbers. {advice}")
    return ctx.memo("nondeterminism", compute)


def wrong_start(ctx: Context) -> str | None:
    """θ0 from one step at two learning rates a and b: θ0 = (b·θ1(a) − a·θ1(b)) / (b − a)."""
    spec = ctx.spec
    if spec.initial is None or "gradient-descent" not in spec.tags:
        return None

    def compute():
        setup = spec.setup(seed=22, pinned=True, tol=0.0, n_iterations=1)
        a = setup.hyper["learning_rate"]
        b = 2 * a
        t_a = ctx.theta(ctx.fit_setup(setup))
        t_b = ctx.theta(ctx.fit_setup(setup, learning_rate=b))
        expected = spec.initial(setup.X, setup.hyper)
        for g in spec.groups:
            start = (b * np.asarray(t_a[g]) - a * np.asarray(t_b[g])) / (b - a)
            if not is_close(start, expected[g], rtol=1e-6, atol=1e-9):
                shown = np.array2string(np.atleast_1d(start)[:3], precision=3, separator=", ")
                return (f"fit does not start from the stated initial `{g}`: one step at two learning rates "
                        f"puts the start at {shown}{'...' if np.size(start) > 3 else ''}. " +
                        spec.advice.get("start", "Start from the stated initial parameters."))
        return None
    return ctx.memo("wrong_start", compute)


FACTOR_NAMES = (
    (0.0, "never moves `{g}`: the step on it is zero. Update {g} every iteration."),
    (-1.0, "moves `{g}` up the gradient (the step has the wrong sign): use {g} ← {g} − learning_rate · gradient."),
    (0.5, "takes half the stated gradient on `{g}` (the ½ convention): differentiate the objective exactly as "
          "stated."),
    (2.0, "takes twice the stated gradient on `{g}`: there is a factor 2 too many."),
)


def factor_sentence(ctx: Context, group: str, ev: StepEvidence) -> str | None:
    """The step on `group` as a constant multiple c of the stated gradient, when it is one."""
    got = np.atleast_1d(np.asarray(ev.step[group], dtype=float)).ravel()
    want = np.atleast_1d(np.asarray(ev.numeric[group], dtype=float)).ravel()
    if got.shape != want.shape or not (np.all(np.isfinite(got)) and np.all(np.isfinite(want))):
        return None
    scale = float(np.linalg.norm(want))
    if scale == 0:
        return None
    c = float(got @ want) / scale ** 2
    residual = float(np.linalg.norm(got - c * want)) / scale
    if residual > FACTOR_TOL * max(1.0, abs(c)) and want.size > 1:
        return None
    named = [(value, text) for value, text in FACTOR_NAMES] + [
        (float(ev.n), f"sums the gradient on `{group}` over the {ev.n} samples instead of averaging it (the step is "
                      f"n = {ev.n} times too large): divide by n."),
        (1.0 / ev.n, f"divides the gradient on `{group}` by n twice (the step is n = {ev.n} times too small)."),
        (ev.n / ev.d, f"divides the gradient on `{group}` by the number of features (d = {ev.d}) instead of the "
                      f"number of samples (n = {ev.n})."),
    ]
    for value, text in named:
        if abs(c - value) <= FACTOR_TOL * max(1.0, abs(value)):
            advice = ctx.spec.advice.get(f"factor.{value:g}")
            return "fit " + text.format(g=group) + (f" {advice}" if advice else "")
    if abs(c - 1.0) > 1e-3 and want.size > 1:
        return (f"fit's step on `{group}` is {c:.4g} times the stated gradient: a constant factor is wrong "
                f"(check the 1/n, the 2, and the learning rate).")
    return None


def penalty_sentence(ctx: Context, group: str, ev: StepEvidence) -> str | None:
    """With the penalty on: the gradient lacks it, doubles it, or applies it where it should not."""
    spec = ctx.spec
    p, lam = ev.penalty, ev.strength
    got = np.atleast_1d(np.asarray(ev.step[group], dtype=float)).ravel()
    data = np.atleast_1d(np.asarray(ev.numeric_data[group], dtype=float)).ravel()
    full = np.atleast_1d(np.asarray(ev.numeric[group], dtype=float)).ravel()
    if got.shape != data.shape or not np.all(np.isfinite(got)):
        return None
    scale = max(float(np.abs(full).max()), 1e-12)
    penalized = spec.groups[group].penalized
    if penalized:
        term = full - data
        if float(np.abs(term).max()) < 1e-9 * scale:
            return None
        alpha = float((got - data) @ term) / float(term @ term)
        if float(np.abs(got - data - alpha * term).max()) > CLEAN * scale:
            return None
        if abs(alpha) < 1e-6:
            return spec.advice.get(f"penalty.{p}.missing",
                                   f"fit's gradient on `{group}` has no `{p}` term: add the penalty's gradient.")
        if abs(alpha - 2.0) < 1e-6:
            return spec.advice.get(f"penalty.{p}.double",
                                   f"fit's gradient on `{group}` has twice the `{p}` term.")
        return None
    theta = np.atleast_1d(np.asarray(ev.theta[group], dtype=float)).ravel()
    if float(np.abs(theta).max()) > 0 and gradient_error(got, data + lam * theta) < CLEAN:
        return spec.advice.get(f"penalty.{p}.on.{group}",
                               f"fit applies `{p}` to `{group}` too; the statement does not penalise {group}.")
    return None


def start_sentence(ctx: Context) -> str | None:
    """Why fit does not start where the statement says (random, elsewhere, or ignoring the
    hyperparameter that pins the start, such as an init array), or None."""
    from .contract import ignored_hyperparameters

    cause = _first_cause(ctx, (nondeterminism, wrong_start))
    if cause:
        return cause
    if ctx.spec.start is not None and ctx.spec.used:
        pinned = set(ctx.spec.start(ctx.spec.setup(seed=0).X))
        ignored = ignored_hyperparameters(ctx)
        causes = [ignored[name] for name in pinned if name in ignored]
        if causes:
            return " ".join(causes)
    return None


def require_stated_start(ctx: Context) -> None:
    """For checks whose expected value assumes the stated start: not scorable when fit starts
    elsewhere (that is a correctness failure, reported there)."""
    cause = start_sentence(ctx)
    if cause:
        raise NotScorable(f"Not scored: the expected value assumes fit starts where the statement says, and it "
                          f"does not: {cause}", owner="contract.deterministic", criterion="correctness")


def step_sentence(ctx: Context, group: str, penalty: str | None = None) -> str | None:
    """Why the step on `group` differs from the stated gradient, when the evidence says."""
    cause = _first_cause(ctx, (nondeterminism, _ignored, wrong_start))
    if cause:
        return cause
    ev = step_evidence(ctx, None)
    text = factor_sentence(ctx, group, ev)
    if text or penalty is None:
        return text
    return penalty_sentence(ctx, group, step_evidence(ctx, penalty))


def _first_cause(ctx: Context, finders) -> str | None:
    """The first cause one of `finders` names, gathering the evidence of the later ones only when
    the earlier ones name nothing (each costs fits)."""
    for find in finders:
        cause = find(ctx)
        if cause:
            return cause
    return None


def _ignored(ctx: Context) -> str | None:
    from .contract import ignored_hyperparameters

    if not ctx.spec.used:
        return None
    ignored = ignored_hyperparameters(ctx)
    return " ".join(ignored.values()) or None


def parameters_sentence(ctx: Context, penalty: str | None = None) -> str | None:
    """Why the fitted parameters differ from the reference's, when the evidence says."""
    cause = _first_cause(ctx, (nondeterminism, _ignored, wrong_start))
    if cause:
        return cause
    if "gradient-descent" not in ctx.spec.tags:
        return None
    for penalty_used in ([None] if penalty is None else [None, penalty]):
        ev = step_evidence(ctx, penalty_used)
        for group in ctx.spec.groups:
            if gradient_error(ev.step[group], ev.numeric[group]) < CLEAN:
                continue
            text = factor_sentence(ctx, group, ev) if penalty_used is None else penalty_sentence(ctx, group, ev)
            if text:
                return text
    return None
