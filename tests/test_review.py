"""Spaced review across days, with an injected clock: the schedule logic on recorded grades, and a
learner's weeks through the real commands (CliRunner, real grades)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from mlprep import catalog, review, workspace
from mlprep.cli import app
from mlprep.grading.report import CheckResult, build_report
from mlprep.rubric import CRITERIA

DAY0 = datetime(2026, 3, 2, 9, 30)  # a Monday morning, local time


def at(days: float, hour: int = 9) -> float:
    return (DAY0.replace(hour=hour) + timedelta(days=days)).timestamp()


def fake_report(slug="logistic", passed=True, error=None, message=None):
    outcome = "passed" if passed else "failed"
    checks = [CheckResult(f"{c}.check", c, outcome, "" if passed else (message or f"fix {c}")) for c in CRITERIA]
    return build_report(problem=slug, attempt=f"/ws/{slug}.py", applicable=list(CRITERIA), checks=checks,
                        error=error)


class Clock:
    def __init__(self):
        self.now = at(0)

    def __call__(self):
        return self.now

    def day(self, days: float, hour: int = 9):
        self.now = at(days, hour)


# ------------------------------------------------------------------ the schedule itself


def grade(ws, clock, passed=True, error=None, slug="logistic", in_workspace=True, message=None):
    """Record a grade as Workspace.grade does, and move the schedule."""
    report = fake_report(slug, passed, error, message)
    first = report.passed and slug not in ws.progress.first_passes()
    ws.progress.record_grade(report, in_workspace=in_workspace, at=clock())
    return review.after_grade(ws.progress, report, in_workspace=in_workspace, first_pass=first, now=clock())


def test_a_first_pass_enters_box_1_due_the_next_day(tmp_path):
    clock = Clock()
    ws = workspace.Workspace(tmp_path, clock=clock)
    assert grade(ws, clock, passed=False) is None
    assert ws.review_plan().entries == []
    note = grade(ws, clock)
    assert (note.outcome, note.box, note.due) == ("entered", 1, date(2026, 3, 3))
    assert grade(ws, clock) is None  # passing again is practice, not a review
    plan = ws.review_plan()
    assert [(e.slug, e.box, e.due) for e in plan.entries] == [("logistic", 1, date(2026, 3, 3))]
    assert plan.due == []
    clock.day(1, hour=23)
    assert [e.slug for e in ws.review_plan().due] == ["logistic"]  # due all that day


def test_reviews_move_through_the_boxes(tmp_path):
    clock = Clock()
    ws = workspace.Workspace(tmp_path, clock=clock)
    ws.start("logistic")
    grade(ws, clock)
    expected_day = 0
    for box, interval in enumerate(review.INTERVALS_DAYS[:-1], start=1):
        expected_day += interval
        clock.day(expected_day)
        plan = ws.start_review()
        assert plan.started.entry.box == box
        note = grade(ws, clock)
        assert (note.outcome, note.box) == ("passed", box + 1)
        assert note.due == (DAY0 + timedelta(days=expected_day + review.INTERVALS_DAYS[box])).date()
    clock.day(expected_day + review.INTERVALS_DAYS[-1])
    ws.start_review()
    assert grade(ws, clock).box == len(review.INTERVALS_DAYS)  # the last box keeps its interval


def test_a_fail_brings_it_back_the_next_day_and_help_keeps_the_box(tmp_path):
    clock = Clock()
    ws = workspace.Workspace(tmp_path, clock=clock)
    ws.start("logistic")
    grade(ws, clock)
    clock.day(1)
    ws.start_review()
    grade(ws, clock)  # box 2, due on day 4 (March 6)
    clock.day(9)  # five days late
    plan = ws.start_review()
    assert plan.started.entry.due == date(2026, 3, 6) and plan.started.entry.due_in(plan.today) == -5
    note = grade(ws, clock, error="SyntaxError at line 3: invalid syntax")
    assert (note.outcome, note.why) == ("not decided", "error") and ws.progress.open_review() is not None
    note = grade(ws, clock, passed=False, message="LogisticRegression.predict raised NotImplementedError at line 9")
    assert (note.outcome, note.why) == ("not decided", "unfinished")  # a method not written yet
    note = grade(ws, clock, passed=False)
    assert (note.outcome, note.box, note.due) == ("failed", 1, date(2026, 3, 12))
    assert grade(ws, clock) is None  # the review was decided; this pass is practice
    clock.day(10)
    ws.start_review()
    ws.hint("logistic")
    note = grade(ws, clock)
    assert (note.outcome, note.box, note.due) == ("helped", 1, date(2026, 3, 13))
    clock.day(11)
    ws.start_review()
    assert grade(ws, clock, in_workspace=False) is None  # a file from elsewhere does not decide it
    assert grade(ws, clock).outcome == "passed"


def test_review_starts_the_most_overdue_and_only_one_at_a_time(tmp_path):
    clock = Clock()
    ws = workspace.Workspace(tmp_path, clock=clock)
    grade(ws, clock, slug="linear")
    clock.day(0, hour=12)
    grade(ws, clock, slug="logistic")
    clock.day(5)
    (tmp_path / "linear.py").write_text("# last week's attempt\n")
    plan = ws.start_review()
    assert plan.started.problem.slug == "linear"  # both due the same day: the sooner first, then by name
    assert plan.started.backup.read_text() == "# last week's attempt\n"
    assert (tmp_path / "linear.py").read_text() == catalog.get_problem("linear").stub_source()
    again = ws.start_review()
    assert again.started is None and again.open.slug == "linear"
    assert ws.problem(None).slug == "linear"  # `mlprep grade` alone grades the review


def test_review_waits_for_a_running_interview(tmp_path):
    clock = Clock()
    ws = workspace.Workspace(tmp_path, clock=clock)
    grade(ws, clock)
    clock.day(2)
    ws.start_interview(minutes=30, slug="linear")
    from mlprep.errors import InterviewRunning

    with pytest.raises(InterviewRunning):
        ws.start_review()


# ------------------------------------------------------------------ weeks through the commands


ENV = {"COLUMNS": "100", "NO_COLOR": "1", "MLPREP_WORKSPACE": ""}


def test_weeks_of_review_through_the_commands(tmp_path, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(workspace, "CLOCK", clock)

    def run(*args):
        result = CliRunner().invoke(app, [*map(str, args), "--dir", str(tmp_path)], env=ENV, catch_exceptions=False)
        result.o = " ".join(result.stdout.split())
        return result

    attempt = tmp_path / "logistic.py"
    reference = catalog.get_problem("logistic").reference_path

    def schedule():
        return {e["slug"]: e for e in json.loads(run("review", "--list", "--json").stdout)}

    def next_review():
        rows = json.loads(run("progress", "--json").stdout)
        return next(r for r in rows if r["slug"] == "logistic")["next_review"]

    assert "No problem is in your review schedule" in run("review").o
    run("start", "logistic")
    shutil.copy(reference, attempt)
    passed = run("grade")
    assert passed.exit_code == 0 and "joins your spaced review: first review tomorrow" in passed.o
    assert schedule()["logistic"]["due"] == "2026-03-03" and next_review() == "2026-03-03"
    assert "Nothing is due today" in run("review").o
    assert attempt.read_bytes() == reference.read_bytes()  # nothing started

    clock.day(1)  # Tuesday: due
    started = run("review")
    assert started.exit_code == 0 and "Wrote a fresh stub" in started.o and "backed up to" in started.o
    assert attempt.read_text() == catalog.get_problem("logistic").stub_source()
    assert "in progress" in run("review", "--list").o
    shutil.copy(reference, attempt)
    result = run("grade")
    assert "Review passed: logistic moves to box 2 of 6; next review in 3 days (2026-03-06)" in result.o
    assert next_review() == "2026-03-06"

    clock.day(8)  # the next Monday, two days late
    assert "Wrote a fresh stub" in run("review").o
    assert "is not finished" in run("grade").o  # the stub as it is: not a decision (watch grades it too)
    wrong = reference.read_text().replace("grad_w = X.T @ r / n + self.l2 * w", "grad_w = X.T @ r + self.l2 * w")
    assert wrong != reference.read_text()
    attempt.write_text(wrong)  # the gradient summed instead of averaged
    failed = run("grade")  # finished, runs, wrong: the review is failed
    assert failed.exit_code == 1 and "Review not passed: logistic goes back to box 1" in failed.o
    assert (schedule()["logistic"]["box"], next_review()) == (1, "2026-03-11")

    clock.day(9)
    run("review")
    attempt.write_text("class LogisticRegression(:\n")
    assert "does not decide the review" in run("grade").o
    assert run("hint").exit_code == 0
    shutil.copy(reference, attempt)
    assert "passed with help" in run("grade").o
    assert (schedule()["logistic"]["box"], next_review()) == (1, "2026-03-12")  # the same interval again

    with sqlite3.connect(tmp_path / ".mlprep" / "progress.db") as conn:  # the state is in the database
        outcomes = [r[0] for r in conn.execute("SELECT outcome FROM reviews ORDER BY id")]
    assert outcomes == ["passed", "failed", "helped"]
    assert "Next review" in run("progress").o
