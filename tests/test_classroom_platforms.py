"""The Gradescope autograder and the GitHub Classroom workflow, run as the platforms run them:
the zip unpacked into temporary folders laid out like Gradescope's /autograder, setup.sh making a
fresh virtualenv and installing mlprep from the wheel inside the zip, run_autograder grading a
good, a broken and a missing submission (and writing results.json even when mlprep cannot start);
the workflow's steps run one by one as the command grader runs them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlprep import rubric
from mlprep.cli import app

from helpers import CORPUS, check_gradescope_results

ENV = {"COLUMNS": "120", "NO_COLOR": "1", "MLPREP_WORKSPACE": ""}
def run_cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env=ENV, catch_exceptions=False)


def base_python() -> str:
    """The interpreter this venv was made from (a venv cannot reliably make a venv of itself)."""
    return getattr(sys, "_base_executable", sys.executable)


@pytest.mark.slow
def test_the_gradescope_autograder_runs_in_a_fresh_virtualenv_laid_out_like_gradescope(tmp_path):
    built = run_cli("class", "gradescope", "logistic", "--out", tmp_path / "autograder.zip",
                    "--visibility", "after_due_date")
    assert built.exit_code == 0, built.output
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    with zipfile.ZipFile(tmp_path / "autograder.zip") as zf:
        names = set(zf.namelist())
        assert {"setup.sh", "run_autograder"} <= names  # at the root of the archive
        assert any(n.startswith("mlprep_trainer-") and n.endswith(".whl") for n in names)
        zf.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):  # extractall drops the mode bits
        (root / "source" / name).chmod(0o755)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "MLPREP_PYTHON": base_python()}
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"):
        env.pop(name, None)
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not p.startswith(sys.prefix))
    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True,
                           timeout=600)
    assert setup.returncode == 0, setup.stdout[-2000:] + setup.stderr[-2000:]
    venv_python = root / "mlprep-venv" / "bin" / "python"
    where = subprocess.run([str(venv_python), "-I", "-c", "import mlprep; print(mlprep.__file__)"],
                           capture_output=True, text=True, env=env, cwd=root)
    assert str(root / "mlprep-venv") in where.stdout, where  # installed from the wheel, not this checkout
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")  # as Gradescope does

    def grade(files: dict[str, Path | str]) -> dict:
        shutil.rmtree(root / "submission")
        (root / "submission").mkdir()
        for name, content in files.items():
            target = root / "submission" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            else:
                target.write_text(content)
        run = subprocess.run([str(root / "run_autograder")], cwd=root, env=env, capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 0, run.stderr[-2000:]
        data = json.loads((root / "results" / "results.json").read_text())
        check_gradescope_results(data)
        return data

    good = grade({"logistic.py": CORPUS / "logistic" / "vec_per_sample_gradient_loop.py", "notes.md": "hi\n"})
    tests = {t["tags"][0]: t for t in good["tests"]}
    assert list(tests) == list(rubric.CRITERIA)
    assert sum(t["max_score"] for t in good["tests"]) == pytest.approx(100)
    assert tests["vectorization"]["score"] == pytest.approx(8.0) and tests["vectorization"]["status"] == "failed"
    assert "loops over samples" in tests["vectorization"]["output"]
    assert tests["correctness"]["score"] == 35 and tests["correctness"]["status"] == "passed"
    assert all(t["visibility"] == "after_due_date" for t in good["tests"])
    assert good["score"] == pytest.approx(88.0)
    assert good["extra_data"]["sandbox"] in ("kernel", "basic")

    crashed = grade({"hw/logistic.py": "import numpy as np\nraise SystemExit(3)\nclass LogisticRegression: pass\n"})
    assert crashed["score"] == 0 and "could not be graded" in crashed["output"]
    assert "SystemExit at line 2" in crashed["output"]
    assert all(t["score"] == 0 and "could not be imported" in t["output"] for t in crashed["tests"])

    nothing = grade({"README.txt": "I forgot\n"})
    assert nothing["score"] == 0 and "no .py file" in nothing["output"]

    (root / "mlprep-venv").rename(root / "broken-venv")  # mlprep cannot even start
    try:
        broken = grade({"logistic.py": CORPUS / "logistic" / "ok_tanh_sigmoid.py"})
    finally:
        (root / "broken-venv").rename(root / "mlprep-venv")
    assert broken["score"] == 0 and "could not run mlprep" in broken["output"]


def test_the_github_classroom_workflow_grades_once_and_scores_each_criterion(tmp_path):
    yaml = pytest.importorskip("yaml")
    repo = tmp_path / "template"
    repo.mkdir()
    scheme = tmp_path / "marking.toml"
    scheme.write_text("total = 10\n[weights]\ncorrectness = 6\nvectorization = 2\nconvergence = 2\n")
    built = run_cli("class", "github-classroom", "logistic", "--repo", repo, "--scheme", scheme)
    assert built.exit_code == 0, built.output
    flow = yaml.safe_load((repo / ".github" / "workflows" / "classroom.yml").read_text())
    assert set(flow[True] if True in flow else flow["on"]) == {"push", "repository_dispatch"}
    steps = flow["jobs"]["run-autograding-tests"]["steps"]
    graders = [s for s in steps if s.get("uses", "").startswith("classroom-resources/autograding-command-grader")]
    assert [s["id"] for s in graders] == ["correctness", "vectorization", "convergence"]
    assert [s["with"]["max-score"] for s in graders] == [6, 2, 2]
    reporter = steps[-1]
    assert reporter["uses"].startswith("classroom-resources/autograding-grading-reporter")
    assert reporter["with"]["runners"] == "correctness,vectorization,convergence"
    assert reporter["env"] == {f"{s['id'].upper()}_RESULTS": f"${{{{steps.{s['id']}.outputs.result}}}}"
                               for s in graders}
    wheel = [p.name for p in (repo / ".github" / "mlprep").glob("*.whl")]
    (grade_step,) = [s for s in steps if s.get("name") == "Grade with mlprep"]
    lines = grade_step["run"].splitlines()
    assert f"python -m pip install --disable-pip-version-check .github/mlprep/{wheel[0]}" in lines
    # run the workflow's steps here: the grading step (without its pip install, which the Gradescope
    # test covers), then each criterion's command in a bare environment as the command grader does
    shutil.copyfile(CORPUS / "logistic" / "vec_per_sample_gradient_loop.py", repo / "logistic.py")
    (repo / ".mlprep-report.json").write_text('{"forged": true}')  # a student's attempt at a free grade
    bin_dir = str(Path(sys.executable).parent)
    env = {"PATH": bin_dir + os.pathsep + os.environ["PATH"], "HOME": str(tmp_path), "RUNNER_TEMP": str(tmp_path)}
    script = "\n".join(line for line in lines if "pip install" not in line)
    grading = subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True,
                             timeout=300)
    assert grading.returncode == 0, grading.stderr
    assert json.loads((repo / ".mlprep-report.json").read_text())["problem"] == "logistic"
    bare = {"PATH": env["PATH"], "HOME": str(tmp_path)}
    verdicts = {}
    for step in graders:
        run = subprocess.run(["bash", "-c", step["with"]["command"]], cwd=repo, env=bare, capture_output=True,
                             text=True, timeout=120)
        verdicts[step["id"]] = run.returncode
        assert step["with"]["test-name"].split()[0] in run.stdout
    assert verdicts == {"correctness": 0, "vectorization": 1, "convergence": 0}
    assert not (repo / ".mlprep").exists()  # grading in CI records nothing in the student's repository
