"""Mock interviews: one problem not yet passed, a clock, no hints and no solution until the time
is up or the attempt passes, and a summary at the end.

The state is a row in the workspace's progress database (`.mlprep/progress.db`), so it survives
closing the terminal: `mlprep interview --status`, `mlprep grade` and `mlprep watch` all see it.
This module knows the progress database, not the workspace: the workspace asks it (`guard`,
`after_grade`) and starts interviews through it (`choose`, `begin`).
The clock is wall time from the start; an interview whose time is up ends (outcome "time up")
the next time `grade`, `watch` or `interview --status` looks at it, and hints and the solution
unlock at the deadline whether or not anything looked.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import catalog
from .errors import HiddenDuringInterview, InterviewRunning, NoInterview, Refused, UsageError
from .progress import InterviewRow, Progress
from .rubric import BASE_WEIGHTS


@dataclass
class Started:
    row: InterviewRow
    problem: catalog.Problem
    path: Path
    backup: Path | None


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


def active(progress: Progress) -> InterviewRow | None:
    """The running interview whose time is not up, or None."""
    row = progress.running_interview()
    return row if row is not None and _left(row) > 0 else None


def guard(progress: Progress, what: str) -> None:
    """Hints and solutions stay hidden while an interview runs (for every problem: another
    problem's reference is a strong hint too)."""
    row = active(progress)
    if row is not None:
        raise HiddenDuringInterview(
            f"{what} hidden during the interview ({row.slug}, {_clock(_left(row))} left). Hints "
            f"and solutions unlock when the time is up or the attempt passes; `mlprep interview "
            f"--finish` ends it now.")


def _study(progress: Progress, problem: catalog.Problem, best) -> list[str]:
    """What to study next, most important first: what went wrong (the error, or the weakest
    criterion with its first comment), then the next problem worth doing."""
    slug = problem.slug
    study = []
    if best is None:
        study.append(f"No grade during the interview. Grade early and often, even half-finished: "
                     f"`mlprep grade {slug}` shows what works so far.")
    elif best.error:
        study.append(f"The attempt did not run: {best.error} Make it import and fit before polishing.")
    else:
        weak = sorted(((c, s) for c, s in best.criteria.items() if s is not None and s < 100),
                      key=lambda cs: (cs[1], -BASE_WEIGHTS.get(cs[0], 0)))
        if weak:
            name, score = weak[0]
            comment = next((text for crit, text in best.feedback if crit == name), None)
            label = name.replace("_", " ")
            study.append(f"Weakest: {label} ({score:.0f}/100). " + (
                comment if comment else f"`mlprep grade {slug}` lists the checks that fail."))
            if len(weak) > 1:
                study.append("Also below 100: " + ", ".join(f"{c.replace('_', ' ')} {s:.0f}" for c, s in weak[1:]) + ".")
    if best is None or not best.passed:
        study.append(f"Hints are unlocked now: `mlprep hint {slug}`; compare with the reference: "
                     f"`mlprep show-solution {slug} --diff`. Once it passes, try it again under the clock: "
                     f"`mlprep interview --problem {slug}`.")
    else:
        study.append(_next_problem(progress, problem))
    return study


def _next_problem(progress: Progress, done: catalog.Problem) -> str:
    """The problem worth doing after passing `done`: one not passed yet, in the same track first,
    the easiest first; when every problem has passed, the spaced review."""
    problems = list(catalog.load_catalog())
    summary = progress.summary([p.slug for p in problems])
    order = {d: i for i, d in enumerate(catalog.DIFFICULTIES)}
    open_ = [p for p in problems if p.slug != done.slug and not summary[p.slug].passed]
    if open_:
        nxt = min(open_, key=lambda p: (p.track != done.track, order[p.difficulty], p.slug))
        return (f"Next problem: {nxt.slug} ({nxt.title}, {nxt.difficulty}, {nxt.track}): `mlprep interview "
                f"--problem {nxt.slug}`, or `mlprep start {nxt.slug}` to practise it without the clock.")
    return ("You have passed every problem. Keep them fresh: `mlprep review` re-implements each one from "
            "scratch at growing intervals.")


def minutes_text(minutes: float) -> str:
    return f"{minutes:g} minute" + ("" if minutes == 1 else "s")


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def choose(progress: Progress, candidates: list, *, minutes: float, slug: str | None = None,
           track: str | None = None, rng: random.Random | None = None) -> catalog.Problem:
    """The problem for a new interview: `slug`, or a random one of `candidates` (problems not yet
    passed). Refuses while another interview runs; ends one whose time is up."""
    if minutes <= 0:
        raise UsageError("--minutes must be more than 0.")
    running = progress.running_interview()
    if running is not None:
        if _left(running) > 0:
            raise InterviewRunning(
                f"An interview on {running.slug} is already running ({_clock(_left(running))} left). "
                f"See it with `mlprep interview --status`; end it with `mlprep interview --finish`.")
        _end(progress, running, "time up")
    if slug is not None:
        return catalog.get_problem(slug)
    if not candidates:
        where = f" in track {track}" if track else ""
        raise Refused(f"You have passed every problem{where}. Name one with --problem to "
                      f"practise it again under interview conditions.")
    return (rng or random.Random()).choice(candidates)


def begin(progress: Progress, problem: catalog.Problem, minutes: float, path: Path,
          backup: Path | None) -> Started:
    """Start the clock once the stub is in place."""
    row = progress.start_interview(problem.slug, minutes)
    progress.record_event(problem.slug, "interview")
    return Started(row, problem, path, backup)


def status(progress: Progress) -> Status | Summary | None:
    """The running interview, its summary when its time is up (which ends it), or None."""
    row = progress.running_interview()
    if row is None:
        return None
    if _left(row) <= 0:
        return _end(progress, row, "time up")
    grades = progress.grades(row.slug, interview_id=row.id)
    best = max((g.score for g in grades), default=None)
    return Status(row, catalog.get_problem(row.slug), _left(row), len(grades), best)


def finish(progress: Progress) -> Summary:
    row = progress.running_interview()
    if row is None:
        raise NoInterview("No interview is running, so there is nothing to finish.")
    return _end(progress, row, "time up" if _left(row) <= 0 else "finished")


def after_grade(progress: Progress, report) -> GradeNote | None:
    row = progress.running_interview()
    if row is None:
        return None
    left = _left(row)
    if row.slug != report.problem:
        if left <= 0:
            return None
        return GradeNote(row.slug, left, other_problem=True)
    if report.passed:
        return GradeNote(row.slug, left, summary=_end(progress, row, "passed"))
    if left <= 0:
        return GradeNote(row.slug, left, summary=_end(progress, row, "time up"))
    return GradeNote(row.slug, left)


def _end(progress: Progress, row: InterviewRow, outcome: str) -> Summary:
    now = time.time()
    end_at = min(now, row.deadline) if outcome == "time up" else now
    progress.end_interview(row.id, outcome, at=end_at)
    row = progress.interview(row.id) or row  # another process may have ended it first
    problem = catalog.get_problem(row.slug)
    grades = progress.grades(row.slug, interview_id=row.id)
    best = max(grades, key=lambda g: (g.passed, g.score), default=None)
    study = _study(progress, problem, best)
    return Summary(row=row, problem=problem, outcome=row.outcome or outcome,
                   used_s=(row.ended_at or end_at) - row.started_at, grades=len(grades),
                   score=None if best is None else best.score, passed=bool(best and best.passed),
                   criteria={} if best is None else dict(best.criteria), study=study)
