"""The battery of standard checks and how a problem's hidden tests receive them.

Each check has a stable id (`<area>.<name>`, the same in every problem and in `--json`), a
criterion, a weight, and a rule saying which problems it applies to (by their tags). A
problem's `test_hidden.py` calls `kit.install(SPEC, globals())`: every applicable check becomes
a pytest test in that module (and the `ctx` fixture with it); a check the spec skips is listed
with its written reason by `mlprep dev check`. scikit-learn's `parametrize_with_checks` is the
model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest

from ... import rubric
from .context import Context


@dataclass(frozen=True)
class Check:
    id: str
    criterion: str
    weight: float
    applies: Callable  # applies(spec) -> bool
    fn: Callable  # fn(ctx)
    doc: str

    @property
    def test_name(self) -> str:
        return "test_" + self.id.replace(".", "__")


REGISTRY: dict[str, Check] = {}
FAMILIES: list[Callable] = []  # family(spec) -> [Check]: checks made per parameter group, per trap...


def check(id: str, criterion: str, weight: float = 1.0, applies: Callable | None = None):
    """Register a standard check: `@check("contract.fit_returns_self", "organization", 2)`."""
    if criterion not in rubric.CRITERIA:
        raise ValueError(f"unknown criterion {criterion!r}")

    def register(fn):
        if id in REGISTRY:
            raise ValueError(f"two checks with the id {id!r}")
        REGISTRY[id] = Check(id, criterion, weight, applies or (lambda spec: True), fn,
                             (fn.__doc__ or "").strip().split("\n")[0])
        return fn
    return register


def family(fn):
    """Register a function that makes checks from a spec (one per parameter group, per trap...)."""
    FAMILIES.append(fn)
    return fn


def _load_battery() -> None:
    # the modules that define checks register them when imported
    from . import contract, function, iterative, gradient, reference, stability, vector  # noqa: F401


def applicable(spec) -> list[Check]:
    """Checks whose rule matches the spec's tags, in the registry's order (skips included)."""
    _load_battery()
    checks = [c for c in REGISTRY.values() if c.applies(spec)]
    for make in FAMILIES:
        checks += make(spec)
    ids = [c.id for c in checks]
    if len(set(ids)) != len(ids):
        raise ValueError(f"two checks share an id: {sorted(i for i in ids if ids.count(i) > 1)}")
    return checks


def selected(spec) -> tuple[list[Check], dict[str, str]]:
    """(checks that run, {id: reason} for the ones the spec skips)."""
    checks = applicable(spec)
    unknown = set(spec.skip) - {c.id for c in checks}
    if unknown:
        raise ValueError(f"the spec skips checks that do not apply or do not exist: {sorted(unknown)}")
    return [c for c in checks if c.id not in spec.skip], {i: r for i, r in spec.skip.items()}


def install(spec, namespace: dict) -> None:
    """Put the `ctx` fixture and every applicable standard check into a hidden-test module."""

    @pytest.fixture
    def ctx(attempt, reference, curves, grade_memo):
        return Context.of(grade_memo, spec, attempt, reference, curves)

    namespace["ctx"] = ctx
    namespace["KIT_SKIPPED"] = dict(spec.skip)
    module = namespace.get("__name__", __name__)
    for chk in selected(spec)[0]:
        namespace[chk.test_name] = _as_test(chk, module)


def _as_test(chk: Check, module: str):
    def test(ctx):
        chk.fn(ctx)

    test.__name__ = test.__qualname__ = chk.test_name
    test.__module__ = module
    test.__doc__ = chk.doc
    test = pytest.mark.check(chk.id)(test)
    return pytest.mark.criterion(chk.criterion, weight=chk.weight)(test)
