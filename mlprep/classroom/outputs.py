"""The teacher's files, all from the same records and the same marking scheme:

results.csv    one row per submission: name, file, score and max_score (the scheme's points),
               passed, error, each criterion's score (0-100, blank when the problem has no checks
               for it), seconds
results.jsonl  one JSON object per line and submission: the same, each counted criterion's points
               and feedback, and the full report (`mlprep grade --json`)
junit.xml      one testsuite per submission, one testcase per check (classname
               `<submission>.<criterion>`), the feedback as the failure message; the marks as
               testsuite properties, since testcases have no properties in the JUnit schema
gradescope     Gradescope's results.json for one submission: the score, one test per counted
               criterion with its points, max_score, status, visibility and feedback

Every file is written whole to a temporary name, then renamed, so a reader never sees half a
file. Text from an attempt (an exception message, printed output) is made safe for each format."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from .. import __version__, rubric
from ..textsafe import json_safe, xml_safe
from .scheme import Mark, Scheme

FAILED = ("failed", "error", "timeout")


def write_text(path: Path, text: str | bytes) -> Path:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    data = text.encode("utf-8") if isinstance(text, str) else text
    with open(tmp, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    return path


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _criteria_scores(report: dict | None) -> dict[str, float | None]:
    criteria = (report or {}).get("criteria") or {}
    return {c: (criteria.get(c) or {}).get("score") for c in rubric.CRITERIA}


# ---------------------------------------------------------------- csv and jsonl

CSV_COLUMNS = ("name", "file", "score", "max_score", "passed", "error", *rubric.CRITERIA, "seconds", "sha256")


def _cell(text: str) -> str:
    """Text for a spreadsheet cell: what a spreadsheet would run as a formula is quoted."""
    text = xml_safe(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(records, scheme: Scheme, applicable=rubric.CRITERIA) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        mark = scheme.mark(record.report, record.failure)
        if record.report is not None:
            raw = _criteria_scores(record.report)
        else:
            raw = {c: (0.0 if c in applicable else None) for c in rubric.CRITERIA}
        writer.writerow([
            _cell(record.name), _cell(record.file or ""), _number(mark.score), _number(mark.max_score),
            "true" if mark.passed else "false", _cell(mark.error or ""),
            *(_number(raw[c]) for c in rubric.CRITERIA), _number(round(record.seconds, 2)), record.sha256 or "",
        ])
    return buffer.getvalue()


def mark_dict(mark: Mark) -> dict:
    return {"score": mark.score, "max_score": mark.max_score, "percent": mark.percent, "passed": mark.passed,
            "error": mark.error, "scaled_by_correctness": mark.scaled,
            "criteria": {c: {"score": m.score, "status": m.status, "points": m.points, "max_points": m.max_points,
                             "feedback": m.feedback} for c, m in mark.criteria.items()}}


def jsonl_text(records, scheme: Scheme) -> str:
    lines = []
    for record in records:
        mark = scheme.mark(record.report, record.failure)
        row = {"name": record.name, "file": record.file, "sha256": record.sha256, **mark_dict(mark),
               "seconds": round(record.seconds, 3), "report": record.report}
        lines.append(json.dumps(json_safe(row), allow_nan=False, ensure_ascii=False))
    return "".join(line + "\n" for line in lines)


# ---------------------------------------------------------------- JUnit XML

def _seconds(value: float) -> str:
    return f"{max(0.0, float(value)):.3f}"


def junit_xml(problem: str, records, scheme: Scheme) -> bytes:
    """One testsuite per submission, one testcase per check. Failed, erroring and timed-out checks
    are failures (the attempt's fault, not the grader's), with the feedback as the message; checks
    that could not be scored are skipped, with the reason; a submission that could not be graded
    has one failing testcase, `grade`, with why."""
    root = ET.Element("testsuites", name=f"mlprep {problem}")
    totals = {"tests": 0, "failures": 0}
    total_time = 0.0
    for record in records:
        mark = scheme.mark(record.report, record.failure)
        suite = ET.SubElement(root, "testsuite", name=xml_safe(record.name))
        props = ET.SubElement(suite, "properties")

        def prop(name, value):
            ET.SubElement(props, "property", name=name, value=xml_safe("" if value is None else value))

        prop("problem", problem)
        prop("file", record.file or "")
        prop("sha256", record.sha256 or "")
        prop("score", _number(mark.score))
        prop("max_score", _number(mark.max_score))
        prop("passed", "true" if mark.passed else "false")
        for c, m in mark.criteria.items():
            prop(f"criterion.{c}", f"{_number(m.score)} ({m.status}): {_number(m.points)}/{_number(m.max_points)} points")
        if mark.error:
            prop("error", mark.error)
        tests = failures = skipped = 0
        if mark.error:
            case = ET.SubElement(suite, "testcase", name="grade", classname=xml_safe(record.name), time="0.000")
            failure = ET.SubElement(case, "failure", message=xml_safe(mark.error), type="not_graded")
            failure.text = xml_safe(mark.error)
            tests, failures = 1, 1
        for check in (record.report or {}).get("tests") or []:
            case = ET.SubElement(suite, "testcase", name=xml_safe(check.get("id", "?")),
                                 classname=xml_safe(f"{record.name}.{check.get('criterion', '?')}"), time="0.000")
            outcome = check.get("outcome")
            message = xml_safe(check.get("message") or outcome or "")
            tests += 1
            if outcome in FAILED:
                failures += 1
                failure = ET.SubElement(case, "failure", message=message, type=str(outcome))
                failure.text = message
            elif outcome == "not_scorable":
                skipped += 1
                ET.SubElement(case, "skipped", message=message)
        seconds = record.seconds or float((record.report or {}).get("duration_s") or 0.0)
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", str(skipped))
        suite.set("time", _seconds(seconds))
        totals["tests"] += tests
        totals["failures"] += failures
        total_time += seconds
    root.set("tests", str(totals["tests"]))
    root.set("failures", str(totals["failures"]))
    root.set("errors", "0")
    root.set("time", _seconds(total_time))
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# ---------------------------------------------------------------- Gradescope

def gradescope_results(report: dict | None, scheme: Scheme, *, failure: str | None = None,
                       problem: str | None = None) -> dict:
    """Gradescope's results.json for one submission (see the autograder specification): `score`,
    `execution_time`, `output`, `stdout_visibility`, `extra_data`, and one test per counted
    criterion with `name`, `number`, `score`, `max_score`, `status`, `output`, `visibility`, `tags`."""
    mark = scheme.mark(report, failure)
    problem = problem or (report or {}).get("problem") or "?"
    tests = []
    for number, (c, m) in enumerate(mark.criteria.items(), start=1):
        lines = [f"{rubric.LABELS[c]}: {_number(m.score)}/100 ({m.status}), "
                 f"{_number(m.points)} of {_number(m.max_points)} points."]
        if mark.error:
            lines.append(f"Not graded: {mark.error}")
        elif mark.scaled:
            lines.append(f"Correctness is critical and scored below 50, so the points of every criterion are "
                         f"scaled by correctness/100 ({_number(mark.criteria[rubric.CRITICAL].score)}/100).")
        lines += [f"- {text}" for text in m.feedback]
        if not m.feedback and not mark.error and m.status == "pass":
            lines.append("Every check passed.")
        tests.append({"name": rubric.LABELS[c], "number": str(number), "score": m.points, "max_score": m.max_points,
                      "status": "passed" if m.status == "pass" else "failed", "output": "\n".join(lines),
                      "visibility": scheme.visibility, "tags": [c]})
    verdict = "passed" if mark.passed else "not passed"
    head = f"mlprep {problem}: {_number(mark.score)}/{_number(mark.max_score)} points, {verdict}."
    if mark.error:
        head += f"\nThe submission could not be graded: {mark.error}"
    duration = float((report or {}).get("duration_s") or 0.0)
    return json_safe({
        "score": mark.score,
        "execution_time": int(round(duration)),
        "output": head,
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"mlprep": __version__, "problem": problem, "passed": mark.passed,
                       "percent": mark.percent, "sandbox": (report or {}).get("sandbox"),
                       "criteria": {c: m.score for c, m in mark.criteria.items()}},
    })


# ---------------------------------------------------------------- all at once

def write_all(out: Path, problem: str, records, scheme: Scheme, applicable=rubric.CRITERIA) -> list[Path]:
    out = Path(out)
    return [
        write_text(out / "results.csv", csv_text(records, scheme, applicable)),
        write_text(out / "results.jsonl", jsonl_text(records, scheme)),
        write_text(out / "junit.xml", junit_xml(problem, records, scheme)),
    ]
