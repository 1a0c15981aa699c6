"""Mock interviews: one problem not yet passed, a clock, no hints and no solution until the time
is up or the attempt passes, and a summary at the end.

The state is a row in the workspace's progress database (`.mlprep/progress.db`), so it survives
closing the terminal: `mlprep interview --status`, `mlprep grade` and `mlprep watch` all see it.
The clock is wall time from the start; an interview whose time is up ends (outcome "time up")
the next time `grade`, `watch` or `interview --status` looks at it, and hints and the solution
unlock at the deadline whether or not anything looked.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from . import catalog
from .grading.report import BASE_WEIGHTS
from .progress import InterviewRow
from .workspace import Refused, Workspace


class InterviewRunning(Refused):
    pass


class HiddenDuringInterview(Refused):
    pass


class NoInterview(Refused):
    pass


@dataclass
class Started:
    row: InterviewRow
    problem: catalog.Problem
    path: object
    backup: object | None


@dataclass
class Summary:
    """How an interview went: the best grade of the interview's problem while it ran."""

    row: InterviewRow
    problem: catalog.Problem
    outcome: str  # passed | time up | finished
    used_s: float
    grades: int
    score: float | None
    passed: bool
    criteria: dict[str, float | None] = field(default_factory=dict)
    study: list[str] = field(default_factory=list)  # what to study next, most important first


@dataclass
class Status:
    row: InterviewRow
    problem: catalog.Problem
    left_s: float
    grades: int
    best_score: float | None


@dataclass
class GradeNote:
    """What `grade` tells the learner about the running interview."""

    slug: str
    left_s: float
    other_problem: bool = False  # the grade was for another problem than the interview's
    summary: Summary | None = None  # set when this grade ended the interview


def _left(row: InterviewRow, now: float | None = None) -> float:
    return row.deadline - (time.time() if now is None else now)


def active(ws: Workspace) -> InterviewRow | None:
    """The running interview whose time is not up, or None."""
    row = ws.progress.running_interview()
    return row if row is not None and _left(row) > 0 else None


def guard(ws: Workspace, what: str) -> None:
    """Hints and solutions stay hidden while an interview runs (for every problem: another
    problem's reference is a strong hint too)."""
    row = active(ws)
    if row is not None:
        raise HiddenDuringInterview(
            f"{what} hidden during the interview ({row.slug}, {_clock(_left(row))} left). Hints "
            f"and solutions unlock when the time is up or the attempt passes; `mlprep interview "
            f"--finish` ends it now.")


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def start(ws: Workspace, minutes: float = 45, track: str | None = None, slug: str | None = None,
          rng: random.Random | None = None) -> Started:
    if minutes <= 0:
        from .errors import UsageError
        raise UsageError("--minutes must be more than 0.")
    running = ws.progress.running_interview()
    if running is not None:
        if _left(running) > 0:
            raise InterviewRunning(
                f"An interview on {running.slug} is already running ({_clock(_left(running))} left). "
                f"See it with `mlprep interview --status`; end it with `mlprep interview --finish`.")
        _end(ws, running, "time up")
    if slug is not None:
        problem = catalog.get_problem(slug)
    else:
        rows = ws.rows(track=track)
        candidates = [r.problem for r in rows if r.status != "passed"]
        if not candidates:
            where = f" in track {track}" if track else ""
            raise Refused(f"You have passed every problem{where}. Name one with --problem to "
                          f"practise it again under interview conditions.")
        problem = (rng or random.Random()).choice(candidates)
    path, backup = ws._replace_with_stub(problem)
    row = ws.progress.start_interview(problem.slug, minutes)
    ws.progress.record_event(problem.slug, "interview")
    return Started(row, problem, path, backup)


def status(ws: Workspace) -> Status | Summary | None:
    """The running interview, its summary when its time is up (which ends it), or None."""
    row = ws.progress.running_interview()
    if row is None:
        return None
    if _left(row) <= 0:
        return _end(ws, row, "time up")
    grades = ws.progress.grades(row.slug, interview_id=row.id)
    best = max((g.score for g in grades), default=None)
    return Status(row, catalog.get_problem(row.slug), _left(row), len(grades), best)


def finish(ws: Workspace) -> Summary:
    row = ws.progress.running_interview()
    if row is None:
        raise NoInterview("No interview is running, so there is nothing to finish.")
    return _end(ws, row, "time up" if _left(row) <= 0 else "finished")


def after_grade(ws: Workspace, report) -> GradeNote | None:
    row = ws.progress.running_interview()
    if row is None:
        return None
    left = _left(row)
    if row.slug != report.problem:
        if left <= 0:
            return None
        return GradeNote(row.slug, left, other_problem=True)
    if report.passed:
        return GradeNote(row.slug, left, summary=_end(ws, row, "passed"))
    if left <= 0:
        return GradeNote(row.slug, left, summary=_end(ws, row, "time up"))
    return GradeNote(row.slug, left)


def _end(ws: Workspace, row: InterviewRow, outcome: str) -> Summary:
    now = time.time()
    end_at = min(now, row.deadline) if outcome == "time up" else now
    ws.progress.end_interview(row.id, outcome, at=end_at)
    row = ws.progress.interview(row.id) or row  # another process may have ended it first
    problem = catalog.get_problem(row.slug)
    grades = ws.progress.grades(row.slug, interview_id=row.id)
    best = max(grades, key=lambda g: (g.passed, g.score), default=None)
    study = []
    if best is None:
        study.append(f"No grade during the interview. Grade early and often: `mlprep grade {row.slug}`.")
    else:
        weak = sorted((c for c, s in best.criteria.items() if s is not None and s < 100),
                      key=lambda c: -BASE_WEIGHTS.get(c, 0))
        for c in weak:
            comment = next((text for crit, text in best.feedback if crit == c), "see `mlprep grade`")
            study.append(f"{c.replace('_', ' ')} ({best.criteria[c]:.0f}/100): {comment}")
        if best.error:
            study.insert(0, "the attempt did not run: make it import and fit before polishing")
    if best is not None and best.passed and not study:
        study.append(f"nothing to fix on {row.slug}. Next: `mlprep interview` picks a problem you have not passed.")
    if best is None or not best.passed:
        study.append(f"hints are unlocked now: `mlprep hint {row.slug}`; compare with the reference: "
                     f"`mlprep show-solution {row.slug} --diff`")
    return Summary(row=row, problem=problem, outcome=row.outcome or outcome,
                   used_s=(row.ended_at or end_at) - row.started_at, grades=len(grades),
                   score=None if best is None else best.score, passed=bool(best and best.passed),
                   criteria={} if best is None else dict(best.criteria), study=study)
