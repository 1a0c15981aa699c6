"""What the teacher reads after a run: the score distribution and each criterion's, the failures
most common across the class (what to teach again), the submissions that could not be graded and
why, and pairs of submissions whose code is the same once names are erased. Computed from the
records and the marking scheme; saved as summary.json so `mlprep class summary` shows it again."""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import rubric
from ..errors import UsageError
from .scheme import Scheme
from .similarity import similar_pairs

BINS = 10
COMMON = 10


@dataclass
class CriterionStats:
    histogram: list[int]  # submissions per tenth of 0-100 (the last bin holds 90 to 100)
    passed: int
    partial: int
    failed: int
    median: float | None


@dataclass
class Common:
    check: str  # the check's id, the same in every problem for the standard checks
    criterion: str
    count: int  # submissions failing it
    message: str  # the most common wording of its feedback


@dataclass
class Summary:
    problem: str
    submissions: int
    graded_now: int
    reused: int
    with_verdict: int  # submissions with a score (graded, or refused by the grader with a reason)
    passed: int
    max_score: float
    mean: float | None
    median: float | None
    histogram: list[int]  # of the scheme's percent, in tenths
    criteria: dict[str, CriterionStats]
    common: list[Common]
    not_graded: list[tuple[str, str]]  # (name, why): refused, crashed, or mlprep failed on it
    similar: list[dict]  # Pair.to_dict()
    missing: list[str] = field(default_factory=list)  # no result yet (interrupted run)
    interrupted: bool = False
    seconds: float = 0.0
    jobs: int = 1

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Summary":
        data = dict(data)
        data["criteria"] = {c: CriterionStats(**s) for c, s in data.get("criteria", {}).items()}
        data["common"] = [Common(**c) for c in data.get("common", [])]
        data["not_graded"] = [tuple(x) for x in data.get("not_graded", [])]
        return cls(**data)


def histogram(values, bins: int = BINS) -> list[int]:
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, max(0, int(v * bins // 100)))] += 1
    return counts


_NUMBER = re.compile(r"\d+(\.\d+)?(e-?\d+)?")


def _wording(message: str) -> str:
    """A message with its numbers blanked, so that 'line 12' and 'line 40' count as one wording."""
    return _NUMBER.sub("#", message)


def common_failures(records, limit: int = COMMON) -> list[Common]:
    """The checks that fail in the most graded submissions (each counted once per submission;
    a check that failed only because another did, its `cause`, is counted under that one), with
    the most common wording of their feedback (numbers such as line numbers blanked)."""
    counts: Counter = Counter()
    criterion: dict[str, str] = {}
    wordings: dict[str, Counter] = defaultdict(Counter)
    examples: dict[tuple[str, str], str] = {}
    for record in records:
        report = record.report
        if not report or report.get("error"):
            continue
        failing = {t.get("id") for t in report.get("tests") or [] if t.get("outcome") in ("failed", "error", "timeout")}
        seen = set()
        for t in report.get("tests") or []:
            cid = t.get("id")
            if cid not in failing or cid in seen or t.get("cause") in failing:
                continue  # a check that failed only because another did is counted under that one
            seen.add(cid)
            counts[cid] += 1
            criterion[cid] = t.get("criterion", "?")
            text = (t.get("message") or "").strip()
            wordings[cid][_wording(text)] += 1
            examples.setdefault((cid, _wording(text)), text)
    out = []
    for cid, count in counts.most_common(limit):
        wording = wordings[cid].most_common(1)[0][0] if wordings[cid] else ""
        out.append(Common(cid, criterion[cid], count, examples.get((cid, wording), "")))
    return out


def summarise(run, scheme: Scheme, *, sources: dict[str, str] | None = None) -> Summary:
    """The summary of a class run (batch.ClassRun). `sources` (name -> code) is read from the
    submissions folder when not given."""
    problem = run.problem
    records = run.records
    marks = {r.name: scheme.mark(r.report, r.failure) for r in records}
    verdicts = [r for r in records if r.report is not None or r.file is None]
    percents = [marks[r.name].percent for r in verdicts]
    criteria = {}
    for c in problem.criteria:
        scores = [float(r.report["criteria"][c]["score"] or 0.0) for r in verdicts
                  if r.report and (r.report.get("criteria") or {}).get(c, {}).get("score") is not None]
        scores += [0.0 for r in verdicts if r.report is None]
        statuses = Counter(rubric.status_of(s) for s in scores)
        criteria[c] = CriterionStats(histogram(scores), statuses["pass"], statuses["partial"], statuses["fail"],
                                     round(statistics.median(scores), 1) if scores else None)
    not_graded = [(r.name, r.error) for r in records if r.error]
    if sources is None:
        sources = {}
        for r in records:
            if r.file:
                try:
                    path = run.folder / r.file
                    if path.stat().st_size <= 1024 * 1024:
                        sources[r.name] = path.read_bytes().decode("utf-8", "replace")
                except OSError:
                    pass
    try:
        stub = problem.stub_path.read_text(encoding="utf-8")
    except OSError:
        stub = None
    pairs = [p.to_dict() for p in similar_pairs(sources, stub)]
    return Summary(
        problem=problem.slug, submissions=len(run.submissions), graded_now=run.graded, reused=run.reused,
        with_verdict=len(verdicts), passed=sum(marks[r.name].passed for r in verdicts),
        max_score=scheme.total,
        mean=round(statistics.fmean(percents) * scheme.total / 100, 2) if percents else None,
        median=round(statistics.median(percents) * scheme.total / 100, 2) if percents else None,
        histogram=histogram(percents), criteria=criteria, common=common_failures(records),
        not_graded=not_graded, similar=pairs, missing=run.missing, interrupted=run.interrupted,
        seconds=round(run.seconds, 2), jobs=run.jobs)


def load(out: Path) -> Summary:
    path = Path(out) / "summary.json"
    try:
        return Summary.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        raise UsageError(f"No summary in {out}: run `mlprep class grade PROBLEM SUBMISSIONS --out {out}` "
                         f"first.") from None
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise UsageError(f"{path} cannot be read ({exc}); run `mlprep class grade` again to rewrite it.") from None
