"""The README's Quickstart (issue 12, item 16): exactly two commands, the first installs mlprep
and grades without the test extra, the second installs the test extra and runs the tests; .ci/run
is those two commands word for word."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from helpers import REPO


def quickstart_commands() -> list[str]:
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("## Quickstart"):readme.index("Then activate the environment")]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)]


def test_two_commands_and_ci_runs_them_word_for_word():
    first, second = quickstart_commands()  # exactly two
    assert "\n" not in first and "\n" not in second
    assert "pip install ." in first and "[test]" not in first and "mlprep grade" in first
    assert 'pip install ".[test]"' in second and "pytest" in second
    ci = [line for line in (REPO / ".ci" / "run").read_text().splitlines()
          if line and not line.startswith(("#", "set ", "cd ", "rm -rf .venv"))]
    assert ci == [first, second]


def test_grading_needs_nothing_from_the_test_extra(tmp_path):
    """What the first command installs is enough to grade: scikit-learn, SciPy and xdist are made
    unimportable and the reference still grades 100."""
    blocked = "import sys\nfor name in ('sklearn', 'scipy', 'xdist'):\n    sys.modules[name] = None\n"
    run = subprocess.run(
        [sys.executable, "-c", blocked + "from mlprep.cli import main\nmain()", "grade", "logistic", "--file",
         str(REPO / "reference" / "logistic" / "solution.py")],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
        env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "MLPREP_WORKSPACE": ""})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "100/100 PASSED" in run.stdout
