"""The corpus of attempts: files written to be graded, each saying in its header comments what
an expert's verdict is and what the feedback must say. Used by `mlprep dev check` and by our own
tests.

    # expect: correctness=lose convergence=lose       criteria that lose points (=lose), score 0
                                                      (=zero), or keep 100 (=full); criteria not
                                                      named keep 100 (or are n/a); all=zero;
                                                      error=yes when the attempt cannot be graded
    # why: the gradient is summed over samples...     one sentence for the reader
    # feedback: correctness ~ initial                 the criterion's feedback mentions this
    # feedback: correctness !~ sign                   ... and never this (case-insensitive)
    # call-timeout: 2                                 optional: seconds one call into the attempt may
                                                      take (an attempt that hangs is graded as it is
                                                      with the problem's limit, only sooner)
"""

from __future__ import annotations

import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from ..rubric import CRITERIA

EXPECT = re.compile(r"^# expect:(.*)$", re.MULTILINE)
WHY = re.compile(r"^# why:(.*)$", re.MULTILINE)
FEEDBACK = re.compile(r"^# feedback:\s*(\w+)\s*(!?~)\s*(.+?)\s*$", re.MULTILINE)
CALL_TIMEOUT = re.compile(r"^# call-timeout:(.*)$", re.MULTILINE)
VERDICTS = ("full", "lose", "zero")


class CorpusFormatError(ValueError):
    pass


@dataclass
class Expectation:
    verdicts: dict[str, str]  # criterion -> full | lose | zero
    error: bool
    why: str
    mentions: list[tuple[str, str]] = field(default_factory=list)  # (criterion, fragment)
    avoids: list[tuple[str, str]] = field(default_factory=list)
    call_timeout: float | None = None  # seconds per call into the attempt; None: the problem's


def parse(source: str, where: str = "corpus file") -> Expectation:
    match = EXPECT.search(source)
    if not match:
        raise CorpusFormatError(f"{where} has no '# expect:' line")
    why = WHY.search(source)
    if not why or not why.group(1).strip():
        raise CorpusFormatError(f"{where} has no '# why:' line")
    tokens = dict(t.partition("=")[::2] for t in match.group(1).split())
    default = tokens.pop("all", "full")
    error = tokens.pop("error", "no") == "yes"
    unknown = set(tokens) - set(CRITERIA)
    if unknown or default not in VERDICTS or any(v not in VERDICTS for v in tokens.values()):
        raise CorpusFormatError(f"{where}: bad '# expect:' line {match.group(0)!r}")
    verdicts = {c: tokens.get(c, default) for c in CRITERIA}
    expectation = Expectation(verdicts, error, why.group(1).strip())
    timeout = CALL_TIMEOUT.search(source)
    if timeout:
        try:
            expectation.call_timeout = float(timeout.group(1))
        except ValueError:
            expectation.call_timeout = None
        if not expectation.call_timeout or not 0.5 <= expectation.call_timeout <= 60:
            raise CorpusFormatError(f"{where}: '# call-timeout:' needs seconds between 0.5 and 60, "
                                    f"not {timeout.group(1).strip()!r}")
    for criterion, op, fragment in FEEDBACK.findall(source):
        if criterion not in CRITERIA:
            raise CorpusFormatError(f"{where}: '# feedback:' names no criterion: {criterion!r}")
        (expectation.mentions if op == "~" else expectation.avoids).append((criterion, fragment))
    return expectation


def differences(report, expectation: Expectation) -> list[str]:
    """How a report differs from the expectation, one readable line each (empty: as expected)."""
    out = []
    if expectation.error != (report.error is not None):
        out.append(f"error expected={expectation.error}, got {report.error!r}")
    for name, want in expectation.verdicts.items():
        got = report.criteria[name].score
        if got is None:  # n/a: nothing to lose
            continue
        ok = {"full": got == 100, "lose": got < 100, "zero": got == 0}[want]
        if not ok:
            failing = [t.message for t in report.tests if t.criterion == name and not t.passed][:2]
            out.append(f"{name}: expected {want}, scored {got} {failing}")
    for name, fragment in expectation.mentions:
        text = " ".join(report.criteria[name].feedback).lower()
        if fragment.lower() not in text:
            out.append(f"{name} feedback should mention {fragment!r}: {report.criteria[name].feedback}")
    for name, fragment in expectation.avoids:
        text = " ".join(report.criteria[name].feedback).lower()
        if fragment.lower() in text:
            out.append(f"{name} feedback should not mention {fragment!r}: {report.criteria[name].feedback}")
    return out


def read(path: Path) -> str:
    """A corpus file's text, decoded as Python decodes source (a BOM, a PEP 263 coding line)."""
    with tokenize.open(path) as fh:
        return fh.read()


def files(root: Path, slug: str) -> list[Path]:
    return sorted((root / slug).glob("*.py"))
