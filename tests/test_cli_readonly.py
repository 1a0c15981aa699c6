"""Folders and databases mlprep cannot write, and a damaged database, through the real command
(`python -m mlprep` in a subprocess). File permissions are made to apply even when the tests run
as root: the child loses CAP_DAC_OVERRIDE before it executes Python (root ignores permissions
otherwise)."""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import stat
import subprocess
import sys

import pytest

from mlprep import catalog
from mlprep.progress import Progress

CAPS_THAT_BYPASS_PERMISSIONS = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
PR_CAPBSET_DROP = 24


def _as_an_ordinary_user():  # preexec_fn: runs in the child, before exec
    if os.geteuid() == 0:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in CAPS_THAT_BYPASS_PERMISSIONS:
            if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def mlprep(ws, *args, unprivileged=True):
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "MLPREP_WORKSPACE": str(ws)}
    r = subprocess.run([sys.executable, "-m", "mlprep", *map(str, args)], capture_output=True, text=True,
                       env=env, cwd=ws, timeout=120, stdin=subprocess.DEVNULL,
                       preexec_fn=_as_an_ordinary_user if unprivileged else None, check=False)
    r.o, r.e = " ".join(r.stdout.split()), " ".join(r.stderr.split())
    return r


@pytest.fixture(scope="module", autouse=True)
def permissions_apply(tmp_path_factory):
    """Skip (saying why) on a system where the child cannot be made subject to permissions."""
    if not sys.platform.startswith("linux") and os.geteuid() == 0:
        pytest.skip("dropping root's permission bypass is implemented for Linux only")
    probe = tmp_path_factory.mktemp("probe") / "read-only"
    probe.write_text("x")
    probe.chmod(0o444)
    r = subprocess.run([sys.executable, "-c", f"open({str(probe)!r}, 'a')"], capture_output=True,
                       preexec_fn=_as_an_ordinary_user, check=False)
    if r.returncode == 0:
        pytest.skip("file permissions do not apply to this process (no capability to drop)")


@pytest.fixture
def graded_ws(tmp_path):
    """A workspace with one recorded grade, and an attempt outside it to grade again."""
    ws = tmp_path / "ws"
    ws.mkdir()
    assert mlprep(ws, "start", "logistic", unprivileged=False).returncode == 0
    shutil.copy(catalog.get_problem("logistic").reference_path, ws / "logistic.py")
    assert mlprep(ws, "grade", unprivileged=False).returncode == 0
    mine = tmp_path / "mine.py"
    shutil.copy(catalog.get_problem("logistic").reference_path, mine)
    return ws, mine


def read_only(path):
    path.chmod(stat.S_IMODE(path.stat().st_mode) & ~0o222)


@pytest.mark.parametrize("what", ["database", "state folder"])
def test_a_read_only_database_is_not_damaged_and_grading_still_runs(graded_ws, what):
    ws, mine = graded_ws
    db = ws / ".mlprep" / "progress.db"
    before = db.read_bytes()
    read_only(db if what == "database" else db.parent)
    try:
        r = mlprep(ws, "grade", "logistic", "--file", mine)
        assert r.returncode == 0 and "PASSED" in r.o, r.stderr
        assert "damaged" not in r.e and "move it aside" not in r.e
        assert "cannot be written" in r.e and "not recorded" in r.e
        assert ("the file is read-only" if what == "database" else "folder") in r.e
        listed = mlprep(ws, "progress", "--json")  # reading still works
        assert listed.returncode == 0, listed.stderr
        assert next(x for x in json.loads(listed.stdout) if x["slug"] == "logistic")["grades"] == 1
        hint = mlprep(ws, "hint", "logistic")  # a command whose job is to record: says why it cannot
        assert hint.returncode == 2 and "cannot be written" in hint.e and "damaged" not in hint.e
        assert "Traceback" not in r.stderr + listed.stderr + hint.stderr
    finally:
        (db.parent).chmod(0o755)
        db.chmod(0o644)
    assert db.read_bytes() == before
    assert len(Progress(ws / ".mlprep").grades("logistic")) == 1


def test_start_in_a_read_only_folder_is_one_sentence(tmp_path):
    ws = tmp_path / "ro"
    ws.mkdir()
    read_only(ws)
    try:
        r = mlprep(ws, "start", "logistic")
        assert r.returncode == 2
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert str(ws) in r.e and "read-only" in r.e and "--dir" in r.e
        assert mlprep(ws, "reset", "logistic").returncode == 2
        assert mlprep(ws, "interview").returncode == 2
    finally:
        ws.chmod(0o755)
    assert list(ws.iterdir()) == []


def test_a_damaged_database_does_not_stop_grading_a_file(tmp_path):
    (tmp_path / ".mlprep").mkdir()
    db = tmp_path / ".mlprep" / "progress.db"
    garbage = os.urandom(4096)
    db.write_bytes(garbage)
    mine = tmp_path / "mine.py"
    shutil.copy(catalog.get_problem("logistic").reference_path, mine)
    for extra in ([], ["--json"]):
        r = mlprep(tmp_path, "grade", "logistic", "--file", mine, *extra, unprivileged=False)
        assert r.returncode == 0, r.stderr
        assert "damaged" in r.e and "not recorded" in r.e
        if extra:
            assert json.loads(r.stdout)["passed"] is True
    assert db.read_bytes() == garbage
