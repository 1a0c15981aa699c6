"""Everything the user sees goes through here; this is the only module that imports rich.
Consoles are built when a command runs (not at import) so tests and COLUMNS control the width;
rich honours NO_COLOR by itself."""

from __future__ import annotations

import contextlib
import datetime
import json
import math
import sys

import time

# rich is imported on first use, not here: a --json run that prints no table never imports it
# (about 30 ms of every grade's start-up, issue 13). Markdown, Progress, Syntax and the prompt are
# heavier still and are imported by the one method that uses each.
Console = Text = Table = Column = Rule = None


def _load_rich() -> None:
    global Console, Text, Table, Column, Rule
    if Console is None:
        from rich.console import Console
        from rich.rule import Rule
        from rich.table import Column, Table
        from rich.text import Text

from . import interview
from .rubric import LABELS as CRITERION_LABEL, SHORT_LABELS as SHORT_LABEL
from .textsafe import json_safe

STATUS_STYLE = {"pass": "bold green", "partial": "bold yellow", "fail": "bold red", "n/a": "dim"}
LIST_STATUS = {"passed": "pass", "attempted": "partial", "started": "n/a", "new": "n/a"}
SPARK = "▁▂▃▄▅▆▇█"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _when(due, today) -> str:
    """A review date, relative to today: "today", "tomorrow", "in 3 days (2026-03-06)", or
    "2 days ago (2026-03-04)" for one that is overdue."""
    days = (due - today).days
    if days < 0:
        return f"{_days(-days)} ago ({due.isoformat()})"
    if days <= 1:
        return "today" if days == 0 else "tomorrow"
    return f"in {_days(days)} ({due.isoformat()})"


def _next_review(entry, today, short: bool = False) -> Text:
    if entry is None:
        return Text("—", style="dim")
    if entry.open is not None:
        return Text("in review" if short else "in progress", style="bold cyan")
    days = (entry.due - today).days
    if days <= 0:
        return Text("due now" if short else ("due today" if days == 0 else f"due ({-days} d late)"),
                    style="bold yellow")
    if days == 1:
        return Text("tomorrow")
    return Text(f"in {days} d" if short else f"in {days} days")


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60}:{seconds % 60:02d}"


def _score(score) -> str:
    return "n/a" if score is None else f"{score:.0f}"


def bar(score: float | None, width: int = 20) -> Text:
    if score is None:
        return Text("─" * width, style="dim")
    filled = int(round(width * score / 100))
    style = "green" if score >= 100 else "yellow" if score >= 50 else "red"
    return Text("█" * filled, style=style) + Text("░" * (width - filled), style="dim")


def sparkline(values, width: int = 40, lo: float | None = None, hi: float | None = None) -> str:
    """One character per bucket of the series, scaled between lo and hi."""
    values = [float(v) for v in values if v == v and abs(v) != float("inf")]
    if not values:
        return ""
    if len(values) > width:
        step = len(values) / width
        values = [values[int(i * step)] for i in range(width)]
    lo = min(values) if lo is None else lo
    hi = max(values) if hi is None else hi
    span = (hi - lo) or 1.0
    return "".join(SPARK[min(len(SPARK) - 1, max(0, int((v - lo) / span * (len(SPARK) - 1))))] for v in values)


