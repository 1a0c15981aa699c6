"""Attack reproducers: each class of attack an untrusted attempt was seen to make, tried for real.

After every attack: the learner's other files, a canary in a home folder, the progress database and
the installed package are unchanged; no process the attempt started is left; the grade ended within
its limit; its JSON is strict JSON. The kernel layer (Landlock) is also tried on its own, without
the in-process audit hook, since that hook is only a speed bump."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from mlprep import catalog
from mlprep.grading import engine, host, processes, sandbox, static
from mlprep.grading.session import _call_info
from mlprep.grading.processes import _descendants, _process_table, kill_strays, remove_tree, ticks_now
from mlprep.ui import json_safe

from helpers import attempt_file, reference_source

PACKAGE = Path(engine.__file__).resolve().parent
KERNEL = sandbox.describe()[0] == "kernel"
needs_kernel = pytest.mark.skipif(not KERNEL, reason="Landlock is not available on this machine")


@pytest.fixture(scope="module")
def logistic():
    return catalog.get_problem("logistic")


@pytest.fixture
def victim(tmp_path):
    """What an attempt must not touch: a learner's workspace with another attempt and a progress
    database, a home folder with a canary, and the installed grader."""
    ws = tmp_path / "workspace"
    (ws / ".mlprep").mkdir(parents=True)
    (ws / "kmeans.py").write_text("# my other attempt\n")
    db = ws / ".mlprep" / "progress.db"
    with sqlite3.connect(db) as conn:
        conn.execute("create table grades (problem text, score real)")
        conn.execute("insert into grades values ('kmeans', 40.0)")
    conn.close()
    home = tmp_path / "home"
    home.mkdir()
    (home / "canary.txt").write_text("canary")
    files = {p: p.read_bytes() for p in [ws / "kmeans.py", db, home / "canary.txt"]}
    package = {p: p.read_bytes() for p in PACKAGE.rglob("*.py")}
    yield {"ws": ws, "db": db, "home": home, "files": files, "package": package}
    changed = [p for p, data in package.items() if p.read_bytes() != data]
    for p in changed:  # put the grader back before failing, so one failure does not poison the rest
        p.write_bytes(package[p])
    assert not changed, f"the attempt changed the installed grader: {changed}"
    for p, data in files.items():
        assert p.exists() and p.read_bytes() == data, f"the attempt changed {p}"


@pytest.fixture(params=["spawned", "forked"])
def workers(request):
    """The attacks run against workers started from scratch and against workers forked by the
    fork server (dev check's pool uses it): the confinement comes with `hello` either way."""
    if request.param == "forked" and not processes.use_fork_server():
        pytest.skip("no fork server on this machine")
    yield request.param
    processes.stop_fork_server()


def attack(source_tail: str) -> str:
    """The logistic reference (so the grade runs every check) with an attack appended to fit."""
    return reference_source("logistic") + "\n\n" + textwrap.dedent(source_tail)


def graded(problem, tmp_path, source, limit=30.0):
    started, ticks = time.monotonic(), ticks_now()
    report = engine.grade(problem, attempt_file(tmp_path, source, "attack.py"), time_limit=limit)
    took = time.monotonic() - started
    assert took <= limit + 5, f"the grade took {took:.1f} s with a limit of {limit:.0f} s"
    text = json.dumps(json_safe(report.to_dict()), allow_nan=False)
    json.loads(text)
    table = _process_table()
    server = processes.fork_server_pid()  # started before the grade, serves the next one
    left = [pid for pid in _descendants(table, {os.getpid()}) if table[pid][1] >= ticks - 1 and pid != server]
    assert not left, f"processes outlived the grade: {left}"
    return report


def test_file_attacks_through_dir_fd_sqlite_and_imports_change_nothing(logistic, tmp_path, victim, workers):
    ws, db, home = victim["ws"], victim["db"], victim["home"]
    source = attack(f"""
        import os, sqlite3, sys
        _fit = LogisticRegression.fit
        def fit(self, X, y):
            def tries():
                try:
                    fd = os.open({str(ws)!r}, os.O_RDONLY)
                except OSError:
                    fd = os.open(".", os.O_RDONLY)  # confined: the workspace cannot even be opened
                yield lambda: os.unlink("kmeans.py", dir_fd=fd)
                yield lambda: os.write(os.open("kmeans.py", os.O_WRONLY | os.O_TRUNC, dir_fd=fd), b"gone")
                yield lambda: open({str(home / "canary.txt")!r}, "w").write("overwritten")
                yield lambda: os.remove({str(home / "canary.txt")!r})
                yield lambda: sqlite3.connect({str(db)!r}).executescript(
                    "insert into grades values ('logistic', 100); insert into grades values ('linear', 100);")
                yield lambda: open({str(PACKAGE / "report.py")!r}, "a").write("\\n# every grade passes\\n")
            for action in tries():
                try:
                    action()
                except Exception:
                    pass
            return _fit(self, X, y)
        LogisticRegression.fit = fit
    """)
    report = graded(logistic, tmp_path, source)
    assert report.criteria["correctness"].score == 100  # the attempt's own math still counts
    assert report.sandbox is not None


def test_reading_and_reusing_the_reference_solution_fails(logistic, tmp_path, victim, workers):
    source = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(logistic.reference_path.parent)!r})
        try:
            from solution import LogisticRegression as _Reference
        except Exception:
            _Reference = None
        try:
            _TEXT = open({str(logistic.reference_path)!r}).read()
        except Exception:
            _TEXT = ""
        class LogisticRegression(_Reference or object):
            def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
                if _Reference is not None:
                    super().__init__(learning_rate, n_iterations, tol, l2)
    """)
    report = graded(logistic, tmp_path, source)
    assert report.criteria["correctness"].score < 50, "the attempt scored with the reference's code"


@needs_kernel
def test_kernel_confinement_holds_without_the_audit_hook(tmp_path, victim):
    """The Landlock layer alone, in a process that applies sandbox.confine exactly as the worker
    does and then tries what an attempt that emptied the audit hook could do."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    target = subprocess.Popen(["sleep", "30"])  # a process outside the sandbox, to signal
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    script = textwrap.dedent(f"""
        import importlib.util, os, signal, socket, sqlite3, sys
        spec = importlib.util.spec_from_file_location("sb", {str(PACKAGE / "sandbox.py")!r})
        sb = importlib.util.module_from_spec(spec); spec.loader.exec_module(sb)
        import numpy as np
        sb.confine(read=sb.read_paths([np]), scratch={str(scratch)!r})
        allowed = []
        def attempt(name, action):
            try:
                action()
                allowed.append(name)
            except Exception:
                pass
        attempt("read workspace", lambda: open({str(victim["ws"] / "kmeans.py")!r}).read())
        attempt("write home", lambda: open({str(victim["home"] / "canary.txt")!r}, "w").write("x"))
        attempt("sqlite", lambda: sqlite3.connect({str(victim["db"])!r}).execute("insert into grades values ('x', 1)"))
        attempt("package", lambda: open({str(PACKAGE / "report.py")!r}, "a"))
        attempt("read package", lambda: open({str(PACKAGE / "report.py")!r}).read())
        attempt("exec", lambda: os.execv("/bin/true", ["true"]))
        attempt("signal", lambda: os.kill({target.pid}, signal.SIGSTOP))
        attempt("tcp", lambda: socket.create_connection(("127.0.0.1", {server.getsockname()[1]}), timeout=2))
        attempt("mkdir in scratch", lambda: os.mkdir({str(scratch / "d")!r}))
        open({str(scratch / "ok.txt")!r}, "w").write("scratch is writable")
        print(",".join(allowed))
    """)
    try:
        run = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True, text=True, timeout=60)
    finally:
        target.kill()
        target.wait()
        server.close()
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "", f"allowed under Landlock: {run.stdout.strip()}"
    assert (scratch / "ok.txt").read_text() == "scratch is writable"


