"""Hidden tests for `polynomial` (PolynomialRegression: polynomial features, then least squares).

fit is one closed-form solve: no loss history and no iterations, so the convergence criterion
does not apply (problem.toml leaves it out) and the spec's tags leave out "iterative". The
fitted parameters are unique only when the centred non-constant features are linearly
independent, so every data set here has more samples than features and no constant column
(the check with more features than samples does not apply: `shapes` leaves it out).

The kit's standard checks come from SPEC; below are the checks only this problem has: the
column order (read back from features of prime numbers, so the feedback names the monomial in
each column), the feature count, interaction_only, degree 1, the bias column next to the
intercept, and the accuracy of the fit at high degree on unscaled data (features up to 1e20).
"""

import itertools
import math

import numpy as np
import pytest
from numpy.polynomial import legendre

from mlprep.grading import kit


# ------------------------------------------------------------------ the statement's formulas

def monomials(d, degree, interaction_only=False):
    """The index tuples of the columns, in the statement's order (the bias column's is ())."""
    choose = itertools.combinations if interaction_only else itertools.combinations_with_replacement
    return [alpha for k in range(degree + 1) for alpha in choose(range(d), k)]


def n_features_out(d, degree, interaction_only=False, include_bias=True):
    if interaction_only:
        p = sum(math.comb(d, k) for k in range(min(d, degree) + 1))
    else:
        p = math.comb(d + degree, degree)
    return p - (0 if include_bias else 1)


def count_formula(d, degree, interaction_only, include_bias):
    """The statement's count, written out for feedback."""
    if interaction_only:
        text = f"Σ_(k=0..{min(d, degree)}) C({d}, k)"
    else:
        text = f"C({d} + {degree}, {degree})"
    return text + ("" if include_bias else " − 1") + f" = {n_features_out(d, degree, interaction_only, include_bias)}"


def sizes(X, hyper):
    """"p", the number of polynomial features, from d and the hyperparameters of the fit."""
    return {"p": n_features_out(X.shape[1], hyper["degree"], hyper["interaction_only"], hyper["include_bias"])}


# ------------------------------------------------------------------ data

def make_data(seed, n, d):
    """Standard normal features and a smooth nonlinear target with noise."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    a = rng.uniform(-1.0, 1.0, d)
    y = 3.0 + X @ a + 0.5 * (X ** 2) @ a[::-1] + X[:, 0] * X[:, -1] + np.sin(X[:, 0]) + 0.1 * rng.standard_normal(n)
    return X, y


LOW, HIGH = 0.0, 100.0


def unscaled(seed, n, d):
    """Features uniform in [0, 100] (raw, unscaled), a smooth target with noise."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(LOW, HIGH, (n, d))
    y = 10.0 * np.sin(X[:, 0] / 15.0) * np.cos(X[:, -1] / 20.0) + 0.1 * rng.standard_normal(n)
    return X, y


def legendre_basis(X, degree):
    """A well-conditioned basis of the same space as the monomials of total degree ≤ degree:
    products of Legendre polynomials of each feature mapped from [0, 100] to [−1, 1]."""
    T = (2.0 * X - (LOW + HIGH)) / (HIGH - LOW)
    V = [legendre.legvander(T[:, i], degree) for i in range(X.shape[1])]
    cols = [np.prod([V[i][:, a[i]] for i in range(X.shape[1])], axis=0)
            for a in itertools.product(range(degree + 1), repeat=X.shape[1]) if sum(a) <= degree]
    return np.column_stack(cols)


def exact_fit(X, y, X_new, degree):
    """The least-squares fitted values on X and the fitted polynomial on X_new, computed in the
    Legendre basis (condition number about 10): accurate to about 1e-14."""
    B = legendre_basis(X, degree)
    c, *_ = np.linalg.lstsq(B, y, rcond=None)
    return B @ c, legendre_basis(X_new, degree) @ c


def high_degree_trap():
    X, y = unscaled(seed=61, n=200, d=1)
    return X, y, dict(degree=10), unscaled(seed=62, n=60, d=1)[0]


