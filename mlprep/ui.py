"""Everything the user sees goes through here; this is the only module that imports rich.
Consoles are built when a command runs (not at import) so tests and COLUMNS control the width;
rich honours NO_COLOR by itself."""

from __future__ import annotations

import contextlib
import json
import sys

from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

STATUS_STYLE = {"pass": "bold green", "partial": "bold yellow", "fail": "bold red", "n/a": "dim"}
CRITERION_LABEL = {"correctness": "Correctness", "vectorization": "Vectorization",
                   "numerical_stability": "Numerical stability", "organization": "Organization",
                   "convergence": "Convergence"}
SPARK = "▁▂▃▄▅▆▇█"


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
        self.out = Console(highlight=False, soft_wrap=False)
        self.err = Console(stderr=True, highlight=False)
        self.json_mode = json_mode

    # ------------------------------------------------------------ generic

    def error(self, message: str) -> None:
        self.err.print(Text("error: ", style="bold red") + Text(message))

    def warn(self, message: str) -> None:
        self.err.print(Text("warning: ", style="bold yellow") + Text(message))

    def info(self, message: str) -> None:
        self.out.print(Text(message))

    def success(self, message: str) -> None:
        self.out.print(Text(message, style="bold green"))

    def markdown(self, text: str) -> None:
        self.out.print(Markdown(text))

    def json(self, data) -> None:
        sys.stdout.write(json.dumps(data, indent=2, allow_nan=False, default=str) + "\n")
        sys.stdout.flush()

    @contextlib.contextmanager
    def grading_progress(self, label: str):
        """A progress bar on stderr while a grade runs (only on a terminal, never in JSON mode)."""
        if self.json_mode or not self.err.is_terminal:
            yield None
            return
        progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total} checks"),
                            TimeElapsedColumn(), console=self.err, transient=True)
        with progress:
            task = progress.add_task(label, total=None)

            def update(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            yield update

    # ------------------------------------------------------------ grading

    def grade_report(self, report) -> None:
        title = f"{report.problem}: {report.score:.0f}/100 " + ("PASSED" if report.passed else "not passed yet")
        self.out.print(Text(title, style="bold green" if report.passed else "bold"))
        self.out.print(Text(str(report.attempt), style="dim"))
        if report.error:
            self.out.print(Text("The attempt could not be graded: ", style="bold red") + Text(report.error))
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        table.add_column("Criterion")
        table.add_column("Score", justify="right")
        table.add_column("", no_wrap=True)
        table.add_column("Status")
        for name, c in report.criteria.items():
            score = "n/a" if c.score is None else f"{c.score:.0f}"
            table.add_row(CRITERION_LABEL[name], score, bar(c.score), Text(c.status, style=STATUS_STYLE[c.status]))
        self.out.print(table)
        curves = report.curves or {}
        if curves.get("attempt"):
            both = [v for series in curves.values() for v in series]
            lo, hi = min(both), max(both)
            self.out.print(Text("Loss history (first → last iteration)", style="bold"))
            for name in ("attempt", "reference"):
                if curves.get(name):
                    self.out.print(Text(f"  {name:<10}{sparkline(curves[name], lo=lo, hi=hi)}  "
                                        f"{curves[name][0]:.4g} → {curves[name][-1]:.4g}"))
        feedback = [] if report.error else report.feedback()
        if feedback:
            self.out.print(Text("Feedback, most important first", style="bold"))
            for criterion, text in feedback:
                self.out.print(Text(f"• [{CRITERION_LABEL[criterion]}] ", style="bold") + Text(text))
        elif not report.error:
            self.out.print(Text("Every check passed.", style="green"))
        self.out.print(Text(f"Graded in {report.duration_s:.1f} s.", style="dim"))

    def problem_table(self, rows: list[dict]) -> None:
        table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
        for col in ("slug", "title", "track", "difficulty"):
            table.add_column(col.capitalize())
        has_status = any("status" in r for r in rows)
        if has_status:
            table.add_column("Status")
        for r in rows:
            cells = [r["slug"], r["title"], r["track"], r["difficulty"]]
            if has_status:
                cells.append(r.get("status", ""))
            table.add_row(*cells)
        self.out.print(table)
