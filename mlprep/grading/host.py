"""Process-wide setup for grading, done once per process, in one place.

- On Linux this process becomes a child subreaper, so a grandchild that escapes a worker's
  process group with setsid() is re-parented here and killed with the worker (worker.py).
- pytest reads PYTEST_ADDOPTS and PYTEST_PLUGINS from the environment whatever arguments it is
  given; a learner's own settings (-x, a plugin) must not change how hidden tests run, so mlprep
  drops them from its own environment. Plugin autoload is switched off by an argument instead
  (engine.py), so nothing else in the environment changes.
"""

from __future__ import annotations

import os
import sys

_prepared_in: int | None = None  # the pid that prepared: a forked child (a pool process) does it again
_subreaper_in: int | None = None  # the pid that became a subreaper (fork does not inherit it)


def prepare() -> None:
    global _prepared_in
    if _prepared_in == os.getpid():
        return
    _prepared_in = os.getpid()
    for name in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS"):
        os.environ.pop(name, None)
    _become_subreaper()


def is_subreaper() -> bool:
    """This process is a child subreaper: orphans among its descendants are re-parented to it."""
    return _subreaper_in == os.getpid()


def _become_subreaper() -> None:
    global _subreaper_in
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_CHILD_SUBREAPER = 36
        if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0:
            _subreaper_in = os.getpid()
    except Exception:  # best effort: without it, killpg still covers the usual case
        pass