SPEC = kit.Estimator(
    sizes=sizes,
    cls="PolynomialRegression",
    params=dict(degree=2, interaction_only=False, include_bias=True),
    tags={"supervised", "regressor", "transformer"},
    data=make_data,
    ordinary=dict(degree=2),
    fitted={"weights": kit.Vector("p"), "bias": kit.Scalar(), "n_output_features": kit.Scalar()},
    methods={"transform": kit.Matrix("n", "p"), "predict": kit.Values()},
    groups={"weights": kit.Group(2), "bias": kit.Group(1)},
    used={"degree": (2, 3), "interaction_only": (False, True), "include_bias": (True, False)},
    shapes=("single_feature",),
    custom=dict(degree=3, interaction_only=True, include_bias=False),
    advice={
        "algorithm": "least squares on the polynomial features with an intercept (the bias column's weight 0)",
        "reference.fitted_parameters": "Check the features first (transform: every monomial of degree ≤ degree "
                                       "once, in the stated order), then the solve: w minimises ||Φw + b − y||² with "
                                       "the intercept in `bias` and weight 0 on the column of ones.",
        "reference.single_feature": "With one feature the columns are 1, x, x², …: check that fit works on an "
                                    "(n, 1) array.",
        "reference.predictions.transform": "transform(X) returns the polynomial features of the X it is given, "
                                           "computed from X and the hyperparameters (never the training matrix).",
        "reference.predictions.predict": "predict(X) is transform(X) @ weights + bias with the fitted weights and "
                                         "bias, for the X it is given.",
        "polynomial.degree_one_is_linear_regression": "With degree=1 the fit is ordinary least squares with an "
                                                      "intercept on the raw features (the column of ones, if any, "
                                                      "gets weight 0).",
        "polynomial.intercept_without_bias_column": "Without the column of ones the intercept is still fitted: "
                                                    "b = mean(y) − mean(Φ)·w, with w the least-squares solution on "
                                                    "the centred features.",
        "polynomial.fit_degree_three_several_features": "Check the degree-3 columns in transform (every x_i·x_j·x_k "
                                                        "with i ≤ j ≤ k, once) and that the solve uses all of them.",
        "missing.bias": "fit does not set `bias`: the model has an intercept (ŷ = Φw + b); store it as a float.",
        "missing.n_output_features": "fit does not set `n_output_features`: store p, the number of columns "
                                     "transform returns, as an int.",
    },
    traps=(
        kit.Trap("high_degree", high_degree_trap, "degree 10 on x in [0, 100] (features from 1 to 1e20)",
                 "The fit is well defined there; compute it without forming ΦᵀΦ, on columns of comparable size."),
    ),
)
kit.install(SPEC, globals())
ORDINARY = {**SPEC.params, **SPEC.ordinary}


# ------------------------------------------------------------------ reading features back

PRIMES = (2.0, 3.0, 5.0, 7.0, 11.0)
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def name_of(alpha) -> str:
    """x0·x1², or 1 for the bias column."""
    if not alpha:
        return "1"
    return "·".join(f"x{i}" + (str(alpha.count(i)).translate(SUPERSCRIPT) if alpha.count(i) > 1 else "")
                    for i in sorted(set(alpha)))


def decode(value, d):
    """The monomial whose value at x = (2, 3, 5, 7, 11)[:d] is `value`, or None."""
    if not np.isfinite(value) or value <= 0 or value != round(value):
        return None
    v, alpha = int(round(value)), []
    for i in range(d):
        p = int(PRIMES[i])
        while v % p == 0:
            v //= p
            alpha.append(i)
    return tuple(alpha) if v == 1 else None


def prime_rows(d, extra=4, seed=0):
    """A first row of distinct primes (every monomial has its own value there) and a few ordinary rows."""
    rng = np.random.default_rng(seed)
    return np.vstack([np.array(PRIMES[:d]), rng.uniform(-2.0, 2.0, (extra, d))])


def columns_sentence(got, expected_alphas, d) -> str | None:
    """What is wrong with the columns of `got` (from the first row's values), or None."""
    names = [decode(v, d) for v in got[0]]
    shown = [name_of(a) if a is not None else "a value that is no product of the features" for a in names]
    expected = list(expected_alphas)
    if len(names) == len(expected):
        for j, (a, e) in enumerate(zip(names, expected)):
            if a != e:
                return (f"column {j} holds {shown[j]} where the statement puts {name_of(e)} (the order is: the bias "
                        f"column, then degree by degree, and within a degree the index tuples in "
                        f"itertools.combinations_with_replacement order, or combinations when interaction_only).")
        return None
    known = [a for a in names if a is not None]
    missing = [name_of(e) for e in expected if e not in known]
    extra = [name_of(a) for a in dict.fromkeys(known) if a not in expected]
    repeated = [name_of(a) for a in dict.fromkeys(known) if known.count(a) > 1]
    parts = []
    if missing:
        parts.append(f"missing {', '.join(missing[:5])}{'…' if len(missing) > 5 else ''}")
    if repeated:
        parts.append(f"repeated {', '.join(repeated[:4])}{'…' if len(repeated) > 4 else ''} (each monomial "
                     f"appears once: x0·x1 and x1·x0 are one column)")
    if extra:
        parts.append(f"not allowed {', '.join(extra[:4])}")
    return f"it has {len(names)} columns instead of {len(expected)}" + (f": {'; '.join(parts)}." if parts else ".")


