"""Gradient checks (tag "gradient-descent"): the step fit takes is the gradient of the stated
objective. The step is read from the attempt itself, (θ_k − θ_{k+1}) / learning_rate at the
3rd iterate, and compared with central differences of the objective, one parameter group at a
time (a norm over all groups would hide a bias gradient of 0 behind large weight gradients),
with each penalty off and then strong. Measured separation: correct code about 1e-10, every
common bug 1e-3 or more; the bar is 1e-6."""

from __future__ import annotations

from .compare import gradient_error
from .context import Context
from .diagnose import explain, start_sentence, step_evidence, step_sentence
from .registry import Check, family
from .spec import Estimator

GRADIENT_TOL = 1e-6


def applies(spec) -> bool:
    return isinstance(spec, Estimator) and "gradient-descent" in spec.tags and spec.objective is not None


def _check_group(group: str, penalty: str | None):
    def run(ctx: Context):
        ev = step_evidence(ctx, penalty)
        err = gradient_error(ev.step[group], ev.numeric[group])
        if err < GRADIENT_TOL:
            return
        setting = f"With {penalty}={ev.strength:g} the" if penalty else "The"
        cause = explain(start_sentence, ctx)
        if cause:  # the two fits the step is read from do not follow the stated path: say why, not "gradient"
            raise AssertionError(f"{setting} step fit takes on `{group}` cannot be read as the stated gradient step, "
                                 f"because {cause[0].lower() + cause[1:]}")
        cause = explain(step_sentence, ctx, group, penalty)
        check_id = gradient_id(group, penalty)
        raise AssertionError(
            f"{setting} step fit takes on `{group}` at iteration 3 is not the gradient of the stated "
            f"objective (relative error {err:.1e} against central differences). " +
            (cause or ctx.spec.advice_for(check_id, "Derive the gradient of the objective exactly as stated.")))
    return run


def gradient_id(group: str, penalty: str | None) -> str:
    return f"gradient.{group}" + (f"_with_{penalty}" if penalty else "")


@family
def gradient_checks(spec) -> list[Check]:
    """One check per parameter group, and per group and penalty."""
    if not applies(spec):
        return []
    out = []
    for penalty in [None, *spec.penalties]:
        for group, info in spec.groups.items():
            cid = gradient_id(group, penalty)
            out.append(Check(cid, "correctness", info.weight, lambda s: True, _check_group(group, penalty),
                             f"The step on `{group}` is the gradient of the stated objective"
                             + (f" with {penalty} on." if penalty else ".")))
    return out

