"""`mlprep dev new SLUG --template T`: a new problem from a template that already runs.

A template is a small, complete example problem (statement, stub, reference, hidden tests on the
kit, one corpus attempt) in the shape of its kind. The scaffold passes `mlprep dev check` except
for what only an author can write, which is marked `TODO(author)` and listed by dev check: the
statement, the hints, the real algorithm, the problem's own checks and its corpus of mistakes."""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from ..errors import UsageError

TEMPLATES = {
    "estimator": "a supervised estimator fitted in one pass (no iterations): fit, predict",
    "iterative": "an estimator trained by gradient descent, with a loss history and a stopping rule",
    "clusterer": "an unsupervised, iterative clusterer started from given centroids",
    "transformer": "an unsupervised transformer: fit, transform",
    "function": "a function, not a class (a metric, a split, an encoder)",
}
HERE = Path(__file__).resolve().parent / "templates"
SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


def class_name_of(slug: str) -> str:
    return "".join(part.capitalize() for part in slug.split("-"))


def function_name_of(slug: str) -> str:
    return slug.replace("-", "_")


def targets(template: str, slug: str, root: Path) -> dict[Path, Path]:
    """{template file: where it goes}."""
    base = HERE / template
    places = {"problem.toml": root / "problems" / slug, "statement.md": root / "problems" / slug,
              "stub.py": root / "problems" / slug, "solution.py": root / "reference" / slug,
              "test_hidden.py": root / "reference" / slug}
    out = {}
    for path in sorted(base.rglob("*.tmpl")):
        name = path.name.removesuffix(".tmpl")
        if path.parent.name == "corpus":
            out[path] = root / "tests" / "corpus" / slug / name
        else:
            out[path] = places[name] / name
    return out


def new(slug: str, template: str, root: Path, *, title: str | None = None, class_name: str | None = None,
        function_name: str | None = None) -> list[Path]:
    """Write the scaffold; refuses (nothing written) when the slug is taken or invalid."""
    if template not in TEMPLATES:
        raise UsageError(f"No template {template!r}. Templates: {', '.join(TEMPLATES)}.")
    if not SLUG.match(slug):
        raise UsageError(f"{slug!r} is not a valid slug: lowercase letters and digits, words joined by '-' "
                         f"(for example 'ridge' or 'decision-tree').")
    if not ((root / "problems").is_dir() and (root / "reference").is_dir()):
        raise UsageError(f"{root} is not a checkout of mlprep (no problems/ and reference/ folders). Run "
                         f"`mlprep dev new` from the repository root or pass --root.")
    plan = targets(template, slug, root)
    taken = [p for p in plan.values() if p.exists()] + [p for p in (root / "problems" / slug,
                                                                      root / "reference" / slug) if p.exists()]
    if taken:
        raise UsageError(f"{taken[0]} already exists; nothing was written. Choose another slug.")
    values = {"slug": slug, "title": title or slug.replace("-", " ").capitalize(),
              "class_name": class_name or class_name_of(slug),
              "function_name": function_name or function_name_of(slug)}
    written = []
    for source, target in plan.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(source.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
        written.append(target)
    return written
