"""Contract checks, after scikit-learn's estimator checks: the parts of the contract every
estimator shares. The ones that own a prerequisite (fit runs, fitted attributes, outputs,
options, hyperparameters used) score correctness; the behaviour of a well-made class (fit
returns self, hyperparameters stored and left alone, no hidden state, quiet, inputs untouched)
scores organization."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from ..errors import AttemptError, AttemptTimeout, KitMisuse, NotScorable
from .compare import kind_of, same_data
from .context import ARRAY, Context
from .registry import check
from .spec import Estimator


def is_estimator(spec) -> bool:
    return isinstance(spec, Estimator)


# ---------------------------------------------------------------- correctness: the contract's parts

FIT_RUNS_SEEDS = range(5)  # ordinary data sets: a crash that depends on the data is caught here, once


@check("contract.fit_runs", "correctness", 1, applies=is_estimator)
def fit_runs(ctx: Context):
    """fit runs on ordinary data."""
    probe = ctx.probe("fit")
    if not probe.ok:
        message = (f"{probe.why}. Every other check needs a fit that runs on an ordinary (n, d) "
                   f"array: make that work first.")
        raise AttemptTimeout(message) if probe.timeout else AssertionError(message)
    failures = []
    for seed in FIT_RUNS_SEEDS[1:]:
        setup = ctx.spec.setup(seed=seed)
        try:
            ctx.fresh_fit(setup.hyper, setup.X, setup.y)
        except AttemptError as exc:
            failures.append(str(exc))
    assert not failures, (f"fit fails on {len(failures)} of {len(FIT_RUNS_SEEDS)} ordinary data sets: "
                          f"{failures[0]}. A fit that crashes on some ordinary data cannot be relied on.")


@check("contract.fitted_attributes", "correctness", 1, applies=is_estimator)
def fitted_attributes(ctx: Context):
    """fit sets every fitted attribute, with the stated shape and type."""
    ctx.require("fit")
    model, setup = ctx.benign()
    dims = ctx.spec.dims(setup.X, setup.hyper)
    problems = []
    for name, kind in ctx.spec.fitted.items():
        if name == ctx.spec.history:
            continue  # judged by iterative.history_is_recorded
        if not model.has(name):
            problems.append(ctx.spec.advice.get(f"missing.{name}",
                                                f"fit does not set `{name}`; the statement lists it among the "
                                                f"fitted attributes."))
            continue
        problems += kind.problems(model.get(name), dims, name)
    assert not problems, " ".join(problems[:2])


@check("contract.outputs", "correctness", 1, applies=lambda s: is_estimator(s) and bool(s.methods))
def outputs(ctx: Context):
    """Every method returns the stated shape and type on new data."""
    ctx.require("fit")
    model, setup = ctx.benign()
    X_new = ctx.spec.data(97, 37, setup.X.shape[1])[0]
    dims = ctx.spec.dims(X_new, setup.hyper)
    problems = []
    for method, kind in ctx.spec.methods.items():
        try:
            value = model.call(method, X_new)
        except AttemptError as exc:
            problems.append(f"{exc}.")
            continue
        problems += kind.problems(value, dims, f"{method}(X)")
    assert not problems, " ".join(problems[:2])


@check("contract.options", "correctness", 1, applies=lambda s: is_estimator(s) and bool(s.options))
def options(ctx: Context):
    """Every option value the statement allows works on ordinary data."""
    ctx.require("fit")  # when fit fails whatever the option, that is contract.fit_runs's failure
    failures = []
    for name, values in ctx.spec.options.items():
        for value in values:
            probe = ctx.probe(f"option:{name}={value}")
            if not probe.ok:
                failures.append(f"The option {probe.why}.")
    assert not failures, " ".join(failures[:2]) + " Support every option the statement lists."


@check("contract.deterministic", "correctness", 1, applies=is_estimator)
def deterministic(ctx: Context):
    """Two fits with the same data and settings (and the same random_state) give the same model."""
    from .diagnose import nondeterminism

    cause = nondeterminism(ctx)
    assert cause is None, cause


@check("contract.hyperparameters_are_used", "correctness", 1, applies=lambda s: is_estimator(s) and bool(s.used))
def hyperparameters_are_used(ctx: Context):
    """Changing a hyperparameter changes what fit learns (a differential run)."""
    ignored = ignored_hyperparameters(ctx)
    assert not ignored, " ".join(ignored.values())


def ignored_hyperparameters(ctx: Context) -> dict:
    """{name: sentence} for each hyperparameter in spec.used whose two values fit the same model."""
    def compute():
        out = {}
        for name, pair in ctx.spec.used.items():
            a, b, extra = (*pair, {}) if len(pair) == 2 else pair
            setup = ctx.spec.setup(seed=1, **extra)
            va, vb = (v(setup.X) if callable(v) else v for v in (a, b))
            thetas, histories = [], []
            for value in (va, vb):
                model = ctx.fit(setup.X, setup.y, **{**setup.hyper, name: value})
                thetas.append(ctx.theta(model))
                histories.append(model.optional(ctx.spec.history) if ctx.spec.iterative else None)
            if not same_data(*thetas):
                continue  # the attempt answers to the hyperparameter: nothing to hold against it
            # the same model twice: a fault only if the two values do change the reference's model
            refs = [{g: getattr(ctx.ref_fit(setup.X, setup.y, **{**setup.hyper, name: value}), g)
                     for g in ctx.spec.groups} for value in (va, vb)]
            if same_data(*refs):
                raise KitMisuse(f"spec.used[{name!r}]: the reference fits the same model for both values")
            what = " and ".join(f"`{g}`" for g in ctx.spec.groups)
            if histories[0] is not None and histories[1] is not None and not same_data(*histories):
                # read somewhere (the recorded loss), but not in the steps: for a penalty, its gradient is missing
                out[name] = ctx.spec.advice.get(
                    f"penalty.{name}.missing" if name in ctx.spec.penalties else f"unused.{name}",
                    f"fit's steps do not use `{name}`: changing it changes only the recorded loss, not the "
                    f"learned {what}.")
                continue
            values = (f"two different {name} arrays" if isinstance(va, np.ndarray)
                      else f"{name}={_show(va)} and {name}={_show(vb)}")
            out[name] = ctx.spec.advice.get(
                f"ignored.{name}",
                f"fit ignores `{name}`: {values} gave the same {what}. Use self.{name} in fit instead of a "
                f"fixed value.")
        return out
    return ctx.memo("ignored_hyperparameters", compute)


def hyperparameter_is_used(ctx: Context, name: str) -> bool:
    """False when the differential run for `name` (spec.used) gave the same model twice."""
    return name not in ignored_hyperparameters(ctx)


def _show(value) -> str:
    return "an array" if isinstance(value, np.ndarray) else repr(value)


# ---------------------------------------------------------------- organization

def _custom_value(spec: Estimator, name: str, default):
    """A legal value different from the default, to see it stored unchanged."""
    if name in spec.custom:
        return spec.custom[name]
    if name in spec.options:
        others = [v for v in spec.options[name] if v != default and v != ARRAY]
        if others:
            return others[0]
    if default is None:
        return 11
    if isinstance(default, bool):
        return not default
    if isinstance(default, int):
        return default + 7
    if isinstance(default, float):
        return round(default * 1.7 + 0.013, 6)
    raise KitMisuse(f"spec.custom needs a non-default value for {name!r}")


def _same_setting(got, expected) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool) and \
            isinstance(got, (int, float)) and not isinstance(got, bool):
        return got == expected or math.isclose(got, expected, rel_tol=1e-12)
    return same_data(got, expected)


@check("contract.fit_returns_self", "organization", 2, applies=is_estimator)
def fit_returns_self(ctx: Context):
    """fit returns the model itself, so calls can be chained."""
    setup = ctx.spec.setup(seed=9)
    model = ctx.new(**setup.hyper)
    returned = model.fit(setup.X, setup.y, ordinary=True)
    assert returned is model.remote, (
        f"fit returns {'None' if returned is None else kind_of(returned)} instead of the model. End fit with "
        f"`return self` so calls can be chained (model.fit(X, y).predict(X)).")


@check("contract.constructor_stores_hyperparameters", "organization", 1, applies=is_estimator)
def constructor_stores_hyperparameters(ctx: Context):
    """The constructor stores each hyperparameter unchanged under its own name, with the stated defaults."""
    spec = ctx.spec
    ctx.require("fit")  # organization is judged on an estimator that runs at all
    custom = {name: _custom_value(spec, name, default) for name, default in spec.params.items()}
    model = ctx.attempt.new(spec.cls, **custom)
    for name, value in custom.items():
        stored = model.get(name) if model.has(name) else "missing"
        assert _same_setting(stored, value), (
            f"The constructor does not store `{name}` unchanged (gave {value!r}, found "
            f"{'no attribute' if stored == 'missing' else repr(stored)}). Keep `self.{name} = {name}` in "
            f"__init__ and do nothing else there.")
    default = ctx.attempt.new(spec.cls)
    for name, value in spec.params.items():
        stored = default.get(name) if default.has(name) else "missing"
        assert _same_setting(stored, value), (
            f"The default of `{name}` is {stored!r}, not {value!r}. Keep the constructor signature of the "
            f"statement.")


def _early_setup(ctx: Context):
    spec = ctx.spec
    return replace(spec.early_stop(), ordinary=True) if spec.iterative and spec.early_stop else \
        spec.setup(seed=3, pinned=True)


@check("contract.fit_leaves_hyperparameters_unchanged", "organization", 1, applies=is_estimator)
def fit_leaves_hyperparameters_unchanged(ctx: Context):
    """fit reads the hyperparameters but never assigns to them."""
    names = list(ctx.spec.params)
    changed = []
    # the ordinary settings (a string option such as init="k-means++" may be replaced by what it
    # chose) and a run that stops early (n_iterations may be replaced by the iterations run)
    for setup in (ctx.spec.setup(seed=2), _early_setup(ctx)):
        model = ctx.new(**setup.hyper)
        before = {k: v for k, v in model.state().items() if k in names}
        model.fit(setup.X, setup.y, ordinary=setup.ordinary)
        after = {k: v for k, v in model.state().items() if k in names}
        changed += [k for k in names if not same_data(before.get(k), after.get(k)) and k not in changed]
    assert not changed, (
        f"fit changed the hyperparameter(s) {', '.join(f'`{c}`' for c in changed)}. Read hyperparameters "
        f"in fit but never assign to them; keep working values (the iterations run, the starting "
        f"centroids) in local variables or other attributes.")


@check("contract.methods_do_not_change_the_model", "organization", 1,
       applies=lambda s: is_estimator(s) and bool(s.methods))
def methods_do_not_change_the_model(ctx: Context):
    """predict and the other methods only read the fitted model."""
    setup = ctx.spec.setup(seed=3)
    model = ctx.fit_setup(setup)
    X_new = ctx.spec.data(98, 25, setup.X.shape[1])[0]
    before = model.state()
    for method in ctx.spec.methods:
        model.call(method, X_new)
    after = model.state()
    changed = sorted(k for k in set(before) | set(after) if not same_data(before.get(k), after.get(k)))
    methods = " and ".join(ctx.spec.methods)
    assert not changed, (
        f"{methods} changed the model (attribute{'s' if len(changed) > 1 else ''} "
        f"{', '.join(f'`{c}`' for c in changed[:4])}). Prediction must only read the fitted parameters; "
        f"keep intermediate results in local variables.")


@check("contract.refit_gives_the_same_model", "organization", 1, applies=is_estimator)
def refit_gives_the_same_model(ctx: Context):
    """Fitting the same instance twice on the same data gives the same model."""
    spec = ctx.spec
    setup = spec.setup(seed=4)
    model = ctx.new(**setup.hyper)
    runs = []
    for _ in range(2):
        model.fit(setup.X, setup.y, ordinary=True)
        history = model.optional(spec.history) if spec.iterative else None
        runs.append((ctx.theta(model), None if history is None else len(history)))
    (t1, h1), (t2, h2) = runs
    changed = [g for g in spec.groups if not same_data(t1[g], t2[g])]
    if changed:
        from .diagnose import nondeterminism

        cause = nondeterminism(ctx)
        if cause:  # two fresh instances differ too: the randomness is fit's, not state left over
            raise NotScorable(f"Not scored: fit is not deterministic, so refitting cannot be judged: {cause}",
                              owner="contract.deterministic", criterion="correctness")
    assert h1 == h2, (
        f"Fitting the same model twice gave `{spec.history}` of length {h1} then {h2}. Start every fit with "
        f"a new, empty {spec.history}.")
    seeded = " with the same random_state" if "random_state" in spec.params else ""
    assert not changed, (
        f"Fitting the same model twice on the same data{seeded} gave different "
        f"{' and '.join(f'`{g}`' for g in changed)}. " + spec.advice.get(
            "contract.refit_gives_the_same_model",
            "Every fit must start again from the stated initial parameters, never from the previous fit; "
            "draw any randomness from np.random.default_rng(self.random_state) created inside fit."))


@check("contract.refit_forgets_the_previous_fit", "organization", 1, applies=is_estimator)
def refit_forgets_the_previous_fit(ctx: Context):
    """Fitting an instance again on other data gives what a fresh instance fits on that data:
    nothing of the first fit (stored training data, trees, lists of nodes) carries over. Refitting
    on the same data (the check above) cannot show state that is appended to, such as training
    points or trees, when the model they give happens to agree."""
    spec = ctx.spec
    first, second = spec.setup(seed=6), spec.setup(seed=7)
    model = ctx.new(**first.hyper)
    model.fit(first.X, first.y, ordinary=True)
    model.fit(second.X, second.y, ordinary=True)
    fresh = ctx.new(**first.hyper)
    fresh.fit(second.X, second.y, ordinary=True)
    X_new = spec.data(97, 25, second.X.shape[1])[0]

    def outputs(m) -> dict:
        found = {f"`{g}`": v for g, v in ctx.theta(m).items()}
        for method in spec.methods:
            found[f"{method}(X)"] = m.call(method, X_new)
        return found

    got, expected = outputs(model), outputs(fresh)
    changed = [name for name in expected if not same_data(got[name], expected[name])]
    if changed:
        from .diagnose import nondeterminism

        cause = nondeterminism(ctx)
        if cause:  # two fresh instances differ too: the randomness is fit's, not state left over
            raise NotScorable(f"Not scored: fit is not deterministic, so refitting cannot be judged: {cause}",
                              owner="contract.deterministic", criterion="correctness")
    assert not changed, (
        f"After fitting on one data set and then on another, {', '.join(changed[:4])} differ from a fresh "
        f"instance fitted on the second only: something of the previous fit carried over. Start fit by "
        f"replacing every fitted attribute (stored training data, trees, node lists), never by adding to "
        f"what a previous fit left, and create any random generator inside fit, not in __init__ (its "
        f"draws would go on from the previous fit).")


@check("contract.inputs_not_modified", "organization", 1, applies=is_estimator)
def inputs_not_modified(ctx: Context):
    """fit and the methods never modify the arrays they are given (they receive read-only arrays)."""
    setup = ctx.spec.setup(seed=5)
    X = setup.X + 2.0  # not centred: tempting to centre or scale in place
    model = ctx.new(**setup.hyper)
    _no_write("fit", lambda: model.fit(X, setup.y, readonly=True), ctx)
    for method in ctx.spec.methods:
        _no_write(method, lambda: model.call(method, X, _readonly=True), ctx)


def _no_write(what: str, call, ctx: Context) -> None:
    try:
        call()
    except AttemptError as exc:
        if exc.exc_type == "ValueError" and "read-only" in exc.message:
            at = f" (line {exc.line})" if exc.line else ""
            raise AssertionError(
                f"{what} modifies its input array in place{at}: it wrote into the caller's data. Work on new "
                f"arrays (X = X - m instead of X -= m) so the caller's data stays intact.") from None
        raise
    assert not ctx.last.mutated, (
        f"{what} modified its input array in place. Work on new arrays (X = X - m instead of X -= m) so "
        f"the caller's data stays intact.")


@check("contract.instances_share_no_state", "organization", 1, applies=is_estimator)
def instances_share_no_state(ctx: Context):
    """Fitting one instance never changes another."""
    spec = ctx.spec
    a_setup, b_setup = spec.setup(seed=6, n=spec.n // 2), spec.setup(seed=7, n=spec.n)
    a = ctx.fit_setup(a_setup)
    theta_a = ctx.theta(a)
    history_a = a.optional(spec.history) if spec.iterative else None
    outputs_a = {m: a.call(m, a_setup.X) for m in spec.methods}
    ctx.fit_setup(b_setup)
    if history_a is not None:
        assert same_data(a.optional(spec.history), history_a), (
            f"Fitting a second model changed the first model's `{spec.history}`: the two instances share one "
            f"list. Create it inside fit (self.{spec.history} = []), not at class or module level.")
    changed = [g for g in spec.groups if not same_data(ctx.theta(a)[g], theta_a[g])]
    assert not changed, (
        f"Fitting a second model changed the first model's {' and '.join(f'`{g}`' for g in changed)}. Keep "
        f"all fitted state on the instance (self), never in class-level or module-level variables.")
    for method, value in outputs_a.items():
        assert same_data(a.call(method, a_setup.X), value), (
            f"Fitting a second model changed the first model's {method} output. Predict from the instance's "
            f"own fitted attributes, never from module-level or class-level variables.")


@check("contract.fit_and_methods_print_nothing", "organization", 1, applies=is_estimator)
def fit_and_methods_print_nothing(ctx: Context):
    """fit and the methods (predict, transform...) print nothing."""
    setup = ctx.spec.setup(seed=8)
    model = ctx.fit_setup(setup)
    out = ctx.last.stdout
    for method in ctx.spec.methods:
        model.call(method, setup.X)
        out += ctx.last.stdout
    assert not out.strip(), (
        "fit or another method prints to the terminal. Library code stays quiet: record progress in the "
        "fitted attributes (the loss history) instead of printing it.")