def test_processes_that_escape_with_setsid_and_a_double_fork_are_killed():
    """kill_strays finds a grandchild re-parented to this (subreaper) process, whatever its session
    and command line."""
    host.prepare()
    ticks = ticks_now()
    code = "import os, time\nif os.fork() == 0:\n    os.setsid()\n    time.sleep(60)\nos._exit(0)\n"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
    time.sleep(0.2)
    table = _process_table()
    strays = [p for p in _descendants(table, {os.getpid()}) if table[p][1] >= ticks - 1]
    assert strays, "the escaped grandchild should have been re-parented to the subreaper"
    assert kill_strays(ticks) >= 1
    table = _process_table()
    assert not [p for p in _descendants(table, {os.getpid()}) if table[p][1] >= ticks - 1]


def test_no_worker_is_restarted_once_the_budget_is_spent(logistic, tmp_path, victim):
    source = attack("""
        import os, time
        _fit = LogisticRegression.fit
        def fit(self, X, y):
            end = time.process_time() + 1.5
            while time.process_time() < end:
                pass
            os._exit(1)
        LogisticRegression.fit = fit
    """)
    report = graded(logistic, tmp_path, source, limit=8.0)
    assert report.criteria["correctness"].score == 0


def test_the_parent_bounds_what_a_worker_reports():
    flood = {"fp_events": [{"kind": "overflow", "line": i, "message": "x" * 10_000} for i in range(100_000)],
             "lines": {str(i): i for i in range(100_000)}, "mutated": list(range(10_000)), "cpu_s": "nan"}
    started = time.monotonic()
    info = _call_info(flood, "")
    assert time.monotonic() - started < 5  # linear in a capped number of items
    assert len(info.fp_events) == 50 and len(info.lines) == 5000 and len(info.mutated) == 64
    assert all(len(e.message) <= 200 for e in info.fp_events) and info.cpu_s is None


