"""Finding a class's submissions in a folder: each `.py` file directly in it is one submission, and
so is each folder (a student's, as exported by Gradescope or cloned by GitHub Classroom) that holds
the attempt. Hidden entries, `__pycache__` and anything else are ignored. Nothing here runs or
imports a submission."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Problem
from ..errors import UsageError

SKIP_DIRS = {"__pycache__", ".git", ".github", ".venv", "venv", "node_modules", ".mlprep"}
MAX_FILES = 200  # Python files looked at inside one submission folder


@dataclass(frozen=True)
class Submission:
    name: str  # what the teacher's files call it: the file's stem, or the folder's name
    entry: Path  # the file or folder in the submissions folder
    file: Path | None  # the attempt to grade
    problem: str | None = None  # why there is no file to grade

    def to_dict(self) -> dict:
        return {"name": self.name, "entry": str(self.entry), "file": str(self.file) if self.file else None,
                "problem": self.problem}


def _python_files(folder: Path) -> list[Path]:
    found = []
    stack = [folder]
    while stack and len(found) < MAX_FILES:
        here = stack.pop()
        try:
            entries = sorted(here.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name in SKIP_DIRS or entry.is_symlink():
                continue
            if entry.is_dir():
                stack.append(entry)
            elif entry.suffix == ".py" and entry.is_file():
                found.append(entry)
    return sorted(found)


def _defines(path: Path, name: str | None) -> bool:
    if not name:
        return False
    try:
        head = path.read_bytes()[:1024 * 1024].decode("utf-8", "replace")
    except OSError:
        return False
    return re.search(rf"^\s*(class|def)\s+{re.escape(name)}\b", head, re.MULTILINE) is not None


def attempt_in(folder: Path, problem: Problem) -> tuple[Path | None, str | None]:
    """The one attempt in a submission folder: its only `.py` file; else the one called
    `<slug>.py`; else the only one that defines the problem's class (or function). (None, why)
    when there is none or no way to choose."""
    files = _python_files(folder)
    if not files:
        return None, "the folder holds no .py file"
    if len(files) == 1:
        return files[0], None
    named = [f for f in files if f.name in (f"{problem.slug}.py", f"{problem.slug.replace('-', '_')}.py")]
    if len(named) == 1:
        return named[0], None
    defining = [f for f in files if _defines(f, problem.entry)]
    if len(defining) == 1:
        return defining[0], None
    shown = ", ".join(str(f.relative_to(folder)) for f in files[:5]) + (", ..." if len(files) > 5 else "")
    return None, (f"the folder holds {len(files)} .py files ({shown}) and "
                  f"{'several' if defining else 'none'} of them define {problem.entry}; keep one, or name it "
                  f"{problem.slug}.py")


def find(folder: Path, problem: Problem, *, skip: Path | None = None) -> list[Submission]:
    """The submissions in `folder`, sorted by name. `skip` (the results folder, when it is inside)
    is left out. UsageError when the folder does not exist or holds no submission."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UsageError(f"No folder at {folder}; give the folder that holds the submissions.")
    skip = skip.resolve() if skip is not None else None
    entries = []
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith(".") or entry.name in SKIP_DIRS:
            continue
        if skip is not None and entry.resolve() == skip:
            continue
        if entry.is_dir() or (entry.is_file() and entry.suffix == ".py"):
            entries.append(entry)
    stems = [e.stem if e.is_file() else e.name for e in entries]
    out = []
    for entry, stem in zip(entries, stems):
        name = stem if stems.count(stem) == 1 else entry.name  # alice.py and alice/ both exist
        if entry.is_file():
            out.append(Submission(name, entry, entry))
        else:
            file, why = attempt_in(entry, problem)
            out.append(Submission(name, entry, file, why))
    if not out:
        raise UsageError(f"{folder} holds no submission: put each student's .py file, or a folder "
                         f"holding it, directly in it.")
    return out
