"""Helpers shared by mlprep's own tests (imported as `helpers`)."""

from __future__ import annotations

from pathlib import Path

from mlprep import catalog

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "corpus"


def reference_source(slug: str) -> str:
    return catalog.get_problem(slug).reference_path.read_text()


def attempt_file(tmp_path: Path, source: str, name: str = "attempt.py") -> Path:
    path = tmp_path / name
    path.write_text(source)
    return path


GRADESCOPE_TOP_KEYS = {"score", "execution_time", "output", "output_format", "test_output_format",
                       "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
GRADESCOPE_TEST_KEYS = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format",
                        "tags", "visibility", "extra_data"}
GRADESCOPE_VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")


def check_gradescope_results(data: dict) -> None:
    """The keys and types of Gradescope's autograder specification (results.json)."""
    assert set(data) <= GRADESCOPE_TOP_KEYS, set(data) - GRADESCOPE_TOP_KEYS
    assert isinstance(data["score"], (int, float)) and not isinstance(data["score"], bool)
    assert isinstance(data.get("execution_time", 0), int)
    assert isinstance(data.get("output", ""), str)
    assert data.get("stdout_visibility", "hidden") in GRADESCOPE_VISIBILITIES
    assert isinstance(data.get("extra_data", {}), dict)
    assert isinstance(data["tests"], list)
    for test in data["tests"]:
        assert set(test) <= GRADESCOPE_TEST_KEYS, set(test) - GRADESCOPE_TEST_KEYS
        assert isinstance(test["name"], str) and isinstance(test["output"], str)
        assert isinstance(test["score"], (int, float)) and isinstance(test["max_score"], (int, float))
        assert 0 <= test["score"] <= test["max_score"]
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] in GRADESCOPE_VISIBILITIES
        assert isinstance(test["number"], str) and all(isinstance(t, str) for t in test["tags"])
