"""The learner's workspace: where attempts live and what the practice commands do to them.

The workspace is the folder given by `--dir`, else `$MLPREP_WORKSPACE`, else the current folder.
An attempt is `<workspace>/<slug>.py`; mlprep's state is `<workspace>/.mlprep/` (the progress
database and `backups/`). Nothing here ever destroys a learner's file: whatever would be replaced
is first copied to `.mlprep/backups/<slug>-<YYYYmmdd-HHMMSS>.py`, and the result says where.
"""

from __future__ import annotations

import ast
import datetime
import difflib
import os
import stat
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import catalog, interview, review
from .catalog import Problem
from .errors import AttemptExists, InterviewRunning, NeedsConfirmation, UsageError
from .grading.report import GradeReport
from .progress import Progress, ProgressDamaged, ProgressReadOnly

ENV_VAR = "MLPREP_WORKSPACE"
CLOCK = time.time  # the time every workspace reads (tests replace it to move across days)
STATE_DIR = ".mlprep"
STATUSES = ("new", "started", "attempted", "passed")


def resolve(directory: Path | str | None = None) -> "Workspace":
    """`--dir`, else $MLPREP_WORKSPACE, else the current folder. A named folder must exist."""
    if directory is not None:
        source = "--dir"
    elif os.environ.get(ENV_VAR):
        directory, source = os.environ[ENV_VAR], f"${ENV_VAR}"
    else:
        return Workspace(Path.cwd())
    path = Path(directory).expanduser()
    if not path.exists():
        raise UsageError(f"The workspace folder {path} (from {source}) does not exist. "
                         f"Create it first (mkdir -p {path}) or pass another folder.")
    if not path.is_dir():
        raise UsageError(f"The workspace {path} (from {source}) is a file, not a folder.")
    return Workspace(path.resolve())


@dataclass
class StartResult:
    problem: Problem
    path: Path
    backup: Path | None


@dataclass
class ResetResult:
    problem: Problem
    path: Path
    backup: Path | None  # None when there was nothing of the learner's to keep
    created: bool = False  # the file did not exist before


@dataclass
class HintResult:
    problem: Problem
    hints: list[tuple[int, str]]  # (level, text) to show
    total: int
    new: bool  # a hint not seen before is among them


@dataclass
class SolutionResult:
    problem: Problem
    code: str | None  # None when the learner declined at the question
    diff: str | None = None  # unified diff attempt -> reference, with --diff
    attempt: Path | None = None

    @property
    def declined(self) -> bool:
        return self.code is None


@dataclass
class SyntaxErrorAt:
    """Where an attempt's syntax error is, to show the line with a caret."""

    path: Path
    line: int
    column: int  # 1-based, as Python reports it
    text: str  # the source line
    message: str


def syntax_error_at(path: Path) -> SyntaxErrorAt | None:
    """The attempt's first syntax error, as Python's compiler reports it, or None."""
    from .grading import engine

    source, _ = engine.read_attempt(path)
    if source is None:
        return None
    try:
        compile(source, str(path), "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        lines = source.splitlines()
        line = exc.lineno or 1
        text = lines[line - 1] if 0 < line <= len(lines) else (exc.text or "").rstrip("\n")
        return SyntaxErrorAt(path, line, exc.offset or 1, text, exc.msg)
    except ValueError:
        return None
    return None


@dataclass
class GradeOutcome:
    report: GradeReport
    recorded: bool
    note: str | None = None  # why it was not recorded, or where it was recorded
    interview: interview.GradeNote | None = None  # when an interview is running
    warning: str | None = None  # the progress database could not record it, and why
    syntax: SyntaxErrorAt | None = None  # the grade ended on this syntax error
    review: review.Note | None = None  # what the grade did to the spaced-review schedule


@dataclass
class Row:
    """One line of `list` / `progress`."""

    problem: Problem
    status: str
    best_score: float | None
    grades: int
    hints_used: int
    best_criteria: dict = field(default_factory=dict)
    last_graded: float | None = None
    solution_viewed: bool = False
    review: review.Entry | None = None  # its place in the spaced-review schedule, once passed

    def list_dict(self) -> dict:
        return {**self.problem.summary(), "status": self.status, "best_score": self.best_score}

    def progress_dict(self) -> dict:
        p = self.problem
        return {"slug": p.slug, "title": p.title, "track": p.track, "difficulty": p.difficulty,
                "status": self.status, "best_score": self.best_score, "passed": self.status == "passed",
                "best_criteria": {c: self.best_criteria.get(c) for c in p.criteria},
                "grades": self.grades, "hints_used": self.hints_used, "hints_total": len(p.hints),
                "last_graded": _iso(self.last_graded), "solution_viewed": self.solution_viewed,
                "next_review": self.review.due.isoformat() if self.review else None,
                "review_box": self.review.box if self.review else None}


def check_attempt_file(path: Path, problem: Problem, *, given: bool) -> None:
    """Raise UsageError (exit 2; nothing is graded or recorded) unless `path` can be an attempt:
    an existing regular file, not empty, under the engine's size limit, text that Python can read
    as source. Junk (a device, a binary, a 50 MB file) is an input error, not a failing attempt."""
    from .grading import engine  # grading imports NumPy and pytest: only when grading

    where = f"{path} (given with --file)" if given else str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        if given:
            raise UsageError(f"There is no file {where}; check the path.") from None
        raise UsageError(f"No attempt at {path}. Run `mlprep start {problem.slug}` to create it.") from None
    if stat.S_ISDIR(st.st_mode):
        raise UsageError(f"{where} is a folder; give the attempt's .py file.")
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(f"{where} is not a regular file (a device, a pipe or a socket); give the attempt's "
                         f".py file. Nothing was graded.")
    if st.st_size == 0:
        raise UsageError(f"{where} is empty: there is nothing to grade. `mlprep reset {problem.slug}` puts "
                         f"the stub back.")
    if st.st_size > engine.MAX_ATTEMPT_BYTES:
        raise UsageError(f"{where} is {st.st_size / 1024 ** 2:.1f} MiB; an attempt is a Python file under "
                         f"{engine.MAX_ATTEMPT_BYTES // 1024 ** 2} MiB. Is it the right file? Nothing was graded.")
    with open(path, "rb") as fh:
        head = fh.read(engine.MAX_ATTEMPT_BYTES + 1)
    if b"\0" in head:
        raise UsageError(f"{where} is a binary file (it contains NUL bytes), not Python source. Nothing was "
                         f"graded.")
    _, unreadable = engine.read_attempt(path)
    if unreadable:
        raise UsageError(f"{where}: {unreadable} Nothing was graded.")


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _iso(ts: float | None) -> str | None:
    return None if ts is None else time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(ts))


