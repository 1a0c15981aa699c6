"""`mlprep dev check`: is a problem sound? For each problem, a list of items that pass, fail or are
skipped with a written reason:

- metadata      problem.toml loads; at least 3 distinct hints, ordered from a nudge to the answer
- statement     statement.md exists, says something, and fits in the stub's docstring
- todo          no `TODO(author)` left from `mlprep dev new`
- signatures    the stub and the reference expose the same public classes, methods and signatures
- imports       the reference and the stub import only NumPy and the standard library
- reference     the reference scores 100 on every applicable criterion, three grades in a row
- criteria      every criterion problem.toml applies has at least one hidden check
- stub          the stub scores 0 on correctness
- kit/<id>      every standard check for the problem's tags ran on the reference, or the spec
                skips it with a written reason
- corpus/<name> every corpus attempt gets its declared verdict and feedback (tests/corpus/<slug>/)
- mutant/<name> every mutant generated from the reference gets its verdict (mlprep.dev.mutants)

Grades run in parallel worker processes (each grade also starts its own sandboxed worker)."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import catalog
from ..catalog import Problem
from ..errors import CatalogError, MlprepError, UsageError
from . import corpus, mutants

MIN_HINTS = 3
MIN_CORPUS = 10  # hand-written attempts: the mistakes specific to the algorithm
REFERENCE_RUNS = 3
TODO = re.compile(r"TODO\(author\)")


@dataclass
class Item:
    problem: str
    name: str
    status: str  # ok | fail | skipped
    detail: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Job:
    """One grade to run in a worker process, with what its report must show."""

    problem: Problem
    name: str
    path: str
    kind: str  # reference | stub | verdict
    expectation: corpus.Expectation | None = None
    source: str | None = None  # written to `path` first (mutants)


# ---------------------------------------------------------------- locating problems

def authoring_root(root: Path | None) -> Path | None:
    """The checkout whose problems/ and reference/ are being authored: `root`, else the current
    folder when it has both, else the folder mlprep runs from (an editable install), else None
    (installed copies are checked)."""
    candidates = [root] if root is not None else [Path.cwd(), catalog.PACKAGE_DIR.parent]
    for base in candidates:
        if base is not None and (base / "problems").is_dir() and (base / "reference").is_dir():
            return base.resolve()
    if root is not None:
        raise UsageError(f"{root} has no problems/ and reference/ folders.")
    return None


def problems_in(root: Path | None, slugs: list[str]) -> tuple[list[Problem], list[Item]]:
    """The problems to check (all when `slugs` is empty), and an item per folder that does not load."""
    if root is None:
        loaded, broken = list(catalog.load_catalog()), []
    else:
        loaded, broken = [], []
        for folder in sorted((root / "problems").iterdir()):
            if folder.is_dir() and (folder / "problem.toml").exists():
                try:
                    loaded.append(catalog.load_problem(folder, root / "reference"))
                except CatalogError as exc:
                    broken.append(Item(folder.name, "metadata", "fail", str(exc)))
    known = {p.slug for p in loaded} | {i.problem for i in broken}
    unknown = [s for s in slugs if s not in known]
    if unknown:
        raise UsageError(f"No problem called {', '.join(unknown)} in {root or 'the installed catalog'}.")
    if slugs:
        loaded = [p for p in loaded if p.slug in slugs]
        broken = [i for i in broken if i.problem in slugs]
    return loaded, broken


# ---------------------------------------------------------------- static items

def public_signatures(path: Path) -> dict:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            out[node.name] = ast.unparse(node.args)
        if isinstance(node, ast.ClassDef):
            for fn in (n for n in node.body if isinstance(n, ast.FunctionDef)):
                if not fn.name.startswith("_") or fn.name == "__init__":
                    out[f"{node.name}.{fn.name}"] = ast.unparse(fn.args)
    return out


def foreign_imports(path: Path) -> list[str]:
    allowed = set(sys.stdlib_module_names) | {"numpy", "__future__"}
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
            [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
        found += [n for n in names if n.split(".")[0] not in allowed]
    return found


def load_spec(problem: Problem):
    """The SPEC of a problem's hidden tests (trusted code, imported here)."""
    spec = importlib.util.spec_from_file_location(f"mlprep_dev_hidden_{problem.slug.replace('-', '_')}",
                                                  problem.tests_path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # while it executes, as the grader does (dataclasses look it up)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(spec.name, None)
    return getattr(module, "SPEC", None)


def static_items(problem: Problem) -> list[Item]:
    out = []

    def item(name, problems, detail_ok=""):
        out.append(Item(problem.slug, name, "fail" if problems else "ok", "; ".join(problems) or detail_ok))

    hints = [h.strip() for h in problem.hints]
    item("metadata", [f"{len(hints)} hints; write at least {MIN_HINTS}, from a nudge to nearly the answer"]
         if len(hints) < MIN_HINTS else ["two hints are the same"] if len(set(hints)) < len(hints) else [])
    try:
        statement = problem.statement
        problems = [] if statement.strip() else ["the statement is empty"]
        if '"""' in statement or "'''" in statement:
            problems.append("the statement contains triple quotes, which cannot go into the stub's docstring")
    except OSError as exc:
        problems = [f"no statement: {exc}"]
    item("statement", problems)
    todos = []
    for path in (problem.statement_path, problem.stub_path, problem.reference_path, problem.tests_path,
                 problem.stub_path.with_name("problem.toml")):
        if path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if TODO.search(line):
                    todos.append(f"{path.name}:{number}")
    item("todo", [f"TODO(author) left at {', '.join(todos[:6])}"] if todos else [])
    stub, ref = public_signatures(problem.stub_path), public_signatures(problem.reference_path)
    entry = problem.class_name and f"{problem.class_name}.__init__" or problem.function_name
    differ = sorted(k for k in set(stub) | set(ref) if stub.get(k) != ref.get(k))
    item("signatures", ([f"the stub does not define {entry}"] if entry not in stub else []) +
         [f"{k}: stub {stub.get(k, 'missing')!r} vs reference {ref.get(k, 'missing')!r}" for k in differ[:3]])
    item("imports", [f"{p.parent.name}/{p.name} imports {', '.join(found)}" for p in
                     (problem.reference_path, problem.stub_path) if (found := foreign_imports(p))])
    return out


# ---------------------------------------------------------------- grading jobs

def grading_jobs(problem: Problem, corpus_root: Path | None, scratch: Path) -> tuple[list[Job], list[Item]]:
    jobs = [Job(problem, f"reference (grade {i + 1} of {REFERENCE_RUNS})", str(problem.reference_path), "reference")
            for i in range(REFERENCE_RUNS)]
    jobs.append(Job(problem, "stub", str(problem.stub_path), "stub"))
    items = []
    if corpus_root is None:
        items.append(Item(problem.slug, "corpus", "skipped", "no tests/corpus folder here (run from a checkout)"))
    else:
        found = corpus.files(corpus_root, problem.slug)
        if len(found) < MIN_CORPUS:
            items.append(Item(problem.slug, "corpus", "fail", f"{len(found)} attempts in {corpus_root / problem.slug}; "
                              f"write at least {MIN_CORPUS}, the mistakes specific to this algorithm (see "
                              f"docs/authoring-problems.md)"))
        for path in found:
            try:
                expectation = corpus.parse(corpus.read(path), path.name)
            except corpus.CorpusFormatError as exc:
                items.append(Item(problem.slug, f"corpus/{path.stem}", "fail", str(exc)))
                continue
            jobs.append(Job(problem, f"corpus/{path.stem}", str(path), "verdict", expectation))
    spec = load_spec(problem)
    for mutant in mutants.derive(problem.reference_path.read_text(encoding="utf-8"), spec):
        if mutant.source is None:
            items.append(Item(problem.slug, f"mutant/{mutant.name}", "skipped", mutant.skipped))
            continue
        path = scratch / problem.slug / f"{mutant.name}.py"
        expectation = corpus.Expectation(mutant.verdicts, False, mutant.why, mutant.mentions)
        jobs.append(Job(problem, f"mutant/{mutant.name}", str(path), "verdict", expectation, mutant.source))
    return jobs, items


def _pool_process_starts() -> None:
    """Each pool process grades many attempts in a row: its workers come from a fork server,
    which has imported NumPy once (about 0.06 s of CPU less per grade)."""
    from ..grading import processes

    try:
        processes.use_fork_server()
    except Exception:  # only speed is lost: workers then start from scratch
        pass


def run_job(job: Job) -> tuple[Job, list[str], list[tuple[str, str]]]:
    """Grade one job (in a pool process): (job, problems found, (id, criterion) of the hidden checks)."""
    from ..grading import engine, processes

    if job.source is not None:
        Path(job.path).parent.mkdir(parents=True, exist_ok=True)
        Path(job.path).write_text(job.source, encoding="utf-8")
    try:
        timeout = job.expectation.call_timeout if job.expectation is not None else None
        report = engine.grade(job.problem, job.path, time_limit=45, call_timeout=timeout)
    except MlprepError as exc:  # GraderBroken: the hidden tests themselves are wrong
        return job, [str(exc)], []
    finally:
        processes.start_spare()  # the next job of this pool process adopts it
    ran = [(t.id, t.criterion) for t in report.tests if not t.static]
    if job.kind == "reference":
        problems = [f"{c}: {report.criteria[c].score}" for c in job.problem.criteria
                    if report.criteria[c].score != 100]
        problems += [f"{t.id}: {t.message}" for t in report.tests if not t.passed][:3]
        if report.error:
            problems.insert(0, report.error)
        return job, problems, ran
    if job.kind == "stub":
        score = report.criteria["correctness"].score
        return job, ([report.error] if report.error else []) + (
            [f"correctness {score}, not 0: the stub must fail every correctness check"] if score != 0 else []), ran
    return job, corpus.differences(report, job.expectation), ran


def kit_items(problem: Problem, ran: set[str]) -> list[Item]:
    """Every standard check for the problem's tags ran on the reference, or is skipped with a reason."""
    from ..grading import kit

    spec = load_spec(problem)
    if spec is None:
        return [Item(problem.slug, "kit", "fail", "test_hidden.py defines no SPEC: declare the contract with "
                                                  "kit.Estimator or kit.Function and call kit.install")]
    checks, skipped = kit.selected(spec)
    out = []
    for c in checks:
        out.append(Item(problem.slug, f"kit/{c.id}", "ok" if c.id in ran else "fail",
                        "" if c.id in ran else "applies to this problem's tags but did not run (is kit.install called?)"))
    for cid, reason in skipped.items():
        out.append(Item(problem.slug, f"kit/{cid}", "skipped" if str(reason).strip() else "fail",
                        str(reason).strip() or "skipped without a written reason"))
    return out


def check(slugs: list[str], *, root: Path | None = None, jobs: int = 2, on_progress=None) -> list[Item]:
    """Check the named problems (all when none is named). `on_progress(done, total)`."""
    base = authoring_root(root)
    problems, items = problems_in(base, slugs)
    corpus_root = base / "tests" / "corpus" if base and (base / "tests" / "corpus").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="mlprep-dev-check-") as scratch:
        work: list[Job] = []
        for problem in problems:
            items += static_items(problem)
            more, notes = grading_jobs(problem, corpus_root, Path(scratch))
            work += more
            items += notes
        done, ran = 0, {}
        reference_problems: dict[str, list[str]] = {}
        with ProcessPoolExecutor(max_workers=max(1, jobs), initializer=_pool_process_starts) as pool:
            for job, problems_found, ids in pool.map(run_job, work):
                done += 1
                if on_progress:
                    on_progress(done, len(work))
                slug = job.problem.slug
                if job.kind == "reference":
                    ran.setdefault(slug, set()).update(ids)
                    reference_problems.setdefault(slug, [])
                    if problems_found and not reference_problems[slug]:
                        reference_problems[slug] = [f"{job.name}: " + "; ".join(problems_found)]
                    continue
                items.append(Item(slug, job.name, "fail" if problems_found else "ok", "; ".join(problems_found)))
    for problem in problems:
        found = reference_problems.get(problem.slug, [])
        items.append(Item(problem.slug, "reference", "fail" if found else "ok",
                          "; ".join(found) or f"100 on every criterion, {REFERENCE_RUNS} grades in a row"))
        checks = ran.get(problem.slug, set())
        empty = [c for c in problem.criteria if c not in {criterion for _, criterion in checks}]
        items.append(Item(problem.slug, "criteria", "fail" if empty else "ok",
                          f"no hidden check scores {', '.join(empty)}: add one, or leave the criterion out of "
                          f"problem.toml's criteria (then it is n/a)" if empty else ""))
        items += kit_items(problem, {check_id for check_id, _ in checks})
    order = {p.slug: i for i, p in enumerate(problems)}
    return sorted(items, key=lambda i: (order.get(i.problem, -1), _rank(i.name)))


def _rank(name: str) -> tuple:
    head = name.split("/")[0].split(" ")[0]
    ranks = ["metadata", "statement", "todo", "signatures", "imports", "reference", "criteria", "stub", "kit", "corpus",
             "mutant"]
    return (ranks.index(head) if head in ranks else len(ranks), name)

