"""A Gradescope autograder for one problem (see Gradescope's autograder specification).

`build(problem, zip_path)` writes autograder.zip with, at its root:

    setup.sh              run once by Gradescope when it builds the image: a virtual environment at
                          /autograder/mlprep-venv with mlprep installed from the wheel beside it
                          (NumPy, typer, rich and pytest come from the package index)
    run_autograder        run for every submission: grades /autograder/submission and writes
                          /autograder/results/results.json, whatever happens
    mlprep_trainer-*.whl  this mlprep, with its problems
    mlprep-class.toml     the marking scheme (criteria, weights, points, visibility)
    mlprep-autograder.json   the problem and the time limit

Both scripts read AUTOGRADER_ROOT (default /autograder), and setup.sh reads MLPREP_PYTHON (default
python3), so the autograder can be tried on any machine with temporary folders standing in for
/autograder/... .

`python -m mlprep.classroom.gradescope --root ROOT` is what run_autograder runs: it grades the one
attempt in ROOT/submission (its only .py file, else `<slug>.py`, else the one defining the class)
and writes ROOT/results/results.json. When it cannot grade (no attempt, mlprep's own failure) it
still writes results.json, with a score of 0 and the reason; when it cannot even start,
run_autograder writes one itself."""

from __future__ import annotations

import json
import sys
import tempfile
import traceback
import zipfile
from pathlib import Path

from ..catalog import Problem
from ..errors import UsageError
from . import wheel
from .scheme import Scheme

CONFIG = "mlprep-autograder.json"
SCHEME = "mlprep-class.toml"

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (written by
# `mlprep class gradescope {slug}`). It installs mlprep from the wheel beside this file into its own
# virtual environment; only mlprep's dependencies (NumPy, typer, rich, pytest) come from the
# package index. AUTOGRADER_ROOT and MLPREP_PYTHON let it run elsewhere, e.g. to try it locally.
set -euo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
PYTHON="${{MLPREP_PYTHON:-python3}}"
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
    apt-get update && apt-get install -y python3 python3-venv python3-pip
fi
"$PYTHON" -m venv "$ROOT/mlprep-venv"
"$ROOT/mlprep-venv/bin/python" -m pip install --disable-pip-version-check "$ROOT/source/{wheel}"
"$ROOT/mlprep-venv/bin/mlprep" doctor
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission (written by `mlprep class gradescope {slug}`): it grades
# $ROOT/submission with mlprep and writes $ROOT/results/results.json, whatever happens.
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
RESULTS="$ROOT/results/results.json"
mkdir -p "$ROOT/results"
rm -f "$RESULTS"
"$ROOT/mlprep-venv/bin/python" -I -m mlprep.classroom.gradescope --root "$ROOT"
status=$?
if [ ! -s "$RESULTS" ]; then
    printf '%s\\n' '{{"score": 0.0, "output": "The autograder could not run mlprep (exit status '"$status"'), so this submission was not graded. Your instructor can see why in the autograder output.", "stdout_visibility": "hidden", "tests": []}}' > "$RESULTS"
fi
exit 0
"""


def build(problem: Problem, zip_path: Path | str, scheme: Scheme, *, time_limit: float | None = None) -> Path:
    """Write the autograder zip for `problem`; returns its path."""
    zip_path = Path(zip_path)
    if zip_path.suffix != ".zip":
        raise UsageError(f"{zip_path}: the autograder must be a .zip file (Gradescope uploads a zip).")
    if not scheme.counted(problem.criteria):
        raise UsageError(f"The marking scheme counts none of the criteria {problem.slug} has checks for "
                         f"({', '.join(problem.criteria)}).")
    try:
        zip_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"Cannot create {zip_path.parent}: {exc.strerror}.") from None
    with tempfile.TemporaryDirectory(prefix="mlprep-gradescope-") as tmp:
        built = wheel.build(Path(tmp))
        config = {"problem": problem.slug, "time_limit": time_limit, "wheel": built.name}
        files = {
            "setup.sh": (SETUP_SH.format(slug=problem.slug, wheel=built.name).encode(), 0o755),
            "run_autograder": (RUN_AUTOGRADER.format(slug=problem.slug).encode(), 0o755),
            built.name: (built.read_bytes(), 0o644),
            SCHEME: (scheme.to_toml().encode(), 0o644),
            CONFIG: (json.dumps(config, indent=2).encode() + b"\n", 0o644),
        }
        tmp_zip = zip_path.with_name(f".{zip_path.name}.tmp")
        with zipfile.ZipFile(tmp_zip, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, (data, mode) in files.items():
                info = zipfile.ZipInfo(name, date_time=wheel.STAMP)
                info.external_attr = (0o100000 | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
        tmp_zip.replace(zip_path)
    return zip_path


# ---------------------------------------------------------------- inside Gradescope

def run(root: Path) -> dict:
    """Grade ROOT/submission as ROOT/source says and write ROOT/results/results.json; returns it."""
    from .. import catalog
    from . import outputs, scheme as schemes
    from .submissions import attempt_in

    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    slug = "?"
    marking = Scheme()
    try:
        config = json.loads((root / "source" / CONFIG).read_text(encoding="utf-8"))
        slug = config["problem"]
        problem = catalog.get_problem(slug)
        marking = schemes.load(root / "source" / SCHEME)
        file, why = attempt_in(root / "submission", problem)
        if file is None:
            data = outputs.gradescope_results(None, marking, problem=slug,
                                              failure=f"no attempt to grade: {why}. Submit your {problem.slug}.py.")
        else:
            from ..grading import engine

            report = engine.grade(problem, file, time_limit=config.get("time_limit"))
            data = outputs.gradescope_results(report.to_dict(), marking)
    except Exception as exc:  # mlprep's own failure: still a results.json, saying so
        traceback.print_exc()
        data = outputs.gradescope_results(None, marking, problem=slug,
                                          failure=f"mlprep could not grade it ({type(exc).__name__}: {exc}); "
                                                  f"this is not a verdict on your code: ask your instructor")
    outputs.write_text(results, json.dumps(data, indent=2, allow_nan=False) + "\n")
    return data


def main(argv: list[str]) -> int:
    root = Path("/autograder")
    if len(argv) >= 2 and argv[0] == "--root":
        root = Path(argv[1])
    data = run(root)
    tests = ", ".join(f"{t['name']} {t['score']:g}/{t['max_score']:g}" for t in data.get("tests", []))
    print(f"score {data.get('score')}: {tests}")  # the autograder output the instructor sees
    print(data.get("output", ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
