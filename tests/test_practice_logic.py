"""The practice loop's logic, called directly (no grading, no subprocess): workspace, backups,
progress database, hints, interviews, the watcher."""

from __future__ import annotations

import os
import sqlite3
import threading
import time

import pytest

from mlprep import catalog, errors, interview, watch, workspace
from mlprep.errors import UnknownProblem, UsageError
from mlprep.grading.report import CheckResult, build_report
from mlprep.rubric import CRITERIA
from mlprep.progress import Progress, ProgressDamaged


def fake_report(slug="logistic", passed=True, attempt="/x/logistic.py"):
    """A real GradeReport built from made-up check outcomes (no grading)."""
    outcome = "passed" if passed else "failed"
    checks = [CheckResult(f"{c}.check", c, outcome, "" if passed else f"fix {c}") for c in CRITERIA]
    return build_report(problem=slug, attempt=attempt, applicable=list(CRITERIA), checks=checks)


@pytest.fixture
def ws(tmp_path):
    return workspace.Workspace(tmp_path)


# ------------------------------------------------------------------ workspace


def test_resolve_prefers_dir_then_env_then_cwd(tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MLPREP_WORKSPACE", str(other))
    assert workspace.resolve(tmp_path).root == tmp_path.resolve()
    assert workspace.resolve().root == other.resolve()
    monkeypatch.delenv("MLPREP_WORKSPACE")
    assert workspace.resolve().root == tmp_path


def test_missing_workspace_is_a_usage_error(tmp_path, monkeypatch):
    with pytest.raises(UsageError, match="does not exist"):
        workspace.resolve(tmp_path / "nope")
    monkeypatch.setenv("MLPREP_WORKSPACE", str(tmp_path / "gone"))
    with pytest.raises(UsageError, match=r"\$MLPREP_WORKSPACE"):
        workspace.resolve()


def test_start_refuses_to_overwrite_and_force_backs_up(ws):
    res = ws.start("logistic")
    assert res.path.read_text() == res.problem.stub_source() and res.backup is None
    assert "## Contract" in res.path.read_text()  # the statement is in the learner's file too
    res.path.write_text("my work\n")
    with pytest.raises(errors.AttemptExists) as exc:
        ws.start("logistic")
    assert exc.value.exit_code == 1 and "--force" in str(exc.value)
    assert res.path.read_text() == "my work\n"
    forced = ws.start("logistic", force=True)
    assert forced.backup.parent == ws.backups_dir and forced.backup.read_text() == "my work\n"
    assert forced.path.read_text() == res.problem.stub_source()


def test_backups_never_overwrite_each_other(ws):
    path = ws.root / "logistic.py"
    backups = []
    for i in range(3):
        path.write_text(f"version {i}\n")
        backups.append(ws.reset("logistic").backup)
    assert sorted(b.read_text() for b in backups) == ["version 0\n", "version 1\n", "version 2\n"]


def test_reset_all_only_touches_started_problems(ws):
    ws.start("logistic")
    (ws.root / "logistic.py").write_text("mine\n")
    results = ws.reset_all()
    assert [r.problem.slug for r in results] == ["logistic"]
    assert results[0].backup.read_text() == "mine\n"
    assert not (ws.root / "linear.py").exists()


def test_unknown_problem_suggests(ws):
    with pytest.raises(UnknownProblem, match="logistic"):
        ws.start("logistc")


def test_grade_without_problem_uses_the_last_started(ws):
    with pytest.raises(UsageError, match="No problem has been started"):
        ws.problem(None)
    ws.start("logistic")
    assert ws.problem(None).slug == "logistic"


# ------------------------------------------------------------------ progress


def test_hints_are_progressive_and_recorded(ws):
    total = len(catalog.get_problem("logistic").hints)
    first = ws.hint("logistic")
    assert first.new and first.hints[0][0] == 1
    assert ws.hint("logistic").hints[0][0] == 2
    assert [lvl for lvl, _ in ws.hint("logistic", show_all=True).hints] == [1, 2]
    for _ in range(total):
        last = ws.hint("logistic")
    assert not last.new and len(last.hints) == total
    assert ws.progress.summary(["logistic"])["logistic"].hints_used == total


def test_summary_keeps_best_scores(ws):
    ws.progress.record_grade(fake_report(passed=False), in_workspace=True)
    ws.progress.record_grade(fake_report(passed=True), in_workspace=True)
    ws.progress.record_grade(fake_report(passed=False), in_workspace=True)
    s = ws.progress.summary(["logistic", "linear"])
    assert s["logistic"].grades == 3 and s["logistic"].passed and s["logistic"].best_score == 100
    assert s["logistic"].best_criteria["correctness"] == 100
    assert s["linear"].grades == 0 and s["linear"].best_score is None


def test_concurrent_writers_keep_every_grade(tmp_path):
    """Threads with their own connections write at once: nothing is lost, nothing breaks."""
    errors = []

    def writer():
        try:
            progress = Progress(tmp_path / ".mlprep")
            for _ in range(25):
                progress.record_grade(fake_report(), in_workspace=True)
                progress.next_hint_level("logistic", 100)
            progress.close()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    progress = Progress(tmp_path / ".mlprep")
    assert len(progress.grades("logistic")) == 100
    assert progress.hints_seen("logistic") == 100  # every level handed out exactly once


def test_damaged_database_is_reported_and_kept(ws):
    ws.state_dir.mkdir()
    garbage = os.urandom(4096)
    (ws.state_dir / "progress.db").write_bytes(garbage)
    with pytest.raises(ProgressDamaged, match="damaged") as exc:
        ws.start("logistic")
    assert exc.value.exit_code == 2
    assert (ws.state_dir / "progress.db").read_bytes() == garbage
    assert not (ws.root / "logistic.py").exists()


def test_reads_do_not_create_the_database(ws):
    assert ws.progress.summary(["logistic"])["logistic"].grades == 0
    assert not ws.state_dir.exists()


# ------------------------------------------------------------------ interview


def test_interview_hides_hints_and_solution_until_passed(ws):
    started = ws.start_interview(minutes=30, slug="logistic")
    assert started.path.exists()
    with pytest.raises(errors.HiddenDuringInterview):
        ws.hint("logistic")
    with pytest.raises(errors.HiddenDuringInterview):
        ws.solution("linear", yes=True)
    with pytest.raises(errors.InterviewRunning):
        ws.start_interview(slug="linear")
    status = interview.status(ws.progress)
    assert isinstance(status, interview.Status) and 29 * 60 < status.left_s <= 30 * 60
    ws.progress.record_grade(fake_report(passed=False), in_workspace=True, interview_id=started.row.id)
    note = interview.after_grade(ws.progress, fake_report(passed=True))
    assert note.summary.outcome == "passed"
    assert interview.status(ws.progress) is None
    assert ws.hint("logistic").new  # unlocked


def test_interview_time_up_unlocks_and_summarises(ws):
    started = ws.start_interview(minutes=1, slug="logistic")
    with sqlite3.connect(ws.progress.path) as conn:  # an interview that began two minutes ago
        conn.execute("UPDATE interviews SET started_at = ? WHERE id = ?", (time.time() - 120, started.row.id))
    ws.progress.record_grade(fake_report(passed=False), in_workspace=True, interview_id=started.row.id)
    assert interview.active(ws.progress) is None
    ws.hint("logistic")
    summary = interview.status(ws.progress)
    assert summary.outcome == "time up" and 59 <= summary.used_s <= 61
    assert summary.score is not None and any("correctness" in s for s in summary.study)


def test_interview_picks_a_problem_not_passed(ws):
    others = [p.slug for p in catalog.load_catalog() if p.slug != "logistic"]
    for slug in others:
        ws.progress.record_grade(fake_report(slug), in_workspace=True)
    assert ws.start_interview().problem.slug == "logistic"
    interview.finish(ws.progress)
    ws.progress.record_grade(fake_report("logistic"), in_workspace=True)
    with pytest.raises(errors.Refused, match="passed every problem"):
        ws.start_interview()


def test_interview_backs_up_an_existing_attempt(ws):
    (ws.root / "logistic.py").write_text("old work\n")
    started = ws.start_interview(slug="logistic")
    assert started.backup.read_text() == "old work\n"


# ------------------------------------------------------------------ watch


def test_watcher_sees_saves_and_ignores_touches(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("x = 1\n")
    w = watch.FileWatcher(path)
    assert w.check() is None
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert w.check() is None  # touched, same content
    path.write_text("x = 22\n")
    assert w.check() == "stat"


def test_watcher_content_change_without_mtime_suggests_poll(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("x = 1\n")
    st = os.stat(path)
    seen, suggested = [], []

    def grade():
        seen.append(path.read_text())
        if len(seen) == 1:  # a file system that keeps the old modification time
            path.write_text("x = 2\n")
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        return len(seen)

    n = watch.run(grade, path, max_grades=2, sleep=lambda s: None, on_result=lambda o, why: None,
                  on_error=pytest.fail, on_missing=pytest.fail, on_suggest_poll=lambda: suggested.append(1))
    assert n == 2 and seen == ["x = 1\n", "x = 2\n"] and suggested == [1]


def test_watch_keeps_going_through_errors(tmp_path):
    path = tmp_path / "a.py"
    path.write_text("1")
    calls, errors = [], []

    def grade():
        calls.append(1)
        path.write_text(str(len(calls) + 1) * (len(calls) + 1))
        raise UsageError("not text")

    watch.run(grade, path, max_grades=3, sleep=lambda s: None, on_result=pytest.fail,
              on_error=errors.append, on_missing=pytest.fail, on_suggest_poll=lambda: None)
    assert len(errors) == 3
