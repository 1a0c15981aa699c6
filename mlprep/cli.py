"""The command line. Each command parses its options, calls the logic once, renders through
`ui.UI`, and exits: 0 ok, 1 graded but not passing (or refused, with the reason), 2 usage or
input error. The logic lives in `workspace`, `interview`, `watch` and `grading`."""

# No `from __future__ import annotations` here: typer reads every command's annotations with
# typing.get_type_hints on every run, and string annotations are compiled and evaluated anew each
# time (about 10 ms of a 130 ms `mlprep list`); written plainly they are evaluated once, from the
# module's bytecode. Names used in annotations must therefore exist when each function is defined.

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from .errors import MlprepError, UsageError, describe_os_error


class _Group(TyperGroup):
    """The command group. A command-line error (an unknown option, a value out of range) is
    found before any command runs; with --json it is also printed as a JSON object on stdout,
    so a JSON consumer never reads an empty stdout."""

    def invoke(self, ctx):
        args = [*getattr(ctx, "_protected_args", []), *ctx.args]
        try:
            return super().invoke(ctx)
        except Exception as exc:
            # click's UsageError (typer vendors click, so match it by name, not by import)
            if "--json" in args and any(c.__name__ == "UsageError" for c in type(exc).__mro__):
                _json_usage_error(exc)
            raise


PLAIN_TYPES = (str, int, float, bool, Path)


def _install_plain_coercion() -> None:
    """Typer (0.2x) turns every option's text into its value through a pydantic TypeAdapter, and
    importing pydantic costs about 50 ms on every run of every command (issue 13: a grade's
    start-up). mlprep's options are plain str, int, float, bool and Path, so each gets a plain
    conversion with the same checks: the number format, finite numbers, the min and max bounds.
    Installed on typer's parameter class, so the options typer makes per run (--help) get it too.
    Typer's private coercion API may change between releases: when it is not there, nothing
    changes and typer's own conversion runs."""
    try:
        from dataclasses import dataclass

        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
        from typer.core import _TyperParameter
    except ImportError:
        return
    if not hasattr(_TyperParameter, "get_runtime_param"):
        return

    @dataclass(frozen=True)
    class Plain(RuntimeParam):
        def _coerce_value(self, value, param, ctx):
            kind = self.annotation
            if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
                converted = value
            elif kind is bool:
                raise BadParameter(f"{value!r} is not true or false.", ctx=ctx, param=param)
            else:
                try:
                    converted = kind(value)
                except (TypeError, ValueError):
                    what = {int: "a whole number", float: "a number"}.get(kind, f"a valid {kind.__name__}")
                    raise BadParameter(f"{value!r} is not {what}.", ctx=ctx, param=param) from None
            if kind is float and (converted != converted or abs(converted) == float("inf")):
                raise BadParameter(f"{value!r} is not a finite number.", ctx=ctx, param=param)
            low, high = self.parameter_info.min, self.parameter_info.max
            if low is not None and converted < low:
                raise BadParameter(f"{converted} is below the minimum, {low}.", ctx=ctx, param=param)
            if high is not None and converted > high:
                raise BadParameter(f"{converted} is above the maximum, {high}.", ctx=ctx, param=param)
            return converted

    typers_own = _TyperParameter.get_runtime_param

    def get_runtime_param(self):
        descriptor = getattr(self, "type_descriptor", None)
        if getattr(self, "_runtime_param", False) is None and descriptor is not None \
                and descriptor.annotation in PLAIN_TYPES and descriptor.file_annotation is None:
            self._runtime_param = Plain(parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)
        return typers_own(self)

    _TyperParameter.get_runtime_param = get_runtime_param


_install_plain_coercion()


def _json_usage_error(exc) -> None:
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    sys.stdout.write(json.dumps({"error": message, "exit_code": getattr(exc, "exit_code", 2)}) + "\n")
    sys.stdout.flush()


