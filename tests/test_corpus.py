"""Every attempt in tests/corpus/<slug>/ gets the verdict an expert would give: it loses points
in exactly the criteria its `# expect:` line names, keeps full marks everywhere else, and its
feedback says what its `# feedback:` lines say (format: mlprep/dev/corpus.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlprep import catalog
from mlprep.dev import corpus
from mlprep.grading import engine

from helpers import CORPUS

CASES = sorted(CORPUS.glob("*/*.py"))


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_corpus_verdict(path: Path):
    expectation = corpus.parse(corpus.read(path), str(path))
    problem = catalog.get_problem(path.parent.name)
    report = engine.grade(problem, path, time_limit=45)
    differences = corpus.differences(report, expectation)
    assert not differences, "\n".join(differences)


def test_every_problem_has_a_corpus_of_at_least_25_attempts():
    for problem in catalog.load_catalog():
        count = len(list((CORPUS / problem.slug).glob("*.py")))
        assert count >= 25, f"{problem.slug} has only {count} corpus attempts"


# Attempts whose scores depend on measurements (line events, CPU time): grading one twice must
# give the same score on every criterion. (A CPU clock that read 0 once made this flip.)
REPRODUCIBLE = ["logistic/vec_per_sample_gradient_loop", "logistic/vec_settrace_off_loop",
                "logistic/ok_tanh_sigmoid", "linear/loop_gradient", "linear/ok_einsum_helpers",
                "kmeans/vec_per_sample_assign", "kmeans/ok_broadcast_while"]


@pytest.mark.parametrize("case", REPRODUCIBLE)
def test_measured_scores_are_reproducible(case):
    slug, name = case.split("/")
    path = CORPUS / slug / f"{name}.py"
    problem = catalog.get_problem(slug)
    first, second = (engine.grade(problem, path, time_limit=45) for _ in range(2))
    assert {n: c.score for n, c in first.criteria.items()} == {n: c.score for n, c in second.criteria.items()}
