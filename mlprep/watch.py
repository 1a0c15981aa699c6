"""`mlprep watch`: re-grade the attempt whenever its content changes.

mlprep uses no operating-system file events (no extra dependency; the same code on every OS):
it polls. By default it compares the file's modification time and size every 0.3 s (cheap
`stat` calls) and, every few seconds, also a hash of the content. When only the content check
finds a change, the file system is not updating modification times (some network and container
mounts do this), so the tool says so once and suggests `--poll`, which hashes the content on
every check. A change is graded once the file has stopped changing for a moment (editors write
in several steps), and only when the content differs from what was last seen.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from .errors import UsageError

DEFAULT_INTERVAL = 0.3  # seconds between stat checks
POLL_INTERVAL = 1.0  # seconds between content checks with --poll
DEEP_EVERY = 10  # a content check every this many stat checks (about 3 s)
SETTLE_S = 0.15


class FileWatcher:
    def __init__(self, path: Path, poll: bool = False):
        self.path = Path(path)
        self.poll = poll
        self._stat = self._stat_sig()
        self._hash = self._digest()

    def _stat_sig(self):
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _digest(self):
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest()
        except OSError:
            return None

    def check(self, deep: bool = False) -> str | None:
        """'stat' when the modification time or size changed along with the content,
        'content' when only a content check saw the change, None when nothing changed."""
        sig = self._stat_sig()
        if sig != self._stat:
            self._stat = sig
            digest = self._digest()
            if digest != self._hash:
                self._hash = digest
                return "stat"
            return None
        if self.poll or deep:
            digest = self._digest()
            if digest != self._hash:
                self._hash = digest
                return "content"
        return None

    def settle(self, sleep=time.sleep, tries: int = 10) -> None:
        """Wait until two looks SETTLE_S apart agree, then take the file as it is."""
        for _ in range(tries):
            before = (self._stat_sig(), self._digest())
            sleep(SETTLE_S)
            if (self._stat_sig(), self._digest()) == before:
                break
        self._stat, self._hash = self._stat_sig(), self._digest()


def run(grade, path: Path, *, poll: bool = False, interval: float | None = None,
        max_grades: int | None = None, on_result, on_error, on_missing, on_suggest_poll,
        on_grading=None, sleep=time.sleep) -> int:
    """Grade now, then after every change, until interrupted or after `max_grades` grades (for
    tests). `on_grading(reason)` is told as a grade starts (so the screen stops showing the
    previous result), `grade()` returns what `on_result` shows; a UsageError from it (file gone,
    not text) goes to `on_error` and watching goes on. Broken code is not an error here: the
    engine puts it in the report. `on_missing(path, at_start)` is told once each time the
    file disappears (or, at_start, is not there yet). Returns the number of grades."""
    interval = interval or (POLL_INTERVAL if poll else DEFAULT_INTERVAL)
    watcher = FileWatcher(path, poll=poll)
    done, tick, suggested, reason = 0, 0, False, "start"
    missing_shown = False
    while True:
        if reason is not None:
            if not watcher.path.exists():
                if not missing_shown:
                    on_missing(watcher.path, reason == "start")
                    missing_shown = True
            else:
                missing_shown = False
                if on_grading is not None:
                    on_grading(reason)
                try:
                    on_result(grade(), reason)
                except UsageError as exc:
                    on_error(exc)
                done += 1
                if max_grades is not None and done >= max_grades:
                    return done
        sleep(interval)
        tick += 1
        reason = watcher.check(deep=tick % DEEP_EVERY == 0)
        if reason == "content" and not poll and not suggested:
            on_suggest_poll()
            suggested = True
        if reason is not None:
            watcher.settle(sleep)
