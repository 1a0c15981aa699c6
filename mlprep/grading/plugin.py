"""The pytest plugin that runs a problem's hidden tests in the trusted parent: it provides the
fixtures (`attempt`, `reference`, `problem`, `curves`), reads each test's criterion marker, and
records one outcome and message per test."""

from __future__ import annotations

import pytest

from .errors import AttemptProblem
from .report import CRITERIA, CheckResult

OUTCOME_RANK = {"passed": 0, "failed": 1, "timeout": 2, "error": 3}
MESSAGE_CAP = 600


def _message_of(excinfo) -> tuple[str, str]:
    """(outcome, learner-facing message) for an exception raised inside a hidden test."""
    exc = excinfo.value
    if isinstance(exc, AttemptProblem):
        return exc.outcome, str(exc)
    if isinstance(exc, AssertionError):
        return "failed", str(exc).strip() or "A hidden check failed."
    if isinstance(exc, pytest.fail.Exception):
        return "failed", str(exc)
    # The test could not use what the attempt returned (e.g. arithmetic on None): the
    # attempt's answer was unusable, which is a failure of the attempt, not of the grader.
    return "error", f"A hidden check could not use the attempt's result ({type(exc).__name__}: {exc})."


class GradePlugin:
    def __init__(self, attempt, reference, problem, on_progress=None):
        self._attempt, self._reference, self._problem = attempt, reference, problem
        self.on_progress = on_progress
        self.meta: dict[str, tuple[str, float]] = {}
        self.results: dict[str, CheckResult] = {}
        self.collect_errors: list[str] = []
        self.recorded_curves: dict[str, list[float]] = {}
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
        """A dict a test may fill with loss histories to plot: {"attempt": [...], "reference": [...]}."""
        return self.recorded_curves

    # ------------------------------------------------------------ hooks

    def pytest_configure(self, config):
        config.addinivalue_line("markers", "criterion(name, weight=1): the rubric criterion a hidden test scores")

    def pytest_collectreport(self, report):
        if report.failed:
            self.collect_errors.append(str(report.longrepr)[-2000:])

    def pytest_collection_modifyitems(self, session, config, items):
        for item in items:
            marker = item.get_closest_marker("criterion")
            if marker is None or not marker.args or marker.args[0] not in CRITERIA:
                self.collect_errors.append(f"{item.nodeid} has no valid criterion marker")
                continue
            weight = float(marker.kwargs.get("weight", marker.args[1] if len(marker.args) > 1 else 1.0))
            self.meta[item.nodeid] = (marker.args[0], weight)
        self._total = len(items)
        if self.on_progress:
            self.on_progress(0, self._total)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if item.nodeid not in self.meta:
            return
        criterion, weight = self.meta[item.nodeid]
        if report.skipped:
            return
        if call.excinfo is None:
            result, message = "passed", ""
        else:
            result, message = _message_of(call.excinfo)
        if len(message) > MESSAGE_CAP:
            message = message[:MESSAGE_CAP - 1] + "…"
        test_id = item.nodeid.split("::", 1)[-1]
        previous = self.results.get(item.nodeid)
        if previous is None or OUTCOME_RANK[result] > OUTCOME_RANK[previous.outcome]:
            self.results[item.nodeid] = CheckResult(id=test_id, criterion=criterion, outcome=result,
                                                    message=message, weight=weight)

    def pytest_runtest_logfinish(self, nodeid, location):
        self._done += 1
        if self.on_progress:
            self.on_progress(self._done, self._total)
