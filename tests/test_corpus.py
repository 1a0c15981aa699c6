"""The corpus of attempts (tests/corpus/<slug>/, format in mlprep/dev/corpus.py). Each file's
verdict and feedback are checked by `mlprep dev check` (tests/test_dev.py); here: the corpus is
large enough, measured scores are reproducible, and the same fault gets the same verdict and
the same message in every problem."""

from __future__ import annotations

import re

import pytest

from mlprep import catalog
from mlprep.dev import corpus
from mlprep.grading import engine

from helpers import CORPUS


def test_every_problem_has_a_corpus_of_flawed_and_correct_attempts():
    """At least 8 attempts with a mistake specific to the algorithm and 2 correct ones in another
    legal style (the generated mutants cover the generic contract bugs)."""
    for problem in catalog.load_catalog():
        files = list((CORPUS / problem.slug).glob("*.py"))
        correct = [f for f in files if f.name.startswith("ok_")]
        assert len(files) - len(correct) >= 8, f"{problem.slug} has only {len(files) - len(correct)} flawed attempts"
        assert len(correct) >= 2, f"{problem.slug} has only {len(correct)} correct alternative attempts"


def test_every_corpus_file_states_its_verdict():
    for path in sorted(CORPUS.glob("*/*.py")):
        corpus.parse(corpus.read(path), str(path))  # raises CorpusFormatError with the file's name


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


# The same fault in three problems: one check, one outcome, one message (numbers aside).
SAME_FAULT = {
    "contract.fit_and_methods_print_nothing": ["linear/print_every_iteration", "logistic/org_prints_in_fit",
                                               "kmeans/org_prints_progress"],
    "contract.fitted_attributes": ["linear/weights_column", "logistic/bug_weights_column"],
    "iterative.history_is_recorded": ["linear/conv_no_history", "logistic/conv_no_history", "kmeans/conv_no_history"],
    "contract.fit_returns_self": ["linear/fit_returns_none", "logistic/org_fit_returns_none",
                                  "kmeans/org_fit_returns_none"],
}


@pytest.mark.parametrize("check_id", sorted(SAME_FAULT))
def test_the_same_fault_gets_the_same_verdict_in_every_problem(check_id):
    seen = {}
    for case in SAME_FAULT[check_id]:
        slug, name = case.split("/")
        report = engine.grade(catalog.get_problem(slug), CORPUS / slug / f"{name}.py", time_limit=45)
        result = next(t for t in report.tests if t.id == check_id)
        assert result.outcome == "failed", (case, result)
        losing = {c for c, r in report.criteria.items() if r.score is not None and r.score < 100}
        seen[case] = (result.criterion, re.sub(r"[\d.]+", "#", result.message), frozenset(losing))
    assert len(set(seen.values())) == 1, seen


def test_a_corpus_file_may_shorten_the_call_timeout_and_a_bad_value_is_refused():
    head = "# expect: all=zero\n# why: it hangs.\n"
    assert corpus.parse(head).call_timeout is None
    assert corpus.parse(head + "# call-timeout: 2\n").call_timeout == 2.0
    for bad in ("soon", "0", "600", "nan"):
        with pytest.raises(corpus.CorpusFormatError, match="call-timeout"):
            corpus.parse(head + f"# call-timeout: {bad}\n")
