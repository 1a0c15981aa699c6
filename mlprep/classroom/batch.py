"""Grading a class: every submission in a process of its own, N at a time, each result kept as it
finishes so that a second run grades only what is new or changed.

Isolation. Each submission is graded by `python -m mlprep.classroom.one` in a new session (on
Linux a copy forked from a server that has imported the grader and graded nothing, see
`_Starter`): the engine there starts the attempt's sandboxed worker (kernel confinement, CPU,
memory and file-size limits, a deadline for every call and for the whole grade). Nothing of one
grade is shared with another: a crash, a hang or a memory blow-up ends that grade only. As a
backstop, a grading process that has not finished `MARGIN_S` seconds after its time limit is
stopped with everything it started, whatever their session, and the submission is reported as not
graded, with why.

Resuming. The results folder keeps one file per submission, `results/<name>.<sha256[:16]>.json`,
written atomically when its grade ends. A later run reuses it when the file's content, the problem
(its hidden tests and reference), mlprep's version and the time limit are the same; otherwise the
submission is graded again and its old result removed. A submission mlprep itself failed on (its
own bug, the backstop) is not kept, so the next run tries it again.

Ctrl-C. The grading processes are asked to stop (SIGINT: each closes its worker), then killed with
what they started if they have not within a few seconds; what had finished is kept, and the run
says which submissions are left."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..catalog import Problem
from ..errors import UsageError
from ..grading import BLAS_THREAD_VARS
from ..grading.engine import DEFAULT_TIME_LIMIT
from ..grading.processes import kill_strays, remove_tree, ticks_now
from . import submissions as found
from .one import write_atomically

FORMAT = 1  # of a result file
MARGIN_S = 30.0  # past the grade's own time limit, before the backstop stops a grading process
STOP_GRACE_S = 5.0  # after Ctrl-C, for grading processes to close their workers themselves
POLL_S = 0.05


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass
class Record:
    """The result of one submission: a report, or why there is none."""

    name: str
    file: str | None  # the attempt, relative to the submissions folder
    sha256: str | None
    report: dict | None  # GradeReport.to_dict()
    failure: str | None = None  # why there is no report
    seconds: float = 0.0  # wall time of its grading process
    key: dict = field(default_factory=dict)  # what the result depends on besides the file
    fresh: bool = False  # graded in this run (not saved)

    @property
    def graded(self) -> bool:
        return self.report is not None

    @property
    def error(self) -> str | None:
        """Why the submission got no real grade: mlprep's failure, or the report's error (a syntax
        error, an import that fails...)."""
        return self.failure if self.report is None else self.report.get("error")

    def to_dict(self) -> dict:
        return {"format": FORMAT, "name": self.name, "file": self.file, "sha256": self.sha256,
                "key": self.key, "seconds": round(self.seconds, 3), "failure": self.failure,
                "report": self.report}

    @classmethod
    def from_dict(cls, data: dict) -> "Record":
        return cls(name=data["name"], file=data.get("file"), sha256=data.get("sha256"), report=data.get("report"),
                   failure=data.get("failure"), seconds=float(data.get("seconds") or 0.0), key=data.get("key") or {})


@dataclass
class ClassRun:
    problem: Problem
    folder: Path
    out: Path
    submissions: list[found.Submission]
    records: list[Record]  # one per submission that has a result, in the submissions' order
    graded: int = 0  # graded in this run
    reused: int = 0  # unchanged since a previous run
    interrupted: bool = False
    seconds: float = 0.0
    jobs: int = 1

    @property
    def missing(self) -> list[str]:
        """Submissions left without a result (the run was interrupted)."""
        have = {r.name for r in self.records}
        return [s.name for s in self.submissions if s.name not in have]

    @property
    def unfinished(self) -> list[str]:
        """Submissions without a verdict: no result yet, or mlprep failed on them (tried again
        on the next run)."""
        return self.missing + [r.name for r in self.records if r.report is None and r.file is not None]


# ---------------------------------------------------------------- keys and result files

def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def problem_digest(problem: Problem) -> str:
    """Changes when the problem's hidden tests, reference or metadata change."""
    digest = hashlib.sha256()
    for path in (problem.tests_path, problem.reference_path, problem.stub_path.with_name("problem.toml")):
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()[:16]


def run_key(problem: Problem, time_limit: float | None) -> dict:
    return {"problem": problem.slug, "problem_digest": problem_digest(problem), "mlprep": __version__,
            "time_limit": float(time_limit or problem.time_limit_s or DEFAULT_TIME_LIMIT)}


def safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name).strip(".") or "_"


def result_path(results: Path, name: str, sha: str) -> Path:
    return results / f"{safe_name(name)}.{sha[:16]}.json"


