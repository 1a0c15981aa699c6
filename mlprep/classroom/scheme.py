"""The teacher's marking scheme: which criteria count, their weights, the points a perfect
submission earns, the pass mark, and whether correctness is critical. Read from a small TOML file;
without one it is the rubric's (`mlprep.rubric`), so a submission's score out of 100 is exactly the
score `mlprep grade` shows.

    # mlprep-class.toml
    total = 20              # points for a perfect submission (default 100)
    pass_at = 60            # percent of the total needed to pass (default 80)
    critical = true         # correctness below 50 scales the whole score down (default true)
    visibility = "visible"  # Gradescope: visible | hidden | after_due_date | after_published

    [weights]               # criteria left out do not count (default: the rubric's weights)
    correctness = 50
    vectorization = 25
    numerical_stability = 25

A scheme is applied to reports when outputs are written, never when grading: changing it re-marks
a class without grading anything again.

Marks: a criterion's points are its share of the total times its score (0-100) / 100; weights of
criteria the problem has no checks for (n/a) are shared out among the others in proportion, as the
rubric does. When correctness counts, is critical and scores below 50, every criterion's points
are multiplied by correctness / 100 (the rubric's rule), so the points of the criteria always add
up to the score. A submission passes when it was graded without error, correctness (if it counts)
is `pass`, no counted criterion is `fail`, and the score reaches `pass_at` percent of the total.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .. import rubric
from ..errors import UsageError

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
KEYS = ("total", "pass_at", "critical", "visibility", "weights")


@dataclass(frozen=True)
class Scheme:
    weights: dict[str, float] = field(default_factory=lambda: dict(rubric.BASE_WEIGHTS))
    total: float = 100.0
    pass_at: float = rubric.OVERALL_PASS_AT
    critical: bool = True
    visibility: str = "visible"
    source: str | None = None  # the file it was read from, for messages

    def counted(self, applicable) -> dict[str, float]:
        """Weight of each counted criterion in percent (adding up to 100), among `applicable`
        (the criteria the problem has checks for)."""
        mine = {c: self.weights.get(c, 0.0) for c in rubric.CRITERIA if c in applicable}
        mine = {c: w for c, w in mine.items() if w > 0}
        total = sum(mine.values())
        if total <= 0:
            return {}
        return {c: round(100.0 * w / total, 2) for c, w in mine.items()}

    def points(self, applicable) -> dict[str, float]:
        """The most points each counted criterion can earn."""
        return {c: round(self.total * w / 100.0, 2) for c, w in self.counted(applicable).items()}

    def whole_points(self, applicable) -> dict[str, int]:
        """Whole points per counted criterion adding up to the total (largest remainders), for
        platforms that take integers (GitHub Classroom's max-score)."""
        exact = {c: self.total * w / 100.0 for c, w in self.counted(applicable).items()}
        whole = {c: int(v) for c, v in exact.items()}
        left = int(round(self.total)) - sum(whole.values())
        for c in sorted(exact, key=lambda c: (-(exact[c] - whole[c]), c))[:max(0, left)]:
            whole[c] += 1
        return whole

    def to_toml(self) -> str:
        lines = [f"total = {self.total:g}", f"pass_at = {self.pass_at:g}",
                 f"critical = {'true' if self.critical else 'false'}", f'visibility = "{self.visibility}"',
                 "", "[weights]"]
        lines += [f"{c} = {w:g}" for c, w in self.weights.items() if w > 0]
        return "\n".join(lines) + "\n"

    def mark(self, report: dict | None, reason: str | None = None) -> "Mark":
        """Mark one report (GradeReport.to_dict()); None, with the reason, when the submission
        could not be graded at all."""
        criteria = (report or {}).get("criteria") or {}
        applicable = [c for c in rubric.CRITERIA if (criteria.get(c) or {}).get("status", "n/a") != "n/a"]
        if not criteria:  # no report: whatever the problem applies, nothing was earned
            applicable = list(rubric.CRITERIA)
        weights = self.counted(applicable)
        error = reason if report is None else report.get("error")
        if report is None and error is None:
            error = "not graded"
        scores = {c: (0.0 if error else float((criteria.get(c) or {}).get("score") or 0.0)) for c in weights}
        if error or not weights:
            overall = 0.0
        elif self.critical:
            overall = rubric.overall_score(scores, weights)
        else:
            overall = round(sum(weights[c] * scores[c] for c in weights) / sum(weights.values()), 1)
        scaled = (not error and self.critical and rubric.CRITICAL in scores
                  and scores[rubric.CRITICAL] < rubric.PARTIAL_AT)
        factor = scores[rubric.CRITICAL] / 100.0 if scaled else 1.0
        marks = {}
        for c, w in weights.items():
            most = self.total * w / 100.0
            info = criteria.get(c) or {}
            marks[c] = CriterionMark(
                name=c, score=scores[c], status=rubric.status_of(scores[c]),
                points=round(most * scores[c] / 100.0 * factor, 2), max_points=round(most, 2),
                feedback=[] if error else list(info.get("feedback") or []))
        passed = (error is None and bool(weights)
                  and (rubric.CRITICAL not in weights or marks[rubric.CRITICAL].status == "pass")
                  and all(m.status != "fail" for m in marks.values())
                  and overall >= self.pass_at)
        return Mark(score=round(self.total * overall / 100.0, 2), max_score=round(self.total, 2),
                    percent=overall, passed=passed, error=error, criteria=marks, scaled=bool(scaled))


@dataclass
class CriterionMark:
    name: str
    score: float  # 0-100, from the report
    status: str  # pass | partial | fail
    points: float
    max_points: float
    feedback: list[str]


@dataclass
class Mark:
    score: float  # points
    max_score: float
    percent: float  # 0-100
    passed: bool
    error: str | None
    criteria: dict[str, CriterionMark]  # the counted criteria only
    scaled: bool  # correctness was critical and failed: every criterion's points were scaled down


def load(path: Path | str | None) -> Scheme:
    """The scheme in a TOML file, or the rubric's when `path` is None. UsageError, naming the
    file and the key, when it is wrong."""
    if path is None:
        return Scheme()
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"No marking scheme at {path}.") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path} is not a readable TOML file: {exc}") from None
    return from_dict(data, str(path))


