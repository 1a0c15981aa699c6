"""What a learner sees in a real terminal (a pseudo-terminal): the progress line of a grade,
watch mode's screen, statements at several widths."""

from __future__ import annotations

import re
import shutil

import pytest
from pty_helpers import Terminal

from mlprep import catalog

WRONG_ATTEMPT = '''
import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate, self.n_iterations, self.tol, self.l2 = learning_rate, n_iterations, tol, l2

    def fit(self, X, y):
        self.weights, self.bias, self.loss_history = np.zeros(X.shape[1]), 0.0, [0.0]
        return self

    def predict_proba(self, X):
        return np.full(len(X), 0.5)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
'''


@pytest.fixture
def ws(tmp_path):
    shutil.copy(catalog.get_problem("logistic").reference_path, tmp_path / "logistic.py")
    return tmp_path


def test_the_progress_line_shows_each_count_and_the_clock(ws):
    """Item 1: never `0/None`; it says what happens before the checks are known, then moves
    through every count (each change is drawn at once), with the elapsed time."""
    with Terminal("grade", "logistic", cwd=ws, columns=100) as term:
        assert term.finish() == 0
        frames = term.frames()
    progress = [f for f in frames if f.startswith("Grading")]
    assert progress and not any("None" in f for f in progress)
    assert "starting the attempt" in progress[0]
    counts = [tuple(map(int, m.groups())) for f in progress for m in [re.search(r"(\d+)/(\d+) checks", f)] if m]
    total = counts[-1][1]
    assert total > 10 and {done for done, _ in counts} == set(range(total + 1))
    assert all(re.search(r"\d:\d\d:\d\d", f) for f in progress)  # the clock is on every line
    assert any(re.search(r"\d+/\d+ checks \S+ contract\.fit_runs", f) for f in progress)  # what runs now
    assert "logistic: 100/100 PASSED" in "\n".join(frames)


def test_watch_never_shows_an_old_result_during_a_grade_or_after_the_file_is_gone(ws):
    """Item 9: on each save the screen is cleared and says a grade runs; when the attempt is
    deleted the screen says so instead of showing the last PASSED."""
    attempt = ws / "logistic.py"
    with Terminal("watch", "logistic", "--interval", "0.1", cwd=ws, columns=100) as term:
        term.read_until_text("PASSED")
        attempt.write_text(WRONG_ATTEMPT)
        term.read_until_text("not passed yet")
        attempt.unlink()
        term.read_until_text("does not exist any more")
        term.interrupt()
        screens = term.screens()
    grading = [s for s in screens if "grading…" in s and "saved" in s]
    assert grading, screens
    for screen in grading:  # while the second grade ran, the first result was off the screen
        assert "PASSED" not in screen and "/100" not in screen
    gone = [s for s in screens if "does not exist any more" in " ".join(s.split())]
    assert gone and "PASSED" not in gone[-1] and "/100" not in gone[-1]
    assert screens.index(gone[-1]) == len(screens) - 1


@pytest.mark.parametrize("columns", [80, 60])
def test_statements_render_at_any_width_without_broken_lines(tmp_path, columns):
    """Item 8: every line fits the terminal, and no word is cut in two (the words at this width
    are the words at a width where nothing needs wrapping)."""
    def words(text):
        return [w for w in text.split() if not set(w) <= set("─━")]

    for slug in ("kmeans",):  # the one the issue names; the others use the same renderer
        with Terminal("statement", slug, cwd=tmp_path, columns=columns) as term:
            assert term.finish() == 0
            text = term.frames()
        with Terminal("statement", slug, cwd=tmp_path, columns=250) as wide:
            wide.finish()
            reference = wide.frames()
        assert max(len(line) for line in text) <= columns
        assert words(" ".join(text)) == words(" ".join(reference)), slug


def test_the_statement_in_the_learners_file_fits_80_columns(tmp_path):
    """Item 8: `mlprep start` writes the statement into the attempt; it reads in an 80-column
    editor (only fenced code keeps its own lines) and says the same as statement.md."""
    import io

    from rich.console import Console
    from rich.markdown import Markdown

    def rendered(markdown):
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(Markdown(markdown))
        return console.export_text().split()

    for p in catalog.load_catalog():
        source = p.stub_source()
        docstring = source[source.index('"""') + 3:source.index('\n"""')]
        fenced = False
        for line in docstring.splitlines():
            fenced ^= line.strip().startswith("```")
            if not fenced and not line.strip().startswith("```"):
                assert len(line) <= 79 or " " not in line.strip(), (p.slug, line)
        assert rendered(docstring) == rendered(p.statement), p.slug
