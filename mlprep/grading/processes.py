"""Worker processes as operating-system processes: start one, find and kill what it started,
remove its scratch folder. No NumPy here: the command line imports this module before the grader,
so a worker can start while the parent is still importing (issue 13).

A worker costs about 0.1 s to start (Python and NumPy): as long as the parent's own imports. So
a grade starts one at once (`start_spare`), before it imports the grader, and `mlprep watch` keeps
one ready between saves; the first `Worker` adopts it (`take_spare`). A spare has run nothing but
worker_main's imports: limits, the kernel's confinement and the audit hook all come with `hello`,
before any attempt code, exactly as for a worker started on the spot.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import BLAS_THREAD_VARS

WORKER_MAIN = Path(__file__).with_name("worker_main.py")
PROTOCOL_PY = Path(__file__).with_name("protocol.py")
LIVE: set[int] = set()  # pids of workers (and the spare) this process is still using


@dataclass
class Spawned:
    """A worker process that has not been sent `hello` yet."""

    proc: subprocess.Popen  # or forkserver.ForkedProcess, which has the same pid/poll/wait/kill
    tmpdir: str
    stdout_path: Path
    rfd: int  # the parent reads the worker's answers here (non-blocking)
    wfd: int  # and writes its requests here (non-blocking)
    started_ticks: int


def _worker_env(tmpdir: str | None) -> dict[str, str]:
    """A minimal environment with one BLAS thread; the scratch folder is also HOME and TMPDIR."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
           **dict.fromkeys(BLAS_THREAD_VARS, "1")}
    if tmpdir is not None:
        env.update(HOME=tmpdir, TMPDIR=tmpdir)
    return env


def spawn() -> Spawned:
    """Start `python -I -B worker_main.py` in a new session, in a fresh scratch folder that is
    also its HOME and TMPDIR, with a minimal environment and one BLAS thread, its output going
    to a file in that folder (the parent reads it as feedback). Forked by the fork server when
    this process uses one (use_fork_server), else started from scratch."""
    while True:
        server = _fork_server
        started_ticks = ticks_now()
        tmpdir = tempfile.mkdtemp(prefix="mlprep-worker-")
        stdout_path = Path(tmpdir) / ".stdout"
        parent_read, child_write = os.pipe()
        child_read, parent_write = os.pipe()
        out = open(stdout_path, "wb")
        proc = None
        try:
            if server is not None:
                proc = _forked(server, tmpdir, child_read, child_write, out.fileno())
            else:
                proc = subprocess.Popen(
                    [*_WORKER_COMMAND, str(child_read), str(child_write), str(PROTOCOL_PY)],
                    pass_fds=(child_read, child_write),
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=tmpdir,
                    env=_worker_env(tmpdir),
                    start_new_session=True,
                    close_fds=True,
                )
        finally:
            out.close()
            os.close(child_read)
            os.close(child_write)
            if proc is None:  # failed; or the server did (it is stopped now): afresh, in a new folder
                for fd in (parent_read, parent_write):
                    os.close(fd)
                remove_tree(tmpdir)
        if proc is not None:
            os.set_blocking(parent_read, False)
            os.set_blocking(parent_write, False)
            return Spawned(proc, tmpdir, stdout_path, parent_read, parent_write, started_ticks)


_WORKER_COMMAND = (sys.executable, "-I", "-B", str(WORKER_MAIN))
_fork_server = None  # forkserver.ForkServer, while this process forks its workers from one


def use_fork_server() -> bool:
    """From now on, fork this process's workers from a fork server (forkserver.py), started now
    so that its imports overlap this process's work: for a process that grades many attempts
    (dev check's pool). Only where it is safe: Linux, with this process a child subreaper, so
    forked workers are re-parented here. Returns whether it is in use."""
    global _fork_server
    from . import forkserver, host

    host.prepare()
    if not (forkserver.supported() and host.is_subreaper()):
        return False
    if _fork_server is None or not _fork_server.alive():
        stop_fork_server()
        try:
            _fork_server = forkserver.ForkServer([*_WORKER_COMMAND, str(PROTOCOL_PY), "zygote"], _worker_env(None))
        except OSError:
            return False
        LIVE.add(_fork_server.proc.pid)  # never a stray of a grade
    return True


