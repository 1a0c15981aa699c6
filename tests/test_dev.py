"""The authoring tools: `mlprep dev check` passes for every problem (this is the CI gate for the
catalog: references, stubs, kit coverage, every corpus attempt and every generated mutant), it
fails loudly on a broken problem, and `mlprep dev new` writes scaffolds that already run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mlprep import catalog
from mlprep.dev import mutants, scaffold
from mlprep.grading.kit.spec import Estimator

from helpers import REPO

pytestmark = pytest.mark.slow


def dev(*args, cwd: Path, timeout: float = 900, bytecode: bool = False) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, run from `cwd` (a checkout)."""
    # no __pycache__ in a scratch checkout: tests compare its files before and after (CI may not
    # set this). The repository's own may get one: then each grade does not compile the hidden tests.
    env = {**os.environ, "COLUMNS": "120", "PYTHONPATH": str(cwd)}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run([sys.executable, "-m", "mlprep", "dev", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout)


def failing(run: subprocess.CompletedProcess) -> list[dict]:
    return [item for item in json.loads(run.stdout) if item["status"] == "fail"]


@pytest.mark.parametrize("slug", sorted(p.slug for p in catalog.load_catalog()))
def test_dev_check_passes_for_every_problem(slug):
    """One problem per test, so pytest-xdist spreads the catalog over the cores."""
    run = dev("check", slug, "--json", "-j", "1", cwd=REPO, bytecode=True)
    items = json.loads(run.stdout)
    bad = [f"{i['problem']} {i['name']}: {i['detail']}" for i in items if i["status"] == "fail"]
    assert run.returncode == 0 and not bad, "\n".join(bad) or run.stderr[-3000:]
    names = {i["name"].split("/")[0] for i in items if i["problem"] == slug}
    for kind in ("reference", "stub", "kit", "corpus", "mutant", "signatures", "statement"):
        assert kind in names, f"dev check did not check {kind} for {slug}"
    mutant_items = [i for i in items if i["name"].startswith("mutant/") and i["status"] == "ok"]
    assert mutant_items, f"no generated mutant was checked for {slug}"


@pytest.fixture
def checkout(tmp_path) -> Path:
    """A scratch copy of the repository's problems, references and package, to author in."""
    root = tmp_path / "checkout"
    for name in ("mlprep", "problems", "reference"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "tests" / "corpus").mkdir(parents=True)
    return root


@pytest.mark.parametrize("template", sorted(scaffold.TEMPLATES))
def test_new_scaffold_runs_and_dev_check_lists_only_what_the_author_must_write(checkout, template):
    run = dev("new", "ridge-demo", "--template", template, cwd=checkout)
    assert run.returncode == 0, run.stderr
    for path in ("problems/ridge-demo/statement.md", "problems/ridge-demo/stub.py", "problems/ridge-demo/problem.toml",
                 "reference/ridge-demo/solution.py", "reference/ridge-demo/test_hidden.py"):
        assert (checkout / path).is_file(), path
    assert any((checkout / "tests" / "corpus" / "ridge-demo").glob("*.py"))
    run = dev("check", "ridge-demo", "--json", cwd=checkout)
    assert run.returncode == 1
    assert {i["name"] for i in failing(run)} == {"todo", "corpus"}, failing(run)


def test_new_refuses_an_existing_slug_and_writes_nothing(checkout):
    before = sorted(p.relative_to(checkout) for p in checkout.rglob("*"))
    run = dev("new", "logistic", "--template", "iterative", cwd=checkout)
    assert run.returncode == 2 and "already exists" in run.stderr and "Traceback" not in run.stderr
    assert sorted(p.relative_to(checkout) for p in checkout.rglob("*")) == before


def test_dev_check_fails_a_problem_whose_reference_is_wrong(checkout):
    solution = checkout / "reference" / "linear" / "solution.py"
    solution.write_text(solution.read_text().replace("grad_w = 2.0 * (X.T @ r) / n", "grad_w = (X.T @ r) / n"))
    run = dev("check", "linear", "--json", cwd=checkout)
    assert run.returncode == 1
    names = {i["name"] for i in failing(run)}
    assert "reference" in names
    detail = next(i["detail"] for i in failing(run) if i["name"] == "reference")
    assert "correctness" in detail


def test_dev_check_names_an_unknown_problem():
    run = dev("check", "no-such-problem", cwd=REPO)
    assert run.returncode == 2 and "no-such-problem" in run.stderr


def test_mutants_are_derived_from_every_reference_with_a_verdict():
    spec = Estimator(cls="M", params={"learning_rate": 0.1}, tags={"iterative"}, data=None, ordinary={},
                     fitted={}, methods={}, groups={}, used={"learning_rate": (0.1, 0.2)})
    source = (REPO / "reference" / "linear" / "solution.py").read_text().replace("LinearRegression", "M")
    made = {m.name: m for m in mutants.derive(source, spec)}
    assert set(made) == {"fit_returns_none", "history_at_class_level", "refit_appends_history",
                         "ignores_hyperparameter", "mutates_input", "prints_in_fit"}
    for m in made.values():
        assert m.source is not None, m.skipped
        compile(m.source, m.name, "exec")
        assert "lose" in m.verdicts.values()
    assert "return None" in made["fit_returns_none"].source
    assert "self.learning_rate" not in made["ignores_hyperparameter"].source.split("def fit")[1]


def test_templates_are_the_documented_ones():
    on_disk = {p.name for p in scaffold.HERE.iterdir() if p.is_dir()}
    assert on_disk == set(scaffold.TEMPLATES)
