"""The end of a mock interview says specifically what to study next (issue 12, item 14).
Through CliRunner, with real grades; the problems passed before are recorded in the real
progress database."""

from __future__ import annotations

import shutil

from typer.testing import CliRunner

from mlprep import catalog
from mlprep.cli import app
from mlprep.grading.report import CheckResult, build_report
from mlprep.progress import Progress
from mlprep.rubric import CRITERIA

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "MLPREP_WORKSPACE": ""}


def run(ws, *args):
    result = CliRunner().invoke(app, [*map(str, args), "--dir", str(ws)], env=ENV, catch_exceptions=False)
    result.o = " ".join(result.stdout.split())
    return result


def passed_before(ws, *slugs):
    progress = Progress(ws / ".mlprep")
    for slug in slugs:
        checks = [CheckResult(f"{c}.check", c, "passed") for c in CRITERIA]
        report = build_report(problem=slug, attempt=str(ws / f"{slug}.py"), applicable=list(CRITERIA), checks=checks)
        progress.record_grade(report, in_workspace=True)
    progress.close()


def study(result) -> list[str]:
    text = result.stdout[result.stdout.index("What to study next"):]
    return [" ".join(item.split()) for item in text.split("• ")[1:]]


def test_an_attempt_that_does_not_run_is_said_once(tmp_path):
    assert run(tmp_path, "interview", "--minutes", "1", "--problem", "logistic").exit_code == 0
    (tmp_path / "logistic.py").write_text("import numpy as np\n\nclass Logistic:\n    pass\n")
    assert run(tmp_path, "grade").exit_code == 1
    finished = run(tmp_path, "interview", "--finish")
    items = study(finished)
    assert "see `mlprep grade`" not in finished.o and len(items) == len(set(items))
    assert items[0].startswith("The attempt did not run") and "LogisticRegression" in items[0]
    assert "1 minutes" not in finished.o and "of 1:00" in finished.o


def test_the_weakest_criterion_comes_with_its_feedback_and_the_next_problem(tmp_path):
    passed_before(tmp_path, "kmeans")
    run(tmp_path, "interview", "--minutes", "30", "--problem", "logistic")
    source = catalog.get_problem("logistic").reference_path.read_text()
    # a loss that overflows for large logits: it passes, but is not numerically stable
    weak = source.replace("np.logaddexp(0.0, z)", "np.log(1 + np.exp(z))")
    assert weak != source
    (tmp_path / "logistic.py").write_text(weak)
    graded = run(tmp_path, "grade")
    assert "Interview over: the attempt passed" in graded.o
    items = study(graded)
    assert items[0].startswith("Weakest: numerical stability ("), items
    comment = items[0].split("/100). ", 1)[1]
    assert len(comment) > 30 and comment[:40] in graded.o[:graded.o.index("What to study")]  # the grade's words
    assert items[-1].startswith("Next problem: linear")  # kmeans was passed before; same track first
    assert "`mlprep interview --problem linear`" in items[-1]
    assert "`mlprep hint" not in graded.o  # it passed: no consolation


def test_after_passing_everything_it_does_not_suggest_a_refused_interview(tmp_path):
    passed_before(tmp_path, *(p.slug for p in catalog.load_catalog() if p.slug != "logistic"))
    run(tmp_path, "interview", "--minutes", "30", "--problem", "logistic")
    shutil.copy(catalog.get_problem("logistic").reference_path, tmp_path / "logistic.py")
    passed = run(tmp_path, "grade")
    assert "Interview over: the attempt passed" in passed.o
    items = study(passed)
    assert not any("`mlprep interview`" in i for i in items)
    assert any("`mlprep review`" in i for i in items)
    assert run(tmp_path, "interview").exit_code == 1  # which is why it must not be suggested
