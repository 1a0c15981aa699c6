"""The engine against hostile or broken attempts: it never crashes, never hangs, never awards
points that were not earned, and never lets an attempt touch the learner's files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time

import pytest

from mlprep import catalog
from mlprep.grading import engine

from helpers import attempt_file, reference_source

CRITERIA = ("correctness", "vectorization", "numerical_stability", "organization", "convergence")


@pytest.fixture(scope="module")
def logistic():
    return catalog.get_problem("logistic")


def with_patch(patch: str) -> str:
    """The logistic reference plus code appended at the end of the module."""
    return reference_source("logistic") + "\n\n" + textwrap.dedent(patch)


def grade(problem, tmp_path, source, **kw):
    return engine.grade(problem, attempt_file(tmp_path, source), **kw)


def test_reference_scores_full_marks(logistic, tmp_path):
    report = grade(logistic, tmp_path, reference_source("logistic"))
    assert report.error is None
    assert {n: c.score for n, c in report.criteria.items()} == {n: 100.0 for n in CRITERIA}
    assert report.passed and report.score == 100.0


def test_syntax_error_names_the_line(logistic, tmp_path):
    report = grade(logistic, tmp_path, "import numpy as np\n\nclass LogisticRegression:\n    def fit(self X):\n")
    assert report.error.startswith("SyntaxError at line 4")
    assert report.score == 0 and not report.passed
    assert all(c.score == 0 for c in report.criteria.values())


@pytest.mark.parametrize("source, fragment", [
    ("import sys\nsys.exit(0)\nclass LogisticRegression: pass\n", "sys.exit(0)"),
    ("import os\nos._exit(0)\nclass LogisticRegression: pass\n", "exited with status 0"),
    ("raise RuntimeError('boom')\nclass LogisticRegression: pass\n", "RuntimeError at line 1: boom"),
    ("import os\nfor fd in range(1024):\n    try:\n        os.write(fd, b'x' * 5000)\n    except OSError:\n        pass\n"
     "class LogisticRegression: pass\n", "could not be imported"),
    ("import os\nos.fork()\nclass LogisticRegression: pass\n", "PermissionError"),
    ("import time\nwhile True:\n    time.sleep(0.1)\nclass LogisticRegression: pass\n", "did not finish"),
])
def test_attempts_that_cannot_be_imported_score_zero_with_a_reason(logistic, tmp_path, source, fragment):
    report = grade(logistic, tmp_path, source, call_timeout=2)  # the import that never ends: 2 s, not 10
    assert report.error is not None and fragment in report.error
    assert report.score == 0 and not report.passed


def test_missing_class_is_reported_before_running_anything(logistic, tmp_path):
    report = grade(logistic, tmp_path, "class Logistic:\n    pass\n")
    assert "defines no class LogisticRegression" in report.error


@pytest.mark.parametrize("module", ["sklearn.linear_model", "scipy.special", "subprocess", "mlprep.grading"])
def test_forbidden_imports_end_the_grade(logistic, tmp_path, module):
    report = grade(logistic, tmp_path, f"import {module}\n" + reference_source("logistic"))
    assert report.error is not None and module in report.error and report.score == 0


def test_dynamic_import_of_sklearn_is_refused_before_it_runs(logistic, tmp_path):
    source = with_patch("""
        def fit(self, X, y):
            lm = __import__("skl" + "earn.linear_model", fromlist=["x"])
            self.model = lm.LogisticRegression().fit(X, y)
            return self
        LogisticRegression.fit = fit
    """)
    report = grade(logistic, tmp_path, source)
    assert report.criteria["correctness"].score == 0
    assert report.error is not None and "__import__()" in report.error and "Line " in report.error


def test_patching_numpy_and_pytest_in_the_worker_changes_nothing(logistic, tmp_path):
    source = with_patch("""
        import numpy as _np
        _np.allclose = lambda *a, **k: True
        _np.testing.assert_allclose = lambda *a, **k: None
        _np.isfinite = lambda x: _np.ones(_np.shape(x), dtype=bool)
        def fit(self, X, y):
            self.weights = _np.ones(X.shape[1])
            self.bias = 0.0
            self.loss_history = [0.0]
            return self
        LogisticRegression.fit = fit
    """)
    report = grade(logistic, tmp_path, source)
    assert report.criteria["correctness"].status == "fail"
    assert report.criteria["convergence"].status != "pass"
    assert not report.passed


def test_an_infinite_loop_ends_within_the_time_limit(logistic, tmp_path):
    source = with_patch("""
        def fit(self, X, y):
            while True:
                pass
        LogisticRegression.fit = fit
    """)
    started = time.monotonic()
    # short deadlines: the same machinery as the default 10 s per call and 60 s per grade
    report = grade(logistic, tmp_path, source, time_limit=8, call_timeout=2)
    assert time.monotonic() - started < 20
    assert report.criteria["correctness"].score == 0
    assert any(t.outcome == "timeout" for t in report.tests)
    assert not report.passed


def test_one_slow_call_does_not_decide_the_checks_that_follow(logistic, tmp_path):
    # fit hangs only on the long early-stopping run (n_iterations=5000): that check times out,
    # and every later check still runs with its full deadline and passes (a 1.5 s deadline per
    # call instead of the default 10 s: the same machinery, a shorter wait; the reference's
    # slowest call takes about 10 ms)
    source = with_patch("""
        import time
        _fit = LogisticRegression.fit
        def fit(self, X, y):
            if self.n_iterations == 5000:
                time.sleep(30)
            return _fit(self, X, y)
        LogisticRegression.fit = fit
    """)
    report = grade(logistic, tmp_path, source, time_limit=60, call_timeout=1.5)
    timed_out = [t.id for t in report.tests if t.outcome == "timeout"]
    assert timed_out and all(i in ("iterative.stops_at_the_first_small_change",
                                   "contract.fit_leaves_hyperparameters_unchanged") for i in timed_out), timed_out
    for name in ("correctness", "numerical_stability", "vectorization"):
        assert report.criteria[name].score == 100, (name, report.criteria[name].feedback)
    assert report.criteria["convergence"].score < 100


def test_sleeping_at_import_is_cut_off(logistic, tmp_path):
    started = time.monotonic()
    report = grade(logistic, tmp_path, "import time\ntime.sleep(1000)\n" + reference_source("logistic"), time_limit=15,
                   call_timeout=2)
    assert time.monotonic() - started < 10
    assert "did not finish" in report.error


def test_memory_bomb_fails_the_call_not_the_grader(logistic, tmp_path):
    source = with_patch("""
        import numpy as _np
        def fit(self, X, y):
            self.big = _np.ones((100_000, 100_000))
            return self
        LogisticRegression.fit = fit
    """)
    report = grade(logistic, tmp_path, source)
    assert report.criteria["correctness"].score == 0
    assert any("MemoryError" in t.message for t in report.tests)


def test_os_exit_inside_fit_is_a_failed_check_and_the_worker_restarts(logistic, tmp_path):
    source = with_patch("""
        import os
        _fit = LogisticRegression.fit
        def fit(self, X, y):
            if X.shape[0] == 150:  # not the ordinary data's size: only some checks hit it
                os._exit(0)
            return _fit(self, X, y)
        LogisticRegression.fit = fit
    """)
    report = grade(logistic, tmp_path, source)
    crashed = [t for t in report.tests if "exited with status 0" in t.message]
    assert crashed and all(t.outcome != "passed" for t in crashed)
    # Tests that never hit the crashing input still ran on a fresh worker and passed.
    assert report.criteria["organization"].score > 0


def test_processes_and_file_destruction_are_refused(logistic, tmp_path):
    precious = tmp_path / "notes.txt"
    precious.write_text("my notes")
    source = with_patch(f"""
        import os
        _fit = LogisticRegression.fit
        def fit(self, X, y):
            for action in (lambda: os.fork(), lambda: os.remove({str(precious)!r}),
                           lambda: open(__file__, "w").write("gone"),
                           lambda: open({str(logistic.reference_path)!r}).read()):
                try:
                    action()
                except PermissionError:
                    pass
                else:
                    raise RuntimeError("an action was allowed")
            return _fit(self, X, y)
        LogisticRegression.fit = fit
    """)
    path = attempt_file(tmp_path, source)
    report = engine.grade(logistic, path)
    assert precious.read_text() == "my notes"
    assert path.read_text() == source
    assert report.criteria["correctness"].score == 100, [t.message for t in report.tests if not t.passed]


def test_hostile_conftest_next_to_the_attempt_has_no_effect(logistic, tmp_path):
    (tmp_path / "conftest.py").write_text(textwrap.dedent("""
        import pytest
        @pytest.hookimpl(hookwrapper=True)
        def pytest_runtest_makereport(item, call):
            outcome = yield
            outcome.get_result().outcome = "passed"
    """))
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = -p no:python\n")
    stub = catalog.get_problem("logistic").stub_path.read_text()
    report = grade(logistic, tmp_path, stub)
    assert report.criteria["correctness"].score == 0


def _cli(*args, env=None):
    """The real command in a subprocess, in an empty folder so no workspace state is touched."""
    with tempfile.TemporaryDirectory() as folder:
        return subprocess.run([sys.executable, "-m", "mlprep", *args], capture_output=True, text=True, cwd=folder,
                              env={**os.environ, "COLUMNS": "100", "MLPREP_WORKSPACE": folder, **(env or {})},
                              timeout=120)


def test_cli_json_is_one_object_with_the_documented_shape(logistic):
    run = _cli("grade", "logistic", "--file", str(logistic.reference_path), "--json")
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert set(data) >= {"schema", "problem", "attempt", "score", "passed", "error", "criteria", "tests", "duration_s"}
    assert data["schema"] == 2 and data["problem"] == "logistic" and data["error"] is None
    assert data["attempt"] == str(logistic.reference_path.resolve())
    for name in CRITERIA:
        c = data["criteria"][name]
        assert c["score"] == 100 and c["status"] == "pass" and c["weight"] > 0 and c["feedback"] == []
    assert all(t["outcome"] == "passed" and t["criterion"] in CRITERIA for t in data["tests"])


def test_cli_json_survives_an_attempt_that_floods_stdout(logistic, tmp_path):
    source = with_patch("""
        import sys, os
        print("x" * 100_000)
        os.write(1, b"{not json" * 1000)
        sys.stdout.write("}" * 1000)
    """)
    run = _cli("grade", "logistic", "--file", str(attempt_file(tmp_path, source)), "--json")
    data = json.loads(run.stdout)
    assert data["criteria"]["correctness"]["score"] == 100
    assert data["criteria"]["organization"]["score"] < 100  # printing at import is work at import


def test_cli_json_when_the_attempt_cannot_be_loaded(tmp_path):
    run = _cli("grade", "logistic", "--file", str(attempt_file(tmp_path, "def broken(:\n")), "--json")
    assert run.returncode == 1
    data = json.loads(run.stdout)
    assert data["passed"] is False and data["score"] == 0 and data["error"].startswith("SyntaxError at line 1")


def test_cli_stub_exits_1_and_shows_a_table():
    stub = catalog.get_problem("logistic").stub_path
    run = _cli("grade", "logistic", "--file", str(stub))
    assert run.returncode == 1
    assert "Correctness" in run.stdout and "Feedback" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_cli_unknown_problem_suggests_close_names(tmp_path):
    run = _cli("grade", "logistc", "--file", str(tmp_path / "x.py"))
    assert run.returncode == 2
    assert "logistic" in run.stderr and "Traceback" not in run.stderr


def test_cli_missing_file_is_a_usage_error(tmp_path):
    run = _cli("grade", "logistic", "--file", str(tmp_path / "nope.py"), "--json")
    assert run.returncode == 2
    assert "nope.py" in run.stderr  # and, for a JSON consumer, an object on stdout (issue 12, item 5)
    assert "nope.py" in json.loads(run.stdout)["error"]


def test_cli_list_json_has_the_catalog():
    run = _cli("list", "--json")
    assert run.returncode == 0
    rows = json.loads(run.stdout)
    assert {"logistic", "linear", "kmeans"} <= {r["slug"] for r in rows}
    assert all({"slug", "title", "track", "difficulty"} <= set(r) for r in rows)


def test_non_utf8_attempt_is_graded_as_unloadable(logistic, tmp_path):
    path = tmp_path / "latin.py"
    path.write_bytes(b'x = "\xff\xfe"\n')
    report = engine.grade(logistic, path)
    assert report.error.startswith("The attempt is not UTF-8") and report.score == 0


def _toy_problem(tmp_path, test_source: str):
    """A problem of two folders, as a new problem would be written."""
    from mlprep.catalog import Problem

    (tmp_path / "p").mkdir()
    (tmp_path / "r").mkdir()
    stub = tmp_path / "p" / "stub.py"
    stub.write_text('"""Toy."""\nclass Toy:\n    def value(self):\n        raise NotImplementedError\n')
    solution = tmp_path / "r" / "solution.py"
    solution.write_text("class Toy:\n    def value(self):\n        return 42\n")
    tests = tmp_path / "r" / "test_hidden.py"
    tests.write_text(textwrap.dedent(test_source))
    return Problem(slug="toy", title="Toy", track="t", difficulty="easy", class_name="Toy", methods=("value",),
                   hints=("h",), criteria=("correctness",), stub_path=stub, reference_path=solution,
                   tests_path=tests)


def test_a_new_problem_needs_no_engine_code(tmp_path):
    problem = _toy_problem(tmp_path, """
        import pytest

        @pytest.mark.criterion("correctness", weight=2)
        def test_value(attempt, reference):
            assert attempt.Toy().value() == reference.Toy().value(), "value() should return 42."
    """)
    good = engine.grade(problem, problem.reference_path)
    assert good.passed and good.criteria["correctness"].score == 100
    assert good.criteria["convergence"].status == "n/a" and good.criteria["correctness"].weight == 100.0
    bad = engine.grade(problem, problem.stub_path)
    assert bad.criteria["correctness"].score == 0
    assert "NotImplementedError" in bad.criteria["correctness"].feedback[0]


def test_a_hidden_test_without_a_criterion_is_mlprep_bug_not_the_learner(tmp_path):
    from mlprep.errors import GraderBroken

    problem = _toy_problem(tmp_path, """
        def test_value(attempt):
            assert attempt.Toy().value() == 42
    """)
    with pytest.raises(GraderBroken, match="bug in mlprep"):
        engine.grade(problem, problem.reference_path)


def test_hidden_tests_that_cannot_be_imported_are_mlprep_bug_not_an_interrupt(tmp_path):
    from mlprep.errors import GraderBroken

    problem = _toy_problem(tmp_path, """
        raise RuntimeError("broken hidden tests")
    """)
    with pytest.raises(GraderBroken, match="broken hidden tests"):
        engine.grade(problem, problem.reference_path)


def test_hidden_tests_may_use_dataclasses_with_string_annotations(tmp_path):
    problem = _toy_problem(tmp_path, """
        from __future__ import annotations
        from dataclasses import dataclass
        import pytest

        @dataclass
        class Case:
            expected: int

        @pytest.mark.criterion("correctness")
        def test_value(attempt):
            assert attempt.Toy().value() == Case(42).expected
    """)
    assert engine.grade(problem, problem.reference_path).criteria["correctness"].score == 100


def test_a_check_that_cannot_create_its_situation_is_mlprep_bug(tmp_path):
    from mlprep.errors import GraderBroken

    problem = _toy_problem(tmp_path, """
        import pytest
        from mlprep.grading import kit

        @pytest.mark.criterion("correctness")
        def test_value(attempt):
            raise kit.KitMisuse("the data never provokes the trap")
    """)
    with pytest.raises(GraderBroken, match="never provokes"):
        engine.grade(problem, problem.reference_path)


def test_not_scorable_checks_leave_their_criterion_and_an_all_unscorable_criterion_scores_zero(tmp_path):
    problem = _toy_problem(tmp_path, """
        import pytest
        from mlprep.grading import kit

        @pytest.mark.criterion("correctness")
        def test_value(attempt):
            assert attempt.Toy().value() == 42, "value() should return 42."

        @pytest.mark.criterion("correctness")
        def test_situation_not_created(attempt):
            raise kit.NotScorable("Not scored: the situation was not created.")

        @pytest.mark.criterion("organization")
        def test_nothing_to_judge(attempt):
            raise kit.NotScorable("Not scored: nothing to judge.")
    """)
    problem = problem.__class__(**{**problem.__dict__, "criteria": ("correctness", "organization")})
    report = engine.grade(problem, problem.reference_path)
    assert report.criteria["correctness"].score == 100          # 1 of 1 scorable check passed
    assert report.criteria["organization"].score == 0            # none could be scored: 0, never n/a
    assert report.criteria["organization"].feedback == ["Not scored: nothing to judge."]
    assert {t.outcome for t in report.tests if not t.static} == {"passed", "not_scorable"}
