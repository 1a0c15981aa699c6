"""The parent's handle on one worker process: spawn it with limits, send requests, enforce
deadlines, and kill it with everything it started.

A request that times out, a worker that dies, or a frame that is malformed, out of sequence or
carries the wrong nonce is a failed request: the worker is killed and the caller gets an
exception. Nothing a worker sends is unpickled or executed.
"""

from __future__ import annotations

import os
import secrets
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import processes
from . import protocol as proto
from .processes import LIVE as _LIVE, _kill_tree, kill_strays

OUTPUT_CAP = 64 * 1024  # bytes of attempt stdout/stderr kept for feedback

# Modules an attempt may not import: other ML libraries would do the work for it, and
# process/FFI/network modules have no place in a NumPy exercise.
DENIED_IMPORTS = (
    "sklearn", "scipy", "torch", "tensorflow", "jax", "jaxlib", "keras", "statsmodels", "xgboost",
    "lightgbm", "catboost", "cupy", "numba", "pandas", "mlprep", "subprocess", "multiprocessing",
    "ctypes", "_ctypes", "cffi", "socket", "_socket", "ssl", "http", "urllib", "requests",
    "concurrent", "_posixsubprocess", "pty", "asyncio",
)


class WorkerFailure(Exception):
    """The worker did not answer properly (crash, timeout, garbage)."""


class WorkerTimeout(WorkerFailure):
    pass


class WorkerCrashed(WorkerFailure):
    pass


@dataclass
class Reply:
    ok: bool
    value: object
    error: dict | None
    info: dict = field(default_factory=dict)
    arrays: list = field(default_factory=list)
    stdout: str = ""