def from_dict(data: dict, where: str = "the marking scheme") -> Scheme:
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise UsageError(f"{where}: unknown key {', '.join(unknown)}; the keys are {', '.join(KEYS)}.")

    def number(name, default, low, high):
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            raise UsageError(f"{where}: {name} must be a number from {low:g} to {high:g}, not {value!r}.")
        return float(value)

    total = number("total", 100.0, 1, 100000)
    pass_at = number("pass_at", rubric.OVERALL_PASS_AT, 0, 100)
    critical = data.get("critical", True)
    if not isinstance(critical, bool):
        raise UsageError(f"{where}: critical must be true or false, not {critical!r}.")
    visibility = data.get("visibility", "visible")
    if visibility not in VISIBILITIES:
        raise UsageError(f"{where}: visibility must be one of {', '.join(VISIBILITIES)}, not {visibility!r}.")
    weights = data.get("weights")
    if weights is None:
        weights = dict(rubric.BASE_WEIGHTS)
    else:
        if not isinstance(weights, dict):
            raise UsageError(f"{where}: [weights] must be a table of criterion = weight.")
        bad = sorted(set(weights) - set(rubric.CRITERIA))
        if bad:
            raise UsageError(f"{where}: [weights] names no criterion {', '.join(bad)}; the criteria are "
                             f"{', '.join(rubric.CRITERIA)}.")
        for c, w in weights.items():
            if isinstance(w, bool) or not isinstance(w, (int, float)) or w < 0:
                raise UsageError(f"{where}: the weight of {c} must be a number, 0 or more, not {w!r}.")
        weights = {c: float(weights.get(c, 0.0)) for c in rubric.CRITERIA}
        if sum(weights.values()) <= 0:
            raise UsageError(f"{where}: every weight is 0; give at least one criterion a weight.")
    return Scheme(weights=weights, total=total, pass_at=pass_at, critical=critical, visibility=visibility,
                  source=where)
