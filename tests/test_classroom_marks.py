"""Marks and output formats: the marking scheme (weights, points, pass mark, the critical rule,
criteria a problem does not have), `mlprep grade --format gradescope`, the per-criterion check of
the GitHub Classroom workflow, and the teacher's files holding whatever text an attempt produced.
Reports are built with the real scoring code (`build_report`); a few real grades run through the CLI."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from mlprep import catalog, rubric
from mlprep.classroom import outputs, scheme as schemes
from mlprep.classroom.batch import Record
from mlprep.cli import app
from mlprep.errors import UsageError
from mlprep.grading.report import CheckResult, build_report

from helpers import CORPUS, REPO, check_gradescope_results

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "MLPREP_WORKSPACE": ""}


def run_cli(*args):
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV, catch_exceptions=False)
    result.o, result.e = " ".join(result.stdout.split()), " ".join(result.stderr.split())
    return result


def report(scores: dict[str, tuple[int, int]], applicable=rubric.CRITERIA, error=None, message="it fails") -> dict:
    """A report whose criteria pass `passed` of `total` equal checks: {criterion: (passed, total)}."""
    checks = []
    for c, (passed, total) in scores.items():
        checks += [CheckResult(f"{c}.check_{i}", c, "passed" if i < passed else "failed",
                               "" if i < passed else f"{message} {i}") for i in range(total)]
    return build_report(problem="logistic", attempt="a.py", applicable=list(applicable), checks=checks,
                        error=error).to_dict()


FULL = {c: (4, 4) for c in rubric.CRITERIA}


def test_the_default_scheme_gives_the_rubrics_score_and_verdict():
    for scores in (FULL, {**FULL, "vectorization": (1, 4)}, {**FULL, "correctness": (1, 4)},
                   {**FULL, "organization": (3, 4)}):
        data = report(scores)
        mark = schemes.Scheme().mark(data)
        assert (mark.score, mark.passed) == (data["score"], data["passed"])
        assert sum(m.points for m in mark.criteria.values()) == pytest.approx(mark.score, abs=0.05)


def test_critical_correctness_scales_every_criterions_points():
    data = report({**FULL, "correctness": (1, 4)})  # correctness 25: the mean is scaled by 0.25
    mark = schemes.Scheme().mark(data)
    assert mark.scaled and mark.score == data["score"] == pytest.approx(0.25 * (35 * 25 + 65 * 100) / 100, abs=0.05)
    assert mark.criteria["vectorization"].points == pytest.approx(20 * 0.25)
    relaxed = schemes.from_dict({"critical": False}).mark(data)
    assert not relaxed.scaled and relaxed.score == pytest.approx((35 * 25 + 65 * 100) / 100, abs=0.05)


def test_a_teachers_weights_points_and_pass_mark():
    scheme = schemes.from_dict({"total": 20, "pass_at": 50, "weights": {"correctness": 3, "vectorization": 1}})
    mark = scheme.mark(report({**FULL, "vectorization": (2, 4), "numerical_stability": (0, 4)}))
    assert list(mark.criteria) == ["correctness", "vectorization"]  # stability does not count
    assert (mark.criteria["correctness"].max_points, mark.criteria["vectorization"].max_points) == (15, 5)
    assert mark.score == 17.5 and mark.max_score == 20 and mark.passed
    assert not scheme.mark(report({**FULL, "vectorization": (1, 4)})).passed  # a counted criterion fails


def test_weights_of_criteria_a_problem_lacks_are_shared_out():
    closed_form = [c for c in rubric.CRITERIA if c != "convergence"]
    data = report({c: (4, 4) for c in closed_form}, applicable=closed_form)
    mark = schemes.Scheme().mark(data)
    assert "convergence" not in mark.criteria and mark.score == 100
    assert mark.criteria["correctness"].max_points == pytest.approx(100 * 35 / 87.5, abs=0.01)
    assert schemes.Scheme().whole_points(closed_form) == {"correctness": 40, "vectorization": 23,
                                                          "numerical_stability": 23, "organization": 14}
    assert sum(schemes.Scheme().whole_points(rubric.CRITERIA).values()) == 100


def test_an_attempt_that_could_not_be_graded_earns_nothing():
    data = report(FULL, error="SyntaxError at line 3")
    mark = schemes.Scheme().mark(data)
    assert mark.score == 0 and not mark.passed and mark.error == "SyntaxError at line 3"
    nothing = schemes.Scheme().mark(None, "the folder holds no .py file")
    assert nothing.score == 0 and nothing.max_score == 100 and nothing.error == "the folder holds no .py file"


@pytest.mark.parametrize("text, fragment", [
    ("totl = 3\n", "unknown key totl"),
    ("[weights]\ncorrectnes = 1\n", "names no criterion correctnes"),
    ("[weights]\ncorrectness = -1\n", "0 or more"),
    ("[weights]\ncorrectness = 0\n", "every weight is 0"),
    ("visibility = 'secret'\n", "visibility must be one of"),
    ("pass_at = 120\n", "pass_at must be a number from 0 to 100"),
    ("total = [\n", "not a readable TOML file"),
])
def test_a_wrong_scheme_is_a_usage_error_naming_the_key(tmp_path, text, fragment):
    path = tmp_path / "marking.toml"
    path.write_text(text)
    with pytest.raises(UsageError, match=fragment):
        schemes.load(path)
    result = run_cli("grade", "logistic", "--file", REPO / "reference" / "logistic" / "solution.py",
                     "--format", "gradescope", "--scheme", path, "--dir", tmp_path)
    assert result.exit_code == 2 and fragment in result.e


def test_a_scheme_counting_only_criteria_the_problem_lacks_is_refused(tmp_path):
    path = tmp_path / "marking.toml"
    path.write_text("[weights]\nconvergence = 1\n")
    (tmp_path / "subs").mkdir()
    result = run_cli("class", "grade", "ridge", tmp_path / "subs", "--out", tmp_path / "out", "--scheme", path)
    assert result.exit_code == 2 and "counts none of the criteria ridge has" in result.e


def test_grade_format_gradescope_prints_results_json(tmp_path):
    attempt = CORPUS / "logistic" / "stab_naive_sigmoid.py"
    result = run_cli("grade", "logistic", "--file", attempt, "--format", "gradescope", "--visibility", "hidden",
                     "--dir", tmp_path)
    data = json.loads(result.stdout)
    check_gradescope_results(data)
    assert [t["tags"] for t in data["tests"]] == [[c] for c in rubric.CRITERIA]
    assert all(t["visibility"] == "hidden" for t in data["tests"])
    stability = data["tests"][2]
    assert stability["status"] == "failed" and stability["score"] < stability["max_score"] == 20
    assert "- " in stability["output"]  # its feedback
    assert data["score"] == pytest.approx(sum(t["score"] for t in data["tests"]), abs=0.05)
    assert result.exit_code == (0 if data["extra_data"]["passed"] else 1)
    bad = run_cli("grade", "logistic", "--file", attempt, "--format", "yaml", "--dir", tmp_path)
    assert bad.exit_code == 2 and "--format must be" in bad.e


def test_the_criterion_check_passes_fails_and_refuses(tmp_path):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report({**FULL, "vectorization": (3, 4)})))
    ok = run_cli("class", "criterion", path, "correctness")
    assert ok.exit_code == 0 and "Correctness: 100/100 (pass), needs 100: passed" in ok.o
    low = run_cli("class", "criterion", path, "vectorization")
    assert low.exit_code == 1 and "needs 100: not passed" in low.o and "it fails 3" in low.o
    assert run_cli("class", "criterion", path, "vectorization", "--at", 70).exit_code == 0
    path.write_text(json.dumps(report(FULL, error="SyntaxError at line 3")))
    broken = run_cli("class", "criterion", path, "correctness")
    assert broken.exit_code == 1 and "SyntaxError at line 3" in broken.o
    assert run_cli("class", "criterion", tmp_path / "none.json", "correctness").exit_code == 2
    path.write_text("")
    assert run_cli("class", "criterion", path, "correctness").exit_code == 2
    assert run_cli("class", "criterion", path, "speed").exit_code == 2


HOSTILE_TEXT = "bad \x00 byte \x1b[31m \ud800 surrogate \ufffe <tag> & \"quotes\""


def test_every_output_holds_whatever_text_an_attempt_produced(tmp_path):
    xmlschema = pytest.importorskip("xmlschema")
    records = [
        Record("=HYPERLINK(\"x\")", "a.py", "0" * 64, report({**FULL, "correctness": (2, 4)}, message=HOSTILE_TEXT)),
        Record("crashed", "b.py", "1" * 64, None, HOSTILE_TEXT),
        Record("errored", "c.py", "2" * 64, report(FULL, error=HOSTILE_TEXT)),
    ]
    scheme = schemes.Scheme()
    written = outputs.write_all(tmp_path, "logistic", records, scheme)
    assert [p.name for p in written] == ["results.csv", "results.jsonl", "junit.xml"]
    xmlschema.XMLSchema(str(REPO / "tests" / "data" / "junit.xsd")).validate(str(tmp_path / "junit.xml"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "results.csv").read_text(encoding="utf-8"))))
    assert rows[0]["name"].startswith("'=")  # a spreadsheet shows it instead of running it
    assert [r["score"] for r in rows] == ["82.5", "0", "0"]  # correctness 50 is partial: no scaling
    lines = [json.loads(x) for x in (tmp_path / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [x["name"] for x in lines] == [r.name for r in records]
    assert lines[1]["report"] is None and "bad" in lines[1]["error"]
    data = outputs.gradescope_results(records[2].report, scheme)
    check_gradescope_results(data)
    json.dumps(data, allow_nan=False)


def test_a_problem_without_convergence_gets_four_gradescope_tests():
    problem = catalog.get_problem("ridge")
    data = report({c: (4, 4) for c in problem.criteria}, applicable=problem.criteria)
    results = outputs.gradescope_results(data, schemes.Scheme())
    check_gradescope_results(results)
    assert [t["tags"][0] for t in results["tests"]] == list(problem.criteria)
    assert results["score"] == 100 and sum(t["max_score"] for t in results["tests"]) == pytest.approx(100, abs=0.02)


def test_relative_folders_work_from_anywhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "alice.py").write_text("class LogisticRegression(:\n")
    result = run_cli("class", "grade", "logistic", "subs", "--out", "results")
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader((tmp_path / "results" / "results.csv").open(encoding="utf-8")))
    assert row["name"] == "alice" and row["error"].startswith("SyntaxError at line 1")


@pytest.mark.parametrize("command", ["grade", "summary", "gradescope", "github-classroom", "criterion"])
def test_every_class_command_has_help_with_an_example(command):
    result = run_cli("class", command, "--help")
    assert result.exit_code == 0 and "Example: mlprep class" in result.o
