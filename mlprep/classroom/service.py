"""What each `mlprep class` command does, one call each (the CLI parses, calls one of these,
renders the result)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .. import catalog
from ..errors import UsageError
from . import batch, outputs, scheme as schemes, summary as summaries


@dataclass
class ClassResult:
    run: batch.ClassRun
    summary: summaries.Summary
    written: list[Path]


def grade_class(slug: str, folder: Path, out: Path, *, jobs: int | None = None, time_limit: float | None = None,
                scheme_path: Path | None = None, on_start=None, on_done=None) -> ClassResult:
    """Grade the class (only what is new or changed), then write every output and the summary,
    also after Ctrl-C (for what was graded)."""
    problem = catalog.get_problem(slug)
    marking = schemes.load(scheme_path)
    if not marking.counted(problem.criteria):
        raise UsageError(f"The marking scheme counts none of the criteria {problem.slug} has checks for "
                         f"({', '.join(problem.criteria)}).")
    out = Path(out)
    run = batch.grade(problem, folder, out, jobs=jobs, time_limit=time_limit, on_start=on_start, on_done=on_done)
    written = outputs.write_all(out, problem.slug, run.records, marking, problem.criteria)
    found = summaries.summarise(run, marking)
    written.append(outputs.write_text(out / "summary.json", json.dumps(found.to_dict(), indent=2) + "\n"))
    return ClassResult(run, found, written)


def show_summary(out: Path) -> summaries.Summary:
    return summaries.load(out)


def build_gradescope(slug: str, zip_path: Path, *, scheme_path: Path | None = None, visibility: str | None = None,
                     time_limit: float | None = None) -> Path:
    from . import gradescope

    problem = catalog.get_problem(slug)
    marking = with_visibility(schemes.load(scheme_path), visibility)
    return gradescope.build(problem, zip_path, marking, time_limit=time_limit)


def build_github(slug: str, folder: Path, *, scheme_path: Path | None = None, attempt: str | None = None,
                 at: float = 100.0, time_limit: float | None = None) -> list[Path]:
    from . import github

    problem = catalog.get_problem(slug)
    return github.build(problem, folder, schemes.load(scheme_path), attempt=attempt, at=at, time_limit=time_limit)


def criterion_verdict(report: Path, criterion: str, at: float = 100.0):
    from . import github

    return github.criterion_verdict(report, criterion, at)


def with_visibility(marking: schemes.Scheme, visibility: str | None) -> schemes.Scheme:
    if visibility is None:
        return marking
    if visibility not in schemes.VISIBILITIES:
        raise UsageError(f"--visibility must be one of {', '.join(schemes.VISIBILITIES)}.")
    from dataclasses import replace

    return replace(marking, visibility=visibility)


def gradescope_scheme(scheme_path: Path | None, visibility: str | None) -> schemes.Scheme:
    """The scheme `mlprep grade --format gradescope` marks with."""
    return with_visibility(schemes.load(scheme_path), visibility)
