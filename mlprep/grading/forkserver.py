"""Fork servers: a process that has done its imports once and forks a fresh copy of itself for
each job, instead of a new Python starting from scratch. No NumPy here; only the standard library
at module level, because the worker's server loads this file by path (worker_main.py).

Two kinds, both for processes that start many of the same process in a row:
- workers (processes.use_fork_server, for dev check's pool): a worker costs about 0.08 s of CPU to
  start, nearly all of it Python and NumPy. The server has run worker_main's imports and nothing
  else: no `hello`, no attempt code, no hidden test, no reference. Limits, the kernel's
  confinement and the audit hook come with `hello`, in the copy, as for any worker;
- grading processes (`mlprep class grade`, classroom/batch.py): one costs about 0.2 s of CPU to
  import the grader before it grades. The server has imported it and graded nothing.

Each copy is forked twice, so that it is re-parented to the process that asked for it (a child
subreaper, host.py) and not to the server: that process waits for it, signals and kills it and
finds what it started exactly as it does for a process it started itself (`ForkedProcess`). Used
only on Linux, by a process that is a subreaper; anything unexpected (the server died, refused,
answered nonsense) stops the server and the process is started the usual way instead.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import time

FORK_TIMEOUT = 20.0  # seconds for the first answer, which waits for the server's own imports
MAX_MESSAGE = 64 * 1024  # bytes of one request


def supported() -> bool:
    return sys.platform.startswith("linux") and hasattr(socket, "send_fds")


# ---------------------------------------------------------------- the asking side

class ForkedProcess:
    """A process forked by a server and re-parented here: the part of subprocess.Popen's
    interface mlprep uses (pid, returncode, poll, wait, send_signal, kill)."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere (a stray sweep): it is gone, cause unknown
                self.returncode = -signal.SIGKILL
                return self.returncode
            if pid == self.pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        pause = 0.0005
        while self.poll() is None:
            if end is not None and time.monotonic() >= end:
                import subprocess

                raise subprocess.TimeoutExpired(f"process {self.pid}", timeout)
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, sig)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkServer:
    """A server process and the socket this process asks it through. `command` is run with the
    number of the server's end of the socket appended."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: str = "/"):
        import subprocess

        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = subprocess.Popen([*command, str(theirs.fileno())], pass_fds=(theirs.fileno(),),
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL, cwd=cwd, env=env, start_new_session=True,
                                         close_fds=True)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.sock = ours

    def fork(self, message: bytes, fds: list[int]) -> ForkedProcess:
        """A new copy of the server, given `message` and duplicates of `fds`. Raises OSError or
        ValueError when the server cannot make one (the caller then starts the process itself)."""
        self.sock.settimeout(FORK_TIMEOUT)
        socket.send_fds(self.sock, [message], fds)
        answer = self.sock.recv(64)
        pid = int(answer) if answer.isdigit() else 0
        if pid <= 0:
            raise OSError(f"the fork server could not start a process ({answer[:40]!r})")
        return ForkedProcess(pid)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        import subprocess

        self.sock.close()  # the server exits when its socket closes; kill it in case it is stuck
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


# ---------------------------------------------------------------- the server side

def serve(sock: socket.socket, nfds: int) -> tuple[bytes, list[int]]:
    """The server's loop: for each request (a message and `nfds` descriptors) fork twice and answer
    the pid of the grandchild, which by then is re-parented to the asking process. Returns only in
    that grandchild, in a session of its own and without the socket: (message, descriptors).
    Exits when the asking process closes the socket."""
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(sock, MAX_MESSAGE, nfds)
        except (OSError, ValueError):
            os._exit(0)
        if not message or len(fds) != nfds:
            os._exit(0)
        report_r, report_w = os.pipe()
        try:
            middle = os.fork()
        except OSError:
            middle = -1
        if middle == 0:
            try:
                child = os.fork()
            except OSError:
                os._exit(1)
            if child == 0:
                os.close(report_r)
                os.close(report_w)
                os.setsid()
                sock.close()
                return message, fds
            os.write(report_w, str(child).encode())
            os._exit(0)
        os.close(report_w)
        for fd in fds:
            os.close(fd)
        pid = b""
        if middle > 0:
            os.waitpid(middle, 0)  # the grandchild is re-parented before this returns
            pid = os.read(report_r, 32)
        os.close(report_r)
        try:
            sock.send(pid or b"0")
        except OSError:
            os._exit(0)


def settle_descriptors(output: int, channel: list[int]) -> list[int]:
    """In a forked copy: stdin from /dev/null, stdout and stderr to `output`, the `channel`
    descriptors renumbered from 3, and no other descriptor open. Returns the channel's numbers."""
    keep = [_above(fd, 2 + len(channel)) for fd in (output, *channel)]
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(keep[0], 1)
    os.dup2(keep[0], 2)
    numbers = list(range(3, 3 + len(channel)))
    for fd, number in zip(keep[1:], numbers):
        os.dup2(fd, number)
    last = numbers[-1] if numbers else 2
    for name in os.listdir("/proc/self/fd"):
        if int(name) > last:
            try:
                os.close(int(name))
            except OSError:  # the listing's own descriptor, already closed
                pass
    return numbers


def _above(fd: int, floor: int) -> int:
    """A duplicate of `fd` numbered above `floor`, so that no dup2 onto 0..floor clobbers it."""
    low, new = [], os.dup(fd)
    while new <= floor:
        low.append(new)
        new = os.dup(fd)
    for extra in low:
        os.close(extra)
    return new


def fresh_random_state() -> None:
    """In a forked copy: the process-level state a new process would start fresh and the copy
    shares with its server, made fresh. Only these modules are known to the servers (the worker's
    imports numpy.random; the grader's, random and tempfile): a module with such state imported
    into a server later must be added here."""
    if "random" in sys.modules:
        sys.modules["random"].seed()
    if "numpy.random" in sys.modules:
        sys.modules["numpy.random"].seed()
    if "tempfile" in sys.modules:
        sys.modules["tempfile"].tempdir = None  # recomputed from TMPDIR
