"""A learner's day through the real command (`python -m mlprep` in a subprocess), in an empty
temporary workspace given by $MLPREP_WORKSPACE; concurrent grades; watch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from mlprep import catalog
from mlprep.progress import Progress


def mlprep(ws, *args, timeout=120):
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "MLPREP_WORKSPACE": str(ws)}
    r = subprocess.run([sys.executable, "-m", "mlprep", *map(str, args)], capture_output=True, text=True,
                       env=env, cwd=ws, timeout=timeout, stdin=subprocess.DEVNULL)
    r.o, r.e = " ".join(r.stdout.split()), " ".join(r.stderr.split())  # unwrapped from 80 columns
    return r


def test_a_learners_day(tmp_path):
    ws = tmp_path
    attempt = ws / "logistic.py"
    logistic = catalog.get_problem("logistic")

    r = mlprep(ws, "start", "logistic")
    assert r.returncode == 0 and attempt.read_text() == logistic.stub_source()
    attempt.write_text(attempt.read_text() + "# started thinking\n")
    r = mlprep(ws, "start", "logistic")
    assert r.returncode == 1 and "already exists" in r.e
    assert attempt.read_text().endswith("# started thinking\n")
    r = mlprep(ws, "start", "logistic", "--force")
    assert r.returncode == 0 and "backed up to" in r.o

    for level in (1, 2):
        r = mlprep(ws, "hint")
        assert r.returncode == 0 and f"Hint {level}/" in r.o

    r = mlprep(ws, "show-solution")  # no grade yet, no terminal
    assert r.returncode == 1 and "--yes" in r.e

    shutil.copy(logistic.reference_path, attempt)
    r = mlprep(ws, "grade")
    assert r.returncode == 0 and "PASSED" in r.o, r.stdout + r.stderr
    assert max(map(len, r.stdout.splitlines())) <= 80

    r = mlprep(ws, "show-solution")  # graded now: no question
    assert r.returncode == 0 and "class LogisticRegression" in r.o
    attempt.write_text(attempt.read_text().replace("np.logaddexp(0.0, z)", "np.log(1 + np.exp(z))"))
    r = mlprep(ws, "show-solution", "--diff")
    assert r.returncode == 0 and "+    return np.mean(np.logaddexp(0.0, z) - y * z)" in r.stdout

    r = mlprep(ws, "progress", "--json")
    row = next(x for x in json.loads(r.stdout) if x["slug"] == "logistic")
    assert (row["best_score"], row["grades"], row["hints_used"]) == (100, 1, 2)
    assert "logistic" in mlprep(ws, "progress").o

    r = mlprep(ws, "reset", "logistic")
    assert r.returncode == 0 and attempt.read_text() == logistic.stub_source()
    backups = sorted((ws / ".mlprep" / "backups").iterdir())
    assert any("np.log(1 + np.exp(z))" in b.read_text() for b in backups)

    r = mlprep(ws, "interview", "--minutes", "20", "--problem", "linear")
    assert r.returncode == 0 and (ws / "linear.py").exists()
    r = mlprep(ws, "interview", "--status")
    assert r.returncode == 0 and "Interview on linear" in r.o
    assert mlprep(ws, "hint").returncode == 1  # `hint` alone means the interview's problem now
    shutil.copy(catalog.get_problem("linear").reference_path, ws / "linear.py")
    r = mlprep(ws, "grade")
    assert r.returncode == 0 and "Interview over: the attempt passed" in r.o
    assert "No interview is running" in mlprep(ws, "interview", "--status").o
    assert mlprep(ws, "interview", "--finish").returncode == 1


def test_two_grades_at_once_are_both_recorded(tmp_path):
    ws = tmp_path
    mlprep(ws, "start", "logistic")
    shutil.copy(catalog.get_problem("logistic").reference_path, ws / "logistic.py")
    (ws / "broken.py").write_text("class LogisticRegression:\n    pass\n")
    with ThreadPoolExecutor(2) as pool:
        runs = list(pool.map(lambda args: mlprep(ws, "grade", *args),
                             [["logistic"], ["logistic", "--file", ws / "broken.py", "--json"]]))
    assert [r.returncode for r in runs] == [0, 1], [r.stderr for r in runs]
    grades = Progress(ws / ".mlprep").grades("logistic")
    assert sorted(g.passed for g in grades) == [False, True]
    with_check = subprocess.run([sys.executable, "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                                 "print(c.execute('PRAGMA integrity_check').fetchone()[0])",
                                 str(ws / ".mlprep" / "progress.db")], capture_output=True, text=True)
    assert with_check.stdout.strip() == "ok"


def test_watch_regrades_on_save_and_survives_broken_code(tmp_path):
    ws = tmp_path
    mlprep(ws, "start", "logistic")
    attempt = ws / "logistic.py"
    shutil.copy(catalog.get_problem("logistic").reference_path, attempt)
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "PYTHONUNBUFFERED": "1", "MLPREP_WORKSPACE": str(ws)}
    proc = subprocess.Popen([sys.executable, "-m", "mlprep", "watch", "--max-grades", "2", "--interval", "0.1"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                            stdin=subprocess.DEVNULL)
    try:
        lines = []
        deadline = time.monotonic() + 60
        for line in proc.stdout:  # wait for the first grade to finish
            lines.append(line)
            if line.startswith("Graded in") or time.monotonic() > deadline:
                break
        attempt.write_text(attempt.read_text() + "\ndef broken(:\n")
        rest, _ = proc.communicate(timeout=60)
    finally:
        proc.kill()
    out = "".join(lines) + rest
    assert proc.returncode == 0, out
    assert "100/100 PASSED" in out and "SyntaxError" in out
    assert out.count("mlprep watch ·") == 4 and out.count("· grading…") == 2  # each grade says it starts
    assert len(Progress(ws / ".mlprep").grades("logistic")) == 2
