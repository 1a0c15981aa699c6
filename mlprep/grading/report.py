"""The result of one grade: check outcomes in, criterion scores, feedback and the overall score
out. The rules themselves (weights, thresholds, the critical criterion) live in `mlprep.rubric`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .. import rubric

SCHEMA = 2  # 2: check ids are "<area>.<name>", and the outcome "not_scorable" exists


@dataclass
class CheckResult:
    id: str
    criterion: str
    outcome: str  # one of rubric.OUTCOMES
    message: str = ""
    weight: float = 1.0
    static: bool = False  # decided by reading the file (the static stage), not by running it
    cause: str | None = None  # failed only because the check with this id failed (reported there)

    @property
    def passed(self) -> bool:
        return self.outcome == "passed"

    @property
    def scorable(self) -> bool:
        return self.outcome != "not_scorable"


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
    # the protection the attempt ran under: ("kernel" | "basic", detail), None when it never ran
    sandbox: tuple[str, str] | None = None

    @property
    def critical_failed(self) -> bool:
        """Correctness failed, so the overall score was scaled down by it (see mlprep.rubric)."""
        c = self.criteria.get(rubric.CRITICAL)
        return self.error is None and c is not None and c.status == "fail"

    def to_dict(self) -> dict:
        return {
            "schema": SCHEMA,
            "problem": self.problem,
            "attempt": self.attempt,
            "score": self.score,
            "passed": self.passed,
            "error": self.error,
            "criteria": {name: asdict(c) for name, c in self.criteria.items()},
            "tests": [{"id": t.id, "criterion": t.criterion, "outcome": t.outcome, "message": t.message,
                       "cause": t.cause} for t in self.tests],
            "duration_s": round(self.duration_s, 3),
            "curves": self.curves,
            "sandbox": self.sandbox[0] if self.sandbox else None,
            "sandbox_detail": self.sandbox[1] if self.sandbox else None,
        }

    def feedback(self) -> list[tuple[str, str]]:
        """(criterion, comment) pairs, most important first: by criterion weight, then order.
        A comment that several criteria share appears once, under the most important of them."""
        order = sorted(self.criteria, key=lambda c: -rubric.BASE_WEIGHTS[c])
        seen: set[str] = set()
        pairs = []
        for name in order:
            for text in self.criteria[name].feedback:
                if text not in seen:
                    seen.add(text)
                    pairs.append((name, text))
        return pairs


def _comments(mine: list[CheckResult], notes: list[str], score: float) -> list[str]:
    """Failures by weight, then the static notes that explain a lost score. When nothing could
    be scored, the reasons why (the not-scorable messages) are the feedback."""
    reported = {c.id for c in mine if c.scorable and not c.passed}
    failing = sorted((c for c in mine if c.scorable and not c.passed and c.cause not in reported),
                     key=lambda c: -c.weight)
    texts = [c.message for c in failing if c.message]
    if not any(c.scorable for c in mine if not c.static):
        texts += [c.message for c in mine if not c.scorable and c.message]
    if score < rubric.PASS_AT:
        texts += notes
    comments: list[str] = []
    for text in texts:
        if text not in comments:
            comments.append(text)
    return comments[:rubric.MAX_FEEDBACK]


def build_report(*, problem: str, attempt: str, applicable: list[str], checks: list[CheckResult],
                 notes: dict[str, list[str]] | None = None, error: str | None = None,
                 duration_s: float = 0.0, curves: dict | None = None) -> GradeReport:
    """Score checks into a report. With `error`, every applicable criterion scores 0."""
    notes = notes or {}
    weights = rubric.effective_weights(applicable)
    criteria: dict[str, CriterionResult] = {}
    for name in rubric.CRITERIA:
        if name not in applicable:
            criteria[name] = CriterionResult(score=None, status="n/a", weight=0.0)
            continue
        mine = [c for c in checks if c.criterion == name]
        if error is not None:
            score, comments = 0.0, ["Not graded: the attempt could not be run (see the error)."]
        else:
            score = rubric.criterion_score(mine) or 0.0
            comments = _comments(mine, notes.get(name, []), score)
        criteria[name] = CriterionResult(score=score, status=rubric.status_of(score), weight=weights[name],
                                         feedback=comments)
    scores = {c: criteria[c].score for c in applicable}
    overall = 0.0 if error is not None else rubric.overall_score(scores, weights)
    return GradeReport(problem=problem, attempt=attempt, score=overall,
                       passed=rubric.passes(scores, overall, error), error=error,
                       criteria=criteria, tests=checks, duration_s=duration_s, curves=curves or {})
