"""The practice commands through typer's CliRunner, in a temporary workspace (`--dir`).
Real grades are few: each costs about a second."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from typer.testing import CliRunner

from mlprep import catalog
from mlprep.cli import app

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "MLPREP_WORKSPACE": ""}


def run(*args, **kw):
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV, catch_exceptions=False, **kw)
    result.o, result.e = " ".join(result.stdout.split()), " ".join(result.stderr.split())  # unwrapped
    return result


@pytest.fixture
def wsdir(tmp_path):
    return tmp_path


def put_reference(wsdir, slug="logistic"):
    shutil.copy(catalog.get_problem(slug).reference_path, wsdir / f"{slug}.py")


@pytest.mark.parametrize("command", ["start", "grade", "watch", "hint", "show-solution", "progress",
                                     "reset", "list", "interview"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert "Example: mlprep" in result.o


def test_start_shows_statement_and_refuses_a_second_time(wsdir):
    result = run("start", "logistic", "--dir", wsdir)
    assert result.exit_code == 0, result.output
    assert "Contract" in result.o and "mlprep grade" in result.o
    (wsdir / "logistic.py").write_text("# my attempt\n")
    again = run("start", "logistic", "--dir", wsdir)
    assert again.exit_code == 1 and again.stdout == ""
    assert "already exists" in again.e and "--force" in again.e
    assert (wsdir / "logistic.py").read_text() == "# my attempt\n"
    forced = run("start", "logistic", "--force", "--dir", wsdir)
    assert forced.exit_code == 0 and "backed up to" in forced.o
    backups = list((wsdir / ".mlprep" / "backups").iterdir())
    assert [b.read_text() for b in backups] == ["# my attempt\n"]


def test_unknown_problem_and_missing_workspace_exit_2(wsdir):
    unknown = run("start", "logistc", "--dir", wsdir)
    assert unknown.exit_code == 2 and "Did you mean: logistic" in unknown.e
    missing = run("list", "--dir", wsdir / "nope")
    assert missing.exit_code == 2 and "does not exist" in missing.e and missing.stdout == ""
    assert run("grade", "--dir", wsdir).exit_code == 2  # nothing started here


def test_grade_without_arguments_records_and_reports(wsdir):
    run("start", "logistic", "--dir", wsdir)
    put_reference(wsdir)
    result = run("grade", "--dir", wsdir)
    assert result.exit_code == 0, result.output
    assert "logistic: 100/100 PASSED" in result.o and "Correctness" in result.o
    progress = json.loads(run("progress", "--json", "--dir", wsdir).stdout)
    row = next(r for r in progress if r["slug"] == "logistic")
    assert row["best_score"] == 100 and row["grades"] == 1 and row["passed"]
    listed = json.loads(run("list", "--json", "--dir", wsdir).stdout)
    assert {r["slug"]: r["status"] for r in listed}["logistic"] == "passed"
    assert {"slug", "title", "track", "difficulty", "status"} <= set(listed[0])


def test_grade_json_stays_one_object_and_outside_file_is_recorded(wsdir, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "mine.py"
    elsewhere.write_text("def broken(:\n")
    run("start", "logistic", "--dir", wsdir)
    result = run("grade", "logistic", "--file", elsewhere, "--json", "--dir", wsdir)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["problem"] == "logistic" and report["error"]
    row = next(r for r in json.loads(run("progress", "--json", "--dir", wsdir).stdout) if r["slug"] == "logistic")
    assert row["grades"] == 1 and row["best_score"] == 0


def test_hints_show_solution_and_reset(wsdir):
    run("start", "logistic", "--dir", wsdir)
    first = run("hint", "--dir", wsdir)
    assert first.exit_code == 0 and "Hint 1/4" in first.o
    assert "Hint 2/4" in run("hint", "logistic", "--dir", wsdir).o
    seen = run("hint", "--all", "--dir", wsdir).stdout
    assert "Hint 1/4" in seen and "Hint 2/4" in seen and "Hint 3/4" not in seen
    # never graded, no terminal: --yes is required
    refused = run("show-solution", "logistic", "--dir", wsdir)
    assert refused.exit_code == 1 and "--yes" in refused.e and refused.stdout == ""
    shown = run("show-solution", "logistic", "--yes", "--dir", wsdir)
    assert shown.exit_code == 0 and "class LogisticRegression" in shown.o
    (wsdir / "logistic.py").write_text("import numpy as np\n")
    diff = run("show-solution", "logistic", "--diff", "--yes", "--dir", wsdir)
    assert diff.exit_code == 0 and "-import numpy as np" not in diff.stdout and "+class LogisticRegression" in diff.o
    reset = run("reset", "logistic", "--dir", wsdir)
    assert reset.exit_code == 0 and "backed up to" in reset.o
    assert (wsdir / "logistic.py").read_text() == catalog.get_problem("logistic").stub_source()
    assert run("reset", "--dir", wsdir).exit_code == 0  # the problem started last (README)
    progress = json.loads(run("progress", "--json", "--dir", wsdir).stdout)
    assert next(r for r in progress if r["slug"] == "logistic")["hints_used"] == 2


def test_list_filters(wsdir):
    rows = json.loads(run("list", "--track", "supervised-linear", "--json", "--dir", wsdir).stdout)
    assert rows and all(r["track"] == "supervised-linear" for r in rows)
    assert all(r["status"] == "new" for r in rows)
    bad = run("list", "--difficulty", "impossible", "--dir", wsdir)
    assert bad.exit_code == 2 and "easy, medium, hard" in bad.e


def test_interview_start_status_hidden_finish(wsdir):
    started = run("interview", "--minutes", "30", "--problem", "logistic", "--dir", wsdir)
    assert started.exit_code == 0, started.output
    assert "clock is running" in started.o and (wsdir / "logistic.py").exists()
    status = run("interview", "--status", "--dir", wsdir)
    assert status.exit_code == 0 and "left of 30 minutes" in status.o
    assert run("hint", "--dir", wsdir).exit_code == 1
    assert "hidden during the interview" in run("show-solution", "--yes", "--dir", wsdir).e
    assert run("interview", "--problem", "linear", "--dir", wsdir).exit_code == 1
    finished = run("interview", "--finish", "--dir", wsdir)
    assert finished.exit_code == 0 and "Interview finished" in finished.o
    assert "No grade during the interview" in finished.o
    assert "No interview is running" in run("interview", "--status", "--dir", wsdir).o
    assert run("interview", "--finish", "--dir", wsdir).exit_code == 1
    assert run("hint", "--dir", wsdir).exit_code == 0


def test_damaged_database_exits_2_and_is_kept(wsdir):
    (wsdir / ".mlprep").mkdir()
    db = wsdir / ".mlprep" / "progress.db"
    garbage = os.urandom(2048)
    db.write_bytes(garbage)
    # grading does not stop for it (tests/test_cli_readonly.py); every other command does
    for args in (["progress"], ["list", "--json"], ["hint", "logistic"], ["start", "linear"], ["grade"]):
        result = run(*args, "--dir", wsdir)
        assert result.exit_code == 2, args
        assert "damaged" in result.e and "Traceback" not in result.output
    assert db.read_bytes() == garbage and not (wsdir / "linear.py").exists()


def test_output_fits_80_columns(wsdir):
    env = {**ENV, "COLUMNS": "80"}
    outputs = [CliRunner().invoke(app, args + ["--dir", str(wsdir)], env=env).stdout
               for args in (["start", "logistic"], ["list"], ["progress"], ["hint", "logistic"])]
    for out in outputs:
        assert max(len(line) for line in out.splitlines()) <= 80
