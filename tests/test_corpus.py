"""Every attempt in tests/corpus/<slug>/ gets the verdict an expert would give: it loses points
in exactly the criteria its `# expect:` line names and keeps full marks everywhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlprep import catalog
from mlprep.grading import engine
from mlprep.rubric import CRITERIA

from helpers import CORPUS, parse_expectation

CASES = sorted(CORPUS.glob("*/*.py"))


def check_verdict(report, expectation: dict) -> list[str]:
    """Differences between a report and an expectation, as readable lines (empty = right)."""
    problems = []
    expect_error = expectation.get("error") == "yes"
    if expect_error != (report.error is not None):
        problems.append(f"error expected={expect_error} got {report.error!r}")
    for name in CRITERIA:
        want = expectation.get(name, expectation.get("all", "full"))
        got = report.criteria[name].score
        if got is None:  # n/a: nothing to lose
            continue
        ok = {"full": got == 100, "lose": got < 100, "zero": got == 0}.get(want)
        if ok is None:
            problems.append(f"unknown expectation {name}={want}")
        elif not ok:
            failing = [t.message for t in report.tests if t.criterion == name and not t.passed][:2]
            problems.append(f"{name}: expected {want}, scored {got} {failing}")
    return problems


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_corpus_verdict(path: Path):
    source = path.read_text()
    expectation = parse_expectation(source)
    problem = catalog.get_problem(path.parent.name)
    report = engine.grade(problem, path, time_limit=45)
    differences = check_verdict(report, expectation)
    assert not differences, "\n".join(differences)


def test_every_problem_has_a_corpus_of_at_least_25_attempts():
    for problem in catalog.load_catalog():
        count = len(list((CORPUS / problem.slug).glob("*.py")))
        assert count >= 25, f"{problem.slug} has only {count} corpus attempts"


def test_every_corpus_file_explains_itself():
    for path in CASES:
        source = path.read_text()
        parse_expectation(source)
        assert "# why:" in source, f"{path} has no '# why:' line"


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