def load_result(path: Path, name: str, sha: str, key: dict) -> Record | None:
    """The kept result at `path` if it is for this exact file, problem, version and time limit."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        record = Record.from_dict(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if data.get("format") != FORMAT or record.name != name or record.sha256 != sha or record.key != key:
        return None
    if record.report is None:
        return None
    return record


def save_result(results: Path, record: Record) -> None:
    """Write the result atomically, then remove this submission's older results."""
    path = result_path(results, record.name, record.sha256)
    write_atomically(str(path), record.to_dict())
    for other in results.glob(f"{safe_name(record.name)}.*.json"):
        if other == path:
            continue
        try:
            if json.loads(other.read_text(encoding="utf-8")).get("name") == record.name:
                other.unlink()
        except (OSError, ValueError, AttributeError):
            continue


# ---------------------------------------------------------------- grading processes

@dataclass
class _Running:
    sub: found.Submission
    sha: str
    proc: subprocess.Popen
    out: Path
    log: Path
    started: float
    ticks: int
    deadline: float
    tmp: Path | None = None  # its TMPDIR: its workers' scratch folders, removed when it ends


_PACKAGE_ROOT = Path(__file__).resolve().parent.parent.parent  # the folder holding this mlprep


def _child_env() -> dict:
    env = dict(os.environ)
    for name in BLAS_THREAD_VARS:  # parallelism comes from the jobs; BLAS threads would oversubscribe
        env[name] = "1"
    here = str(_PACKAGE_ROOT)  # so `-m mlprep...` imports this mlprep
    env["PYTHONPATH"] = here + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    for name in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS"):
        env.pop(name, None)
    return env


