"""The catalog: every problem loads, and its reference keeps full marks while the machine is busy.
Everything else about a problem's soundness (contract, reference three times, stub, kit coverage,
corpus, mutants) is `mlprep dev check`, run by tests/test_dev.py."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mlprep import catalog
from mlprep.grading import engine
from mlprep.rubric import CRITERIA

PROBLEMS = catalog.load_catalog()
IDS = [p.slug for p in PROBLEMS]


def test_the_first_three_problems_are_there():
    assert {"logistic", "linear", "kmeans"} <= set(IDS)


@pytest.mark.parametrize("problem", PROBLEMS, ids=IDS)
def test_reference_scores_full_marks_while_the_machine_is_busy_and_every_criterion_has_hidden_tests(problem):
    # two busy loops, one per core of the CI machine
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        report = engine.grade(problem, problem.reference_path)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    failing = [f"{t.id}: {t.message}" for t in report.tests if not t.passed]
    assert not failing, failing
    assert report.passed
    covered = {t.criterion for t in report.tests if not t.static}
    assert covered == set(problem.criteria)
    assert set(problem.criteria) <= set(CRITERIA)