def _forked(server, tmpdir: str, fd_in: int, fd_out: int, fd_output: int):
    """A worker forked by `server`, or None when it failed: then it is stopped and this process
    starts its workers itself from now on."""
    try:
        if not server.alive():
            raise OSError("the fork server is not running")
        # the worker's request and answer channel, then its output file (worker_main.become_worker)
        return server.fork(os.fsencode(tmpdir), [fd_in, fd_out, fd_output])
    except (OSError, ValueError):
        stop_fork_server()
        return None


def fork_server_pid() -> int | None:
    """The fork server's pid while one runs (it outlives every grade, by design)."""
    return _fork_server.proc.pid if _fork_server is not None else None


def stop_fork_server() -> None:
    """Stop the fork server, if any; workers are started from scratch again."""
    global _fork_server
    server, _fork_server = _fork_server, None
    if server is not None:
        LIVE.discard(server.proc.pid)
        server.close()


_spare: Spawned | None = None


def start_spare() -> None:
    """Start a worker now, for the next grade of this process to adopt (once is enough)."""
    global _spare
    from . import host

    host.prepare()  # the subreaper first: what a worker starts must stay our descendant
    if _spare is not None and _spare.proc.poll() is None:
        return
    discard_spare()
    try:
        _spare = spawn()
    except OSError:  # out of processes or file descriptors: the grade will say so when it spawns
        _spare = None
        return
    LIVE.add(_spare.proc.pid)  # never a stray of the grade running now


def take_spare() -> Spawned | None:
    """The spare, if one is running; it is the caller's from now on."""
    global _spare
    spare, _spare = _spare, None
    if spare is None:
        return None
    LIVE.discard(spare.proc.pid)
    if spare.proc.poll() is not None:  # it died waiting (killed from outside): start afresh
        end(spare.proc, (spare.rfd, spare.wfd), spare.tmpdir)
        return None
    return spare


def discard_spare() -> None:
    """Kill the spare, if any, and remove its scratch folder (a command that ends without
    grading, and every command before it exits)."""
    global _spare
    spare, _spare = _spare, None
    if spare is not None:
        LIVE.discard(spare.proc.pid)
        end(spare.proc, (spare.rfd, spare.wfd), spare.tmpdir)


def end(proc, fds, tmpdir: str) -> None:
    """Kill a worker process, reap it, close the parent's ends of its pipes, remove its folder."""
    try:
        proc.kill()
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass
    for fd in fds:
        try:
            os.close(fd)
        except OSError:
            pass
    remove_tree(tmpdir)


def _kill_tree(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, start time in clock ticks since boot), read from /proc (Linux)."""
    table = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return table
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            table[int(entry)] = (int(fields[1]), int(fields[19]))
        except (OSError, ValueError, IndexError):
            continue
    return table


def _descendants(table: dict[int, tuple[int, int]], roots: set[int]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = set(), list(roots)
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def ticks_now() -> int:
    """Clock ticks since boot, the unit of a process's start time in /proc."""
    try:
        return int(float(Path("/proc/uptime").read_text().split()[0]) * os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError):
        return 0


def kill_strays(started_ticks: int, roots: set[int] | None = None) -> int:
    """Kill every process descending from `roots` (default: this process) that started at or
    after `started_ticks`, whatever its command line, process group or session, except the live
    workers of other grades and what they started. This process is a child subreaper (host.py),
    so a grandchild that escaped with setsid() or a double fork is still our descendant. Repeated
    until none is left, so a process forking while we kill is caught too. Returns how many died."""
    if not sys.platform.startswith("linux"):
        return 0
    me, killed = os.getpid(), 0
    for _ in range(50):
        table = _process_table()
        spared = LIVE | _descendants(table, set(LIVE))
        doomed = {pid for pid in _descendants(table, roots or {me})
                  if pid not in spared and table[pid][1] >= started_ticks - 1}
        if not doomed:
            break
        for pid in doomed:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except (ProcessLookupError, PermissionError):
                pass
        for pid in doomed:  # reap the ones that were re-parented to us
            if table[pid][0] == me:
                try:
                    os.waitpid(pid, 0)
                except (ChildProcessError, OSError):
                    pass
        time.sleep(0.01)
    return killed


def remove_tree(path: str) -> None:
    """Remove the scratch folder whatever the attempt left in it. shutil.rmtree recurses once per
    level and gives up on a tree deeper than Python's recursion limit (an attempt can build one
    where the kernel does not forbid making folders); `rm -rf` walks any depth."""
    try:
        shutil.rmtree(path, ignore_errors=True)
    except RecursionError:
        pass
    if os.path.lexists(path):
        subprocess.run(["rm", "-rf", "--", path], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
