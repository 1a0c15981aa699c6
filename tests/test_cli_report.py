"""How a grade reads: a syntax error is the error with its line and a caret, nothing else; an
error met again with other array shapes is said once, with the count. Through CliRunner."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from mlprep.cli import app

ENV = {"COLUMNS": "100", "NO_COLOR": "1", "MLPREP_WORKSPACE": ""}

SYNTAX_ERROR = '''import numpy as np


class LogisticRegression:
    def fit(self, X, y)
        return self
'''

# `bias` is a vector of the training set's length: every later call on other data raises the
# same broadcasting error, with the shapes of that data
BIAS_PER_SAMPLE = '''import numpy as np


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate, self.n_iterations, self.tol, self.l2 = learning_rate, n_iterations, tol, l2

    def fit(self, X, y):
        n, d = X.shape
        self.weights, self.bias, self.loss_history = np.zeros(d), np.zeros(n), []
        for t in range(self.n_iterations):
            z = X @ self.weights + self.bias
            loss = float(np.mean(np.logaddexp(0, z) - y * z) + self.l2 / 2 * self.weights @ self.weights)
            if t > 0 and abs(self.loss_history[-1] - loss) < self.tol:
                break
            self.loss_history.append(loss)
            p = np.exp(-np.logaddexp(0, -z))
            self.weights = self.weights - self.learning_rate * ((X.T @ (p - y)) / n + self.l2 * self.weights)
            self.bias = self.bias - self.learning_rate * np.mean(p - y)
        return self

    def predict_proba(self, X):
        z = X @ self.weights + self.bias
        return np.exp(-np.logaddexp(0, -z))

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
'''


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args], env=ENV, catch_exceptions=False)
    result.o = " ".join(result.stdout.split())
    return result


def test_a_syntax_error_is_the_line_and_a_caret_and_nothing_else(tmp_path):
    attempt = tmp_path / "logistic.py"
    attempt.write_text(SYNTAX_ERROR)
    result = run("grade", "logistic", "--dir", tmp_path)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    code = next(i for i, line in enumerate(lines) if "def fit(self, X, y)" in line)
    assert "line 5" in lines[code - 1] and str(attempt) in lines[code - 1]
    assert lines[code + 1].index("^") == lines[code].index(")") + 1  # under the place of the missing ':'
    assert "SyntaxError: expected ':'" in result.o
    for absent in ("Criterion", "Correctness", "0/100", "Graded in", "░"):
        assert absent not in result.stdout, absent
    report = json.loads(run("grade", "logistic", "--dir", tmp_path, "--json").stdout)
    assert report["error"].startswith("SyntaxError at line 5")  # the JSON report is unchanged


def test_the_same_error_with_other_shapes_is_said_once_with_the_count(tmp_path):
    attempt = tmp_path / "logistic.py"
    attempt.write_text(BIAS_PER_SAMPLE)
    result = run("grade", "logistic", "--dir", tmp_path)
    assert result.exit_code == 1
    feedback = result.o[result.o.index("Feedback"):]
    assert feedback.count("raised ValueError") == 1, result.stdout
    said = re.search(r"the same error in (\d+) checks, with other array shapes", feedback)
    tests = json.loads(run("grade", "logistic", "--dir", tmp_path, "--json").stdout)["tests"]
    broke = [t for t in tests if t["outcome"] != "passed" and "raised ValueError" in t["message"]
             and not t["message"].startswith(("Cannot be checked", "Not scored"))]
    assert said and int(said.group(1)) == len(broke) >= 2
    assert len({t["message"] for t in broke}) >= 2  # they did differ, in their shapes



def test_progress_fits_narrow_terminals_and_says_dash_for_tracks_never_graded(tmp_path):
    """Item 15: nothing is cut to `Be…` or `13:…` at 60 (or 50) columns, and a track with no grade
    has no mean ("—"), not 0."""
    attempt = tmp_path / "logistic.py"
    attempt.write_text(BIAS_PER_SAMPLE)
    run("grade", "logistic", "--dir", tmp_path)
    for columns in ("100", "80", "60", "50"):
        result = CliRunner().invoke(app, ["progress", "--dir", str(tmp_path)], env={**ENV, "COLUMNS": columns})
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= int(columns)
        assert "…" not in result.stdout, (columns, result.stdout)
        header = next(line for line in lines if line.startswith("Problem"))
        assert "Best" in header and ("Last graded" in header or "Last" in header.split())
        track = next(line for line in lines if line.startswith("neighbours-clustering"))  # kmeans: never graded
        assert track.split()[-1] == "—"
        graded = next(line for line in lines if line.startswith("supervised-linear"))
        assert graded.split()[-1].isdigit()
        assert re.search(r"\d\d-\d\d", next(line for line in lines if line.startswith("logistic")))
