"""What a new user trips over first: the bare command, --version and -h, completion, junk
given to --file, JSON consumers on usage errors, and suggestions that name the command the user
typed. Through typer's CliRunner (and the installed console script for completion)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlprep import catalog
from mlprep.cli import app
from mlprep.progress import Progress

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "MLPREP_WORKSPACE": ""}


def run(*args, input=None):
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV, catch_exceptions=False, input=input)
    result.o, result.e = " ".join(result.stdout.split()), " ".join(result.stderr.split())
    return result


def grades(ws, slug="logistic"):
    return len(Progress(ws / ".mlprep").grades(slug))


# ------------------------------------------------------------------ item 6


def test_bare_command_prints_the_help_and_succeeds():
    result = run()
    assert result.exit_code == 0
    assert "Usage: mlprep" in result.o and "start" in result.o and "grade" in result.o
    dev = run("dev")
    assert dev.exit_code == 0 and "Usage: mlprep dev" in dev.o and "check" in dev.o


def test_version_and_short_help():
    version = run("--version")
    assert version.exit_code == 0 and version.stdout.startswith("mlprep ")
    assert version.stdout.split()[1][0].isdigit()
    for args in (["-h"], ["grade", "-h"]):
        result = run(*args)
        assert result.exit_code == 0 and "Usage: mlprep" in result.o, args


# ------------------------------------------------------------------ item 7


def complete(words: str) -> list[str]:
    """Ask the installed `mlprep` script for bash completions, as the completion script does."""
    script = Path(sys.executable).with_name("mlprep")
    env = {**os.environ, "_MLPREP_COMPLETE": "complete_bash", "COMP_WORDS": words,
           "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))}
    r = subprocess.run([str(script)], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


@pytest.mark.skipif(not Path(sys.executable).with_name("mlprep").exists(), reason="mlprep is not installed here")
def test_completion_offers_problems_and_tracks():
    slugs = [p.slug for p in catalog.load_catalog()]
    assert complete("mlprep start lo") == [s for s in slugs if s.startswith("lo")] == ["logistic"]
    assert sorted(complete("mlprep grade ")) == sorted(slugs)
    tracks = sorted({p.track for p in catalog.load_catalog()})
    assert sorted(complete("mlprep list --track ")) == tracks
    assert complete("mlprep interview --problem km") == ["kmeans"]
    assert complete("mlprep list --difficulty m") == ["medium"]


# ------------------------------------------------------------------ items 4 and 13: --file


@pytest.mark.parametrize("junk", ["devnull", "huge", "binary", "empty", "latin1", "folder"])
def test_junk_given_to_file_is_an_input_error_and_not_recorded(tmp_path, junk):
    ws = tmp_path / "ws"
    ws.mkdir()
    assert run("start", "logistic", "--dir", ws).exit_code == 0
    if junk == "devnull":
        path = Path(os.devnull)
    elif junk == "folder":
        path = tmp_path
    else:
        path = tmp_path / "attempt.py"
        path.write_bytes({
            "huge": b"x = 1\n" * (9 * 1024 * 1024),  # 54 MB of Python
            "binary": Path(sys.executable).resolve().read_bytes()[:200_000],  # an ELF (or Mach-O) binary
            "empty": b"",
            "latin1": "# \xe9t\xe9\nclass LogisticRegression:\n    pass\n".encode("latin-1"),
        }[junk])
    result = run("grade", "logistic", "--file", path, "--dir", ws)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and str(path) in result.e
    assert "Criterion" not in result.o  # no table of zeros: it was not graded
    assert grades(ws) == 0


def test_a_missing_file_says_so_without_suggesting_file(tmp_path):
    result = run("grade", "logistic", "--file", tmp_path / "nonexistent.py", "--dir", tmp_path)
    assert result.exit_code == 2
    assert "nonexistent.py" in result.e and "--file" in result.e and "pass --file" not in result.e


# ------------------------------------------------------------------ item 5


@pytest.mark.parametrize("args", [
    ["grade", "nope"],  # unknown problem
    ["grade", "logistic", "--file", "/nonexistent/attempt.py"],  # missing file
    ["grade"],  # nothing started here
    ["list", "--track", "no-such-track"],
    ["progress", "--no-such-option"],  # refused by the command line parser itself
    ["grade", "logistic", "--time-limit", "1"],
])
def test_json_consumers_get_an_object_for_usage_errors(tmp_path, args):
    result = run(*args, "--json", "--dir", tmp_path)
    assert result.exit_code == 2
    obj = json.loads(result.stdout)
    assert obj["exit_code"] == 2 and obj["error"]
    assert result.stderr.strip()  # the human-readable message stays on stderr


# ------------------------------------------------------------------ items 12 and 13


@pytest.mark.parametrize("command", ["hint", "watch", "show-solution", "reset", "statement"])
def test_a_fresh_folder_suggests_the_command_that_was_typed(tmp_path, command):
    result = run(command, "--dir", tmp_path)
    assert result.exit_code == 2
    assert f"mlprep {command} logistic" in result.e and "mlprep start logistic" in result.e
    assert "mlprep grade" not in result.e


def test_reset_without_a_problem_resets_the_last_started(tmp_path):
    run("start", "linear", "--dir", tmp_path)
    run("start", "logistic", "--dir", tmp_path)
    (tmp_path / "logistic.py").write_text("# my work\n")
    result = run("reset", "--dir", tmp_path)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "logistic.py").read_text() == catalog.get_problem("logistic").stub_source()
    backups = list((tmp_path / ".mlprep" / "backups").iterdir())
    assert [b.read_text() for b in backups] == ["# my work\n"]
    assert run("reset", "logistic", "--all", "--dir", tmp_path).exit_code == 2


def test_declining_to_see_the_solution_is_not_an_error(tmp_path, monkeypatch):
    from mlprep import ui

    run("start", "logistic", "--dir", tmp_path)
    asked = []
    monkeypatch.setattr(ui.UI, "confirmer", lambda self: lambda q: asked.append(q) or False)
    result = run("show-solution", "--dir", tmp_path)
    assert asked and result.exit_code == 0
    assert "error" not in result.output.lower() and "Not shown" in result.o
    assert "class LogisticRegression" not in result.o
    monkeypatch.setattr(ui.UI, "confirmer", lambda self: lambda q: True)
    assert "class LogisticRegression" in run("show-solution", "--dir", tmp_path).o


def test_a_file_of_the_learner_from_elsewhere_is_still_graded(tmp_path):
    """The input checks refuse junk, not attempts: a real attempt outside the workspace grades."""
    mine = tmp_path / "mine.py"
    shutil.copy(catalog.get_problem("logistic").reference_path, mine)
    result = run("grade", "logistic", "--file", mine, "--dir", tmp_path)
    assert result.exit_code == 0 and "PASSED" in result.o
