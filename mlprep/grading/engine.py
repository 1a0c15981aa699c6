"""One grade, step by step: static stage, worker start, hidden tests under pytest in this
(trusted) process, scoring. The engine knows nothing about any particular problem: everything
problem-specific comes from the catalog entry (metadata, reference, hidden tests)."""

from __future__ import annotations

import importlib.util
import io
import os
import time
import tokenize
from pathlib import Path

from ..catalog import Problem
from ..errors import GraderBroken, UsageError
from . import host, static
from .errors import AttemptProblem
from .plugin import GradePlugin
from .report import CheckResult, GradeReport, build_report
from .session import Attempt, Budget, Session

DEFAULT_TIME_LIMIT = 60.0  # seconds for a whole grade, even for an attempt that hangs
DEFAULT_CALL_TIMEOUT = 10.0  # seconds for one call into the attempt
WORKER_MEMORY = 2 * 1024 ** 3  # address-space limit of the worker (Linux)


MAX_ATTEMPT_BYTES = 1024 * 1024  # an attempt is a page or two of Python


def read_attempt(path: Path) -> tuple[str | None, str | None]:
    """(source, None), or (None, why it cannot be graded). A missing file is a usage error."""
    if not path.exists():
        raise UsageError(f"No attempt at {path}. Run `mlprep start` to create one, or pass --file.")
    if path.is_dir():
        raise UsageError(f"{path} is a folder; --file needs the attempt's .py file.")
    data = path.read_bytes()
    if len(data) > MAX_ATTEMPT_BYTES:
        return None, f"The attempt is {len(data) // 1024} KiB; an attempt must be a Python file under 1 MiB."
    try:
        # as Python reads a source file: a UTF-8 byte-order mark, or a PEP 263 coding line
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:  # the first lines are not UTF-8 and declare nothing else
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        where = f" (byte {exc.start} cannot be decoded)" if isinstance(exc, UnicodeDecodeError) else ""
        name = "UTF-8" if encoding.startswith("utf-8") else encoding
        return None, f"The attempt is not {name} text{where}. Save it as UTF-8."
    return text.removeprefix("\ufeff"), None


def load_reference(problem: Problem):
    """Import the reference solution fresh (trusted code, in this process)."""
    name = f"mlprep_reference_{problem.slug.replace('-', '_')}"
    spec = importlib.util.spec_from_file_location(name, problem.reference_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def grade(problem: Problem, attempt_path: Path | str, *, time_limit: float | None = None,
          call_timeout: float | None = None, on_progress=None) -> GradeReport:
    """Grade the attempt at `attempt_path` against `problem`. Raises UsageError when there is no
    file to grade and GraderBroken for a bug in mlprep's own tests; every failure of the
    attempt itself ends up in the report. `time_limit` bounds the whole grade, `call_timeout` one
    call into the attempt (default: the problem's, else 10 s)."""
    started = time.monotonic()
    path = Path(attempt_path).expanduser().resolve()
    source, unreadable = read_attempt(path)
    applicable = list(problem.criteria)
    session: Session | None = None

    def finish(checks, notes=None, error=None, curves=None) -> GradeReport:
        report = build_report(problem=problem.slug, attempt=str(path), applicable=applicable, checks=checks,
                              notes=notes, error=error, duration_s=time.monotonic() - started, curves=curves)
        report.sandbox = session.sandbox if session is not None else None
        return report

    if unreadable:
        return finish([], error=unreadable)
    found = static.analyse(source, problem.class_name, problem.methods, problem.function_name)
    if found.error:
        return finish([], error=found.error)

    host.prepare()
    budget = Budget.seconds(time_limit or problem.time_limit_s or DEFAULT_TIME_LIMIT)
    session = Session(source=source, filename=str(path), budget=budget,
                      call_timeout=call_timeout or problem.call_timeout_s or DEFAULT_CALL_TIMEOUT,
                      memory_bytes=WORKER_MEMORY, protect=[str(problem.reference_path.parent)])
    try:
        try:
            session.start()
        except AttemptProblem as exc:
            output = session.load_output.strip()
            tail = f" Output before the failure: {output[-300:]!r}" if output else ""
            return finish([], error=f"The attempt could not be imported: {exc}.{tail}")
        plugin = GradePlugin(Attempt(session), load_reference(problem), problem, on_progress, budget=budget)
        _run_pytest(problem, plugin)
    finally:
        session.close()

    if plugin.collect_errors:
        # A broken hidden test is mlprep's bug, never the learner's: say so plainly.
        raise GraderBroken(problem.slug, plugin.collect_errors[0])
    checks: list[CheckResult] = list(plugin.results.values()) + found.checks
    return finish(checks, notes=found.notes, curves=plugin.recorded_curves)


def _run_pytest(problem: Problem, plugin: GradePlugin) -> None:
    """pytest in this process, hermetic: no plugin autoload, no cache, no conftest, no ini file,
    no terminal output, importlib import mode, plain asserts (the message is the feedback)."""
    import pytest

    args = [
        str(problem.tests_path), "--disable-plugin-autoload", "--noconftest", "-c", os.devnull,
        "--rootdir", str(problem.tests_path.parent), "--import-mode=importlib", "--assert=plain",
        "--capture=no",
        *(x for name in PYTEST_OFF for x in ("-p", f"no:{name}")),
    ]
    code = pytest.main(args, plugins=[plugin])
    if int(code) == pytest.ExitCode.INTERRUPTED and not plugin.collect_errors:  # Ctrl-C while they ran
        raise KeyboardInterrupt
    if int(code) in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR):
        detail = plugin.collect_errors[-1] if plugin.collect_errors else f"pytest exit code {int(code)}"
        raise GraderBroken(problem.slug, detail)


# pytest's own plugins a grade does not need: output, caching, warnings capture, and the
# unraisable-exception hooks (two gc.collect() per test, 10% of a grade)
PYTEST_OFF = ("terminal", "cacheprovider", "warnings", "stepwise", "logging", "unraisableexception",
              "threadexception", "faulthandler", "junitxml", "pastebin", "nose", "doctest", "setuponly",
              "setupplan", "legacypath", "tmpdir", "monkeypatch", "recwarn", "debugging")