def ignored_sentences(ctx, names) -> list[str]:
    """The differential run's sentence for each of `names` that fit ignores."""
    from mlprep.grading.kit.contract import ignored_hyperparameters

    try:
        ignored = ignored_hyperparameters(ctx)
        return [ignored[name] for name in names if name in ignored]
    except kit.NotScorable:
        return []  # the weights cannot be read even on ordinary data: contract.fitted_attributes says so
    except kit.Mismatch:
        pass
    # KIT LIMITATION WORKAROUND: the kit's differential run reads `weights` through Kind.coerce with the
    # size p of the hyperparameters it passed; a fit that ignores `degree` returns the size of degree=2
    # when asked for degree=3, so the run stops on a shape Mismatch instead of naming the ignored
    # hyperparameter. Repeat it here, comparing the raw values.
    out = []
    for name in names:
        a, b = SPEC.used[name][:2]
        setup = SPEC.setup(seed=1)
        try:
            fits = [ctx.fit(setup.X, setup.y, **{**setup.hyper, name: value}) for value in (a, b)]
            raw = [(np.asarray(m.attr("weights"), dtype=float), np.asarray(m.attr("bias"), dtype=float))
                   for m in fits]
        except (kit.NotScorable, kit.AttemptError, TypeError, ValueError):
            continue  # the weights cannot be read even on ordinary data: contract.fitted_attributes says so
        if kit.same_data(raw[0], raw[1]):
            out.append(f"fit ignores `{name}`: {name}={a!r} and {name}={b!r} gave the same `weights` and `bias`. "
                       f"Use self.{name} in fit instead of a fixed value.")
    return out


def require_used(ctx, *names):
    """A check that sets these hyperparameters away from the ordinary fit fails, first of all, with the
    differential run's sentence when the attempt ignores one of them: that is the cause to name."""
    causes = ignored_sentences(ctx, names)
    if causes:
        raise AssertionError(" ".join(causes))


def judge_features(ctx, d, degree, interaction_only=False, include_bias=True, what=""):
    hyper = dict(degree=degree, interaction_only=interaction_only, include_bias=include_bias)
    require_used(ctx, *(name for name, value in hyper.items() if value != ORDINARY[name]))
    X = prime_rows(d)
    model = ctx.fit(*make_data(70 + d, 60, d), **hyper)
    got = kit.as_float_array(model.call("transform", X), "transform(X)")
    expected = ctx.ref_new(**hyper).transform(X)
    alphas = monomials(d, degree, interaction_only)[(0 if include_bias else 1):]
    setting = f"d={d}, degree={degree}" + (", interaction_only=True" if interaction_only else "") + \
        (", include_bias=False" if not include_bias else "")
    if got.ndim != 2 or got.shape[0] != len(X):
        raise AssertionError(f"With {setting}, transform(X) has shape {got.shape}; it must be (n, p) = "
                             f"{expected.shape}.{what}")
    cause = columns_sentence(got, alphas, d)
    if cause:
        relevant = not interaction_only or "not allowed" in cause or "holds" in cause
        raise AssertionError(f"With {setting}, transform(X) is wrong: {cause}{what if relevant else ''}")
    try:
        kit.assert_close(got, expected, what="transform(X)", rtol=1e-12, atol=1e-12)
    except kit.Mismatch as exc:
        raise AssertionError(f"With {setting}: {exc.detail} Each column is the product of the features its "
                             f"monomial names, for every row of X.{what}") from None


# ------------------------------------------------------------------ correctness

@pytest.mark.criterion("correctness", weight=2)
def test_feature_order_degree_three(ctx):
    judge_features(ctx, d=3, degree=3)


@pytest.mark.criterion("correctness", weight=1)
def test_feature_order_degree_four_without_bias(ctx):
    judge_features(ctx, d=2, degree=4, include_bias=False)


@pytest.mark.criterion("correctness", weight=2)
def test_interaction_only_features(ctx):
    judge_features(ctx, d=4, degree=3, interaction_only=True,
                   what=" With interaction_only=True a column multiplies distinct features only: no x0², no x0²·x1.")


@pytest.mark.criterion("correctness", weight=1)
def test_interaction_only_degree_above_d(ctx):
    judge_features(ctx, d=2, degree=4, interaction_only=True,
                   what=" With interaction_only=True and degree > d, the highest degree is d (x0·x1 here).")


