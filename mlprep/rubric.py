"""The rubric, in one place: the five criteria, their weights and labels, the thresholds, and
how check outcomes become scores. Everything that shows or stores a score reads it from here
(documented in the README's "The rubric").

Scoring:
- each check has a criterion and a weight. A check is `passed`, `failed`, `error`, `timeout`, or
  `not_scorable` (its prerequisite fails on ordinary input: the failure is charged once, to the
  check that owns the prerequisite, and this check is left out);
- a criterion's score is 100 × (weight of passed checks) / (weight of its scorable checks). A
  criterion none of whose hidden checks could be scored scores 0, never n/a (the static checks
  of the file alone do not make a score);
- status: `pass` at 100, `partial` from 50 up to 100, `fail` below 50, `n/a` when the problem
  has no checks for the criterion (its weight is shared out among the others in proportion);
- the overall score is the weighted mean of the criteria, except that correctness is critical:
  when correctness fails (below 50) the weighted mean is multiplied by correctness/100, so an
  attempt that computes the wrong thing reads as failing (below 50) whatever else it does well,
  and among such attempts a better one still scores higher;
- an attempt passes when there is no error, correctness is `pass`, no criterion is `fail`, and
  the overall score is at least 80.
"""

from __future__ import annotations

CRITERIA = ("correctness", "vectorization", "numerical_stability", "organization", "convergence")
BASE_WEIGHTS = {"correctness": 35.0, "vectorization": 20.0, "numerical_stability": 20.0,
                "organization": 12.5, "convergence": 12.5}
LABELS = {"correctness": "Correctness", "vectorization": "Vectorization",
          "numerical_stability": "Numerical stability", "organization": "Organization",
          "convergence": "Convergence"}
SHORT_LABELS = {"correctness": "Correct", "vectorization": "Vector", "numerical_stability": "Stable",
                "organization": "Organiz", "convergence": "Converge"}
CRITICAL = "correctness"

PASS_AT = 100.0  # a criterion passes only with every scorable check passed
PARTIAL_AT = 50.0  # below this a criterion fails
OVERALL_PASS_AT = 80.0
MAX_FEEDBACK = 3  # comments per criterion in a report

OUTCOMES = ("passed", "failed", "error", "timeout", "not_scorable")


def status_of(score: float | None) -> str:
    if score is None:
        return "n/a"
    if score >= PASS_AT:
        return "pass"
    return "partial" if score >= PARTIAL_AT else "fail"


def effective_weights(applicable) -> dict[str, float]:
    """The weight of each criterion in the overall score, in percent; 0 for the n/a ones."""
    total = sum(BASE_WEIGHTS[c] for c in applicable) or 1.0
    return {c: (round(100.0 * BASE_WEIGHTS[c] / total, 2) if c in applicable else 0.0) for c in CRITERIA}


def criterion_score(checks) -> float | None:
    """Score of one criterion from its checks (objects with `outcome`, `weight` and `static`).
    None when the criterion has no checks at all."""
    if not checks:
        return None
    hidden = [c for c in checks if not c.static]
    if hidden and all(c.outcome == "not_scorable" for c in hidden):
        return 0.0
    scorable = [c for c in checks if c.outcome != "not_scorable"]
    total = sum(c.weight for c in scorable)
    if total <= 0:
        return 0.0
    return round(100.0 * sum(c.weight for c in scorable if c.outcome == "passed") / total, 1)


def overall_score(scores: dict[str, float], weights: dict[str, float]) -> float:
    """The weighted mean of the applicable criteria, scaled down by correctness when it fails."""
    applicable = [c for c in scores if weights.get(c, 0) > 0]
    total = sum(weights[c] for c in applicable)
    if total <= 0:
        return 0.0
    mean = sum(weights[c] * scores[c] for c in applicable) / total
    critical = scores.get(CRITICAL)
    if critical is not None and critical < PARTIAL_AT:
        mean *= critical / 100.0
    return round(mean, 1)


def passes(scores: dict[str, float | None], overall: float, error: str | None) -> bool:
    return (error is None and status_of(scores.get(CRITICAL)) == "pass"
            and all(status_of(s) != "fail" for s in scores.values() if s is not None)
            and overall >= OVERALL_PASS_AT)
