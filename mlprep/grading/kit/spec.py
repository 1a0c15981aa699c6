"""What a problem declares about its contract, so the kit can check it: the class (or function),
its constructor, what fit learns, what each method returns, ordinary data, the stated objective,
and tags that choose the standard checks (scikit-learn's estimator tags play the same role).

A problem's hidden tests hold one `Estimator` (or `Function`) plus only the checks that are
truly its own. Everything an author can set is here, with its meaning."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

from .compare import Mismatch, as_array, kind_of

# Tags (see docs/authoring-problems.md for which checks each one brings)
TAGS = frozenset({
    "supervised", "unsupervised", "classifier", "regressor", "clusterer", "transformer",
    "iterative", "gradient-descent", "stochastic", "predict_proba", "function",
})


# ---------------------------------------------------------------- kinds of values

@dataclass(frozen=True)
class Kind:
    """What a fitted attribute or a method's output must be. `shape` uses symbols resolved per
    call: "n" rows of the X given, "d" features, "k" clusters or classes."""

    name: str
    shape: tuple = ()
    dtype: str = "float"  # float | int | any

    def dims(self, dims: dict) -> tuple:
        return tuple(dims[s] if isinstance(s, str) else s for s in self.shape)

    def problems(self, value, dims: dict, what: str) -> list[str]:
        """What is wrong with `value` against this kind, as sentences (empty: nothing)."""
        expected = self.dims(dims)
        if self.name == "history":
            return _history_problems(value, what)
        if self.name == "scalar":
            if isinstance(value, bool) or not isinstance(value, (int, float, np.number, np.ndarray)):
                return [f"`{what}` should be a single float, but is {kind_of(value)}."]
            arr = np.asarray(value)
            if arr.ndim:
                return [f"`{what}` is an array of shape {arr.shape}; store a single float (for example "
                        f"`float(b)`, or `b.item()`)."]
            return []
        try:
            arr = as_array(value, f"`{what}`")
        except Mismatch as exc:
            return [str(exc)]
        out = []
        if arr.shape != expected:
            out.append(_shape_sentence(what, arr.shape, expected, self.shape))
        if self.dtype == "int" and arr.dtype.kind == "b":
            out.append(f"`{what}` returns booleans; return integer labels (for example `.astype(int)`).")
        elif self.dtype == "int" and arr.dtype.kind not in "iu":
            out.append(f"`{what}` returns values of dtype {arr.dtype}; return integer labels "
                       f"(argmax/argmin give them, or use `.astype(int)`).")
        elif self.dtype == "float" and arr.dtype.kind != "f":
            out.append(f"`{what}` returns values of dtype {arr.dtype}; return floats.")
        if self.name == "proba" and arr.dtype.kind == "f" and arr.size and not (
                np.all(np.isfinite(arr)) and arr.min() >= 0 and arr.max() <= 1):
            out.append(f"`{what}` returns values outside [0, 1]; return probabilities.")
        return out

    def coerce(self, value, dims: dict, what: str):
        """The value read leniently (a (d, 1) column as (d,), a 1-element array as a float), for
        checks that judge values; the exact shape is judged once, by the contract checks."""
        if self.name == "history":
            return history_values(value, what)
        if self.name == "scalar":
            arr = as_array(value, f"`{what}`")
            if arr.size != 1:
                raise Mismatch(f"`{what}` has {arr.size} entries; it should be a single number.")
            return float(arr.reshape(()))
        arr = as_array(value, f"`{what}`")
        expected = self.dims(dims)
        if arr.shape != expected:
            if arr.size != int(np.prod(expected)):
                raise Mismatch(_shape_sentence(what, arr.shape, expected, self.shape))
            arr = arr.reshape(expected)
        return arr.astype(np.float64) if self.dtype == "float" else arr


def _shape_sentence(what, got, expected, symbols) -> str:
    names = "(" + ", ".join(str(s) for s in symbols) + ("," if len(symbols) == 1 else "") + ")"
    if len(expected) == 1 and got == (expected[0], 1):
        return (f"`{what}` has shape {got}, a column; store a flat array of shape {names}, {expected} "
                f"here (for example `w.ravel()`). (n,) and (n, 1) arrays broadcast into (n, n) matrices.")
    return f"`{what}` has shape {got}; it must have shape {names}, {expected} here."


def history_values(value, what: str = "loss_history") -> np.ndarray:
    """A loss history as a flat float array, or a Mismatch saying why it cannot be one."""
    if isinstance(value, (str, bytes, dict)) or value is None:
        raise Mismatch(f"`{what}` should be a list of floats, one per iteration, but is {kind_of(value)}.")
    try:
        h = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise Mismatch(f"`{what}` is not a sequence of numbers. Append one float (the objective) "
                       f"per iteration.") from None
    if h.ndim == 2 and 1 in h.shape:
        h = h.reshape(-1)
    if h.ndim != 1:
        raise Mismatch(f"`{what}` has shape {h.shape}. Keep one float per iteration in a flat list.")
    return h


def _history_problems(value, what) -> list[str]:
    try:
        h = history_values(value, what)
    except Mismatch as exc:
        return [str(exc)]
    if h.size == 0:
        return [f"`{what}` is empty after fit. Append the objective once per iteration."]
    return []


def Vector(n: str = "d") -> Kind:
    return Kind("vector", (n,), "float")


def Scalar() -> Kind:
    return Kind("scalar", (), "float")


def Matrix(rows: str = "k", cols: str = "d") -> Kind:
    return Kind("matrix", (rows, cols), "float")


def Labels(n: str = "n") -> Kind:
    return Kind("labels", (n,), "int")


def Values(n: str = "n") -> Kind:
    return Kind("values", (n,), "float")


def Probabilities(*shape: str) -> Kind:
    return Kind("proba", shape or ("n",), "float")


def History() -> Kind:
    return Kind("history", (), "any")


# ---------------------------------------------------------------- the spec

@dataclass(frozen=True)
class Group:
    """A learned parameter group (a fitted attribute fit moves). `weight` is its weight in the
    gradient checks; `penalized` says whether the penalties apply to it (the bias: no)."""

    weight: float = 1.0
    penalized: bool = True


@dataclass(frozen=True)
class Trap:
    """An adversarial input the statement warns about. The kit fits on it and checks that every
    output stays finite, and with `exact` that the parameters are the reference's
    (`stability.<name>_finite`), and that no overflow, divide-by-zero or invalid operation happens
    (`stability.<name>_no_warnings`).

    `setup()` -> (X, y, hyperparameters, X_predict or None); `situation` completes "With ...",
    `fix` says what to do. `needs(ctx)`, if given, raises NotScorable when the attempt cannot be
    brought into the situation (for example it ignores the given starting centroids)."""

    name: str
    setup: Callable[[], tuple]
    situation: str
    fix: str
    needs: Callable | None = None
    weight_finite: float = 2.0
    weight_warnings: float = 1.0
    # the fitted parameters on this trap's data are unique for the stated algorithm (a trajectory
    # with no tolerance-based decision inside it): when the attempt matches the reference on
    # ordinary data, it must match it here too (rtol 1e-4). Off by default: closed-form answers
    # may not be unique, and an inner search stopped by a tolerance may legitimately drift.
    exact: bool = False


@dataclass(frozen=True)
class Setup:
    """Data and hyperparameters for one run: X, y (None when unsupervised), hyperparameters.
    `ordinary` marks the spec's ordinary data (see Model.fit): an exception there is a fault of
    fit itself, charged to correctness, whichever check ran into it."""

    X: np.ndarray
    y: Any
    hyper: dict
    ordinary: bool = False


@dataclass(frozen=True)
class Estimator:
    """The contract of a class-based problem and what the kit needs to check it.

    cls         the class name, as in the stub
    params      the constructor's parameters and defaults, in order (the contract)
    tags        which standard checks apply (TAGS)
    data        ordinary data: data(seed, n, d) -> (X, y); y is None when unsupervised
    ordinary    hyperparameters for ordinary fits: a dict, or a function of X (e.g. an init array)
    fitted      fitted attributes -> Kind
    methods     methods called with X after fit -> Kind of their output
    groups      the learned parameters (names in `fitted`) -> Group
    objective   objective(X, y, theta, hyper) -> float: the stated objective at theta = {group: value}
    initial     initial(X, hyper) -> theta: where fit starts (zeros; the given init array)
    penalties   penalty hyperparameter -> a strong value (gradient and trajectory checks with it on)
    sizes       (X, hyper) -> {symbol: size} for shapes set by hyperparameters (n_components, the
                number of polynomial features, layer sizes) or by the data (the number of classes);
                hyper holds the params with the fit's overrides. Added to n, d and k (n_clusters).
    used        hyperparameter -> two values that must give different models (a differential run),
                optionally with a dict of other hyperparameters for that run: (a, b, {...})
    options     option hyperparameter -> the values the statement allows; `option_value(name,
                value, X)` turns a symbolic value (e.g. "array") into a concrete one for X
    compare     "exact": groups compared element by element; "rows": rows in any order (centroids)
    early_stop  () -> Setup on which fit stops well before n_iterations with the given tol
    tol_zero    () -> Setup on which the objective stops changing exactly before n_iterations
    monotone    the objective never increases on ordinary data (convex GD with a safe step; Lloyd)
    safe_step   hyperparameter overrides for the check that the objective never increases (a step
                well inside the safe range, so only a wrong update or a wrong record can make it rise)
    shapes      edge shapes checked against the reference: "single_feature", "more_features_than_samples"
    margin      margin(reference_model, X) -> array: samples with |margin| < 1e-9 are ties, whose
                labels may go either way
    advice      check id -> what to do when it fails (replaces the kit's generic advice)
    skip        check id -> why it does not apply to this problem (dev check lists these)
    traps       adversarial inputs (Trap)
    """

    cls: str
    params: dict
    tags: frozenset
    data: Callable
    ordinary: Any
    fitted: dict
    methods: dict
    groups: dict
    objective: Callable | None = None
    initial: Callable | None = None
    penalties: dict = field(default_factory=dict)
    sizes: Callable | None = None
    used: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)
    option_value: Callable | None = None
    compare: str = "exact"
    early_stop: Callable | None = None
    tol_zero: Callable | None = None
    monotone: bool = True
    safe_step: dict = field(default_factory=dict)
    shapes: tuple = ("single_feature", "more_features_than_samples")
    margin: Callable | None = None
    advice: dict = field(default_factory=dict)
    skip: dict = field(default_factory=dict)
    traps: tuple = ()
    n: int = 120
    d: int = 4
    history: str = "loss_history"
    custom: dict = field(default_factory=dict)  # non-default constructor values for the storage check
    start: Callable | None = None  # start(X) -> hyperparameters that pin where fit starts (an init array)
    deviations: tuple = ()  # ((variant(X, y, theta, hyper) -> float, sentence), ...): histories that record
    #                         a known wrong quantity, named when the loss history matches one

    def __post_init__(self):
        object.__setattr__(self, "tags", frozenset(self.tags))
        unknown = self.tags - TAGS
        if unknown:
            raise ValueError(f"unknown tags {sorted(unknown)}; known: {sorted(TAGS)}")
        for name in self.groups:
            if name not in self.fitted:
                raise ValueError(f"group {name!r} is not a fitted attribute")

    @property
    def supervised(self) -> bool:
        return "supervised" in self.tags

    @property
    def iterative(self) -> bool:
        return "iterative" in self.tags

    def hyper(self, X, **overrides) -> dict:
        base = self.ordinary(X) if callable(self.ordinary) else dict(self.ordinary)
        return {**base, **overrides}

    def setup(self, seed: int = 0, n: int | None = None, d: int | None = None, *, pinned: bool = False,
              **overrides) -> Setup:
        """Ordinary data of the given size with the ordinary hyperparameters (plus overrides);
        `pinned` adds the hyperparameters that fix the starting point (see `start`)."""
        X, y = self.data(seed, n or self.n, d or self.d)
        pin = self.start(X) if pinned and self.start else {}
        return Setup(X, y, self.hyper(X, **pin, **overrides), ordinary=True)

    def dims(self, X, hyper: dict) -> dict:
        k = hyper.get("n_clusters", self.params.get("n_clusters"))
        found = {"n": len(X), "d": X.shape[1], "k": k}
        if self.sizes is not None:
            found.update(self.sizes(X, {**self.params, **hyper}))
        return found

    def advice_for(self, check_id: str, default: str) -> str:
        return self.advice.get(check_id, default)


@dataclass(frozen=True)
class Function:
    """The contract of a problem whose answer is a function (metrics, splits, scalers written as
    functions): `name(*args, **params)`.

    cases       () -> list of (args tuple, kwargs dict) covering the ordinary and edge inputs
    output      Kind of the result (a tuple of Kinds when it returns several arrays)
    sized       sized(n) -> (args, kwargs) of size n, for the vectorization checks
    """

    name: str
    params: dict
    cases: Callable
    output: Any
    sized: Callable | None = None
    rtol: float = 1e-9
    atol: float = 1e-12
    tags: frozenset = frozenset({"function"})
    advice: dict = field(default_factory=dict)
    skip: dict = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "tags", frozenset(self.tags) | {"function"})

    def advice_for(self, check_id: str, default: str) -> str:
        return self.advice.get(check_id, default)
