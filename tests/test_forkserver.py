"""The fork server (mlprep/grading/forkserver.py): a worker it forks starts in the same state as a
worker started from scratch (its own session, only its channel open, its scratch folder as home,
fresh random seeds, no module the server needed), is this process's child, and the server does
not outlive the process that started it. The attacks in test_security.py also run against forked
workers; `mlprep dev check` (test_dev.py) grades every corpus attempt through one."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from mlprep import catalog
from mlprep.grading import engine, processes
from mlprep.grading.session import Budget, Session

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux feature (reads /proc)")

PROBE = '''
import os, sys
import numpy as np

def draw():
    return np.random.rand(4)

def where():
    return [os.getcwd(), os.environ.get("HOME"), os.environ.get("TMPDIR")]

def can_import_socket():
    try:
        import socket
        return True
    except ImportError:
        return False
'''


@pytest.fixture
def forked():
    if not processes.use_fork_server():
        pytest.skip("no fork server on this machine (this process could not become a subreaper)")
    yield
    processes.stop_fork_server()


def session(tmp_path: Path) -> Session:
    attempt = tmp_path / "probe.py"
    attempt.write_text(PROBE)
    s = Session(source=PROBE, filename=str(attempt), budget=Budget.seconds(60), call_timeout=20,
                memory_bytes=engine.WORKER_MEMORY, protect=[])
    s.start()
    return s


def call(s: Session, name: str):
    return s.send("function", f"{name}()", name=name, args=[], kwargs={}, mode="plain", readonly=False)


def test_a_forked_worker_starts_as_a_worker_started_from_scratch(forked, tmp_path):
    s = session(tmp_path)
    try:
        worker = s.worker
        pid = worker.proc.pid
        assert type(worker.proc).__name__ == "ForkedProcess"
        status = Path(f"/proc/{pid}/status").read_text()
        assert f"PPid:\t{os.getpid()}\n" in status, "re-parented to the grading process, which reaps it"
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        assert int(fields[3]) == pid and int(fields[2]) == pid, "its own session and process group"
        assert sorted(int(fd) for fd in os.listdir(f"/proc/{pid}/fd")) == [0, 1, 2, 3, 4]
        assert os.readlink(f"/proc/{pid}/fd/0") == os.devnull
        assert os.readlink(f"/proc/{pid}/fd/1") == str(worker.stdout_path)
        assert call(s, "where") == [worker.tmpdir] * 3
        assert call(s, "can_import_socket") is False, "the server's socket module must not be left to the attempt"
        assert s.sandbox is not None
    finally:
        s.close()
    assert not Path(f"/proc/{pid}").exists()


def test_forked_workers_draw_different_random_numbers(forked, tmp_path):
    draws = []
    for _ in range(2):
        s = session(tmp_path)
        try:
            draws.append(call(s, "draw"))
        finally:
            s.close()
    assert not np.array_equal(draws[0], draws[1]), "each worker needs its own seed, as a new process has"


def test_a_grade_through_the_fork_server_scores_as_one_without(forked):
    problem = catalog.get_problem("logistic")
    forked_report = engine.grade(problem, problem.reference_path)
    processes.stop_fork_server()
    spawned_report = engine.grade(problem, problem.reference_path)
    assert {n: c.score for n, c in forked_report.criteria.items()} == \
        {n: c.score for n, c in spawned_report.criteria.items()}
    assert forked_report.sandbox == spawned_report.sandbox


def _running(pid: int) -> bool:
    """Alive and not a zombie (an exited process waiting to be reaped by whoever adopted it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def test_the_server_goes_when_the_process_that_started_it_goes(tmp_path):
    code = ("import os\nfrom mlprep.grading import processes\n"
            "assert processes.use_fork_server()\nprint(processes.fork_server_pid(), flush=True)\nos._exit(0)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    server = int(run.stdout)
    deadline = time.monotonic() + 30
    while _running(server) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(server), "the fork server outlived the process that started it"


def test_a_broken_fork_server_is_dropped_and_workers_start_as_before(forked, tmp_path):
    processes._fork_server.proc.kill()
    processes._fork_server.proc.wait()
    s = session(tmp_path)
    try:
        assert type(s.worker.proc).__name__ == "Popen"
        assert call(s, "where")[0] == s.worker.tmpdir
    finally:
        s.close()
    assert processes._fork_server is None


def _class_of_two(tmp_path: Path) -> Path:
    subs = tmp_path / "subs"
    subs.mkdir()
    source = catalog.get_problem("logistic").reference_path.read_text(encoding="utf-8")
    for name in ("ada", "bo"):
        (subs / f"{name}.py").write_text(source)
    return subs


def test_a_class_run_forks_its_grading_processes_from_a_server_and_leaves_none(tmp_path, monkeypatch):
    from mlprep.classroom import batch

    started = []
    real_start = batch._Starter.start

    def spy(self, *args):
        proc = real_start(self, *args)
        started.append((type(proc).__name__, self.server.proc.pid if self.server else None))
        return proc

    monkeypatch.setattr(batch._Starter, "start", spy)
    run = batch.grade(catalog.get_problem("logistic"), _class_of_two(tmp_path), tmp_path / "out", jobs=1)
    assert [r.report["score"] for r in run.records] == [100.0, 100.0], [r.failure for r in run.records]
    assert [kind for kind, _ in started] == ["ForkedProcess", "ForkedProcess"]
    server = started[0][1]
    assert not _running(server), "the grading-process server outlived the class run"


def test_a_class_run_whose_server_fails_starts_its_grading_processes_as_before(tmp_path, monkeypatch):
    from mlprep.classroom import batch
    from mlprep.grading import forkserver

    def refuse(self, message, fds):
        raise OSError("refused")

    monkeypatch.setattr(forkserver.ForkServer, "fork", refuse)
    run = batch.grade(catalog.get_problem("logistic"), _class_of_two(tmp_path), tmp_path / "out", jobs=1)
    assert [r.report["score"] for r in run.records] == [100.0, 100.0], [r.failure for r in run.records]
