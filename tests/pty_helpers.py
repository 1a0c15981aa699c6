"""Run mlprep on a pseudo-terminal (the pty module), as a learner's terminal would: rich sees a
terminal of the given size, draws progress lines and clears the screen."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")
CLEAR = b"\x1b[2J"


def plain(data: bytes) -> str:
    return ANSI.sub(b"", data).decode("utf-8", "replace")


class Terminal:
    """`python -m mlprep ARGS` on a pty of `columns` x `rows`; read with `read_until`."""

    def __init__(self, *args, cwd, columns=80, rows=50, env=None):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environ = {**os.environ, "TERM": "xterm-256color", **(env or {})}
        for name in ("COLUMNS", "LINES", "NO_COLOR"):  # the terminal's own size and colours
            environ.pop(name, None)
        self.proc = subprocess.Popen([sys.executable, "-m", "mlprep", *map(str, args)], stdin=slave,
                                     stdout=slave, stderr=slave, cwd=cwd, env=environ, close_fds=True,
                                     start_new_session=True)
        os.close(slave)
        self.data = b""

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], wait)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # the other end closed: the program exited
            return False
        self.data += chunk
        return bool(chunk)

    def read_until_text(self, words: str, deadline_s: float = 120) -> None:
        """Read until `words` were shown (whatever the line wrapping and styling)."""
        self.read_until(lambda data: words in " ".join(plain(data).split()), deadline_s)

    def read_until(self, condition, deadline_s: float = 120) -> bytes:
        """Read until `condition(data)` holds (a safety deadline, not a timed assertion)."""
        end = time.monotonic() + deadline_s
        while not condition(self.data):
            if time.monotonic() > end:
                raise AssertionError(f"the terminal never showed what was expected:\n{plain(self.data)[-3000:]}")
            if not self._read(0.2) and self.proc.poll() is not None and not condition(self.data):
                raise AssertionError(f"mlprep exited ({self.proc.returncode}) first:\n{plain(self.data)[-3000:]}")
        return self.data

    def finish(self, deadline_s: float = 120) -> int:
        end = time.monotonic() + deadline_s
        while self._read(0.2) or self.proc.poll() is None:
            if time.monotonic() > end:
                self.close()
                raise AssertionError("mlprep did not exit")
        return self.proc.wait()

    def interrupt(self) -> int:
        os.killpg(self.proc.pid, signal.SIGINT)
        return self.finish()

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        if self.master is not None:
            os.close(self.master)
            self.master = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def screens(self) -> list[str]:
        """What each clear of the screen started, as plain text, in order."""
        return [plain(part) for part in self.data.split(CLEAR)]

    def frames(self) -> list[str]:
        """Every line and redrawn line written, as plain text."""
        return [s.strip() for s in re.split(r"[\r\n]", plain(self.data)) if s.strip()]
