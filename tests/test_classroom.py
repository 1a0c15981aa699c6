"""`mlprep class grade` on a class of 31 submissions built from the logistic corpus: correct,
flawed and hostile (one hangs in fit, two blow up memory, one tries to kill its grader, one tries to
overwrite everyone else's file, one floods its output, and files that cannot be graded at all),
graded with --jobs 2 through the CLI, each by a real grading process and sandboxed worker. Then:
a second run grades nothing, Ctrl-C keeps what was graded and leaves no process behind, and the
backstop stops a grading process with everything it started."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlprep import catalog, rubric
from mlprep.classroom import batch, scheme as schemes, similarity
from mlprep.cli import app
from mlprep.dev import corpus
from mlprep.grading.report import CheckResult, CriterionResult, GradeReport

from helpers import CORPUS, REPO

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "MLPREP_WORKSPACE": ""}
TIME_LIMIT = 20  # seconds per submission: the one that hangs costs this much of one job

CORPUS_FILES = [  # (corpus file, submitted as): a file, or a folder holding it
    ("ok_augmented_theta", "ok_augmented_theta.py"),
    ("ok_base_masked_sigmoid", "ok_base_masked_sigmoid/logistic.py"),
    ("ok_bom_utf8", "ok_bom_utf8.py"),
    ("ok_latin1_coding_line", "ok_latin1_coding_line.py"),
    ("ok_slots", "ok_slots/src/hw/model.py"),
    ("ok_tanh_sigmoid", "ok_tanh_sigmoid.py"),
    ("ok_while_loop_einsum_helpers", "ok_while_loop_einsum_helpers.py"),
    ("bug_gradient_ascent", "bug_gradient_ascent.py"),
    ("bug_ignores_l2", "bug_ignores_l2/logistic.py"),
    ("bug_no_intercept", "bug_no_intercept.py"),
    ("bug_random_initial_weights", "bug_random_initial_weights.py"),
    ("conv_no_history", "conv_no_history.py"),
    ("conv_ignores_tol", "conv_ignores_tol.py"),
    ("org_fit_returns_none", "org_fit_returns_none.py"),
    ("org_mutates_labels_in_place", "org_mutates_labels_in_place.py"),
    ("stab_naive_sigmoid", "stab_naive_sigmoid.py"),
    ("stab_naive_bce", "stab_naive_bce.py"),
    ("vec_per_sample_gradient_loop", "vec_per_sample_gradient_loop.py"),
]


def _reference() -> str:
    return catalog.get_problem("logistic").reference_path.read_text(encoding="utf-8")


def _renamed(source: str) -> str:
    """The same code with its private names changed, comments and blank lines added."""
    out = source.replace("_sigmoid", "_squash").replace("_loss", "_objective")
    return "# my own work, honest\n\n" + out.replace("\n\n\n", "\n\n\n# ---\n\n")


HOSTILE = {
    "hangs_in_fit.py": "\n\ndef _hang(self, X, y):\n    while True:\n        pass\n\n\nLogisticRegression.fit = _hang\n",
    "memory_in_fit.py": ("\n\nimport numpy as _np\n\n\ndef _hog(self, X, y):\n    self.junk = _np.ones((60000, 60000))\n"
                         "    return self\n\n\nLogisticRegression.fit = _hog\n"),
    "floods_output.py": '\n\nprint("x" * 20_000_000)\n',
}
PREPENDED = {
    "memory_at_import.py": "HOG = bytearray(8 * 1024 ** 3)\n",
    "kills_its_grader.py": "import os\nos.kill(os.getppid(), 9)\n",
    "overwrites_others.py": ("from pathlib import Path\n"
                             "for _p in Path(__file__).resolve().parent.rglob('*'):\n"
                             "    try:\n"
                             "        _p.write_text('# overwritten\\n')\n"
                             "    except OSError:\n"
                             "        pass\n"),
}


def build_class(folder: Path) -> dict[str, str]:
    """Write the class; returns {submission name: what it is}."""
    kinds = {}
    for name, target in CORPUS_FILES:
        dest = folder / target
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(CORPUS / "logistic" / f"{name}.py", dest)
        kinds[Path(target).parts[0].removesuffix(".py")] = f"corpus:{name}"
    (folder / "ok_slots" / "README.md").write_text("my homework\n")
    (folder / "ok_slots" / "src" / "hw" / "notes.txt").write_text("notes\n")
    ref = _reference()
    (folder / "reference_copy.py").write_text(ref)
    (folder / "reference_renamed.py").write_text(_renamed(ref))
    kinds |= {"reference_copy": "reference", "reference_renamed": "reference"}
    for name, tail in HOSTILE.items():
        (folder / name).write_text(ref + tail)
    for name, head in PREPENDED.items():
        (folder / name).write_text(head + ref)
    kinds |= {Path(n).stem: "hostile" for n in (*HOSTILE, *PREPENDED)}
    (folder / "syntax_error.py").write_text("import numpy as np\n\nclass LogisticRegression(:\n    pass\n")
    (folder / "not_utf8.py").write_bytes(b"\xff\xfe\x00garbage\x81\x82" * 10)
    (folder / "too_big.py").write_text(ref + "\n" + "# padding\n" * 120_000)
    (folder / "empty_folder").mkdir()
    (folder / "two_files").mkdir()
    (folder / "two_files" / "a.py").write_text("x = 1\n")
    (folder / "two_files" / "b.py").write_text("y = 2\n")
    kinds |= {n: "ungradable" for n in ("syntax_error", "not_utf8", "too_big", "empty_folder", "two_files")}
    (folder / "notes.txt").write_text("not a submission\n")
    return kinds


def digest_tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_cli(*args):
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV, catch_exceptions=False)
    result.o = " ".join(result.stdout.split())
    return result


def as_report(data: dict) -> GradeReport:
    return GradeReport(
        problem=data["problem"], attempt=data["attempt"], score=data["score"], passed=data["passed"],
        error=data["error"], criteria={n: CriterionResult(**c) for n, c in data["criteria"].items()},
        tests=[CheckResult(t["id"], t["criterion"], t["outcome"], t["message"], cause=t.get("cause"))
               for t in data["tests"]],
        duration_s=data["duration_s"])


def _grade_the_class(base: Path) -> dict:
    subs, out = base / "submissions", base / "results"
    subs.mkdir()
    kinds = build_class(subs)
    before = digest_tree(subs)
    started = time.monotonic()
    first = run_cli("class", "grade", "logistic", subs, "--out", out, "--jobs", 2, "--time-limit", TIME_LIMIT)
    seconds = time.monotonic() - started
    print(f"\nclass of {len(kinds)} graded with --jobs 2 in {seconds:.1f} s")
    return {"subs": str(subs), "out": str(out), "kinds": kinds, "exit_code": first.exit_code,
            "output": first.stdout + first.stderr, "o": first.o, "before": before, "after": digest_tree(subs)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class, graded once for every test process: pytest-xdist may send this module's tests
    to both workers, so the first to come grades it, under a lock, and the other reads the result."""
    import fcntl

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # this run's folder, shared by its workers
    with open(shared / "mlprep-class.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "mlprep-class.json"
        if done.exists():
            data = json.loads(done.read_text())
        else:
            base = shared / "mlprep-class"
            shutil.rmtree(base, ignore_errors=True)
            base.mkdir()
            data = _grade_the_class(base)
            done.write_text(json.dumps(data))
    subs, out = Path(data["subs"]), Path(data["out"])
    rows = list(csv.DictReader((out / "results.csv").open(encoding="utf-8")))
    lines = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    return {**data, "subs": subs, "out": out, "rows": {r["name"]: r for r in rows},
            "lines": {x["name"]: x for x in lines}}


def _copy(graded, tmp_path) -> tuple[Path, Path]:
    """A copy of the graded class (submissions and results) that a test may change."""
    subs, out = tmp_path / "submissions", tmp_path / "results"
    shutil.copytree(graded["subs"], subs)
    shutil.copytree(graded["out"], out)
    return subs, out


@pytest.mark.slow  # grades the class (~15 s): run early, so the module's other tests find it graded, not wait
def test_the_class_has_thirty_submissions_or_more_and_each_gets_exactly_one_result(graded):
    kinds, out = graded["kinds"], graded["out"]
    assert len(kinds) >= 30
    assert graded["exit_code"] == 0, graded["output"]
    assert sorted(graded["rows"]) == sorted(kinds)  # notes.txt is not a submission
    assert sorted(graded["lines"]) == sorted(kinds)
    kept = [json.loads(p.read_text())["name"] for p in (out / "results").glob("*.json")]
    assert sorted(kept) == sorted(n for n in kinds if n not in ("empty_folder", "two_files"))


def test_no_submission_changed_another_or_its_own_file(graded):
    assert graded["after"] == graded["before"]


def test_every_corpus_attempt_gets_its_expert_verdict_despite_the_hostile_ones(graded):
    for name, kind in graded["kinds"].items():
        report = graded["lines"][name]["report"]
        if kind.startswith("corpus:"):
            path = CORPUS / "logistic" / f"{kind.split(':')[1]}.py"
            expected = corpus.parse(corpus.read(path), str(path))
            assert corpus.differences(as_report(report), expected) == [], name
        elif kind == "reference":
            assert report["error"] is None and report["score"] == 100.0, (name, report["error"])


def test_hostile_submissions_end_in_their_own_verdict(graded):
    lines = graded["lines"]
    hang = lines["hangs_in_fit"]["report"]
    assert hang["criteria"]["correctness"]["score"] == 0 and not hang["passed"]
    assert any(t["outcome"] == "timeout" for t in hang["tests"])
    memory = lines["memory_in_fit"]["report"]
    assert memory["criteria"]["correctness"]["score"] == 0
    assert any("MemoryError" in t["message"] for t in memory["tests"])
    assert "MemoryError" in lines["memory_at_import"]["error"]
    assert lines["kills_its_grader"]["error"]  # refused by the kernel: its grader survived to say so
    assert lines["overwrites_others"]["report"]["criteria"]["correctness"]["score"] == 100
    assert lines["floods_output"]["report"]["criteria"]["correctness"]["score"] == 100
    assert lines["syntax_error"]["error"].startswith("SyntaxError at line 3")
    assert "not UTF-8" in lines["not_utf8"]["error"]
    assert "under 1 MiB" in lines["too_big"]["error"]
    assert lines["empty_folder"]["error"] == "the folder holds no .py file"
    assert "2 .py files" in lines["two_files"]["error"]
    for name in ("ok_base_masked_sigmoid", "ok_slots", "bug_ignores_l2"):  # found inside their folders
        assert lines[name]["report"] is not None, name


def test_the_csv_has_one_row_per_submission_with_every_criterion(graded):
    rows = graded["rows"]
    assert list(next(iter(rows.values()))) == ["name", "file", "score", "max_score", "passed", "error",
                                               *rubric.CRITERIA, "seconds", "sha256"]
    assert rows["reference_copy"]["score"] == "100" and rows["reference_copy"]["passed"] == "true"
    vec = rows["vec_per_sample_gradient_loop"]
    assert float(vec["vectorization"]) < 100 and vec["correctness"] == "100" and vec["passed"] == "false"
    assert rows["ok_slots"]["file"] == "ok_slots/src/hw/model.py"
    assert rows["syntax_error"]["score"] == "0" and rows["syntax_error"]["error"].startswith("SyntaxError")
    for name, line in graded["lines"].items():  # the CSV and the JSON lines say the same
        assert float(rows[name]["score"]) == line["score"], name


def test_the_default_marks_are_the_rubrics_scores(graded):
    default = schemes.Scheme()
    for name, line in graded["lines"].items():
        report = line["report"]
        if report is None:
            continue
        mark = default.mark(report)
        assert (mark.score, mark.passed) == (report["score"], report["passed"]), name
        assert sum(m.points for m in mark.criteria.values()) == pytest.approx(mark.score, abs=0.05), name


def test_junit_validates_against_the_junit_schema(graded):
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(REPO / "tests" / "data" / "junit.xsd"))
    schema.validate(str(graded["out"] / "junit.xml"))
    import xml.etree.ElementTree as ET

    root = ET.parse(graded["out"] / "junit.xml").getroot()
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert sorted(suites) == sorted(graded["kinds"])
    vec = suites["vec_per_sample_gradient_loop"]
    failures = [c for c in vec.findall("testcase") if c.find("failure") is not None]
    assert failures and all(c.get("classname") == "vec_per_sample_gradient_loop.vectorization" for c in failures)
    assert all(c.find("failure").get("message") for c in failures)
    props = {p.get("name"): p.get("value") for p in vec.find("properties")}
    assert props["passed"] == "false" and props["criterion.vectorization"].startswith("40")
    graded_case = suites["syntax_error"].find("testcase")
    assert graded_case.get("name") == "grade" and "SyntaxError" in graded_case.find("failure").get("message")