@pytest.mark.criterion("correctness", weight=1)
def test_degree_one_is_linear_regression(ctx):
    judge_features(ctx, d=3, degree=1, what=" With degree=1 the features are 1, x0, x1, x2.")
    setup = kit.Setup(*make_data(71, 80, 3), dict(degree=1), ordinary=True)
    kit.assert_fits_like_reference(ctx, setup, "With degree=1 (ordinary least squares)",
                                   "polynomial.degree_one_is_linear_regression")


COUNTS = [(3, 4, False, True), (5, 3, True, False), (2, 5, True, True), (1, 3, False, False), (6, 2, False, True)]


@pytest.mark.criterion("correctness", weight=1)
def test_feature_count(ctx):
    require_used(ctx, "degree", "interaction_only", "include_bias")
    for d, degree, interaction_only, include_bias in COUNTS:
        hyper = dict(degree=degree, interaction_only=interaction_only, include_bias=include_bias)
        X, y = make_data(80 + d, 60, d)
        model = ctx.fit(X, y, **hyper)
        expected = n_features_out(d, degree, interaction_only, include_bias)
        setting = ", ".join(f"{k}={v}" for k, v in dict(d=d, **hyper).items())
        width = kit.as_array(model.call("transform", X), "transform(X)")
        width = width.shape[1] if width.ndim == 2 else None
        assert width == expected, (
            f"With {setting}, transform(X) has {width} columns; the statement's count is "
            f"{count_formula(d, degree, interaction_only, include_bias)}.")
        stored = model.value("n_output_features")
        assert stored == expected, (
            f"With {setting}, `n_output_features` is {stored:g}, but transform returns {expected} columns "
            f"({count_formula(d, degree, interaction_only, include_bias)}). Store the number of columns of the "
            f"features fit used.")


def _intercept_setup():
    X, y = make_data(72, 90, 2)
    return kit.Setup(X, y + 40.0, dict(degree=3, include_bias=True), ordinary=True)  # a large constant term


@pytest.mark.criterion("correctness", weight=2)
def test_bias_column_weight_zero_and_intercept_in_bias(ctx):
    require_used(ctx, "degree")
    setup = _intercept_setup()
    model = ctx.fit_setup(setup)
    ref = ctx.ref_fit(setup.X, setup.y, **setup.hyper)
    theta = ctx.theta(model)
    w0, b = float(np.asarray(theta["weights"]).ravel()[0]), float(theta["bias"])
    scale = abs(ref.bias)
    if abs(w0) <= 1e-9 * scale and abs(b - ref.bias) <= 1e-6 * scale:
        return
    if abs(w0 + b - ref.bias) <= 1e-6 * scale:
        where = ("all of it in weights[0] and bias = 0" if abs(b) <= 1e-9 * scale
                 else f"{w0:.4g} in weights[0] and {b:.4g} in bias")
        raise AssertionError(
            f"The constant term {ref.bias:.6g} is split between the column of ones and the intercept ({where}). "
            f"The column of ones duplicates the intercept, so the least-squares solution is not unique; the statement "
            f"fixes it: the constant goes in `bias` and the bias column's weight is 0.")
    raise AssertionError(
        f"With include_bias=True, weights[0] (the weight of the column of ones) is {w0:.6g} and bias is {b:.6g}; the "
        f"statement's fit has weights[0] = 0 and bias = {ref.bias:.6g}. The intercept is fitted as well as the other "
        f"weights: b = mean(y) − mean(Φ)·w.")


@pytest.mark.criterion("correctness", weight=1)
def test_intercept_without_bias_column(ctx):
    require_used(ctx, "include_bias")
    X, y = make_data(73, 90, 2)
    setup = kit.Setup(X, y + 40.0, dict(degree=2, include_bias=False), ordinary=True)
    kit.assert_fits_like_reference(ctx, setup, "With include_bias=False (no column of ones) and a constant term of "
                                               "about 40", "polynomial.intercept_without_bias_column")


@pytest.mark.criterion("correctness", weight=2)
def test_fit_degree_three_several_features(ctx):
    require_used(ctx, "degree")
    setup = kit.Setup(*make_data(74, 150, 3), dict(degree=3), ordinary=True)
    kit.assert_fits_like_reference(ctx, setup, "With d=3 and degree=3 (20 features)",
                                   "polynomial.fit_degree_three_several_features")


# ------------------------------------------------------------------ numerical stability