class UI:
    def __init__(self, *, json_mode: bool = False):
        self.json_mode = json_mode
        self._out = self._err = None
        if not json_mode:
            _load_rich()

    @property
    def out(self):
        if self._out is None:
            _load_rich()
            self._out = Console(highlight=False, soft_wrap=False)
        return self._out

    @property
    def err(self):
        if self._err is None:
            _load_rich()
            self._err = Console(stderr=True, highlight=False)
        return self._err

    # ------------------------------------------------------------ generic

    def error(self, message: str) -> None:
        # not wrapped by rich: a path or a command in the message must survive copy and paste
        self.err.print(Text("error: ", style="bold red") + Text(message), soft_wrap=True)

    def warn(self, message: str) -> None:
        self.err.print(Text("warning: ", style="bold yellow") + Text(message), soft_wrap=True)

    def info(self, message: str) -> None:
        self.out.print(Text(message))

    def success(self, message: str) -> None:
        self.out.print(Text(message, style="bold green"))

    def markdown(self, text: str) -> None:
        from rich.markdown import Markdown

        self.out.print(Markdown(text))

    def statement(self, text: str) -> None:
        """A problem statement (statement.md), rendered as Markdown at the terminal's width."""
        from rich.markdown import Markdown

        self.out.print(Markdown(text))

    def show_statement(self, problem) -> None:
        self.out.print(Rule(f"{problem.slug} · {problem.track} · {problem.difficulty}"))  # the title is the H1
        self.statement(problem.statement)
        self.out.print(Rule())

    def json(self, data) -> None:
        sys.stdout.write(json.dumps(json_safe(data), indent=2, allow_nan=False) + "\n")
        sys.stdout.flush()

    @contextlib.contextmanager
    def grading_progress(self, label: str):
        """A progress line on stderr while a grade runs (only on a terminal, never in JSON mode):
        the checks done out of how many, the check that runs now, and the time since the start.
        Before the checks are known (the attempt is being imported) it says so. Every change is
        drawn at once; the clock is redrawn by rich's refresh thread."""
        if self.json_mode or not self.err.is_terminal:
            yield None
            return
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        fixed = Column(no_wrap=True)
        progress = Progress(TextColumn("[bold]{task.description}", table_column=fixed),
                            BarColumn(bar_width=16 if self.err.width >= 70 else 8, table_column=fixed),
                            TextColumn("{task.fields[count]}", table_column=fixed),
                            TimeElapsedColumn(table_column=fixed),
                            TextColumn("[dim]{task.fields[running]}",
                                       table_column=Column(no_wrap=True, overflow="ellipsis", ratio=1)),
                            console=self.err, transient=True, refresh_per_second=4, expand=True)
        with progress:
            task = progress.add_task(label, total=None, count="starting the attempt", running="")

            def update(done: int, total: int, running: str | None = None) -> None:
                fields = {"count": f"{done}/{total} checks"}
                if running is not None or done == total:
                    fields["running"] = running or ""
                progress.update(task, completed=done, total=total, refresh=True, **fields)

            yield update

    # ------------------------------------------------------------ grading

    def grade_report(self, report, syntax=None) -> None:
        if report.error:  # nothing was measured: the error, and nothing else (no table of zeros)
            self._not_graded(report, syntax)
            return
        title = f"{report.problem}: {report.score:.0f}/100 " + ("PASSED" if report.passed else "not passed yet")
        self.out.print(Text(title, style="bold green" if report.passed else "bold"))
        self.out.print(Text(str(report.attempt), style="dim"))
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("Criterion")
        table.add_column("Score", justify="right")
        table.add_column("", no_wrap=True)
        table.add_column("Status")
        for name, c in report.criteria.items():
            score = "n/a" if c.score is None else f"{c.score:.0f}"
            table.add_row(CRITERION_LABEL[name], score, bar(c.score), Text(c.status, style=STATUS_STYLE[c.status]))
        self.out.print(table)
        if report.critical_failed:
            c = report.criteria["correctness"].score
            self.out.print(Text(f"Correctness is critical: it is {c:.0f}, below 50, so the overall score is the "
                                f"weighted mean × {c:.0f}/100. Fix what the model computes first.", style="yellow"))
        self._loss_curves(report.curves or {})
        feedback = report.feedback()
        if feedback:
            self.out.print(Text("Feedback, most important first", style="bold"))
            for criterion, text in feedback:
                self.out.print(Text(f"• [{CRITERION_LABEL[criterion]}] ", style="bold") + Text(text))
        else:
            self.out.print(Text("Every check passed.", style="green"))
        self.out.print(Text(f"Graded in {report.duration_s:.1f} s.", style="dim"))

    def _not_graded(self, report, syntax) -> None:
        self.out.print(Text(f"{report.problem}: not graded", style="bold red"))
        if syntax is None:
            self.out.print(Text(str(report.attempt), style="dim"))
            self.out.print(Text(report.error))
            return
        # as Python shows it: the file and line, the code without its indentation, a caret
        code = syntax.text.expandtabs(4).rstrip()
        shown = code.lstrip()
        caret = max(0, min(syntax.column - 1 - (len(code) - len(shown)), len(shown)))
        self.out.print(Text(f'  File "{syntax.path}", line {syntax.line}'), soft_wrap=True)
        self.out.print(Text("    " + shown), soft_wrap=True)
        self.out.print(Text("    " + " " * caret + "^", style="bold red"))
        self.out.print(Text("SyntaxError: ", style="bold red") + Text(f"{syntax.message}. Fix it and grade again."))

    def _loss_curves(self, curves: dict) -> None:
        """The attempt's and the reference's loss histories as sparklines on one scale; a log
        scale when they span more than two decades (a diverging attempt would flatten the other)."""
        if not curves.get("attempt"):
            return
        finite = [v for series in curves.values() for v in series if math.isfinite(v)]
        if not finite:
            return
        lo, hi = min(finite), max(finite)
        log = lo > 0 and hi / lo > 100
        scale = (lambda v: math.log10(v) if v > 0 else float("nan")) if log else (lambda v: v)
        title = "Loss history (first → last iteration" + (", log scale)" if log else ")")
        self.out.print(Text(title, style="bold"))
        for name in ("attempt", "reference"):
            series = curves.get(name)
            if series:
                line = sparkline([scale(v) for v in series], lo=scale(lo), hi=scale(hi))
                self.out.print(Text(f"  {name:<10}{line}  {series[0]:.4g} → {series[-1]:.4g}"))

    def problem_table(self, rows: list[dict]) -> None:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for col in ("slug", "title", "track", "difficulty"):
            table.add_column(col.capitalize())
        has_status = any("status" in r for r in rows)
        if has_status:
            table.add_column("Status", no_wrap=True)
        for r in rows:
            cells = [r["slug"], r["title"], r["track"], r["difficulty"]]
            if has_status:
                status = r.get("status", "")
                best = r.get("best_score")
                label = f"{status} {best:.0f}" if best is not None and status == "attempted" else status
                cells.append(Text(label, style=STATUS_STYLE.get(LIST_STATUS.get(status, ""), "")))
            table.add_row(*cells)
        self.out.print(table)
        if not rows:
            self.info("No problem matches.")

    # ------------------------------------------------------------ practice loop

    def confirmer(self):
        """A yes/no question on the terminal, or None when there is no terminal to ask on."""
        if not (sys.stdin.isatty() and self.out.is_terminal):
            return None
        from rich.prompt import Confirm

        return lambda question: Confirm.ask(question, console=self.out, default=False)

    def _backup(self, path) -> None:
        if path is not None:
            self.out.print(Text("Your previous file was backed up to ", style="yellow") + Text(str(path)))

    def started(self, res) -> None:
        p = res.problem
        self.show_statement(p)
        self._backup(res.backup)
        self.out.print(Text("Wrote ", style="bold green") + Text(str(res.path), style="bold"))
        self.out.print(Text("Next: edit it in your editor, then run `mlprep grade` (or `mlprep watch` "
                            f"to re-grade on every save). Stuck? `mlprep hint {p.slug}`."))

    def grade_notes(self, outcome) -> None:
        """After a grade: where it was recorded, and the running interview. On stderr in JSON
        mode so stdout keeps exactly one JSON object."""
        if self.json_mode and not (outcome.warning or outcome.review or outcome.interview):
            if outcome.note:  # one plain line: a JSON run need not import rich for it
                sys.stderr.write(outcome.note + "\n")
            return
        say = self.err.print if self.json_mode else self.out.print
        if outcome.warning:
            self.warn(outcome.warning)
        if outcome.note:
            say(Text(outcome.note, style="dim"))
        if outcome.review is not None:
            self._review_note(outcome.review, say)
        note = outcome.interview
        if note is None:
            return
        if note.summary is not None:
            self._interview_summary(note.summary, say)
        elif note.other_problem:
            say(Text(f"Interview running on {note.slug}: {_clock(note.left_s)} left.", style="bold yellow"))
        else:
            say(Text(f"Interview: {_clock(note.left_s)} left. It ends when the attempt passes or "
                     f"with `mlprep interview --finish`.", style="bold yellow"))

    def _watch_header(self, path, status: str) -> None:
        """A fresh screen (on a terminal) that starts with one line saying what watch is doing."""
        if self.out.is_terminal:
            self.out.clear()
        self.out.print(Text(f"mlprep watch · {path.name} · {status} · Ctrl-C to stop", style="bold reverse"))

    def watch_grading(self, path, reason: str) -> None:
        """A grade starts: the previous result leaves the screen, which says a grade is running."""
        why = "first grade" if reason == "start" else f"saved {time.strftime('%H:%M:%S')}"
        self._watch_header(path, f"{why} · grading…")

    def watch_screen(self, outcome, path, reason: str) -> None:
        why = "first grade" if reason == "start" else "saved"
        self._watch_header(path, f"{why} {time.strftime('%H:%M:%S')}")
        self.grade_report(outcome.report, outcome.syntax)
        self.grade_notes(outcome)

    def watch_error(self, exc, path) -> None:
        self._watch_header(path, f"not graded {time.strftime('%H:%M:%S')}")
        self.error(str(exc))
        self.info("Still watching; save the file to grade again.")

    def watch_missing(self, path, at_start: bool = False) -> None:
        if at_start:
            self._watch_header(path, "waiting for the file")
            self.out.print(Text(f"{path} does not exist yet; waiting for it to appear.", style="yellow"))
            return
        self._watch_header(path, f"file gone {time.strftime('%H:%M:%S')}")
        self.out.print(Text(f"{path} does not exist any more (deleted or moved), so the last result no longer "
                            f"applies. Waiting for it to appear again.", style="yellow"))

    def suggest_poll(self) -> None:
        self.warn("the file changed but its modification time did not: this file system does not "
                  "report changes. Restart with `mlprep watch --poll` to check the content itself.")

    def hints(self, res, show_all: bool) -> None:
        p = res.problem
        if show_all and not res.hints:
            self.info(f"You have not seen any hint for {p.slug} yet. `mlprep hint {p.slug}` shows the first.")
            return
        if not show_all and not res.new:
            self.info(f"You have seen all {res.total} hints for {p.slug}:")
        for level, text in res.hints:
            self.out.print(Text(f"Hint {level}/{res.total} ", style="bold cyan") + Text(text))
        if res.new:
            left = res.total - res.hints[-1][0]
            more = (f"{left} more: run it again for the next." if left else "That was the last one; "
                    f"`mlprep show-solution {p.slug}` shows the reference.")
            self.out.print(Text(more, style="dim"))

    def solution(self, res) -> None:
        from rich.syntax import Syntax

        if res.declined:
            self.info(f"Not shown. `mlprep hint {res.problem.slug}` gives a nudge instead.")
            return
        if res.diff is not None:
            if not res.diff:
                self.success("Your attempt is identical to the reference.")
                return
            self.out.print(Text(f"Diff from your {res.attempt.name} (-) to the reference (+):", style="bold"))
            # code is never re-wrapped: a broken line would not paste back as Python
            self.out.print(Syntax(res.diff, "diff", theme="ansi_dark"), soft_wrap=True)
            return
        self.out.print(Text(f"Reference solution for {res.problem.slug} ({res.problem.title}):", style="bold"))
        self.out.print(Syntax(res.code, "python", theme="ansi_dark", line_numbers=self.out.width >= 100),
                       soft_wrap=True)

    def resets(self, results) -> None:
        if not results:
            self.info("No attempt in this workspace; nothing to reset.")
        for r in results:
            self._backup(r.backup)
            verb = "Wrote the stub to " if r.created else "Restored the stub in "
            self.out.print(Text(verb, style="bold green") + Text(str(r.path)))

    def _fit(self, variants):
        """The first of `variants` (functions that build a table, richest first) whose table fits
        the terminal's width; the last one otherwise. Cells never wrap, so nothing is cut to `Be…`
        or `13:…`. Tables are built only until one fits."""
        unbounded = self.out.options.update_width(10_000)
        for make in variants[:-1]:
            table = make()
            if self.out.measure(table, options=unbounded).maximum <= self.out.width:
                return table
        return variants[-1]()

    def progress(self, rows, today) -> None:

        def overview(bar_width, last_format, short, counts=True):
            table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
            columns = [("Problem", "left"), ("Best", "right")] + ([("", "left")] if bar_width else []) + (
                [("Grades", "right"), ("Hints", "right")] if counts else []) + [
                ("Last" if short else "Last graded", "left"), ("Next" if short else "Next review", "left")]
            for col, justify in columns:
                table.add_column(col, justify=justify, no_wrap=True)
            for r in rows:
                best = "—" if r.best_score is None else f"{r.best_score:.0f}"
                last = "never" if r.last_graded is None else time.strftime(last_format, time.localtime(r.last_graded))
                name = Text(r.problem.slug) + (Text(" ✓", style="bold green") if r.status == "passed" else Text(""))
                cells = [name, best] + ([bar(r.best_score, bar_width)] if bar_width else []) + (
                    [str(r.grades), f"{r.hints_used}/{len(r.problem.hints)}"] if counts else []) + [
                    last, _next_review(r.review, today, short)]
                table.add_row(*cells)
            return table

        self.out.print(self._fit([lambda: overview(12, "%Y-%m-%d %H:%M", False),
                                  lambda: overview(0, "%Y-%m-%d %H:%M", False),
                                  lambda: overview(0, "%Y-%m-%d", False), lambda: overview(0, "%m-%d", True),
                                  lambda: overview(0, "%m-%d", True, counts=False)]))
        graded = [r for r in rows if r.grades]
        if graded:
            def per_criterion(labels):
                crit = Table(show_header=True, header_style="bold", box=None, pad_edge=False,
                             title="Best per criterion", title_justify="left", title_style="bold")
                crit.add_column("Problem", no_wrap=True)
                for name in CRITERION_LABEL:
                    crit.add_column(labels[name], justify="right", no_wrap=True)
                for r in graded:
                    crit.add_row(r.problem.slug, *[_score(r.best_criteria.get(c)) for c in CRITERION_LABEL])
                return crit

            self.out.print(self._fit([lambda: per_criterion(SHORT_LABEL),
                                      lambda: per_criterion({c: SHORT_LABEL[c][:3] for c in CRITERION_LABEL})]))
        tracks = {}
        for r in rows:
            tracks.setdefault(r.problem.track, []).append(r)

        def per_track(bar_width, mean_label):
            totals = Table(show_header=True, header_style="bold", box=None, pad_edge=False,
                           title="Per track", title_justify="left", title_style="bold")
            for col in ("Track", "Passed") + (("",) if bar_width else ()) + (mean_label,):
                totals.add_column(col, no_wrap=True, justify="right" if col in ("Passed", mean_label) else "left")
            for track, members in tracks.items():
                passed = sum(r.status == "passed" for r in members)
                bests = [r.best_score for r in members if r.best_score is not None]
                # the mean of the best scores over the track's problems; a problem never graded
                # counts 0, a track never graded has no mean
                mean = f"{sum(bests) / len(members):.0f}" if bests else "—"
                cells = [track, f"{passed}/{len(members)}"] + (
                    [bar(100 * passed / len(members), bar_width)] if bar_width else []) + [mean]
                totals.add_row(*cells)
            return totals

        self.out.print(self._fit([lambda: per_track(16, "Mean best"), lambda: per_track(0, "Mean best")]))

    # ------------------------------------------------------------ spaced review

    def review(self, plan) -> None:
        from .review import INTERVALS_DAYS

        boxes = ", ".join(str(d) for d in INTERVALS_DAYS)
        self.out.print(Rule(f"Spaced review · boxes of {boxes} days"))
        if not plan.entries:
            self.info("No problem is in your review schedule yet: a problem joins it the first time it passes. "
                      "`mlprep list` shows where you stand.")
            return
        if plan.started is not None:
            s = plan.started
            e = s.entry
            self._backup(s.backup)
            self.out.print(Text("Review: ", style="bold") + Text(f"{s.problem.title} ({e.slug}), box {e.box} of "
                                                                  f"{len(INTERVALS_DAYS)}, due {_when(e.due, plan.today)}."))

            self.out.print(Text("Wrote a fresh stub to ", style="bold green") + Text(str(s.path), style="bold"))
            up = INTERVALS_DAYS[min(e.box, len(INTERVALS_DAYS) - 1)]
            self.info(f"Re-implement it from scratch (`mlprep statement {e.slug}` shows the statement), then "
                      f"`mlprep grade`. The first grade of a finished attempt that runs decides: passed, the "
                      f"next review is in "
                      f"{_days(up)}; passed after a hint or the solution, in {_days(e.interval_days)}; not passed, "
                      f"tomorrow.")
        elif plan.open is not None:
            e = plan.open
            self.out.print(Text(f"A review of {e.slug} is in progress (started "
                                f"{datetime.date.fromtimestamp(e.open.started_at).isoformat()}).", style="bold"))
            self.info(f"Finish {e.slug}.py and grade it with `mlprep grade`: the first grade of the finished "
                      f"attempt that runs decides it.")
        elif plan.due:
            self.info(f"Due: {', '.join(e.slug for e in plan.due)}. Run `mlprep review` to start "
                      f"{plan.due[0].slug}.")
        else:
            nxt = plan.entries[0]
            self.info(f"Nothing is due today. Next: {nxt.slug}, {_when(nxt.due, plan.today)}.")
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for col, justify in (("Problem", "left"), ("Box", "right"), ("Interval", "right"), ("Next review", "left"),
                             ("Reviews", "right")):
            table.add_column(col, justify=justify, no_wrap=True)
        for e in plan.entries:
            table.add_row(e.slug, f"{e.box}/{len(INTERVALS_DAYS)}", f"{e.interval_days} d",
                          _next_review(e, plan.today), str(e.reviews))
        self.out.print(table)

    def _review_note(self, note, say) -> None:
        from .review import INTERVALS_DAYS

        when = _when(note.due, note.today)
        text = {
            "entered": f"{note.slug} joins your spaced review: first review {when} (`mlprep review`).",
            "passed": f"Review passed: {note.slug} moves to box {note.box} of {len(INTERVALS_DAYS)}; next review {when}.",
            "helped": f"Review passed with help (a hint or the solution was shown during it): {note.slug} stays in "
                      f"box {note.box}; next review {when}.",
            "failed": f"Review not passed: {note.slug} goes back to box 1 and comes back {when}. Keep at it: "
                      f"grades from now on are practice.",
            "not decided": (f"The attempt did not run, so this grade does not decide the review of {note.slug}. "
                            f"Fix it and grade again." if note.why == "error" else
                            f"The attempt is not finished (a method still raises NotImplementedError), so this "
                            f"grade does not decide the review of {note.slug}. The first finished grade will."),
        }[note.outcome]
        say(Text(text, style="bold cyan"))

    # ------------------------------------------------------------ authoring

    def doctor(self, found) -> None:
        table = Table(show_header=False, box=None)
        style = "bold green" if found.sandbox == "kernel" else "bold yellow"
        table.add_row("Protection", Text(found.sandbox, style=style))
        table.add_row("Why", found.detail)
        table.add_row("Platform", found.platform)
        table.add_row("Python", found.python)
        table.add_row("NumPy", found.numpy)
        self.out.print(table)
        if found.sandbox != "kernel":
            self.warn("Attempts are not confined by the kernel here: grade only code you trust "
                      "(see the README's Security section).")

    def dev_check(self, items) -> None:
        """Per problem, what passed, what failed (with why) and what was skipped (with why)."""
        marks = {"ok": Text("✓", style="green"), "fail": Text("✗", style="bold red"), "skipped": Text("–", style="dim")}
        for slug in dict.fromkeys(i.problem for i in items):
            mine = [i for i in items if i.problem == slug]
            failed = [i for i in mine if i.status == "fail"]
            head = f"{slug}: {len(mine) - len(failed)} of {len(mine)} ok" + (f", {len(failed)} failing" if failed else "")
            self.out.print(Rule(head, style="red" if failed else "green"))
            quiet = [i for i in mine if i.status == "ok" and i.name.startswith(("corpus/", "kit/", "mutant/"))]
            for item in mine:
                if item in quiet:
                    continue
                line = marks[item.status] + Text(f" {item.name}", style="bold" if item.status == "fail" else "")
                if item.detail:
                    line += Text(f"  {item.detail}", style="dim" if item.status != "fail" else "")
                self.out.print(line)
            for kind in ("kit", "corpus", "mutant"):
                ok = [i for i in quiet if i.name.startswith(kind + "/")]
                if ok:
                    self.out.print(marks["ok"] + Text(f" {kind}: {len(ok)} ok"))
        failed = sum(i.status == "fail" for i in items)
        self.out.print(Text(f"{failed} failing" if failed else "Every check passed.",
                            style="bold red" if failed else "bold green"))

    def scaffolded(self, paths, slug: str) -> None:
        for path in paths:
            self.out.print(Text("Wrote ", style="green") + Text(str(path)))
        self.out.print(Text(f"Next: `mlprep dev check {slug}` lists what is left to write (TODO(author)); "
                            f"docs/authoring-problems.md explains each part."))

    # ------------------------------------------------------------ teachers

    @contextlib.contextmanager
    def class_progress(self, problem: str):
        """(on_start, on_done) for a class run: a progress bar on a terminal (done / total, how many
        could not be graded, the time left), else one line per graded submission on stderr."""
        state = {"done": 0, "total": 0, "failed": 0}

        def line(record) -> str:
            if record.error:
                return f"{record.name}: could not be graded ({record.error[:120]})"
            return f"{record.name}: {record.report['score']:.1f}/100 ({record.seconds:.1f} s)"

        if not self.err.is_terminal:
            def on_start(total, reused):
                state["total"] = total
                self.err.print(Text(f"Grading {total} submission(s) of {problem}" +
                                    (f"; {reused} unchanged since the last run" if reused else "")), soft_wrap=True)

            def on_done(record):
                state["done"] += 1
                self.err.print(Text(f"[{state['done']}/{state['total']}] {line(record)}"), soft_wrap=True,
                               markup=False)

            yield on_start, on_done
            return
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(),
                            TextColumn("{task.completed}/{task.total}"),
                            TextColumn("{task.fields[failed]} not graded"), TextColumn("·"),
                            TimeRemainingColumn(), TextColumn("left"), console=self.err, transient=True)
        with progress:
            task = progress.add_task(f"Grading {problem}", total=None, failed=0)

            def on_start(total, reused):
                label = f"Grading {problem}" + (f" ({reused} unchanged)" if reused else "")
                progress.update(task, total=total, description=label)

            def on_done(record):
                state["failed"] += bool(record.error)
                progress.update(task, advance=1, failed=state["failed"])

            yield on_start, on_done

    def class_result(self, result) -> None:
        run = result.run
        self.class_summary(result.summary)
        if run.interrupted:
            self.warn(f"interrupted: {len(run.missing)} of {len(run.submissions)} submission(s) have no result yet. "
                      f"Run the same command again to grade them; what was graded is kept.")
        failed = [r.name for r in run.records if r.report is None and r.file is not None]
        if failed:
            self.warn(f"mlprep could not grade {len(failed)} submission(s) ({', '.join(failed[:5])}"
                      f"{', ...' if len(failed) > 5 else ''}); the next run tries them again.")
        names = ", ".join(p.name for p in result.written)
        self.out.print(Text("Wrote ", style="bold green") + Text(f"{names} in {run.out}"), soft_wrap=True)

    def class_summary(self, s) -> None:
        self.out.print(Rule(f"{s.problem} · {s.submissions} submissions · {s.graded_now} graded now, "
                            f"{s.reused} unchanged · {s.seconds:.0f} s with {s.jobs} job(s)"))
        if s.mean is not None:
            self.out.print(Text(f"{s.with_verdict} with a score, {s.passed} passed · mean {s.mean:g}, median "
                                f"{s.median:g} of {s.max_score:g} points", style="bold"))
        self.out.print(Text("Scores", style="bold"))
        top = max(s.histogram) if any(s.histogram) else 1
        step = s.max_score / len(s.histogram)
        for i, count in enumerate(s.histogram):
            label = f"{i * step:>5g}–{(i + 1) * step:<5g}"
            filled = int(round(30 * count / top)) if count else 0
            self.out.print(Text(f"  {label} ") + Text("█" * filled, style="cyan") + Text(f" {count}" if count else ""))
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False,
                      title="Criteria (0 → 100)", title_justify="left", title_style="bold")
        for col, justify in (("Criterion", "left"), ("Distribution", "left"), ("Pass", "right"),
                             ("Partial", "right"), ("Fail", "right"), ("Median", "right")):
            table.add_column(col, justify=justify, no_wrap=True)
        for name, c in s.criteria.items():
            top = max(c.histogram) or 1
            spark = Text()
            for count in c.histogram:
                spark += (Text(SPARK[min(len(SPARK) - 1, int((len(SPARK) - 1) * count / top))], style="cyan")
                          if count else Text("·", style="dim"))
            table.add_row(CRITERION_LABEL.get(name, name), spark, str(c.passed), str(c.partial), str(c.failed),
                          _score(c.median))
        self.out.print(table)
        if s.common:
            self.out.print(Text("Most common failures (what to teach again)", style="bold"))
            grid = Table.grid(padding=(0, 1))
            grid.add_column(justify="right", no_wrap=True)
            grid.add_column(overflow="fold")
            for item in s.common:
                what = Text(f"{CRITERION_LABEL.get(item.criterion, item.criterion)} · {item.check}")
                if item.message:
                    what += Text("\n" + item.message, style="dim")
                grid.add_row(Text(f"{item.count}/{s.with_verdict}", style="bold"), what)
            self.out.print(grid)
        if s.not_graded:
            self.out.print(Text(f"Could not be graded ({len(s.not_graded)})", style="bold"))
            for name, why in s.not_graded:
                self.out.print(Text(f"• {name}: ", style="bold") + Text(why or ""), soft_wrap=True)
        if s.similar:
            self.out.print(Text("Code that is the same once names are erased", style="bold"))
            for pair in s.similar:
                how = "identical" if pair["identical"] else f"{100 * pair['similarity']:.0f}% similar"
                self.out.print(Text(f"• {pair['a']} ↔ {pair['b']}: {how}"), soft_wrap=True)
        if s.missing:
            self.out.print(Text(f"No result yet ({len(s.missing)}): " + ", ".join(s.missing[:20]) +
                                (", ..." if len(s.missing) > 20 else ""), style="yellow"), soft_wrap=True)

    def built(self, paths, next_step: str) -> None:
        for path in paths:
            self.out.print(Text("Wrote ", style="bold green") + Text(str(path)), soft_wrap=True)
        self.out.print(Text(next_step))

    def criterion_verdict(self, v) -> None:
        label = CRITERION_LABEL[v.criterion]
        if v.error:
            self.out.print(Text(f"{label}: not graded. The attempt could not be graded: ", style="bold red") +
                           Text(v.error), soft_wrap=True)
            return
        verdict = Text("passed", style="bold green") if v.passed else Text("not passed", style="bold red")
        self.out.print(Text(f"{label}: {_score(v.score)}/100 ({v.status}), needs {v.at:g}: ") + verdict)
        for text in v.feedback:
            self.out.print(Text("• ") + Text(text), soft_wrap=True)

    # ------------------------------------------------------------ interviews

    def interview(self, state: "interview.Started | interview.Status | interview.Summary | None") -> None:
        if state is None:
            self.info("No interview is running. Start one with `mlprep interview --minutes 45`.")
        elif isinstance(state, interview.Started):
            p = state.problem
            self.out.print(Rule(f"Mock interview · {interview.minutes_text(state.row.minutes)}"))
            self.statement(p.statement)
            self.out.print(Rule())
            self._backup(state.backup)
            self.out.print(Text("Problem: ", style="bold") + Text(f"{p.title} ({p.slug}, {p.difficulty})"))
            self.out.print(Text("Wrote ", style="bold green") + Text(str(state.path), style="bold"))
            self.out.print(Text(f"The clock is running: {interview.minutes_text(state.row.minutes)}, until "
                                f"{time.strftime('%H:%M', time.localtime(state.row.deadline))}. Hints and "
                                f"solutions are hidden until the time is up or the attempt passes. Grade with "
                                f"`mlprep grade`; `mlprep interview --status` shows the time left."))
        elif isinstance(state, interview.Status):
            self.out.print(Text(f"Interview on {state.problem.slug}: {_clock(state.left_s)} left "
                                f"of {interview.minutes_text(state.row.minutes)}.", style="bold"))
            best = "no grade yet" if state.best_score is None else f"best score so far {state.best_score:.0f}"
            grades = "No grade" if not state.grades else "1 grade" if state.grades == 1 else f"{state.grades} grades"
            self.info(f"{grades}, {best}. `mlprep interview --finish` ends it now.")
        else:
            self._interview_summary(state, self.out.print)

    def _interview_summary(self, s, say) -> None:
        heading = {"passed": "Interview over: the attempt passed", "time up": "Interview over: time is up",
                   "finished": "Interview finished"}.get(s.outcome, "Interview over")
        say(Rule(heading))
        grades = "no grade" if not s.grades else "1 grade" if s.grades == 1 else f"{s.grades} grades"
        say(Text(f"Problem {s.problem.slug} · time used {_clock(s.used_s)} of {_clock(60 * s.row.minutes)} · {grades}"))
        if s.score is not None:
            say(Text(f"Best grade: {s.score:.0f}/100 ", style="bold") +
                (Text("PASSED", style="bold green") if s.passed else Text("not passed", style="bold red")))
            table = Table(show_header=False, box=None, pad_edge=False)
            for _ in range(3):
                table.add_column()
            for name, score in s.criteria.items():
                table.add_row(CRITERION_LABEL.get(name, name), _score(score), bar(score))
            say(table)
        if s.study:
            say(Text("What to study next", style="bold"))
            for line in s.study:
                say(Text("• ") + Text(line))