app = typer.Typer(
    name="mlprep",
    cls=_Group,
    help="Practise implementing ML algorithms from scratch in NumPy, graded like an interview: "
         "correctness, vectorization, numerical stability, organization, convergence.",
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# ------------------------------------------------------------ shell completion


def _complete_problem(incomplete: str):
    from . import catalog

    try:
        return [(p.slug, p.title) for p in catalog.load_catalog() if p.slug.startswith(incomplete)]
    except MlprepError:
        return []


def _complete_track(incomplete: str):
    from . import catalog

    try:
        tracks = sorted({p.track for p in catalog.load_catalog()})
    except MlprepError:
        return []
    return [t for t in tracks if t.startswith(incomplete)]


def _complete_difficulty(incomplete: str):
    from .catalog import DIFFICULTIES

    return [d for d in DIFFICULTIES if d.startswith(incomplete)]


JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout instead of tables.")]
DirOpt = Annotated[Optional[Path], typer.Option(
    "--dir", "-d", help="The workspace folder (default: $MLPREP_WORKSPACE, else the current folder).",
    show_default=False)]
ProblemArg = Annotated[Optional[str], typer.Argument(
    help="Problem slug, e.g. logistic (default: the problem you started last here).", show_default=False,
    autocompletion=_complete_problem)]
TrackOpt = Annotated[Optional[str], typer.Option(
    "--track", help="Only this track, e.g. supervised-linear.", autocompletion=_complete_track)]
TimeLimitOpt = Annotated[Optional[float], typer.Option(
    "--time-limit", help="Seconds allowed for the whole grade (default 60).", min=5)]
SchemeOpt = Annotated[Optional[Path], typer.Option(
    "--scheme", help="A marking scheme (TOML): which criteria count, their weights, the points, the pass mark "
                     "(default: the rubric's). See the README's \"Grading a class\".", show_default=False)]
VisibilityOpt = Annotated[Optional[str], typer.Option(
    "--visibility", help="Gradescope's visibility of each criterion's test: visible, hidden, after_due_date or "
                         "after_published (default: the scheme's, else visible).", show_default=False)]


def _fail(ui, exc: MlprepError) -> None:
    ui.error(str(exc))
    if ui.json_mode:  # a JSON consumer reads stdout: it gets an object there too
        ui.json({"error": str(exc), "exit_code": exc.exit_code})
    raise typer.Exit(code=exc.exit_code)


def _call(ui, fn, *args, **kwargs):
    """Run the logic once; a user error becomes a message and its exit code. An error of the
    operating system (a folder that cannot be written, a full disk) is the user's to fix too:
    one sentence, exit 2, never a traceback."""
    try:
        return fn(*args, **kwargs)
    except MlprepError as exc:
        _fail(ui, exc)
    except OSError as exc:
        _fail(ui, UsageError(describe_os_error(exc)))


def _version(value: bool) -> None:
    if value:
        from importlib import metadata

        from . import __version__

        try:
            version = metadata.version("mlprep-trainer")
        except metadata.PackageNotFoundError:  # a checkout that is not installed
            version = __version__
        typer.echo(f"mlprep {version}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show mlprep's version and exit.")] = False,
) -> None:
    if ctx.invoked_subcommand is None:  # a bare `mlprep` asks for the help: not an error
        typer.echo(ctx.get_help())
        raise typer.Exit(0)


def _ws(ui, directory):
    from . import workspace

    return _call(ui, workspace.resolve, directory)


@app.command()
def start(
    problem: Annotated[str, typer.Argument(help="Problem slug, e.g. logistic. See `mlprep list`.",
                                           autocompletion=_complete_problem)],
    force: Annotated[bool, typer.Option("--force", help="Replace an existing attempt (it is backed up first).")] = False,
    directory: DirOpt = None,
) -> None:
    """Write the problem's stub to <workspace>/<problem>.py and show the statement.

    Example: mlprep start logistic

    An existing attempt is never overwritten: start refuses (exit 1) unless --force, which backs
    it up under .mlprep/backups/ first.
    """
    from .ui import UI

    ui = UI()
    ws = _ws(ui, directory)
    ui.started(_call(ui, ws.start, problem, force=force))


@app.command()
def statement(problem: ProblemArg = None, directory: DirOpt = None) -> None:
    """Show a problem's statement again: what to build, the objective, the contract, the traps.

    Example: mlprep statement logistic

    `mlprep start` shows it too, and writes it at the top of your attempt.
    """
    from .ui import UI

    ui = UI()
    ws = _ws(ui, directory)
    ui.show_statement(_call(ui, ws.problem, problem, "statement"))


