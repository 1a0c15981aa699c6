"""The pytest plugin that runs a problem's hidden tests in the trusted parent: it loads the
hidden-test module fresh for every grade (without registering it in sys.modules, so two problems'
`test_hidden.py` never collide), provides the fixtures (`attempt`, `reference`, `problem`,
`curves`, `grade_memo`), orders the checks, and records one outcome and message per check."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .. import rubric
from .errors import AttemptTimeout, AttemptProblem, KitMisuse, NotScorable
from .report import CheckResult

OUTCOME_RANK = {"passed": 0, "not_scorable": 1, "failed": 2, "timeout": 3, "error": 4}
MESSAGE_CAP = 600
# cheap, fundamental checks first; the CPU-heavy vectorization probes last, so a slow attempt
# still gets every other check within the grade's time limit
RUN_ORDER = ("correctness", "numerical_stability", "organization", "convergence", "vectorization")


def _outcome_of(excinfo, criterion: str) -> tuple[str, str, str | None]:
    """(outcome, learner-facing message, owning check) for an exception raised inside a check."""
    exc = excinfo.value
    if isinstance(exc, NotScorable):
        if exc.criterion == criterion:  # the prerequisite's failure is this criterion's own fault
            return "failed", str(exc).replace("Not scored: ", "Cannot be checked: ", 1), exc.owner
        return "not_scorable", str(exc), exc.owner
    if isinstance(exc, AttemptProblem):
        return exc.outcome, str(exc), None
    if isinstance(exc, AssertionError):
        return "failed", str(exc).strip() or "A hidden check failed.", None
    if isinstance(exc, pytest.fail.Exception):
        return "failed", str(exc), None
    # The check could not use what the attempt returned (e.g. arithmetic on None): the
    # attempt's answer was unusable, which is a failure of the attempt, not of the grader.
    return "error", f"A hidden check could not use the attempt's result ({type(exc).__name__}: {exc}).", None


def _exception_only(excinfo, style=None) -> str:
    """A failed check's report text: the exception's type and message, without the traceback."""
    return excinfo.exconly()


class HiddenModule(pytest.Module):
    """A hidden-test file imported fresh under a private name. It sits in sys.modules only while
    it executes (dataclasses and string annotations look their module up there), so two problems'
    hidden tests never collide and nothing of one grade stays for the next."""

    def _getobj(self):
        name = f"mlprep_hidden_{abs(hash(str(self.path)))}"
        spec = importlib.util.spec_from_file_location(name, self.path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            raise self.CollectError(f"{self.path} cannot be imported: {type(exc).__name__}: {exc}") from exc
        finally:
            sys.modules.pop(name, None)
        return module


class GradePlugin:
    def __init__(self, attempt, reference, problem, on_progress=None, budget=None):
        """`on_progress(done, total, running=None)`: after collection and after each check, and
        with the id of the check that starts. `budget`: once spent, checks fail without running."""
        self._attempt, self._reference, self._problem = attempt, reference, problem
        self._budget = budget
        self.on_progress = on_progress
        self.meta: dict[str, tuple[str, float, str]] = {}
        self.results: dict[str, CheckResult] = {}
        self.collect_errors: list[str] = []
        self.recorded_curves: dict[str, list[float]] = {}
        self.memo: dict = {}
        self._total = 0
        self._done = 0

    # ------------------------------------------------------------ fixtures

    @pytest.fixture
    def attempt(self):
        return self._attempt

    @pytest.fixture
    def reference(self):
        return self._reference

    @pytest.fixture
    def problem(self):
        return self._problem

    @pytest.fixture
    def curves(self):
        """A dict a check may fill with loss histories to plot: {"attempt": [...], "reference": [...]}."""
        return self.recorded_curves

    @pytest.fixture
    def grade_memo(self):
        """A dict shared by every check of this grade (the kit keeps its context here)."""
        return self.memo

    # ------------------------------------------------------------ hooks

    def pytest_configure(self, config):
        config.addinivalue_line("markers", "criterion(name, weight=1): the rubric criterion a hidden test scores")
        config.addinivalue_line("markers", "check(id): the stable id of a standard check of the kit")

    @pytest.hookimpl(tryfirst=True)
    def pytest_pycollect_makemodule(self, module_path, parent):
        return HiddenModule.from_parent(parent, path=module_path)

    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors.append(str(report.longrepr)[-2000:])

    def pytest_internalerror(self, excrepr, excinfo):
        self.collect_errors.append(str(excrepr)[-2000:])

    def pytest_collection_modifyitems(self, session, config, items):
        for item in items:
            marker = item.get_closest_marker("criterion")
            if marker is None or not marker.args or marker.args[0] not in rubric.CRITERIA:
                self.collect_errors.append(f"{item.nodeid} has no valid criterion marker")
                continue
            weight = float(marker.kwargs.get("weight", marker.args[1] if len(marker.args) > 1 else 1.0))
            check = item.get_closest_marker("check")
            name = item.name[5:] if item.name.startswith("test_") else item.name
            check_id = check.args[0] if check else f"{self._problem.slug}.{name}"
            self.meta[item.nodeid] = (marker.args[0], weight, check_id)
        for item in items:
            # pytest formats a failure's traceback with the source of every frame, parsing each
            # file's AST (about 20 ms per failing check: most of a flawed attempt's grade). The
            # grade reads the exception itself (its message is the feedback), never that text.
            item.repr_failure = _exception_only
            item._repr_failure_py = _exception_only
        items.sort(key=lambda item: RUN_ORDER.index(self.meta[item.nodeid][0]) if item.nodeid in self.meta else 0)
        self._total = len(items)
        if self.on_progress:
            self.on_progress(0, self._total)

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item):
        """Once the grade's time is spent, a check fails without running: its own work (reference
        fits, data) would otherwise keep the grade going past its limit."""
        if self._budget is not None and self._budget.remaining() <= 0:
            raise AttemptTimeout("the grade ran out of time before this check could run")

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if item.nodeid not in self.meta or report.skipped:
            return
        criterion, weight, check_id = self.meta[item.nodeid]
        if call.excinfo is not None and isinstance(call.excinfo.value, KitMisuse):
            # a check that cannot create its own situation is mlprep's bug, never the learner's
            self.collect_errors.append(f"{check_id}: {call.excinfo.value}")
            return
        if call.excinfo is None:
            result, message, cause = "passed", "", None
        else:
            result, message, cause = _outcome_of(call.excinfo, criterion)
        if len(message) > MESSAGE_CAP:
            message = message[:MESSAGE_CAP - 1] + "…"
        previous = self.results.get(item.nodeid)
        if previous is None or OUTCOME_RANK[result] > OUTCOME_RANK[previous.outcome]:
            self.results[item.nodeid] = CheckResult(id=check_id, criterion=criterion, outcome=result,
                                                    message=message, weight=weight, cause=cause)

    def pytest_runtest_logstart(self, nodeid, location):
        # which check runs now: a display can say what a long wait is for
        if self.on_progress and nodeid in self.meta:
            self.on_progress(self._done, self._total, self.meta[nodeid][2])

    def pytest_runtest_logfinish(self, nodeid, location):
        self._done += 1
        if self.on_progress:
            self.on_progress(self._done, self._total)