def test_the_summary_shows_distributions_common_failures_ungradable_and_copies(graded):
    out = graded["o"]
    for fragment in ("Scores", "Criteria", "Most common failures", "Could not be graded",
                     "reference_copy ↔ reference_renamed: identical", "empty_folder: the folder holds no .py file",
                     "Wrote results.csv, results.jsonl, junit.xml, summary.json"):
        assert fragment in out, fragment
    data = json.loads((graded["out"] / "summary.json").read_text())
    assert data["submissions"] == len(graded["kinds"]) and data["graded_now"] == len(graded["kinds"]) - 2
    assert sum(data["histogram"]) == len(graded["kinds"])
    assert set(data["criteria"]) == set(rubric.CRITERIA)
    assert {n for n, _ in data["not_graded"]} >= {"syntax_error", "not_utf8", "too_big", "empty_folder",
                                                  "two_files", "memory_at_import", "kills_its_grader"}
    fit_runs = [c for c in data["common"] if c["check"] == "contract.fit_runs"]
    assert fit_runs and fit_runs[0]["count"] >= 2  # the hang and the memory blow-up
    assert not any(c["message"].startswith("Cannot be checked") for c in data["common"])  # counted at the cause
    again = run_cli("class", "summary", graded["out"])
    assert again.exit_code == 0 and "reference_copy ↔ reference_renamed: identical" in again.o