@app.command()
def grade(
    problem: ProblemArg = None,
    file: Annotated[Optional[Path], typer.Option("--file", "-f", help="The attempt to grade (default: <workspace>/<problem>.py).", show_default=False)] = None,
    as_json: JsonOpt = False,
    output_format: Annotated[str, typer.Option(
        "--format", help="text, json (the same as --json) or gradescope (Gradescope's results.json: one test "
                         "per criterion, with its points and feedback).")] = "text",
    scheme: SchemeOpt = None,
    visibility: VisibilityOpt = None,
    time_limit: TimeLimitOpt = None,
    directory: DirOpt = None,
) -> None:
    """Grade an attempt against the hidden tests and score it on the five criteria.

    \b
    Example: mlprep grade            (the problem you started last)
    Example: mlprep grade logistic --file logistic.py --json
    Example: mlprep grade logistic --file alice.py --format gradescope --visibility after_due_date

    Every grade of the workspace's attempt is recorded in its progress; a --file from elsewhere
    is recorded too once the workspace has .mlprep/ (mlprep's own reference never is). Exit code
    0 when the attempt passes, 1 when it was graded but does not pass yet (or could not be
    imported), 2 for a usage error (unknown problem, missing file).
    """
    from .ui import UI

    fmt = "json" if as_json else output_format
    ui = UI(json_mode=fmt != "text")
    if fmt not in ("text", "json", "gradescope"):
        _fail(ui, UsageError(f"--format must be text, json or gradescope, not {fmt!r}."))
    marking = None
    if fmt == "gradescope":
        from .classroom import service

        marking = _call(ui, service.gradescope_scheme, scheme, visibility)
    ws = _ws(ui, directory)
    with ui.grading_progress("Grading") as progress:  # shown only on a terminal
        outcome = _call(ui, ws.grade, problem, file, time_limit=time_limit, on_progress=progress)
    if fmt == "gradescope":
        from .classroom import outputs

        ui.json(outputs.gradescope_results(outcome.report.to_dict(), marking))
    else:
        ui.json(outcome.report.to_dict()) if fmt == "json" else ui.grade_report(outcome.report, outcome.syntax)
    ui.grade_notes(outcome)
    raise typer.Exit(code=0 if outcome.report.passed else 1)


@app.command()
def watch(
    problem: ProblemArg = None,
    poll: Annotated[bool, typer.Option("--poll", help="Hash the file's content on every check, for file systems that do not update modification times.")] = False,
    interval: Annotated[Optional[float], typer.Option("--interval", help="Seconds between checks (default 0.3, or 1 with --poll).", min=0.05)] = None,
    time_limit: TimeLimitOpt = None,
    directory: DirOpt = None,
    max_grades: Annotated[Optional[int], typer.Option("--max-grades", hidden=True, min=1)] = None,
) -> None:
    """Re-grade the attempt every time you save it (Ctrl-C to stop).

    Example: mlprep watch logistic

    Keeps running through broken code. Every grade is recorded, as with `mlprep grade`.
    """
    from . import watch as watching
    from .ui import UI

    ui = UI()
    ws = _ws(ui, directory)
    spec = _call(ui, ws.problem, problem, "watch")
    path = ws.attempt_path(spec.slug)

    def grade_once():
        with ui.grading_progress(f"Grading {spec.slug}") as progress:
            # the next grade's worker starts while the learner edits: a regrade does not wait for it
            return ws.grade(spec.slug, time_limit=time_limit, on_progress=progress, spare_after=True)

    try:
        _call(ui, watching.run, grade_once, path, poll=poll, interval=interval, max_grades=max_grades,
              on_grading=lambda why: ui.watch_grading(path, why),
              on_result=lambda o, why: ui.watch_screen(o, path, why),
              on_error=lambda exc: ui.watch_error(exc, path),
              on_missing=ui.watch_missing, on_suggest_poll=ui.suggest_poll)
    except KeyboardInterrupt:
        ui.info("Stopped watching.")
    finally:
        _discard_spare()


