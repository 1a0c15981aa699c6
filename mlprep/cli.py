"""The command line. Each command parses its options, calls the engine once, renders, and
exits: 0 ok, 1 graded but not passing, 2 usage or input error."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .errors import MlprepError

app = typer.Typer(
    name="mlprep",
    help="Practise implementing ML algorithms from scratch in NumPy, graded like an interview: "
         "correctness, vectorization, numerical stability, organization, convergence.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout instead of tables.")]


def _fail(ui, exc: MlprepError) -> None:
    ui.error(str(exc))
    raise typer.Exit(code=exc.exit_code)


@app.command()
def grade(
    problem: Annotated[str, typer.Argument(help="Problem slug, e.g. logistic. See `mlprep list`.")],
    file: Annotated[Path, typer.Option("--file", "-f", help="The attempt to grade (a .py file).")],
    as_json: JsonOpt = False,
    time_limit: Annotated[Optional[float], typer.Option("--time-limit", help="Seconds allowed for the whole grade (default 60).", min=5)] = None,
) -> None:
    """Grade an attempt against the hidden tests and score it on the five criteria.

    Example: mlprep grade logistic --file logistic.py

    Exit code 0 when the attempt passes, 1 when it was graded but does not pass yet (or could
    not be imported), 2 for a usage error (unknown problem, missing file).
    """
    from . import catalog
    from .grading import engine
    from .ui import UI

    ui = UI(json_mode=as_json)
    try:
        spec = catalog.get_problem(problem)
        with ui.grading_progress(f"Grading {spec.slug}") as progress:
            report = engine.grade(spec, file, time_limit=time_limit, on_progress=progress)
    except MlprepError as exc:
        _fail(ui, exc)
    if as_json:
        ui.json(report.to_dict())
    else:
        ui.grade_report(report)
    raise typer.Exit(code=0 if report.passed else 1)


@app.command("list")
def list_problems(as_json: JsonOpt = False) -> None:
    """List the problems: slug, title, track and difficulty.

    Example: mlprep list --json
    """
    from . import catalog
    from .ui import UI

    ui = UI(json_mode=as_json)
    try:
        rows = [p.summary() for p in catalog.load_catalog()]
    except MlprepError as exc:
        _fail(ui, exc)
    if as_json:
        ui.json(rows)
    else:
        ui.problem_table(rows)


def main() -> None:
    app()
