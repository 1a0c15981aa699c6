"""A fork server for workers, for processes that grade many attempts in a row (`mlprep dev
check`'s pool processes). No NumPy here.

Starting a worker costs about 0.08 s of CPU, nearly all of it Python's start-up and importing
NumPy, and dev check starts one for each of its ~600 grades. The fork server is one worker
process that has done exactly that and nothing more: it has run worker_main's imports, received
no `hello` and seen no attempt code, no hidden test and no reference. For each grade it forks a
fresh copy of itself, which then becomes a worker like any other: limits, the kernel's
confinement and the audit hook all come with `hello`, before any attempt code.

The copy is forked twice, so that it is re-parented to this process (a child subreaper, host.py)
and not to the server: this process waits for it, kills it and finds what it started exactly as
it does for a worker it started itself. Used only on Linux when this process is a subreaper;
anything unexpected (the server died, refused, answered nonsense) closes the server and the
worker is started the usual way (processes.spawn).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

FORK_TIMEOUT = 20.0  # seconds for the first answer, which waits for the server's own imports


class ForkedProcess:
    """A worker forked by the server and re-parented here: the part of subprocess.Popen's
    interface the grader uses (pid, returncode, poll, wait, kill)."""

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
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout)
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
        return self.returncode

    def kill(self) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


class ForkServer:
    """The server process and the socket this process asks it through."""

    def __init__(self, command: list[str], env: dict[str, str]):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.proc = subprocess.Popen([*command, "zygote", str(theirs.fileno())], pass_fds=(theirs.fileno(),),
                                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL, cwd="/", env=env, start_new_session=True,
                                         close_fds=True)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.sock = ours

    def fork(self, tmpdir: str, fd_in: int, fd_out: int, fd_output: int) -> ForkedProcess:
        """A new worker reading requests on `fd_in`, answering on `fd_out`, its output going to
        `fd_output`, in `tmpdir` (its cwd, HOME and TMPDIR). Raises OSError or ValueError when
        the server cannot make one (the caller then starts the worker itself)."""
        self.sock.settimeout(FORK_TIMEOUT)
        socket.send_fds(self.sock, [os.fsencode(tmpdir)], [fd_in, fd_out, fd_output])
        answer = self.sock.recv(64)
        pid = int(answer) if answer.isdigit() else 0
        if pid <= 0:
            raise OSError(f"the fork server could not start a worker ({answer[:40]!r})")
        return ForkedProcess(pid)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        self.sock.close()  # the server exits when its socket closes; kill it in case it is stuck
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def supported() -> bool:
    return sys.platform.startswith("linux") and hasattr(socket, "send_fds")