@app.command()
def hint(
    problem: ProblemArg = None,
    show_all: Annotated[bool, typer.Option("--all", help="Show again every hint you have already seen.")] = False,
    directory: DirOpt = None,
) -> None:
    """Show the next hint, one at a time, from a nudge to nearly the answer.

    Example: mlprep hint logistic

    Hints used are recorded in your progress. They are hidden during a mock interview.
    """
    from .ui import UI

    ui = UI()
    ws = _ws(ui, directory)
    ui.hints(_call(ui, ws.hint, problem, show_all=show_all), show_all)


@app.command("show-solution")
def show_solution(
    problem: ProblemArg = None,
    diff: Annotated[bool, typer.Option("--diff", help="Show a diff from your attempt to the reference.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    directory: DirOpt = None,
) -> None:
    """Show the reference solution, syntax-highlighted, or its diff against your attempt.

    Example: mlprep show-solution logistic --diff

    Before you have graded an attempt it asks first (--yes skips the question; without a
    terminal --yes is required). Hidden during a mock interview.
    """
    from .ui import UI

    ui = UI()
    ws = _ws(ui, directory)
    ui.solution(_call(ui, ws.solution, problem, diff=diff, yes=yes, confirm=ui.confirmer()))


@app.command()
def progress(as_json: JsonOpt = False, directory: DirOpt = None) -> None:
    """Your progress in this workspace: best scores, grades, hints used, totals per track.

    Example: mlprep progress --json
    """
    from .ui import UI

    ui = UI(json_mode=as_json)
    ws = _ws(ui, directory)
    rows = _call(ui, ws.rows)
    ui.json([r.progress_dict() for r in rows]) if as_json else ui.progress(rows, ws.today())


@app.command()
def review(
    list_only: Annotated[bool, typer.Option("--list", help="Only show the schedule; start nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the schedule as JSON on stdout (starts "
                                                         "nothing).")] = False,
    directory: DirOpt = None,
) -> None:
    """Spaced review: re-implement problems you have passed, from scratch, at growing intervals
    (1, 3, 7, 14, 30, 60 days), so they are still there on interview day.

    \b
    Example: mlprep review          (starts the problem due today, if any)
    Example: mlprep review --list   (only shows the schedule)

    A problem joins the schedule the first time it passes. `mlprep review` shows what is due and
    starts the most overdue problem as a fresh stub (your old file is backed up). The first grade
    of it that runs, once no method raises NotImplementedError any more, decides: passed, it moves
    up a box (a longer interval); passed after a hint or the solution, it keeps its interval; not
    passed, it comes back the next day.
    """
    from .ui import UI

    ui = UI(json_mode=as_json)
    ws = _ws(ui, directory)
    plan = _call(ui, ws.review_plan if list_only or as_json else ws.start_review)
    if as_json:
        ui.json([e.to_dict(plan.today) for e in plan.entries])
    else:
        ui.review(plan)


@app.command()
def reset(
    problem: ProblemArg = None,
    all_: Annotated[bool, typer.Option("--all", help="Reset every problem that has an attempt in this workspace.")] = False,
    directory: DirOpt = None,
) -> None:
    """Put the stub back in place of your attempt; the attempt is backed up first.

    Example: mlprep reset logistic      (or: mlprep reset --all)

    Without a problem it resets the one you started last here.
    """
    from .ui import UI

    ui = UI()
    if problem and all_:
        _fail(ui, UsageError("Name one problem (mlprep reset logistic) or pass --all, not both."))
    ws = _ws(ui, directory)
    ui.resets(_call(ui, ws.reset_all) if all_ else [_call(ui, ws.reset, problem)])


@app.command("list")
def list_problems(
    track: TrackOpt = None,
    difficulty: Annotated[Optional[str], typer.Option("--difficulty", help="Only easy, medium or hard.",
                                                      autocompletion=_complete_difficulty)] = None,
    as_json: JsonOpt = False,
    directory: DirOpt = None,
) -> None:
    """List the problems with their status in this workspace (new, started, attempted, passed).

    Example: mlprep list --track supervised-linear --json
    """
    from .ui import UI

    ui = UI(json_mode=as_json)
    ws = _ws(ui, directory)
    rows = [r.list_dict() for r in _call(ui, ws.rows, track=track, difficulty=difficulty)]
    ui.json(rows) if as_json else ui.problem_table(rows)


@app.command()
def interview(
    minutes: Annotated[float, typer.Option("--minutes", help="Length of the interview in minutes.", min=1)] = 45,
    track: Annotated[Optional[str], typer.Option("--track", help="Pick the problem from this track.",
                                                 autocompletion=_complete_track)] = None,
    problem: Annotated[Optional[str], typer.Option("--problem", help="Use this problem instead of a random one not "
                                                   "yet passed.", autocompletion=_complete_problem)] = None,
    status: Annotated[bool, typer.Option("--status", help="Show the running interview and the time left.")] = False,
    finish: Annotated[bool, typer.Option("--finish", help="End the running interview now and show the summary.")] = False,
    directory: DirOpt = None,
) -> None:
    """A mock interview: a problem not yet passed, a clock, no hints or solution until the time is
    up or the attempt passes, then a summary. It survives closing the terminal.

    \b
    Example: mlprep interview --minutes 45 --track supervised-linear
    Example: mlprep interview --status      (or --finish to end it)
    """
    from . import interview as iv
    from .ui import UI

    ui = UI()
    ws = _ws(ui, directory)
    if status or finish:
        ui.interview(_call(ui, iv.finish if finish else iv.status, ws.progress))
    else:
        ui.interview(_call(ui, ws.start_interview, minutes=minutes, track=track, slug=problem))


dev = typer.Typer(help="Tools for authors of problems: check that problems are sound, scaffold new ones.",
                  rich_markup_mode=None)
app.add_typer(dev, name="dev")


@dev.callback(invoke_without_command=True)
def _dev_root(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:  # `mlprep dev` alone asks for its help: not an error
        typer.echo(ctx.get_help())
        raise typer.Exit(0)
RootOpt = Annotated[Optional[Path], typer.Option(
    "--root", help="The mlprep checkout whose problems/ and reference/ to use (default: the current folder "
                   "when it has both, else the installed problems).", show_default=False)]


@dev.command("check")
def dev_check(
    problems: Annotated[Optional[list[str]], typer.Argument(help="Problem slugs (default: every problem).",
                                                            show_default=False,
                                                            autocompletion=_complete_problem)] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Grades to run at once.", min=1)] = 2,
    root: RootOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Check that problems are sound: metadata and hints, statement, stub and reference share one
    contract, the reference imports only NumPy, scores 100 on every criterion three times in a row,
    the stub scores 0 on correctness, every standard check of the kit runs (or is skipped with a
    reason), every corpus attempt and every generated mutant gets its declared verdict.

    \b
    Example: mlprep dev check              (every problem; for CI)
    Example: mlprep dev check ridge -j 4

    Exit code 0 when everything passes, 1 when something fails (listed), 2 for a usage error.
    """
    from .dev import check as checking
    from .ui import UI

    ui = UI(json_mode=as_json)
    with ui.grading_progress("Checking") as progress:
        items = _call(ui, checking.check, problems or [], root=root, jobs=jobs, on_progress=progress)
    ui.json([i.to_dict() for i in items]) if as_json else ui.dev_check(items)
    raise typer.Exit(code=1 if any(i.status == "fail" for i in items) else 0)


@dev.command("new")
def dev_new(
    slug: Annotated[str, typer.Argument(help="The new problem's slug, e.g. ridge or decision-tree.")],
    template: Annotated[str, typer.Option("--template", "-t", help="estimator | iterative | clusterer | "
                                                                   "transformer | function.")] = "estimator",
    title: Annotated[Optional[str], typer.Option("--title", help="The title learners see.")] = None,
    class_name: Annotated[Optional[str], typer.Option("--class-name", help="The class to build (default: "
                                                      "from the slug, ridge -> Ridge).")] = None,
    function_name: Annotated[Optional[str], typer.Option("--function-name", help="The function to write, for "
                                                         "--template function (default: from the slug, "
                                                         "log-loss -> log_loss).")] = None,
    root: RootOpt = None,
) -> None:
    """Scaffold a new problem from a template that already runs: problems/SLUG/, reference/SLUG/ and
    tests/corpus/SLUG/. What only an author can write is marked TODO(author); `mlprep dev check SLUG`
    lists it.

    Example: mlprep dev new ridge --template iterative
    """
    from .dev import check as checking, scaffold
    from .ui import UI

    ui = UI()
    base = _call(ui, checking.authoring_root, root)
    if base is None:
        _fail(ui, UsageError("Run `mlprep dev new` from a checkout of mlprep (a folder with problems/ and "
                             "reference/), or pass --root."))
    ui.scaffolded(_call(ui, scaffold.new, slug, template, base, title=title, class_name=class_name,
                        function_name=function_name), slug)


classroom = typer.Typer(help="For teachers: grade a folder of submissions, and build a Gradescope autograder "
                                 "or a GitHub Classroom workflow that keep the five criteria.",
                         no_args_is_help=True, rich_markup_mode=None)
app.add_typer(classroom, name="class")
ClassProblemArg = Annotated[str, typer.Argument(help="The problem set as homework, e.g. logistic. See `mlprep list`.")]


@classroom.command("grade")
def class_grade(
    problem: ClassProblemArg,
    submissions: Annotated[Path, typer.Argument(help="The folder of submissions: one .py file, or one folder "
                                                     "holding it, per student.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The results folder (created if needed; kept between "
                                                          "runs, so a second run grades only what changed).")],
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Submissions graded at once (default: the "
                                                                     "number of cores).", min=1)] = None,
    scheme: SchemeOpt = None,
    time_limit: TimeLimitOpt = None,
) -> None:
    """Grade every submission in a folder, each in its own sandboxed worker, N at a time, and write
    results.csv, results.jsonl, junit.xml and summary.json to the results folder; then show the
    summary: score distributions, the most common failures, what could not be graded and why, and
    submissions whose code is the same once names are erased.

    \b
    Example: mlprep class grade logistic submissions/ --out results/ --jobs 4
    Example: mlprep class grade logistic submissions/ --out results/ --scheme marking.toml

    Resumable: each result is kept in RESULTS/results/ as soon as it is graded, keyed by the file's
    hash, and a later run grades only new or changed submissions; Ctrl-C stops and keeps what was
    graded. Exit code 0 when every submission has its verdict, 1 when some have none yet (the run
    was interrupted, or mlprep failed on them: run again), 2 for a usage error.
    """
    from .classroom import service
    from .ui import UI

    ui = UI()
    with ui.class_progress(problem) as (on_start, on_done):
        result = _call(ui, service.grade_class, problem, submissions, out, jobs=jobs, time_limit=time_limit,
                       scheme_path=scheme, on_start=on_start, on_done=on_done)
    ui.class_result(result)
    raise typer.Exit(code=1 if result.run.unfinished else 0)


@classroom.command("summary")
def class_summary(
    out: Annotated[Path, typer.Argument(help="The results folder of `mlprep class grade`.")],
    as_json: JsonOpt = False,
) -> None:
    """Show the summary of the last `mlprep class grade` into a results folder again.

    Example: mlprep class summary results/
    """
    from .classroom import service
    from .ui import UI

    ui = UI(json_mode=as_json)
    found = _call(ui, service.show_summary, out)
    ui.json(found.to_dict()) if as_json else ui.class_summary(found)


@classroom.command("gradescope")
def class_gradescope(
    problem: ClassProblemArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="The zip to write.")] = Path("autograder.zip"),
    scheme: SchemeOpt = None,
    visibility: VisibilityOpt = None,
    time_limit: TimeLimitOpt = None,
) -> None:
    """Build a Gradescope autograder: a zip with setup.sh (installs mlprep from a wheel inside the
    zip), run_autograder (grades /autograder/submission and always writes
    /autograder/results/results.json), the wheel and the marking scheme. Upload it as the
    assignment's autograder (Docker image: Ubuntu, Python 3.10 or newer).

    Example: mlprep class gradescope logistic --out autograder.zip --visibility after_due_date
    """
    from .classroom import service
    from .ui import UI

    ui = UI()
    ui.built([_call(ui, service.build_gradescope, problem, out, scheme_path=scheme, visibility=visibility,
                    time_limit=time_limit)],
             "Upload it in the assignment's Configure Autograder page. To try it here, see the README's "
             "\"Gradescope\".")


@classroom.command("github-classroom")
def class_github(
    problem: ClassProblemArg,
    repo: Annotated[Path, typer.Option("--repo", help="The assignment's template repository (a checkout).")] = Path("."),
    attempt: Annotated[Optional[str], typer.Option("--attempt", help="The attempt's path in the student's "
                                                   "repository (default: PROBLEM.py).", show_default=False)] = None,
    at: Annotated[float, typer.Option("--at", help="The score (0-100) a criterion needs for its points.",
                                      min=0, max=100)] = 100.0,
    scheme: SchemeOpt = None,
    time_limit: TimeLimitOpt = None,
) -> None:
    """Write the GitHub Classroom autograding workflow (.github/workflows/classroom.yml): mlprep grades
    the attempt once, then one autograding step per criterion, worth its points when the criterion
    reaches --at; and the mlprep wheel it installs (.github/mlprep/). Commit both to the template.

    Example: mlprep class github-classroom logistic --repo ../logistic-template
    """
    from .classroom import service
    from .ui import UI

    ui = UI()
    ui.built(_call(ui, service.build_github, problem, repo, scheme_path=scheme, attempt=attempt, at=at,
                   time_limit=time_limit),
             "Commit them to the assignment's template repository. Each criterion's step gives all its points "
             "or none; partial credit is in `mlprep class grade` and the Gradescope autograder.")


@classroom.command("criterion")
def class_criterion(
    report: Annotated[Path, typer.Argument(help="A report written by `mlprep grade --json`.")],
    criterion: Annotated[str, typer.Argument(help="correctness, vectorization, numerical_stability, "
                                                  "organization or convergence.")],
    at: Annotated[float, typer.Option("--at", help="The score (0-100) the criterion needs.", min=0, max=100)] = 100.0,
) -> None:
    """Pass (exit 0) when one criterion of a report reaches a score, else exit 1, showing its
    feedback: the check each GitHub Classroom autograding step runs.

    Example: mlprep class criterion .mlprep-report.json correctness --at 100
    """
    from .classroom import service
    from .ui import UI

    ui = UI()
    verdict = _call(ui, service.criterion_verdict, report, criterion, at)
    ui.criterion_verdict(verdict)
    raise typer.Exit(code=0 if verdict.passed else 1)


@app.command()
def doctor(as_json: JsonOpt = False) -> None:
    """Say how attempts are confined on this machine: "kernel" (Linux Landlock: no files outside the
    worker's scratch folder, no programs, no network, no signals to other processes) or "basic"
    (resource limits and an in-process hook only), and why.

    Example: mlprep doctor --json
    """
    from .grading import doctor as checkup
    from .ui import UI

    ui = UI(json_mode=as_json)
    found = _call(ui, checkup.diagnose)
    ui.json(found.to_dict()) if as_json else ui.doctor(found)


def _discard_spare() -> None:
    """A worker started ahead of a grade that did not use it is killed, its folder removed."""
    processes = sys.modules.get("mlprep.grading.processes")
    if processes is not None:
        processes.discard_spare()


def _release() -> None:
    """What interpreter teardown would have done that a user can see: no spare worker left, and
    every progress database closed (SQLite checkpoints its log and removes -wal and -shm)."""
    _discard_spare()
    progress = sys.modules.get("mlprep.progress")
    if progress is not None:
        progress.close_all()


def main() -> None:
    """The console script. Once the command has finished (its workers and their folders gone,
    its databases closed, its output flushed), the process leaves with os._exit: tearing down
    the interpreter's modules (NumPy, pytest) would cost about 0.1 s more on every grade and does
    nothing a user can see (issue 13).

    NumPy's BLAS gets one thread here, as in the worker (unless the user set a number): the
    grader's own computations are on small arrays, where threads only spin, and on a busy machine
    they thrash; the CPU backstop also compares the attempt's one thread with the reference's CPU
    time, which spinning threads would inflate. Set before anything imports NumPy; the processes
    mlprep starts (dev check's pool, class grading) inherit it."""
    from .grading import use_one_blas_thread  # the package only: no NumPy

    use_one_blas_thread()
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code
    finally:
        _release()
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"), as Python itself would print it
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):  # the reader went away (| head): nothing more to tell
        code = code or 1
    os._exit(code)
