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

_prepared = False


def prepare() -> None:
    global _prepared
    if _prepared:
        return
    _prepared = True
    for name in ("PYTEST_ADDOPTS", "PYTEST_PLUGINS"):
        os.environ.pop(name, None)
    _become_subreaper()


def _become_subreaper() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_CHILD_SUBREAPER = 36
        libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except Exception:  # best effort: without it, killpg still covers the usual case
        pass
