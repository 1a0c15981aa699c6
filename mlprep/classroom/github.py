"""The GitHub Classroom autograding workflow for one problem, and the check each of its steps runs.

`build(problem, folder, scheme)` writes, into the assignment's template repository:

    .github/workflows/classroom.yml   GitHub Classroom's autograding workflow: one step grades the
                                      attempt once with mlprep (its JSON report in the workspace),
                                      then one `classroom-resources/autograding-command-grader`
                                      step per counted criterion, worth that criterion's points,
                                      and the `autograding-grading-reporter` step that adds them up
    .github/mlprep/<wheel>            this mlprep, installed by the workflow (no package index
                                      needed for it; NumPy and the others come from the index)

A command-grader step gives all of its points or none: a criterion's step passes when its score
reaches `at` (default 100: every check of the criterion passed). Partial credit within a criterion
and the critical rule of correctness are therefore not carried over; `mlprep class grade` and the
Gradescope autograder carry both."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import rubric
from ..catalog import Problem
from ..errors import UsageError
from . import wheel
from .scheme import Scheme

REPORT = ".mlprep-report.json"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text)


def workflow(problem: Problem, scheme: Scheme, wheel_name: str, *, attempt: str, at: float = 100.0,
             time_limit: float | None = None, python: str = "3.12") -> str:
    points = scheme.whole_points(problem.criteria)
    if not points:
        raise UsageError(f"The marking scheme counts none of the criteria {problem.slug} has checks for.")
    limit = f" --time-limit {time_limit:g}" if time_limit else ""
    grade = (f"rm -f {REPORT}\n"
             f"python -m pip install --disable-pip-version-check .github/mlprep/{wheel_name}\n"
             f"python -m mlprep grade {problem.slug} --file {_shell(attempt)} --json{limit} --dir \"$RUNNER_TEMP\""
             f" > {REPORT} || true\n")
    lines = [
        f"# Written by `mlprep class github-classroom {problem.slug}`: grades {attempt} with mlprep once,",
        "# then one autograding step per criterion, worth its points when the criterion scores at least",
        f"# {at:g}/100. The reporter adds the points up for GitHub Classroom.",
        "name: Autograding Tests",
        "'on':",
        "- push",
        "- repository_dispatch",
        "permissions:",
        "  checks: write",
        "  actions: read",
        "  contents: read",
        "jobs:",
        "  run-autograding-tests:",
        "    runs-on: ubuntu-latest",
        "    if: github.actor != 'github-classroom[bot]'",
        "    steps:",
        "    - name: Checkout code",
        "      uses: actions/checkout@v4",
        "    - name: Set up Python",
        "      uses: actions/setup-python@v5",
        "      with:",
        f"        python-version: {_q(python)}",
        "    - name: Grade with mlprep",
        "      run: |",
        *(f"        {line}" for line in grade.splitlines()),
    ]
    for c, score in points.items():
        lines += [
            f"    - name: {_q(rubric.LABELS[c])}",
            f"      id: {c}",
            "      uses: classroom-resources/autograding-command-grader@v1",
            "      with:",
            f"        test-name: {_q(rubric.LABELS[c])}",
            "        setup-command: ''",
            f"        command: {_q(f'python -m mlprep class criterion {REPORT} {c} --at {at:g}')}",
            "        timeout: 1",
            f"        max-score: {score}",
        ]
    lines += [
        "    - name: Autograding Reporter",
        "      uses: classroom-resources/autograding-grading-reporter@v1",
        "      env:",
        *(f"        {c.upper()}_RESULTS: \"${{{{steps.{c}.outputs.result}}}}\"" for c in points),
        "      with:",
        f"        runners: {','.join(points)}",
    ]
    return "\n".join(lines) + "\n"


def _shell(path: str) -> str:
    if all(ch.isalnum() or ch in "._-/" for ch in path):
        return path
    return "'" + path.replace("'", "'\\''") + "'"


def build(problem: Problem, folder: Path | str, scheme: Scheme, *, attempt: str | None = None, at: float = 100.0,
          time_limit: float | None = None) -> list[Path]:
    """Write the workflow and the wheel into the repository `folder`; returns what was written."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"No folder at {folder}; give the assignment's template repository.")
    if not 0 <= at <= 100:
        raise UsageError("--at must be a score from 0 to 100.")
    attempt = attempt or f"{problem.slug}.py"
    dest = folder / ".github" / "mlprep"
    flows = folder / ".github" / "workflows"
    dest.mkdir(parents=True, exist_ok=True)
    flows.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mlprep-wheel-") as tmp:
        built = wheel.build(Path(tmp))
        for old in dest.glob("mlprep_trainer-*.whl"):
            old.unlink()
        target = dest / built.name
        shutil.copyfile(built, target)
    path = flows / "classroom.yml"
    text = workflow(problem, scheme, target.name, attempt=attempt, at=at, time_limit=time_limit)
    from .outputs import write_text

    write_text(path, text)
    return [path, target]


# ---------------------------------------------------------------- one step of the workflow

@dataclass
class Verdict:
    criterion: str
    score: float | None
    status: str
    at: float
    passed: bool
    feedback: list[str]
    error: str | None


def criterion_verdict(report_path: Path | str, criterion: str, at: float = 100.0) -> Verdict:
    """Does the report's `criterion` reach `at`? UsageError when there is no report to read."""
    if criterion not in rubric.CRITERIA:
        raise UsageError(f"No criterion called {criterion!r}; the criteria are {', '.join(rubric.CRITERIA)}.")
    path = Path(report_path)
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        info = report["criteria"][criterion]
    except FileNotFoundError:
        raise UsageError(f"No report at {path}: the grading step did not run.") from None
    except (OSError, ValueError, KeyError, TypeError):
        raise UsageError(f"{path} is not a report of `mlprep grade --json` (the grading step failed; its log "
                         f"says why).") from None
    score = info.get("score")
    error = report.get("error")
    passed = error is None and score is not None and score >= at
    return Verdict(criterion, score, info.get("status", "n/a"), at, passed, list(info.get("feedback") or []), error)
