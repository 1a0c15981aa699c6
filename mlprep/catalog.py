"""Finds and validates problems. A problem is `problems/<slug>/` (problem.toml, statement.md, stub.py) plus
`reference/<slug>/` (solution.py, test_hidden.py). Works from a source checkout and from an
installed wheel, where both folders ship inside the package."""

from __future__ import annotations

import ast
import difflib
import re
import sys
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .errors import CatalogError, UnknownProblem
from .rubric import CRITERIA

DIFFICULTIES = ("easy", "medium", "hard")
PACKAGE_DIR = Path(__file__).resolve().parent


def content_roots() -> tuple[Path, Path]:
    """(problems dir, reference dir): inside the package when installed, else the checkout."""
    for base in (PACKAGE_DIR, PACKAGE_DIR.parent):
        if (base / "problems").is_dir() and (base / "reference").is_dir():
            return base / "problems", base / "reference"
    raise CatalogError("mlprep's problems were not found; the installation is incomplete. Reinstall mlprep.")


@dataclass(frozen=True)
class Problem:
    slug: str
    title: str
    track: str
    difficulty: str
    class_name: str | None  # the contract is a class...
    methods: tuple[str, ...]
    hints: tuple[str, ...]
    criteria: tuple[str, ...]
    stub_path: Path
    reference_path: Path
    tests_path: Path
    time_limit_s: float | None = None
    call_timeout_s: float | None = None
    function_name: str | None = None  # ...or a module-level function

    @property
    def entry(self) -> str:
        """The name the attempt must define: the class, or the function."""
        return self.class_name or self.function_name

    @property
    def statement_path(self) -> Path:
        return self.stub_path.with_name("statement.md")

    @property
    def statement(self) -> str:
        """What the learner reads: problems/<slug>/statement.md (Markdown)."""
        return self.statement_path.read_text(encoding="utf-8")

    def stub_source(self) -> str:
        """The file `mlprep start` writes: the stub with the statement as its module docstring,
        so the learner has it in their editor too (Markdown reads well as plain text)."""
        source = self.stub_path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        first = tree.body[0] if tree.body else None
        # re-wrapped to fit an 80-column editor (statement.md may be wrapped wider)
        docstring = 'r"""' + reflow_markdown(self.statement.strip(), STUB_WIDTH) + '\n"""\n'
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            lines = source.splitlines(keepends=True)
            return docstring + "".join(lines[first.end_lineno:])
        return docstring + "\n" + source

    def summary(self) -> dict:
        return {"slug": self.slug, "title": self.title, "track": self.track, "difficulty": self.difficulty,
                "class_name": self.class_name, "hints": len(self.hints)}


STUB_WIDTH = 79  # the statement in the learner's file reads without wrapping in an 80-column editor
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])(\s+)")


def reflow_markdown(text: str, width: int = STUB_WIDTH) -> str:
    """`text` (Markdown) with its paragraphs and list items re-wrapped to `width` columns, words
    never broken. Fenced code, headings, tables and block quotes are kept as they are, so the
    Markdown means the same; a word longer than `width` stays on its own line."""
    out: list[str] = []
    block: list[str] = []  # the lines of the paragraph or list item being collected
    prefix = ""  # the list marker of that item ("- ", "1. ") with its indentation

    def flush() -> None:
        nonlocal block, prefix
        if block:
            words = " ".join(line.strip() for line in block)
            out.extend(textwrap.wrap(words, width=width, initial_indent=prefix,
                                     subsequent_indent=" " * len(prefix), break_long_words=False,
                                     break_on_hyphens=False) or [prefix.rstrip()])
        block, prefix = [], ""

    fence = None
    for line in text.splitlines():
        stripped = line.strip()
        if fence is not None:  # inside a fenced code block: verbatim
            out.append(line)
            if stripped.startswith(fence):
                fence = None
            continue
        if stripped.startswith(("```", "~~~")):
            flush()
            fence = stripped[:3]
            out.append(line)
        elif not stripped or stripped.startswith(("#", "|", ">")) or line.startswith(("    ", "\t")) and not block:
            flush()
            out.append(line)
        elif _LIST_ITEM.match(line):
            flush()
            m = _LIST_ITEM.match(line)
            prefix = m.group(1) + m.group(2) + " "
            block = [line[m.end():]]
        else:
            if not block:  # a paragraph; indented, it belongs to the list item above: keep that
                prefix = line[:len(line) - len(line.lstrip())]
            block.append(line)
    flush()
    return "\n".join(out)


def load_problem(folder: Path, reference_root: Path) -> Problem:
    """One problem from its folder; CatalogError when it is malformed."""
    meta_path = folder / "problem.toml"
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CatalogError(f"{meta_path}: {exc}") from None

    def field(name, kind, default=None):
        value = meta.get(name, default)
        if value is None or not isinstance(value, kind):
            raise CatalogError(f"{meta_path}: field '{name}' is missing or not a {kind.__name__}")
        return value

    slug = field("slug", str)
    if slug != folder.name:
        raise CatalogError(f"{meta_path}: slug '{slug}' does not match the folder name '{folder.name}'")
    difficulty = field("difficulty", str)
    if difficulty not in DIFFICULTIES:
        raise CatalogError(f"{meta_path}: difficulty must be one of {', '.join(DIFFICULTIES)}")
    hints = tuple(field("hints", list))
    if not hints or not all(isinstance(h, str) and h.strip() for h in hints):
        raise CatalogError(f"{meta_path}: hints must be a non-empty list of non-empty strings")
    criteria = tuple(field("criteria", list, list(CRITERIA)))
    if not criteria or any(c not in CRITERIA for c in criteria):
        raise CatalogError(f"{meta_path}: criteria must name some of {', '.join(CRITERIA)}")
    ref = reference_root / slug
    if ("class_name" in meta) == ("function" in meta):
        raise CatalogError(f"{meta_path}: give exactly one of 'class_name' (a class contract) or 'function'")
    problem = Problem(
        slug=slug, title=field("title", str), track=field("track", str), difficulty=difficulty,
        class_name=meta.get("class_name"), function_name=meta.get("function"),
        methods=tuple(field("methods", list, [])), hints=hints,
        criteria=criteria, stub_path=folder / "stub.py", reference_path=ref / "solution.py",
        tests_path=ref / "test_hidden.py",
        time_limit_s=meta.get("time_limit_s"), call_timeout_s=meta.get("call_timeout_s"),
    )
    for path in (problem.stub_path, problem.statement_path, problem.reference_path, problem.tests_path):
        if not path.is_file():
            raise CatalogError(f"problem '{slug}' is missing {path}")
    return problem


@lru_cache(maxsize=1)
def load_catalog() -> tuple[Problem, ...]:
    problems_root, reference_root = content_roots()
    problems = [load_problem(folder, reference_root) for folder in sorted(problems_root.iterdir())
                if folder.is_dir() and (folder / "problem.toml").exists()]
    order = {d: i for i, d in enumerate(DIFFICULTIES)}
    return tuple(sorted(problems, key=lambda p: (p.track, order[p.difficulty], p.slug)))


def get_problem(slug: str) -> Problem:
    problems = {p.slug: p for p in load_catalog()}
    if slug in problems:
        return problems[slug]
    lowered = slug.lower().strip()
    if lowered in problems:
        return problems[lowered]
    close = difflib.get_close_matches(lowered, list(problems), n=3, cutoff=0.5)
    close += [s for s in problems if (lowered and lowered in s) and s not in close]
    raise UnknownProblem(slug, close[:3])