def test_a_second_run_grades_nothing_and_a_changed_file_only_itself(graded, tmp_path):
    subs, out = _copy(graded, tmp_path)
    second = run_cli("class", "grade", "logistic", subs, "--out", out, "--jobs", 2, "--time-limit", TIME_LIMIT)
    assert second.exit_code == 0, second.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["graded_now"] == 0 and summary["reused"] == len(graded["kinds"]) - 2
    assert (out / "results.csv").read_text().count("\n") == len(graded["kinds"]) + 1
    shutil.copyfile(CORPUS / "logistic" / "bug_gradient_ascent.py", subs / "conv_ignores_tol.py")
    third = run_cli("class", "grade", "logistic", subs, "--out", out, "--jobs", 2, "--time-limit", TIME_LIMIT)
    assert third.exit_code == 0, third.output
    assert json.loads((out / "summary.json").read_text())["graded_now"] == 1
    kept = [p for p in (out / "results").glob("conv_ignores_tol.*.json")]
    assert len(kept) == 1  # the old result of the changed file is gone
    rows = {r["name"]: r for r in csv.DictReader((out / "results.csv").open(encoding="utf-8"))}
    assert float(rows["conv_ignores_tol"]["correctness"]) < 50


def test_a_marking_scheme_re_marks_the_class_without_grading_again(graded, tmp_path):
    scheme = tmp_path / "marking.toml"
    scheme.write_text("total = 20\npass_at = 50\n[weights]\ncorrectness = 3\nvectorization = 1\n")
    subs, out = _copy(graded, tmp_path)
    result = run_cli("class", "grade", "logistic", subs, "--out", out, "--scheme", scheme,
                     "--time-limit", TIME_LIMIT)
    assert result.exit_code == 0, result.output
    assert json.loads((out / "summary.json").read_text())["graded_now"] == 0
    rows = {r["name"]: r for r in csv.DictReader((out / "results.csv").open(encoding="utf-8"))}
    assert rows["reference_copy"]["score"] == "20" and rows["reference_copy"]["max_score"] == "20"
    # correctness 100 and vectorization 40: 15 + 5 * 0.4
    assert rows["vec_per_sample_gradient_loop"]["score"] == "17"
    assert rows["vec_per_sample_gradient_loop"]["passed"] == "false"  # a counted criterion fails
    assert rows["stab_naive_sigmoid"]["passed"] == "true"  # stability does not count here