def _fitted_values_well(ctx) -> None:
    """For the accuracy checks: on ordinary data the attempt's predictions are the least-squares
    fitted values (else what is judged is not the solve; that is correctness's business)."""
    def compute():
        setup = kit.Setup(*make_data(75, 120, 2), dict(degree=3), ordinary=True)
        got = kit.as_float_array(ctx.fit_setup(setup).call("predict", setup.X), "predict(X)").reshape(-1)
        expected = ctx.ref_fit(setup.X, setup.y, **setup.hyper).predict(setup.X)
        return kit.is_close(got, expected, rtol=1e-8, atol=1e-8 * np.abs(expected).max())
    if not ctx.memo("polynomial.fits_ordinary_data", compute):
        raise kit.NotScorable("Not scored: even on ordinary, well-scaled data predict does not return the "
                              "least-squares fitted values, so the accuracy at high degree cannot be judged (see "
                              "correctness).")


def _accuracy_on_unscaled(ctx, X, y, X_new, degree, label):
    _fitted_values_well(ctx)
    ref = ctx.ref_new(degree=degree)
    F = ref.transform(X)
    Fc = F[:, 1:] - F[:, 1:].mean(axis=0)
    condition = np.linalg.cond(Fc)
    if not (F.max() > 10.0 ** (2 * degree - 1) and condition > 1e14):
        raise kit.KitMisuse(f"the {label} data do not create the condition (largest feature {F.max():.1e}, "
                            f"condition number {condition:.1e})")
    model = ctx.fit(X, y, degree=degree)
    got_F = kit.as_float_array(model.call("transform", X), "transform(X)")
    if got_F.shape != F.shape or not kit.is_close(got_F, F, rtol=1e-12):
        raise kit.NotScorable(f"Not scored: transform(X) does not return the statement's features with {label}, "
                              f"so the solve cannot be judged there (see correctness).")
    exact_train, exact_new = exact_fit(X, y, X_new, degree)
    scale = float(np.abs(y).max())
    for what, data, exact in (("on the training data", X, exact_train), ("on new data", X_new, exact_new)):
        got = kit.as_float_array(model.call("predict", data), "predict(X)").reshape(-1)
        if not np.all(np.isfinite(got)):
            raise AssertionError(f"With {label}, predict returns NaN or inf {what}. The least-squares fit is well "
                                 f"defined there: compute it on columns of comparable size, without forming ΦᵀΦ.")
        err = float(np.abs(got - exact).max()) / scale
        if err > 1e-8:
            raise AssertionError(f"With {label} (condition number of the features {condition:.0e}), predict is off "
                                 f"by {err:.1e} (relative to max |y|) {what} from the exact least-squares fit. "
                                 + _cause(F, y, ctx.ref_new(degree=degree).transform(data), got, exact))


def _cause(F, y, F_at, got, exact) -> str:
    """Name the usual cause from the evidence: predictions far closer to those of a truncated SVD on the
    raw columns (lstsq or pinv with their default cutoffs, which drop the same directions whatever the
    rounding of the features) than to the exact fit; anything else is, in practice, the normal equations."""
    Fc, yc = F - F.mean(axis=0), y - y.mean()
    for solve in (lambda: np.linalg.lstsq(Fc, yc, rcond=None)[0], lambda: np.linalg.pinv(Fc) @ yc):
        w = solve()
        truncated = F_at @ w + (y.mean() - F.mean(axis=0) @ w)
        if np.abs(got - truncated).max() <= 0.05 * np.abs(got - exact).max():
            return ("Your fit matches a least-squares solve on the raw columns: lstsq's (or pinv's) cutoff for small "
                    "singular values is relative to the largest one, set by the huge columns, so the directions "
                    "carried by the small columns are thrown away. Scale every column to a comparable size (e.g. unit "
                    "norm after centring) before lstsq, then divide the weights by the scales; or solve with QR.")
    return ("The usual cause is forming ΦᵀΦ (inv, or solve on the normal equations): its condition number is the "
            "square of Φ's, far beyond what float64 resolves. Solve the least-squares problem on Φ itself: lstsq on "
            "columns scaled to a comparable size (then divide the weights by the scales), or QR.")


@pytest.mark.criterion("numerical_stability", weight=2)
def test_fit_accurate_at_degree_ten_on_unscaled_x(ctx):
    X, y, hyper, X_new = high_degree_trap()
    _accuracy_on_unscaled(ctx, X, y, X_new, hyper["degree"], "degree 10 on x in [0, 100] (features up to 1e20)")


@pytest.mark.criterion("numerical_stability", weight=2)
def test_fit_accurate_at_degree_seven_with_two_features(ctx):
    X, y = unscaled(seed=63, n=200, d=2)
    X_new, _ = unscaled(seed=64, n=60, d=2)
    _accuracy_on_unscaled(ctx, X, y, X_new, 7, "degree 7 on two features in [0, 100] (36 features up to 1e14)")
