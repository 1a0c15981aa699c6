"""What the command line's start-up work promises (issue 13), checked by behaviour, never by
time: options are still validated as before without pydantic, a --json run never imports
rich, a grade leaves no worker, folder or database log behind (the process leaves with
os._exit), and a spare worker whose parent vanished removes its own scratch folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlprep import catalog
from mlprep.cli import app

from helpers import REPO


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "100", "NO_COLOR": "1"})
    result.e = " ".join(result.stderr.split())
    return result


@pytest.mark.parametrize("args, message", [
    (["grade", "logistic", "--time-limit", "3"], "3.0 is below the minimum, 5"),
    (["grade", "logistic", "--time-limit", "nan"], "'nan' is not a finite number"),
    (["grade", "logistic", "--time-limit", "inf"], "'inf' is not a finite number"),
    (["grade", "logistic", "--time-limit", "soon"], "'soon' is not a number"),
    (["dev", "check", "logistic", "-j", "0"], "0 is below the minimum, 1"),
    (["dev", "check", "logistic", "-j", "1.5"], "'1.5' is not a whole number"),
    (["class", "criterion", "r.json", "correctness", "--at", "101"], "101.0 is above the maximum, 100"),
    (["interview", "--minutes", "0"], "0.0 is below the minimum, 1"),
])
def test_options_are_validated_with_a_message_and_exit_2(tmp_path, args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.e, result.e
    assert "Traceback" not in result.e


def test_options_keep_their_types():
    """A float option given as a whole number is a float, a path a Path, a flag a bool."""
    seen = {}
    from mlprep import cli

    def fake_grade(self, slug, file=None, **kw):
        seen.update(slug=slug, file=file, **kw)
        raise cli.UsageError("stop here")

    original = cli.__dict__.get("_ws")
    try:
        cli._ws = lambda ui, directory: type("W", (), {"grade": fake_grade})()
        run("grade", "logistic", "--file", "x.py", "--time-limit", "30")
    finally:
        cli._ws = original
    assert isinstance(seen["file"], Path) and seen["file"] == Path("x.py")
    assert seen["time_limit"] == 30.0 and isinstance(seen["time_limit"], float)


IMPORTS = textwrap.dedent("""
    import sys
    from mlprep.cli import app
    try:
        app(sys.argv[1:], standalone_mode=False)
    except SystemExit:
        pass
    print({name: name in sys.modules for name in ("pydantic", "rich.console", "numpy")}, file=sys.stderr)
""")


@pytest.mark.parametrize("args, numpy", [(["list", "--json"], False), (["progress", "--json"], False),
                                         (["grade", "logistic", "--file", "REF", "--json"], True)])
def test_json_runs_import_neither_pydantic_nor_rich(tmp_path, args, numpy):
    args = [str(catalog.get_problem("logistic").reference_path) if a == "REF" else a for a in args]
    env = {**os.environ, "PYTHONPATH": str(REPO), "MLPREP_WORKSPACE": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", IMPORTS, *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)
    seen = eval(done.stderr.strip().splitlines()[-1])  # the dict printed last
    assert seen == {"pydantic": False, "rich.console": False, "numpy": numpy}, done.stderr
    json.loads(done.stdout)


def mlprep(ws: Path, tmp: Path, *args) -> subprocess.CompletedProcess:
    """The real console entry (python -m mlprep, which leaves with os._exit), its temporary
    files in `tmp`."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp), "MLPREP_WORKSPACE": str(ws),
           "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "mlprep", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=ws, timeout=120)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("attempt", ["reference", "syntax error", "missing file"])
def test_a_grade_leaves_no_worker_folder_or_database_log(tmp_path, attempt):
    ws, tmp = tmp_path / "ws", tmp_path / "tmp"
    ws.mkdir()
    tmp.mkdir()
    assert mlprep(ws, tmp, "start", "logistic").returncode == 0
    if attempt == "reference":
        shutil.copy(catalog.get_problem("logistic").reference_path, ws / "logistic.py")
    elif attempt == "syntax error":  # refused before a worker is needed: the spare goes unused
        (ws / "logistic.py").write_text("class LogisticRegression(:\n")
    before = set(children_of(os.getpid()))
    done = mlprep(ws, tmp, "grade", *(["--file", ws / "nope.py"] if attempt == "missing file" else []))
    assert done.returncode == {"reference": 0, "syntax error": 1, "missing file": 2}[attempt], done.stderr
    assert list(tmp.iterdir()) == []  # no worker's scratch folder
    assert set(children_of(os.getpid())) == before  # and no process: the spare was discarded
    assert [p.name for p in (ws / ".mlprep").iterdir() if p.name.startswith("progress.db")] == ["progress.db"]
    if attempt != "missing file":
        assert mlprep(ws, tmp, "progress", "--json").returncode == 0
        listed = json.loads(mlprep(ws, tmp, "progress", "--json").stdout)
        assert next(r for r in listed if r["slug"] == "logistic")["grades"] == 1


SPARE_ORPHAN = textwrap.dedent("""
    import os, sys
    from mlprep.grading import processes
    processes.start_spare()
    print(processes._spare.proc.pid, processes._spare.tmpdir, flush=True)
    os._exit(0)  # leaves without discarding it: as a pool process does at shutdown
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_spare_whose_parent_vanished_removes_its_folder_and_exits(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", SPARE_ORPHAN], capture_output=True, text=True, env=env,
                          timeout=60)
    pid, folder = done.stdout.split()
    assert Path(folder).parent == tmp_path
    def state() -> str:  # "gone", or the process's state letter ("Z": ended, not reaped yet)
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            return "gone"

    # this test process is a child subreaper (the grader's host setup): the orphan is re-parented
    # here and stays a zombie until reaped, which is as ended as a process gets
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (state() not in ("gone", "Z") or Path(folder).exists()):
        time.sleep(0.05)
    assert state() in ("gone", "Z"), state()
    assert not Path(folder).exists()
    try:
        os.waitpid(int(pid), os.WNOHANG)  # reap it if it is ours
    except ChildProcessError:
        pass
