"""The kit's view of one grade: the attempt, the reference, the spec, and what is known so far.

Checks never talk to the worker directly: they go through `Context` and `Model`, which know
which parts of the contract each call relies on (fitting, a fitted attribute, a method, an
option such as init="random"). Each part is tried once on ordinary data, lazily (a *probe*).
When a part already fails there, a check that relies on it is *not scorable*: that failure is
charged once, to the check that owns the part (contract.fit_runs, contract.fitted_attributes,
contract.outputs, contract.options, iterative.history_is_recorded), and not again to every
stability, organization or vectorization check that happens to read it. A part that works on
ordinary data but fails on a check's own (adversarial) input is a real failure of that check,
so leaving something out can never earn points.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass

import numpy as np

from ..errors import AttemptError, AttemptProblem, AttemptTimeout, NotScorable
from ..session import Remote
from .compare import Mismatch
from .spec import Kind

MEMO_KEY = "mlprep.kit.context"
ARRAY = "array"  # the symbolic option value "an array" (e.g. init as starting centroids)

# the check that owns each part of the contract, and that check's criterion
OWNERS = {"fit": ("contract.fit_runs", "correctness"), "attr": ("contract.fitted_attributes", "correctness"),
          "method": ("contract.outputs", "correctness"), "option": ("contract.options", "correctness"),
          "history": ("iterative.history_is_recorded", "convergence")}


@dataclass
class Probe:
    """What one part of the contract did on ordinary data."""

    ok: bool
    why: str = ""  # a sentence for the learner when not ok
    timeout: bool = False


class Context:
    """Everything one grade's checks share. Created once per grade (see `of`)."""

    def __init__(self, spec, attempt, reference, curves):
        self.spec, self.attempt, self.reference, self.curves = spec, attempt, reference, curves
        self._memo: dict = {}
        self._probes: dict[str, Probe] = {}
        self._benign: tuple | None = None  # (model, setup) of the ordinary fit

    @classmethod
    def of(cls, memo: dict, spec, attempt, reference, curves) -> "Context":
        ctx = memo.get(MEMO_KEY)
        if ctx is None or ctx.attempt is not attempt:
            ctx = memo[MEMO_KEY] = cls(spec, attempt, reference, curves)
        return ctx

    # ------------------------------------------------------------ shared results

    def memo(self, key, compute):
        """`compute()` once per grade (plain parent-side data only). Nothing is stored when it raises."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def last(self):
        """What the last call into the attempt observed: fp_events, mutated, stdout, cpu_s..."""
        return self.attempt.last

    # ------------------------------------------------------------ building models

    def new(self, **hyper) -> "Model":
        for name, value in hyper.items():
            if name in self.spec.options:
                self.require(option_feature(name, value))
        return Model(self, self.attempt.new(self.spec.cls, **hyper), hyper)

    def fit(self, X, y=None, **hyper) -> "Model":
        """Construct with `hyper` and fit (never chained on fit's return value)."""
        model = self.new(**hyper)
        model.fit(X, y)
        return model

    def fit_setup(self, setup, **overrides) -> "Model":
        model = self.new(**{**setup.hyper, **overrides})
        model.fit(setup.X, setup.y, ordinary=setup.ordinary)
        return model

    def ref_new(self, **hyper):
        return getattr(self.reference, self.spec.cls)(**hyper)

    def ref_fit(self, X, y=None, **hyper):
        """The reference fitted on (X, y) with `hyper`. Several checks fit it on the same data (the
        ordinary setup, above all), so each distinct fit runs once per grade; every caller gets its
        own copy, so a check that changes its model changes nobody else's."""
        key = ("ref_fit", _data_key(X), _data_key(y), tuple(sorted((k, _data_key(v)) for k, v in hyper.items())))
        if key not in self._memo:
            model = self.ref_new(**hyper)
            self._memo[key] = model.fit(X) if y is None else model.fit(X, y)
        return copy.deepcopy(self._memo[key])

    def ref_with(self, theta: dict, **hyper):
        """A reference model holding the given fitted parameters (to judge a method on its own)."""
        model = self.ref_new(**hyper)
        for name, value in theta.items():
            setattr(model, name, value)
        return model

    # ------------------------------------------------------------ prerequisites

    def require(self, feature: str) -> None:
        """Raise NotScorable when `feature` already fails on ordinary data."""
        if feature != "fit" and not self.works("fit"):
            feature = "fit"  # fit fails whatever is asked of it: one cause, reported once
        probe = self.probe(feature)
        if not probe.ok:
            part = "history" if feature == f"attr:{self.spec.history}" else feature.split(":")[0]
            owner, criterion = OWNERS[part]
            raise NotScorable(f"Not scored: {probe.why} (counted once, by {owner}).", owner=owner,
                              criterion=criterion)

    def works(self, feature: str) -> bool:
        return self.probe(feature).ok

    def probe(self, feature: str) -> Probe:
        if feature not in self._probes:
            self._probes[feature] = self._run_probe(feature)
        return self._probes[feature]

    def benign(self):
        """(model, setup) of the ordinary fit every probe starts from (None when it failed)."""
        self.probe("fit")
        return self._benign

    def _run_probe(self, feature: str) -> Probe:
        spec = self.spec
        kind, _, name = feature.partition(":")
        if kind == "fit":
            setup = spec.setup(seed=0)
            try:
                remote = self.fresh_fit(setup.hyper, setup.X, setup.y)
            except AttemptProblem as exc:
                return _failed(f"fit fails on ordinary data ({exc})", exc)
            self._benign = (remote, setup)
            return Probe(True)
        if not self.works("fit"):  # every other part is tried after an ordinary fit
            return self._probes["fit"]
        if kind == "attr":
            remote, setup = self._benign
            attr_kind = spec.fitted.get(name)
            try:
                if not remote.has(name):
                    return Probe(False, f"the model has no `{name}` after fit on ordinary data")
                value = remote.get(name)
                if attr_kind is not None:
                    attr_kind.coerce(value, spec.dims(setup.X, setup.hyper), name)
            except AttemptProblem as exc:
                return _failed(f"reading `{name}` after fit fails ({exc})", exc)
            except Mismatch as exc:
                return Probe(False, f"after fit on ordinary data {exc.detail[0].lower() + exc.detail[1:]}")
            return Probe(True)
        if kind == "method":
            remote, setup = self._benign
            try:
                remote.call(name, setup.X)
            except AttemptProblem as exc:
                return _failed(f"{name} fails on ordinary data ({exc})", exc)
            return Probe(True)
        if kind == "option":
            option, _, symbol = name.partition("=")
            setup = spec.setup(seed=0)
            value = spec.option_value(option, symbol, setup.X) if spec.option_value else symbol
            try:
                self.fresh_fit({**setup.hyper, option: value}, setup.X, setup.y)
            except AttemptProblem as exc:
                return _failed(f"{option}={_show(symbol)} fails on ordinary data ({exc})", exc)
            return Probe(True)
        raise ValueError(f"unknown feature {feature!r}")

    def measured_fit(self, X, y, hyper: dict, mode: str) -> "Model":
        """fit on ordinary data under a measurement mode ("trace" counts line events, "timed" CPU time)."""
        model = self.new(**hyper)
        model.fit(X, y, ordinary=True, mode=mode)
        return model

    def fresh_fit(self, hyper: dict, X, y) -> Remote:
        """A new instance fitted as it is, with no prerequisite consulted (probes, and the checks
        that own a prerequisite)."""
        remote = self.attempt.new(self.spec.cls, **hyper)
        remote.call("fit", *fit_args(X, y))
        return remote

    def blame_fit(self, exc: AttemptError, X, y, hyper: dict) -> None:
        """fit raised `exc` on ordinary data. If a fresh instance raises too on the same data and
        hyperparameters, the fault is fit's own (correctness, see contract.fit_runs), not what the
        running check is about: raise NotScorable for it. Otherwise return (a real failure)."""
        try:
            self.fresh_fit(hyper, X, y)
        except AttemptError:
            owner, criterion = OWNERS["fit"]
            raise NotScorable(f"Not scored: fit fails on ordinary data ({exc}) (counted once, by {owner}).",
                              owner=owner, criterion=criterion) from None

    # ------------------------------------------------------------ reading models

    def theta(self, model: "Model") -> dict:
        """The learned parameter groups, read leniently (shapes are judged by the contract checks)."""
        return {name: model.value(name) for name in self.spec.groups}

    def history(self, model: "Model") -> np.ndarray:
        return model.value(self.spec.history)


class Model:
    """An attempt's object, reached through the worker, with the contract parts it uses gated."""

    def __init__(self, ctx: Context, remote: Remote, hyper: dict):
        self.ctx, self.remote, self.hyper = ctx, remote, hyper
        self.dims: dict | None = None

    def fit(self, X, y=None, *, readonly: bool = False, ordinary: bool = False, mode: str = "plain"):
        """Returns what fit returned (a Remote when it returned an object).

        With `ordinary` (the spec's ordinary data), an exception that a fresh instance raises too on
        the same data and hyperparameters is a fault of fit itself, not of what the check was about:
        it is charged to correctness (contract.fit_runs tries several ordinary data sets), and a check
        of another criterion that ran into it is not scorable."""
        self.ctx.require("fit")
        self.dims = self.ctx.spec.dims(X, self.hyper)
        try:
            return self.remote.call("fit", *fit_args(X, y), _readonly=readonly, _mode=mode)
        except AttemptError as exc:
            if ordinary and not readonly:
                self.ctx.blame_fit(exc, X, y, self.hyper)
            raise

    def call(self, method: str, *args, _mode: str = "plain", _readonly: bool = False, **kwargs):
        if method in self.ctx.spec.methods:
            self.ctx.require(f"method:{method}")
        return self.remote.call(method, *args, _mode=_mode, _readonly=_readonly, **kwargs)

    def attr(self, name: str):
        if name in self.ctx.spec.fitted:
            self.ctx.require(f"attr:{name}")
        return self.remote.get(name)

    def value(self, name: str):
        """A fitted attribute read leniently by its Kind; a Mismatch says why it cannot be read."""
        kind: Kind = self.ctx.spec.fitted[name]
        return kind.coerce(self.attr(name), self.dims or {}, name)

    def optional(self, name: str):
        """The attribute's value, or None when it does not even exist on ordinary data (a missing
        `loss_history` is judged by the convergence checks, not by every check that reads it)."""
        if not self.ctx.works(f"attr:{name}"):
            return None
        return self.value(name)

    def has(self, name: str) -> bool:
        return self.remote.has(name)

    def state(self) -> dict:
        return self.remote.state()

    def set(self, name: str, value) -> None:
        self.remote.set(name, value)


def fit_args(X, y) -> tuple:
    return (X,) if y is None else (X, y)


def option_feature(name: str, value) -> str:
    return f"option:{name}={ARRAY if isinstance(value, np.ndarray) else value}"


def _show(symbol: str) -> str:
    return "an array" if symbol == ARRAY else repr(symbol)


def _data_key(value):
    """A hashable stand-in for a fit's argument: arrays by dtype, shape and content."""
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.shape, hashlib.blake2b(np.ascontiguousarray(value).tobytes(),
                                                                       digest_size=16).digest())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_data_key(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((str(k), _data_key(v)) for k, v in value.items())))
    return (type(value).__name__, repr(value))


def _failed(why: str, exc: Exception) -> Probe:
    return Probe(False, why, timeout=isinstance(exc, AttemptTimeout))