class Workspace:
    def __init__(self, root: Path, clock=None):
        self.root = Path(root)
        self.clock = clock if clock is not None else (lambda: CLOCK())
        self.state_dir = self.root / STATE_DIR
        self.backups_dir = self.state_dir / "backups"
        self.progress = Progress(self.state_dir)

    # ------------------------------------------------------------ files

    def attempt_path(self, slug: str) -> Path:
        return self.root / f"{slug}.py"

    def check_writable(self) -> None:
        """Before a command writes the learner's files: the folder and the progress database
        must both take writes, or nothing is touched (one sentence, exit 2)."""
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise UsageError(f"Cannot write in {self.root}: " + (
                "the file system is read-only" if _read_only_fs(self.root) else "the folder is read-only for you")
                + ". Run mlprep in a folder you can write to, or pass --dir.")
        self.progress.check(write=True)

    def backup(self, path: Path) -> Path:
        """Copy `path` to `.mlprep/backups/<stem>-<timestamp>.py` (never overwriting a backup)."""
        self.backups_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.backups_dir / f"{path.stem}-{stamp}{path.suffix}"
        n = 2
        while target.exists():
            target = self.backups_dir / f"{path.stem}-{stamp}-{n}{path.suffix}"
            n += 1
        data = path.read_bytes()
        with open(target, "xb") as fh:
            fh.write(data)
        return target

    def _write_atomic(self, path: Path, text: str) -> None:
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
            os.chmod(tmp, mode)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _replace_with_stub(self, problem: Problem) -> tuple[Path, Path | None]:
        """Write the stub to the attempt path, backing up a learner's file first. No backup when
        the file is already exactly the stub (there is nothing of the learner's in it)."""
        path = self.attempt_path(problem.slug)
        stub = problem.stub_source()
        backup = None
        if path.exists():
            if path.is_dir():
                raise UsageError(f"{path} is a folder; move it away to start {problem.slug}.")
            if path.read_bytes() != stub.encode("utf-8"):
                backup = self.backup(path)
        self._write_atomic(path, stub)
        return path, backup

    # ------------------------------------------------------------ problems

    def problem(self, slug: str | None, command: str = "grade") -> Problem:
        """The named problem, or the one most recently started in this workspace. `command` is
        the command the user typed, for the suggestion when there is nothing to default to."""
        if slug:
            return catalog.get_problem(slug)
        last = self.progress.last_started()
        if last is None:
            slugs = [p.slug for p in catalog.load_catalog()]
            example = "logistic" if "logistic" in slugs else slugs[0]  # the README's example
            raise UsageError(f"No problem has been started in {self.root} yet. Start one with `mlprep start "
                             f"{example}` (`mlprep list` shows them all), or name one: `mlprep {command} "
                             f"{example}`.")
        return catalog.get_problem(last)

    def start(self, slug: str, force: bool = False) -> StartResult:
        problem = catalog.get_problem(slug)
        path = self.attempt_path(problem.slug)
        self.check_writable()
        if path.exists() and not force:
            raise AttemptExists(
                f"{path} already exists; it was left untouched. To continue it: edit it and run "
                f"`mlprep grade {problem.slug}`. To start over: `mlprep reset {problem.slug}` or "
                f"`mlprep start {problem.slug} --force` (both back it up first).")
        path, backup = self._replace_with_stub(problem)
        self.progress.record_event(problem.slug, "start", at=self.clock())
        return StartResult(problem, path, backup)

    def reset(self, slug: str | None) -> ResetResult:
        problem = self.problem(slug, "reset")
        self.check_writable()
        existed = self.attempt_path(problem.slug).exists()
        path, backup = self._replace_with_stub(problem)
        self.progress.record_event(problem.slug, "reset")
        return ResetResult(problem, path, backup, created=not existed)

    def reset_all(self) -> list[ResetResult]:
        """Every problem with an attempt in this workspace goes back to its stub."""
        return [self.reset(p.slug) for p in catalog.load_catalog() if self.attempt_path(p.slug).exists()]

    # ------------------------------------------------------------ hints and solutions

    def hint(self, slug: str | None, show_all: bool = False) -> HintResult:
        problem = self.problem(slug, "hint")
        interview.guard(self.progress, "Hints are")
        hints = list(problem.hints)
        if show_all:
            seen = self.progress.hints_seen(problem.slug)
            if seen:
                self.progress.record_event(problem.slug, "hint", at=self.clock())  # help, for a review
            return HintResult(problem, [(i + 1, hints[i]) for i in range(seen)], len(hints), new=False)
        level = self.progress.next_hint_level(problem.slug, len(hints))
        self.progress.record_event(problem.slug, "hint", at=self.clock())  # help, for a review
        if level > len(hints):
            return HintResult(problem, [(i + 1, h) for i, h in enumerate(hints)], len(hints), new=False)
        return HintResult(problem, [(level, hints[level - 1])], len(hints), new=True)

    def solution(self, slug: str | None, *, diff: bool = False, yes: bool = False,
                 confirm=None) -> SolutionResult:
        """The reference; `confirm(question) -> bool` is asked before any graded attempt, or
        None when there is no terminal to ask on (then `yes` is required)."""
        problem = self.problem(slug, "show-solution")
        interview.guard(self.progress, "The solution is")
        attempt = self.attempt_path(problem.slug)
        if diff and not attempt.is_file():
            raise UsageError(f"No attempt at {attempt} to compare with; run `mlprep start {problem.slug}` "
                             f"or drop --diff.")
        if not yes and not self.progress.grades(problem.slug):
            question = (f"You have not graded an attempt at {problem.slug} yet; trying first is how "
                        f"it sticks. Show the solution anyway?")
            if confirm is None:
                raise NeedsConfirmation(f"You have not graded an attempt at {problem.slug} yet, and there "
                                        f"is no terminal to confirm on. Add --yes to show the solution anyway.")
            if not confirm(question):  # the learner's choice, not an error
                return SolutionResult(problem, None)
        code = problem.reference_path.read_text(encoding="utf-8")
        diff_text = None
        if diff:
            mine = attempt.read_text(encoding="utf-8", errors="replace")
            diff_text = "".join(difflib.unified_diff(
                mine.splitlines(keepends=True), code.splitlines(keepends=True),
                fromfile=f"your {attempt.name}", tofile="reference"))
        self.progress.record_event(problem.slug, "solution", at=self.clock())
        return SolutionResult(problem, code, diff_text, attempt if diff else None)

    # ------------------------------------------------------------ grading

    def grade(self, slug: str | None, file: Path | None = None, *, time_limit: float | None = None,
              on_progress=None, spare_after: bool = False) -> GradeOutcome:
        """Grade, record the grade, and tell a running interview about it.

        Every grade of the workspace's attempt is recorded. A --file outside the workspace is
        recorded under its problem too (`in_workspace` = 0) when the workspace already has
        `.mlprep/`: grading a file from elsewhere does not turn a folder into a workspace. A grade
        of mlprep's own reference solution says nothing about the learner and is not recorded.
        `spare_after`: start the next grade's worker as this one ends (`mlprep watch`)."""
        from .grading import processes

        processes.start_spare()  # the worker imports NumPy while this process imports the grader
        try:
            from .grading import engine  # grading imports NumPy and pytest: only when grading

            problem = self.problem(slug)
            path = Path(file).expanduser() if file is not None else self.attempt_path(problem.slug)
            check_attempt_file(path, problem, given=file is not None)
            resolved = path.resolve()
            in_ws = resolved == self.attempt_path(problem.slug).resolve()
            unrecordable = None  # a database that cannot take the grade does not stop the grade
            if in_ws or self.progress.exists():
                try:
                    self.progress.check(write=True)
                except (ProgressDamaged, ProgressReadOnly) as exc:
                    unrecordable = exc
            report = engine.grade(problem, path, time_limit=time_limit, on_progress=on_progress)
        finally:
            # unused when the grade stopped before starting its worker (a syntax error, no file)
            processes.start_spare() if spare_after else processes.discard_spare()
        outcome = self._record(problem, report, in_ws=in_ws, unrecordable=unrecordable)
        if report.error and report.error.startswith("SyntaxError"):
            outcome.syntax = syntax_error_at(path)
        return outcome

    def _record(self, problem: Problem, report: GradeReport, *, in_ws: bool, unrecordable) -> GradeOutcome:
        """Record a grade (unless it is of the reference, or of a file from elsewhere in a folder
        that is not a workspace) and tell a running interview about it."""
        if Path(report.attempt).resolve() == problem.reference_path.resolve():
            return GradeOutcome(report, recorded=False,
                                note="This is mlprep's reference solution, so the grade was not recorded.")
        if not in_ws and not self.progress.exists():
            return GradeOutcome(report, recorded=False)
        try:
            if unrecordable is not None:
                raise unrecordable
            running = self.progress.running_interview()
            interview_id = running.id if running and running.slug == problem.slug else None
            now = self.clock()
            first_pass = report.passed and problem.slug not in self.progress.first_passes()
            self.progress.record_grade(report, in_workspace=in_ws, interview_id=interview_id, at=now)
            scheduled = review.after_grade(self.progress, report, in_workspace=in_ws, first_pass=first_pass, now=now)
        except (ProgressDamaged, ProgressReadOnly) as exc:
            return GradeOutcome(report, recorded=False, warning=f"This grade was not recorded. {exc}")
        note = None if in_ws else f"Recorded under {problem.slug} in {self.state_dir}."
        return GradeOutcome(report, recorded=True, note=note, interview=interview.after_grade(self.progress, report),
                            review=scheduled)

    # ------------------------------------------------------------ interviews

    def start_interview(self, minutes: float = 45, track: str | None = None, slug: str | None = None,
                        rng=None) -> interview.Started:
        """A mock interview on `slug`, or on a random problem not yet passed (in `track`): a fresh
        stub (the attempt backed up first), and the clock starts."""
        self.check_writable()
        candidates = [] if slug else [r.problem for r in self.rows(track=track) if r.status != "passed"]
        problem = interview.choose(self.progress, candidates, minutes=minutes, slug=slug, track=track, rng=rng)
        path, backup = self._replace_with_stub(problem)
        return interview.begin(self.progress, problem, minutes, path, backup)

    # ------------------------------------------------------------ spaced review

    def today(self) -> datetime.date:
        return review.day(self.clock())

    def review_plan(self) -> review.Plan:
        return review.plan(self.progress, self.clock())

    def start_review(self) -> review.Plan:
        """The schedule; when a problem is due and no review is open, the most overdue one starts
        as a fresh attempt (the old file backed up first)."""
        now = self.clock()
        plan = review.plan(self.progress, now)
        if plan.open is not None or not plan.due:
            return plan
        row = interview.active(self.progress)
        if row is not None:
            raise InterviewRunning(f"An interview on {row.slug} is running; review after it (`mlprep interview "
                                   f"--status` shows the time left, `--finish` ends it).")
        self.check_writable()
        entry = plan.due[0]
        problem = catalog.get_problem(entry.slug)
        path, backup = self._replace_with_stub(problem)
        plan.started = review.begin(self.progress, entry, problem, path, backup, now)
        return plan

    # ------------------------------------------------------------ overviews

    def rows(self, track: str | None = None, difficulty: str | None = None) -> list[Row]:
        problems = list(catalog.load_catalog())
        if track is not None:
            tracks = sorted({p.track for p in problems})
            if track not in tracks:
                raise UsageError(f"No track called '{track}'. Tracks: {', '.join(tracks)}.")
            problems = [p for p in problems if p.track == track]
        if difficulty is not None:
            if difficulty not in catalog.DIFFICULTIES:
                raise UsageError(f"Difficulty must be one of {', '.join(catalog.DIFFICULTIES)}.")
            problems = [p for p in problems if p.difficulty == difficulty]
        summary = self.progress.summary([p.slug for p in problems])
        scheduled = review.schedule(self.progress)
        rows = []
        for p in problems:
            s = summary[p.slug]
            if s.passed:
                status = "passed"
            elif s.grades:
                status = "attempted"
            elif self.attempt_path(p.slug).exists():
                status = "started"
            else:
                status = "new"
            rows.append(Row(p, status, s.best_score, s.grades, s.hints_used, s.best_criteria,
                            s.last_graded, s.solution_viewed, scheduled.get(p.slug)))
        return rows
