"""The result of one grade: check outcomes in, criterion scores, feedback and the overall score
out. The rules themselves (weights, thresholds, the critical criterion) live in `mlprep.rubric`."""

from __future__ import annotations

import re
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
        A comment that several criteria share appears once, under the most important of them.
        So does an error the attempt raised that recurs with other numbers only (array shapes,
        sizes) or from another method at the same line: it is said once, with the number of
        checks it broke."""
        broke: dict[str, set[str]] = {}  # an error's key -> the checks it broke
        texts: dict[str, set[str]] = {}  # an error's key -> how it was worded (shapes differ)
        for t in self.tests:
            for key, part in (_raised_errors(t.message) or []) if not t.passed else []:
                broke.setdefault(key, set()).add(t.id)
                texts.setdefault(key, set()).add(_without_where(part))
        order = sorted(self.criteria, key=lambda c: -rubric.BASE_WEIGHTS[c])
        seen: set[str] = set()
        pairs = []
        for name in order:
            for text in self.criteria[name].feedback:
                errors = _raised_errors(text)
                if errors is None:  # a comment that is not only errors the attempt raised
                    if text not in seen:
                        seen.add(text)
                        pairs.append((name, text))
                    continue
                parts = []
                for key, part in errors:
                    if key in seen:
                        continue
                    seen.add(key)
                    n = len(broke.get(key, ()))
                    if n > 1:
                        shapes = ", with other array shapes" if len(texts[key]) > 1 else ""
                        part = f"{part.rstrip(' .')} (the same error in {n} checks{shapes})."
                    parts.append(part.strip())
                if parts:
                    pairs.append((name, " ".join(parts)))
        return pairs


# "<where> raised <Exception>[ at line N][: message]", as the proxy words an exception the
# attempt raised (mlprep.grading.errors.AttemptError); a comment may join several
_RAISED_AT = re.compile(r"[\w.]+ raised \w+\b")
_NEXT_RAISED = re.compile(r"(?<=\S)\s+(?=[\w.]+ raised \w+\b)")


def _without_where(part: str) -> str:
    return re.sub(r"^[\w.]+ (raised \w+ at line \d+)", r"\1", part.strip())


def _raised_errors(text: str) -> list[tuple[str, str]] | None:
    """[(key, sentence)] when `text` consists only of errors the attempt raised, else None. Two
    sentences share a key when they differ only in numbers (array shapes and sizes), or in the
    method that raised when the line is the same (predict calling predict_proba); another line
    is another error."""
    if not text or " raised " not in text:
        return None
    parts = _NEXT_RAISED.split(text.strip())
    if not all(_RAISED_AT.match(p) for p in parts):
        return None
    return [(re.sub(r"(?<!line )\b\d+\b", "#", _without_where(p)).rstrip(" ."), p) for p in parts]


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
    keys = set()
    for text in texts:  # the same error met with other shapes takes one place, not three
        errors = _raised_errors(text)
        key = tuple(k for k, _ in errors) if errors else text
        if key not in keys:
            keys.add(key)
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