def test_similarity_ignores_renaming_and_the_stub():
    ref = _reference()
    stub = catalog.get_problem("logistic").stub_path.read_text()
    pairs = similarity.similar_pairs(
        {"a": ref, "b": _renamed(ref), "stub": stub,
         "other": (CORPUS / "logistic" / "ok_augmented_theta.py").read_text()}, stub)
    assert [(p.a, p.b, p.identical) for p in pairs] == [("a", "b", True)], pairs


# ---------------------------------------------------------------- Ctrl-C and the backstop

def _processes_in(folder: Path) -> list[int]:
    """Processes whose working folder is inside `folder` (the workers of a run put there)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.readlink(f"/proc/{entry}/cwd").startswith(str(folder)):
                    found.append(int(entry))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_ctrl_c_keeps_what_was_graded_and_leaves_no_process(tmp_path):
    subs, out, scratch = tmp_path / "subs", tmp_path / "out", tmp_path / "tmp"
    subs.mkdir()
    scratch.mkdir()
    ref = _reference()
    (subs / "a_quick.py").write_text(ref)
    shutil.copyfile(CORPUS / "logistic" / "ok_tanh_sigmoid.py", subs / "b_quick.py")
    (subs / "c_hangs.py").write_text(ref + HOSTILE["hangs_in_fit.py"])
    (subs / "d_hangs.py").write_text(ref + HOSTILE["hangs_in_fit.py"])
    env = {**os.environ, "TMPDIR": str(scratch), "COLUMNS": "120", "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "mlprep", "class", "grade", "logistic", str(subs), "--out",
                             str(out), "--jobs", "2", "--time-limit", "60"], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while len(list((out / "results").glob("*.json"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.0)  # the hanging ones are being graded now
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 1, stderr
    assert "interrupted: 2 of 4 submission(s) have no result yet" in " ".join(stderr.split())
    assert sorted(p.name.split(".")[0] for p in (out / "results").glob("*.json")) == ["a_quick", "b_quick"]
    rows = list(csv.DictReader((out / "results.csv").open(encoding="utf-8")))
    assert [r["name"] for r in rows] == ["a_quick", "b_quick"]
    time.sleep(0.5)
    assert _processes_in(scratch) == []
    assert [p.name for p in scratch.iterdir()] == []  # nor the killed worker's scratch folder
    assert not [p for p in scratch.rglob("mlprep-worker-*")]
    for name in ("c_hangs.py", "d_hangs.py"):  # the student fixed them
        shutil.copyfile(CORPUS / "logistic" / "ok_augmented_theta.py", subs / name)
    again = subprocess.run([sys.executable, "-m", "mlprep", "class", "grade", "logistic", str(subs), "--out",
                            str(out), "--jobs", "2", "--time-limit", "60"], env=env, capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0, again.stderr
    assert "Grading 2 submission(s) of logistic; 2 unchanged since the last run" in again.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_backstop_stops_a_grading_process_and_everything_it_started(tmp_path, monkeypatch):
    """A grading process still running past its time limit plus the margin is stopped with its
    worker, whatever their sessions; the submission is reported as not graded (and not kept, so
    the next run tries again). The margin is made negative here so that the backstop fires before
    the engine's own deadline does."""
    subs, out, scratch = tmp_path / "subs", tmp_path / "out", tmp_path / "tmp"
    subs.mkdir()
    scratch.mkdir()
    (subs / "hangs.py").write_text(_reference() + HOSTILE["hangs_in_fit.py"])
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(batch, "MARGIN_S", -1.0)
    run = batch.grade(catalog.get_problem("logistic"), subs, out, jobs=1, time_limit=5)
    (record,) = run.records
    assert record.report is None and "mlprep stopped it and everything it started" in record.failure
    assert run.unfinished == ["hangs"]
    assert list((out / "results").glob("*.json")) == []
    time.sleep(0.5)
    assert _processes_in(scratch) == []
    assert [p.name for p in scratch.iterdir()] == []  # nor the killed worker's scratch folder


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_stop_tree_kills_a_process_that_escaped_into_its_own_session(tmp_path):
    code = ("import subprocess, sys, time\n"
            "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'], start_new_session=True)\n"
            "print(p.pid, flush=True)\n"
            "time.sleep(600)\n")
    from mlprep.grading.processes import ticks_now

    ticks = ticks_now()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, start_new_session=True)
    escaped = int(proc.stdout.readline())
    batch.stop_tree(proc, ticks)
    assert proc.returncode is not None
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{escaped}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            break  # gone
        if state == "Z":
            break  # killed, waiting to be reaped by whoever adopted it
        time.sleep(0.05)
    else:
        pytest.fail(f"process {escaped} survived stop_tree")