class Worker:
    """One worker process running one attempt."""

    def __init__(self, *, cpu_seconds: int, memory_bytes: int, protect: list[str]):
        # a spare started ahead of time (processes.start_spare) has run nothing but its imports
        spawned = processes.take_spare() or processes.spawn()
        self.proc, self.tmpdir, self.stdout_path = spawned.proc, spawned.tmpdir, spawned.stdout_path
        self.rfd, self.wfd, self.started_ticks = spawned.rfd, spawned.wfd, spawned.started_ticks
        _LIVE.add(self.proc.pid)
        self.nonce = secrets.token_hex(16)
        self.seq = 0
        self.dead = False
        self._out_pos = 0
        self.limits = {
            "RLIMIT_CPU": int(cpu_seconds),
            "RLIMIT_FSIZE": 8 * 1024 * 1024,
            "RLIMIT_CORE": 0,
        }
        if sys.platform.startswith("linux"):
            self.limits["RLIMIT_AS"] = int(memory_bytes)
        self.protect = protect

    # ------------------------------------------------------------ lifecycle

    def hello(self, timeout: float, attempt_file: str | None = None, confine: bool = True) -> tuple[str, str]:
        """Set the worker up; returns the protection it applied to itself: ("kernel" | "basic", detail).
        `confine=False` exists only so benchmarks/confinement_cost.py can measure what Landlock costs."""
        reply = self.request("hello", timeout, nonce=self.nonce, limits=self.limits, attempt_file=attempt_file,
                             confine=confine,
                             deny_imports=list(DENIED_IMPORTS), protect=self.protect, tmpdir=self.tmpdir)
        level = reply.info.get("sandbox")
        return ("kernel" if level == "kernel" else "basic"), str(reply.info.get("sandbox_detail", ""))[:300]

    def close(self) -> None:
        self.dead = True
        _LIVE.discard(self.proc.pid)
        kill_strays(self.started_ticks, {self.proc.pid})  # what it started, in any session
        _kill_tree(self.proc.pid)
        self._close_selectors()
        processes.end(self.proc, (self.rfd, self.wfd), self.tmpdir)
        self.rfd = self.wfd = -1

    def cpu_seconds(self) -> float | None:
        """CPU time the worker has used, read by the parent (Linux), or None."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks = os.sysconf("SC_CLK_TCK")
            return (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, ValueError, IndexError):
            return None

    def take_output(self) -> str:
        """Attempt output written since the last call (truncated)."""
        try:
            size = self.stdout_path.stat().st_size
        except OSError:
            return ""
        if size <= self._out_pos:
            return ""
        with open(self.stdout_path, "rb") as fh:
            fh.seek(self._out_pos)
            data = fh.read(min(size - self._out_pos, OUTPUT_CAP))
        self._out_pos = size
        return data.decode("utf-8", "replace")

    # ------------------------------------------------------------ requests

    def request(self, op: str, timeout: float, arrays: list | None = None, **fields) -> Reply:
        if self.dead:
            raise WorkerCrashed("the worker is no longer running")
        self.seq += 1
        frame = proto.pack(dict(fields, op=op, seq=self.seq), arrays or [])
        deadline = time.monotonic() + max(timeout, 0.0)
        try:
            self._send(frame, deadline)
            header, payloads = self._receive(deadline)
        except WorkerFailure:
            self.close()
            raise
        except proto.ProtocolError as exc:
            self.close()
            raise WorkerCrashed(f"the worker sent a malformed answer ({exc})") from None
        if header.get("seq") != self.seq or header.get("nonce") != self.nonce:
            self.close()
            raise WorkerCrashed("the worker's answer was out of sequence (something wrote to the grader's channel)")
        info = header.get("info") if isinstance(header.get("info"), dict) else {}
        error = header.get("error") if isinstance(header.get("error"), dict) else None
        ok = header.get("ok") is True
        if not ok and error is None:
            self.close()
            raise WorkerCrashed("the worker's answer was malformed")
        return Reply(ok=ok, value=header.get("value"), error=error, info=info, arrays=payloads,
                     stdout=self.take_output())

    # Reads and writes try the pipe first and wait in select() only when it is not ready, with one
    # selector per direction kept for the worker's life: a request used to create and close two
    # epoll objects and wait before every read, even when the answer was already there.

    def _selector(self, fd: int, events: int):
        attr = "_rsel" if events == selectors.EVENT_READ else "_wsel"
        sel = getattr(self, attr, None)
        if sel is None:
            sel = selectors.DefaultSelector()
            sel.register(fd, events)
            setattr(self, attr, sel)
        return sel

    def _close_selectors(self) -> None:
        for attr in ("_rsel", "_wsel"):
            sel = getattr(self, attr, None)
            if sel is not None:
                sel.close()
                setattr(self, attr, None)

    def _send(self, frame: bytes, deadline: float) -> None:
        view = memoryview(frame)
        while view:
            try:
                written = os.write(self.wfd, view)
            except BlockingIOError:  # the pipe is full: wait until the worker reads
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise WorkerTimeout("the worker did not read its request in time") from None
                self._selector(self.wfd, selectors.EVENT_WRITE).select(remaining)
                continue
            except OSError:  # BrokenPipeError included
                raise WorkerCrashed(self._death_note()) from None
            view = view[written:]

    def _read_exact(self, n: int, deadline: float) -> bytes:
        chunks, got = [], 0
        while got < n:
            try:
                chunk = os.read(self.rfd, min(n - got, 1 << 20))
            except BlockingIOError:  # nothing yet: wait (and notice a worker that died)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise WorkerTimeout("the attempt did not finish in time") from None
                if not self._selector(self.rfd, selectors.EVENT_READ).select(min(remaining, 0.5)):
                    if self.proc.poll() is not None and not self._readable():
                        raise WorkerCrashed(self._death_note()) from None
                continue
            if not chunk:
                raise WorkerCrashed(self._death_note())
            chunks.append(chunk)
            got += len(chunk)
            if got < n and time.monotonic() > deadline:  # a frame that never ends
                raise WorkerTimeout("the attempt did not finish in time")
        return b"".join(chunks)

    def _readable(self) -> bool:
        return bool(self._selector(self.rfd, selectors.EVENT_READ).select(0))

    def _receive(self, deadline: float):
        n = proto.header_length(self._read_exact(4, deadline))
        first = self._read_exact(1, deadline) if n else b""
        if first != b"{":  # every header is a JSON object: anything else is garbage
            raise proto.ProtocolError("the answer does not start like a frame")
        header = proto.unpack_header(first + self._read_exact(n - 1, deadline))
        arrays = [proto.load_array(self._read_exact(size, deadline)) for size in header["arrays"]]
        return header, arrays

    def _death_note(self) -> str:
        try:
            code = self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return "the worker closed its channel"
        if code < 0:
            sig = -code
            if sig == signal.SIGXCPU:
                return "the attempt used up its CPU time limit"
            if sig == signal.SIGKILL:
                return "the attempt was killed (memory or CPU limit)"
            return f"the attempt's process died from signal {signal.Signals(sig).name}"
        return f"the attempt's process exited with status {code} (os._exit or a crash)"