@pytest.mark.parametrize("line, fragment", [
    ("np.geterrcall().events.clear()", "np.geterrcall"),
    ("sys.gettrace()", "sys.gettrace"),
    ("import gc; gc.get_objects()", "import gc"),
    ("import pydoc; pydoc.locate('subprocess')", "import pydoc"),
    ("getattr(np, 'geterr' + 'call')()", "getattr(np, <computed name>)"),
    ("().__class__.__base__.__subclasses__()", "__subclasses__"),
    ("__import__('g' + 'c')", "__import__()"),
    ("sys.modules['gc']", "sys.modules"),
])
def test_touching_the_graders_instruments_is_refused_with_the_line(line, fragment):
    source = f"import sys\nimport numpy as np\n\nclass LogisticRegression:\n    def fit(self, X, y):\n        {line}\n"
    error = static.analyse(source, "LogisticRegression").error
    assert error is not None and error.startswith("Line 6 uses") and fragment in error


def test_legal_code_near_the_instruments_is_not_refused():
    source = textwrap.dedent("""
        import re, sys
        import numpy as np
        class LogisticRegression:
            def fit(self, X, y):
                pattern = re.compile("x")
                params = vars(self)
                eps = sys.float_info.epsilon
                w = getattr(self, "weights", None)
                return self
    """)
    assert static.analyse(source, "LogisticRegression").error is None


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "mlprep", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "COLUMNS": "100", "MLPREP_WORKSPACE": str(cwd)}, timeout=180)


@pytest.mark.parametrize("tail", [
    # an inf sentinel at the head of the loss history, copied into the report's curves
    """
    _fit = LogisticRegression.fit
    def fit(self, X, y):
        _fit(self, X, y)
        self.loss_history = [float("inf")] + list(self.loss_history)
        return self
    LogisticRegression.fit = fit
    """,
    # an exception message holding a lone surrogate
    """
    def predict(self, X, threshold=0.5):
        raise ValueError("bad \\udcff value")
    LogisticRegression.predict = predict
    """,
], ids=["inf-in-history", "lone-surrogate"])
def test_output_never_crashes(tmp_path, tail):
    path = attempt_file(tmp_path, attack(tail))
    run = _cli("grade", "logistic", "--file", str(path), "--json", cwd=tmp_path)
    assert run.returncode in (0, 1), run.stderr
    json.loads(run.stdout)  # strict: no NaN, no Infinity
    run = _cli("grade", "logistic", "--file", str(path), cwd=tmp_path)
    assert run.returncode in (0, 1) and "Traceback" not in run.stderr + run.stdout, run.stderr


def test_a_scratch_folder_deeper_than_the_recursion_limit_is_removed(tmp_path):
    root = tmp_path / "scratch"
    root.mkdir()
    fd = os.open(root, os.O_RDONLY)
    for _ in range(sys.getrecursionlimit() + 500):
        os.mkdir("a", dir_fd=fd)
        child = os.open("a", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = child
    os.close(fd)
    remove_tree(str(root))
    assert not root.exists()


def test_doctor_says_which_protection_applies():
    run = subprocess.run([sys.executable, "-m", "mlprep", "doctor", "--json"], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["sandbox"] == ("kernel" if KERNEL else "basic") and data["detail"]


def test_the_report_says_which_protection_applied(logistic, tmp_path):
    report = engine.grade(logistic, attempt_file(tmp_path, reference_source("logistic")))
    assert report.to_dict()["sandbox"] == ("kernel" if KERNEL else "basic")
    assert report.criteria["correctness"].score == 100
