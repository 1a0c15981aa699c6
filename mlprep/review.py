"""Spaced review: re-implement problems you have passed, from scratch, at growing intervals, so
that what was learnt for an interview weeks away is still there on the day.

The schedule is a Leitner system of six boxes with fixed intervals:

    box       1    2    3    4     5     6
    interval  1    3    7    14    30    60   days

A problem enters box 1 the first time it passes (any recorded passing grade); its first review is
due the next day. `mlprep review` starts the most overdue problem as a fresh attempt (the old
file is backed up). The first grade of that attempt that runs and is finished decides the review (a syntax
error, an attempt that cannot be imported, and one whose methods still raise NotImplementedError
as the stub's do, do not count, so `mlprep watch` grading the stub and half-written saves does
not decide it):

- passed, with no hint and no solution shown since the review started: up one box;
- passed with help (a hint or the solution shown during the review): the same box again;
- not passed: back to box 1, so it comes back the next day.

The next review is due the interval of the new box after the day of the deciding grade. Days are
calendar days in local time: a review due on a day is due all that day.

Why Leitner and not SM-2: SM-2 needs a recall quality from 0 to 5 after each review and adapts
an "ease" per item over many reviews. A grade gives pass or fail (and whether help was used), not
a self-rating, and a learner reviews a handful of problems a few times before an interview: too
few reviews for an ease factor to mean anything. Fixed boxes are predictable ("passed three
times in a row: next in 14 days") and explainable in one line.

Nothing is stored but the reviews themselves (table `reviews` of the progress database): the
schedule is computed from the first passing grade and the decided reviews, so it cannot drift out
of step with the history. Every function takes the time from its caller (an injectable clock).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from . import catalog
from .progress import Progress, ReviewRow

INTERVALS_DAYS = (1, 3, 7, 14, 30, 60)  # the interval of box 1, 2, ...
OUTCOMES = ("passed", "helped", "failed")


def day(ts: float) -> date:
    return date.fromtimestamp(ts)


@dataclass
class Entry:
    """Where one passed problem stands in the schedule."""

    slug: str
    box: int  # 1 .. len(INTERVALS_DAYS)
    due: date
    reviews: int  # decided reviews so far
    last_outcome: str | None
    open: ReviewRow | None  # a review of it that is running

    @property
    def interval_days(self) -> int:
        return INTERVALS_DAYS[self.box - 1]

    def due_in(self, today: date) -> int:
        """Days until it is due; 0 when due today, negative when overdue."""
        return (self.due - today).days

    def to_dict(self, today: date) -> dict:
        return {"slug": self.slug, "box": self.box, "interval_days": self.interval_days,
                "due": self.due.isoformat(), "due_in_days": self.due_in(today), "reviews": self.reviews,
                "last_outcome": self.last_outcome, "in_progress": self.open is not None}


@dataclass
class Started:
    entry: Entry
    problem: catalog.Problem
    path: Path
    backup: Path | None


@dataclass
class Plan:
    """What `mlprep review` shows: the schedule, and the review it started (or the open one)."""

    today: date
    entries: list[Entry]  # every scheduled problem, soonest due first
    started: Started | None = None
    open: Entry | None = None  # a review that was already running

    @property
    def due(self) -> list[Entry]:
        return [e for e in self.entries if e.due <= self.today]


@dataclass
class Note:
    """What a grade did to the schedule, for the grade's report."""

    slug: str
    outcome: str  # entered | passed | helped | failed | not decided
    box: int
    due: date
    today: date  # the day of the grade
    box_before: int | None = None
    why: str | None = None  # why a grade did not decide the review: "error" | "unfinished"


def _move(box: int, outcome: str) -> int:
    if outcome == "passed":
        return min(box + 1, len(INTERVALS_DAYS))
    if outcome == "helped":
        return box
    return 1


def schedule(progress: Progress) -> dict[str, Entry]:
    """Every problem passed at least once, with its box and due date."""
    reviews: dict[str, list[ReviewRow]] = {}
    for r in progress.reviews():
        reviews.setdefault(r.slug, []).append(r)
    out = {}
    for slug, first_pass in progress.first_passes().items():
        box, anchor, decided, last, running = 1, first_pass, 0, None, None
        for r in reviews.get(slug, []):
            if r.ended_at is None:
                running = r
                continue
            box, anchor, decided, last = _move(box, r.outcome), r.ended_at, decided + 1, r.outcome
        out[slug] = Entry(slug, box, day(anchor) + timedelta(days=INTERVALS_DAYS[box - 1]), decided, last, running)
    return out


def plan(progress: Progress, now: float) -> Plan:
    known = {p.slug for p in catalog.load_catalog()}  # a problem removed from mlprep is not reviewed
    entries = sorted((e for e in schedule(progress).values() if e.slug in known), key=lambda e: (e.due, e.slug))
    running = next((e for e in entries if e.open is not None), None)
    return Plan(day(now), entries, open=running)


def begin(progress: Progress, entry: Entry, problem: catalog.Problem, path: Path, backup: Path | None,
          now: float) -> Started:
    """Record the review as started once the fresh stub is in place."""
    entry.open = progress.start_review(entry.slug, entry.box, now)
    return Started(entry, problem, path, backup)


def unfinished(report) -> bool:
    """The attempt still has a method of the stub that is not written: it raises
    NotImplementedError, as every stub method does."""
    return any("raised NotImplementedError" in t.message for t in report.tests if not t.passed and t.message)


def after_grade(progress: Progress, report, *, in_workspace: bool, first_pass: bool, now: float) -> Note | None:
    """Move the problem along the schedule after a recorded grade of `report`.

    The first passing grade of a problem puts it in the schedule. While a review of the problem
    is open, the first grade of the workspace's attempt that ran decides it."""
    running = progress.open_review()
    if running is not None and running.slug == report.problem and in_workspace:
        why = "error" if report.error else "unfinished" if unfinished(report) else None
        if why:
            entry = schedule(progress).get(report.problem)
            return Note(report.problem, "not decided", entry.box if entry else running.box,
                        entry.due if entry else day(now), day(now), why=why)
        if report.passed:
            outcome = "helped" if progress.help_since(report.problem, running.started_at) else "passed"
        else:
            outcome = "failed"
        progress.end_review(running.id, outcome, now)
        entry = schedule(progress)[report.problem]
        return Note(report.problem, entry.last_outcome or outcome, entry.box, entry.due, day(now),
                    box_before=running.box)
    if first_pass and report.passed:
        entry = schedule(progress).get(report.problem)
        if entry is not None:
            return Note(report.problem, "entered", entry.box, entry.due, day(now))
    return None