class _Starter:
    """Starts grading processes: forked by a grading-process server (grading/forkserver.py) when
    one can run here (Linux, this process a child subreaper, so each copy is re-parented here),
    else with `python -m mlprep.classroom.one`. A grading process's start is then a fork instead
    of about 0.2 s of CPU importing the grader."""

    COMMAND = (sys.executable, "-m", "mlprep.classroom.one")

    def __init__(self, env: dict):
        from ..grading import forkserver, host

        self.env, self.server = env, None
        host.prepare()
        if forkserver.supported() and host.is_subreaper():
            try:
                # run from the folder that holds this mlprep: `-m` puts its cwd first on sys.path
                self.server = forkserver.ForkServer([*self.COMMAND, "--serve"], env, cwd=str(_PACKAGE_ROOT))
            except OSError:
                self.server = None

    def start(self, argv: list[str], cwd: Path, tmp: Path, log) -> "subprocess.Popen | None":
        """The grading process, or None when the server failed (it is stopped: the caller starts
        again with fresh paths, which a half-started copy cannot have seen)."""
        if self.server is not None:
            try:
                return self.server.fork(json.dumps({"argv": argv, "cwd": str(cwd), "tmpdir": str(tmp)}).encode(),
                                        [log.fileno()])
            except (OSError, ValueError):
                self.close()
                return None
        return subprocess.Popen([*self.COMMAND, *argv], stdin=subprocess.DEVNULL, stdout=log,
                                stderr=subprocess.STDOUT, cwd=cwd, env=dict(self.env, TMPDIR=str(tmp)),
                                start_new_session=True, close_fds=True)

    def close(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.close()


def _spawn(starter: _Starter, problem: Problem, sub: found.Submission, sha: str, scratch: Path, index: int,
           time_limit: float) -> _Running:
    proc, attempt = None, 0
    while proc is None:
        name = f"{index}" if attempt == 0 else f"{index}-{attempt}"
        attempt += 1
        out = scratch / f"{name}.json"
        log = scratch / f"{name}.log"
        # Its own TMPDIR: a grading process stopped by the backstop (SIGKILL) cannot remove its
        # worker's scratch folder; here it is removed with the grading process's folder.
        tmp = scratch / f"{name}.tmp"
        tmp.mkdir()
        ticks = ticks_now()
        with open(log, "wb") as fh:
            proc = starter.start([problem.slug, str(sub.file), str(out), repr(time_limit)], scratch, tmp, fh)
    now = time.monotonic()
    return _Running(sub, sha, proc, out, log, now, ticks, now + time_limit + MARGIN_S, tmp)


def stop_tree(proc: subprocess.Popen, ticks: int) -> None:
    """Kill a grading process and everything it started, in any session: freeze it first so it
    cannot start a new worker, kill its descendants, then its process group."""
    try:
        os.kill(proc.pid, signal.SIGSTOP)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        kill_strays(ticks, {proc.pid})
    except Exception:  # the process table could not be read: the group kill below still runs
        pass
    for kill in (lambda: os.killpg(proc.pid, signal.SIGKILL), proc.kill):
        try:
            kill()
        except (ProcessLookupError, PermissionError, OSError):
            pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def _tail(path: Path, limit: int = 400) -> str:
    try:
        text = path.read_bytes()[-4000:].decode("utf-8", "replace").strip()
    except OSError:
        return ""
    lines = [line for line in text.splitlines() if line.strip()]
    return (lines[-1] if lines else "")[-limit:]


def _finish(r: _Running, folder: Path, key: dict, stopped: str | None) -> Record | None:
    """The record of a grading process that ended; None when it was interrupted (no result)."""
    seconds = time.monotonic() - r.started
    if r.tmp is not None:
        remove_tree(str(r.tmp))  # what its workers left, if it could not clean up itself
    rel = _relative(r.sub.file, folder)
    payload = None
    if stopped is None:
        try:
            payload = json.loads(r.out.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            payload = None
    if isinstance(payload, dict) and isinstance(payload.get("report"), dict):
        return Record(r.sub.name, rel, r.sha, payload["report"], None, seconds, key, fresh=True)
    if isinstance(payload, dict) and payload.get("failure"):
        return Record(r.sub.name, rel, r.sha, None, str(payload["failure"]), seconds, key, fresh=True)
    code = r.proc.returncode
    if stopped is not None:
        why = stopped
    elif code is not None and code < 0:
        why = f"mlprep's grading process died from signal {signal.Signals(-code).name}"
    elif code == 130:
        return None  # interrupted before it finished: graded again next run
    else:
        why = f"mlprep's grading process ended (exit status {code}) without a result"
    tail = _tail(r.log)
    return Record(r.sub.name, rel, r.sha, None, why + (f": {tail}" if tail else ""), seconds, key, fresh=True)


def _relative(path: Path | None, folder: Path) -> str | None:
    if path is None:
        return None
    try:
        return str(Path(path).relative_to(folder))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- the run

def grade(problem: Problem, folder: Path | str, out: Path | str, *, jobs: int | None = None,
          time_limit: float | None = None, on_start=None, on_done=None) -> ClassRun:
    """Grade every submission in `folder` that has no kept result in `out`, `jobs` at a time.
    `on_start(to_grade, reused)` is called once, `on_done(record)` after each grade. Ctrl-C stops
    the run and returns what was graded, with `interrupted` set."""
    started = time.monotonic()
    folder, out = Path(folder).absolute(), Path(out).absolute()  # the grading processes run elsewhere
    jobs = jobs or default_jobs()
    if jobs < 1:
        raise UsageError("--jobs must be 1 or more.")
    subs = found.find(folder, problem, skip=out)
    results = out / "results"
    try:
        results.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"Cannot create the results folder {results}: {exc.strerror}.") from None
    key = run_key(problem, time_limit)
    limit = key["time_limit"]
    by_name: dict[str, Record] = {}
    todo: deque[tuple[found.Submission, str]] = deque()
    reused = 0
    for sub in subs:
        if sub.file is None:
            by_name[sub.name] = Record(sub.name, None, None, None, sub.problem, key=key)
            continue
        try:
            sha = file_sha256(sub.file)
        except OSError as exc:
            by_name[sub.name] = Record(sub.name, _relative(sub.file, folder), None, None,
                                       f"the file cannot be read: {exc.strerror}", key=key)
            continue
        kept = load_result(result_path(results, sub.name, sha), sub.name, sha, key)
        if kept is not None:
            by_name[sub.name] = kept
            reused += 1
        else:
            todo.append((sub, sha))
    run = ClassRun(problem, folder, out, subs, [], reused=reused, jobs=jobs)
    if on_start:
        on_start(len(todo), run.reused)
    env = _child_env()
    running: list[_Running] = []
    starter = _Starter(env) if todo else None
    try:
        with tempfile.TemporaryDirectory(prefix="mlprep-class-") as scratch_dir:
            scratch = Path(scratch_dir)
            index = 0

            def settle(r: _Running, stopped: str | None = None) -> None:
                record = _finish(r, folder, key, stopped)
                if record is None:
                    return
                if record.report is not None:
                    save_result(results, record)
                by_name[record.name] = record
                run.graded += 1
                if on_done:
                    on_done(record)

            try:
                while todo or running:
                    while todo and len(running) < jobs:
                        sub, sha = todo.popleft()
                        index += 1
                        running.append(_spawn(starter, problem, sub, sha, scratch, index, limit))
                    time.sleep(POLL_S)
                    for r in list(running):
                        if r.proc.poll() is None:
                            if time.monotonic() < r.deadline:
                                continue
                            stop_tree(r.proc, r.ticks)
                            running.remove(r)
                            settle(r, f"no result {limit + MARGIN_S:.0f} s after it started (time limit "
                                      f"{limit:g} s); mlprep stopped it and everything it started")
                            continue
                        running.remove(r)
                        settle(r)
            except KeyboardInterrupt:
                run.interrupted = True
                _stop_all(running)
                for r in running:  # a grade that ended just before Ctrl-C still counts
                    if r.out.exists():
                        settle(r)
    finally:
        if starter is not None:
            starter.close()
    run.records = [by_name[s.name] for s in subs if s.name in by_name]
    run.seconds = time.monotonic() - started
    return run


def _stop_all(running: list[_Running]) -> None:
    """Ask every grading process to stop (each closes its worker), then kill what is left."""
    for r in running:
        try:
            r.proc.send_signal(signal.SIGINT)
        except (ProcessLookupError, OSError):
            pass
    end = time.monotonic() + STOP_GRACE_S
    while time.monotonic() < end and any(r.proc.poll() is None for r in running):
        try:
            time.sleep(POLL_S)
        except KeyboardInterrupt:  # a second Ctrl-C: stop waiting
            break
    for r in running:
        if r.proc.poll() is None:
            stop_tree(r.proc, r.ticks)
