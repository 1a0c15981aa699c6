"""The result of one grade, and how scores are computed from check outcomes.

Scoring (documented in README "The rubric"):
- each check (hidden test or static check) has a criterion and a weight; a criterion's score is
  100 × (weight of passed checks) / (weight of all its checks);
- status: `pass` at 100, `partial` from 50 up to 100, `fail` below 50, `n/a` when the problem
  has no checks for the criterion;
- the overall score is the weighted mean over applicable criteria (correctness 35,
  vectorization 20, numerical_stability 20, organization 12.5, convergence 12.5; the weight of a
  criterion that is n/a is shared out in proportion);
- `passed`: no error, correctness `pass`, no criterion `fail`, and overall score at least 80.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SCHEMA = 1
CRITERIA = ("correctness", "vectorization", "numerical_stability", "organization", "convergence")
BASE_WEIGHTS = {"correctness": 35.0, "vectorization": 20.0, "numerical_stability": 20.0,
                "organization": 12.5, "convergence": 12.5}
PASS_AT, PARTIAL_AT, OVERALL_PASS_AT = 100.0, 50.0, 80.0
MAX_FEEDBACK = 3  # comments per criterion


@dataclass
class CheckResult:
    id: str
    criterion: str
    outcome: str  # passed | failed | error | timeout
    message: str = ""
    weight: float = 1.0

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"


@dataclass
class CriterionResult:
    score: float | None
    status: str  # pass | partial | fail | n/a
    weight: float
    feedback: list[str] = field(default_factory=list)


@dataclass
class GradeReport:
    problem: str
    attempt: str
    score: float
    passed: bool
    error: str | None
    criteria: dict[str, CriterionResult]
    tests: list[CheckResult]
    duration_s: float
    curves: dict[str, list[float]] = field(default_factory=dict)  # loss histories for plotting

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "problem": self.problem,
            "attempt": self.attempt,
            "score": self.score,
            "passed": self.passed,
            "error": self.error,
            "criteria": {name: asdict(c) for name, c in self.criteria.items()},
            "tests": [{"id": t.id, "criterion": t.criterion, "outcome": t.outcome, "message": t.message}
                      for t in self.tests],
            "duration_s": round(self.duration_s, 3),
            "curves": self.curves,
        }

    def feedback(self) -> list[tuple[str, str]]:
        """(criterion, comment) pairs, most important first: by criterion weight, then order.
        A comment that several criteria share (one exception failing everything) appears once,
        under the most important of them."""
        order = sorted(self.criteria, key=lambda c: -BASE_WEIGHTS[c])
        seen: set[str] = set()
        pairs = []
        for name in order:
            for text in self.criteria[name].feedback:
                if text not in seen:
                    seen.add(text)
                    pairs.append((name, text))
        return pairs


def status_of(score: float | None) -> str:
    if score is None:
        return "n/a"
    if score >= PASS_AT:
        return "pass"
    return "partial" if score >= PARTIAL_AT else "fail"


def effective_weights(applicable: list[str]) -> dict[str, float]:
    total = sum(BASE_WEIGHTS[c] for c in applicable) or 1.0
    return {c: (round(100.0 * BASE_WEIGHTS[c] / total, 2) if c in applicable else 0.0) for c in CRITERIA}


def build_report(*, problem: str, attempt: str, applicable: list[str], checks: list[CheckResult],
                 notes: dict[str, list[str]] | None = None, error: str | None = None,
                 duration_s: float = 0.0, curves: dict | None = None) -> GradeReport:
    """Score checks into a report. With `error`, every applicable criterion scores 0."""
    notes = notes or {}
    weights = effective_weights(applicable)
    criteria: dict[str, CriterionResult] = {}
    for name in CRITERIA:
        if name not in applicable:
            criteria[name] = CriterionResult(score=None, status="n/a", weight=0.0)
            continue
        mine = [c for c in checks if c.criterion == name]
        total = sum(c.weight for c in mine)
        if error is not None or total <= 0:
            score = 0.0
        else:
            score = round(100.0 * sum(c.weight for c in mine if c.passed) / total, 1)
        failing = sorted((c for c in mine if not c.passed), key=lambda c: -c.weight)
        comments = []
        for text in [c.message for c in failing if c.message] + (notes.get(name, []) if score < PASS_AT else []):
            if text not in comments:
                comments.append(text)
        if error is not None:
            comments = ["Not graded: the attempt could not be run (see the error)."]
        criteria[name] = CriterionResult(score=score, status=status_of(score), weight=weights[name],
                                         feedback=comments[:MAX_FEEDBACK])
    overall = 0.0 if error is not None else round(
        sum(weights[c] * criteria[c].score for c in applicable) / max(sum(weights[c] for c in applicable), 1e-9), 1)
    passed = (error is None and criteria["correctness"].status == "pass"
              and all(criteria[c].status != "fail" for c in applicable) and overall >= OVERALL_PASS_AT)
    return GradeReport(problem=problem, attempt=attempt, score=overall, passed=passed, error=error,
                       criteria=criteria, tests=checks, duration_s=duration_s, curves=curves or {})
