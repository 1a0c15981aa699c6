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
