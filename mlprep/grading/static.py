"""The static stage: read the attempt's source without running it.

It ends the grade early for what cannot be graded (a syntax error, a forbidden import, no class
of the contract's name), scores the organization checks that are about the file rather than
behaviour (work at import, global state, class-level mutable attributes), and writes notes with
line numbers (loops over samples, suppressed warnings) that feedback uses when a measured
criterion loses points. Measured behaviour decides scores; the notes only explain them."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .report import CheckResult
from .worker import DENIED_IMPORTS

# module-level names a file may bind to lists or dicts without holding state (PEP 8's public
# interface, type-checking aliases)
DECLARATIVE_NAMES = {"__all__", "__slots__", "__version__", "__author__", "__match_args__"}

MUTABLE_CALLS = {"list", "dict", "set", "defaultdict", "OrderedDict", "deque", "zeros", "ones", "empty", "array"}
IMPORT_TIME_CALLS = {"print", "open", "input", "exec", "eval", "fit", "predict", "fit_transform", "seed",
                     "sleep", "system", "exit", "_exit"}
SAMPLE_NAMES = {"n", "m", "n_samples", "num_samples", "n_rows", "N", "n_points", "num_points", "n_obs"}
EPOCH_HINTS = ("iter", "epoch", "step", "max_", "n_iterations")


@dataclass
class StaticResult:
    error: str | None = None
    checks: list[CheckResult] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)

    def note(self, criterion: str, text: str) -> None:
        self.notes.setdefault(criterion, [])
        if text not in self.notes[criterion]:
            self.notes[criterion].append(text)


def analyse(source: str, class_name: str | None, methods: tuple[str, ...] = (),
            function_name: str | None = None) -> StaticResult:
    """`class_name` for a class contract, or `function_name` for a function contract."""
    result = StaticResult()
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        where = f" at line {exc.lineno}" if exc.lineno else ""
        result.error = f"SyntaxError{where}: {exc.msg}. Fix the syntax and grade again."
        return result
    except ValueError as exc:  # e.g. null bytes
        result.error = f"The attempt could not be parsed: {exc}."
        return result

    touched = _instrument_uses(tree)
    if touched:
        line, what = touched[0]
        result.error = (f"Line {line} uses {what}, one of the grader's instruments (tracing, floating-point "
                        f"warnings, frames, the garbage collector, the import machinery). An implementation "
                        f"never needs it, and an attempt that touches it cannot be graded: remove it.")
        return result

    forbidden = _forbidden_imports(tree)
    if forbidden:
        line, name = forbidden[0]
        result.error = (f"Line {line} imports {name}, which an attempt may not use. "
                        f"Implement the algorithm with NumPy and the standard library only.")
        return result

    if function_name is not None:
        functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        if function_name not in functions:
            result.error = (f"The attempt defines no function {function_name} at module level. Keep the "
                            f"function name from the stub.")
            return result
        _module_body_checks(tree, result)
        _global_checks(tree, result)
        _warning_suppression_notes(tree, result)
        return result

    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    cls = classes.get(class_name)
    if cls is None:
        found = ", ".join(sorted(classes)) or "none"
        result.error = (f"The attempt defines no class {class_name} at module level (classes found: {found}). "
                        f"Keep the class name from the stub.")
        return result

    defined = {n.name for n in cls.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for method in methods:
        if method not in defined and not _inherits(cls):
            result.note("correctness", f"{class_name} has no method {method}; the contract requires it.")

    _module_body_checks(tree, result)
    _global_checks(tree, result)
    _class_attribute_checks(cls, class_name, result)
    _warning_suppression_notes(tree, result)
    _loop_notes(cls, result)
    return result


def _inherits(cls: ast.ClassDef) -> bool:
    return any(not (isinstance(b, ast.Name) and b.id == "object") for b in cls.bases)


def _forbidden_imports(tree: ast.AST) -> list[tuple[int, str]]:
    denied = set(DENIED_IMPORTS)
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if called in ("__import__", "import_module") and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        for name in names:
            if name.split(".")[0] in denied:
                found.append((node.lineno, name))
    return sorted(found)


# The grader measures an attempt from inside its process (line tracer, floating-point callback,
# CPU clock). Whatever could read or switch off those instruments is refused before the file
# runs; the kernel confinement (sandbox.py) bounds the rest.
INSTRUMENT_MODULES = {"gc", "inspect", "importlib", "pydoc", "builtins", "__main__", "threading", "_thread",
                      "tracemalloc", "faulthandler", "signal", "resource", "sysconfig", "site", "runpy",
                      "pkgutil", "zipimport", "code", "codeop", "pdb", "bdb", "trace", "cProfile", "profile",
                      "_testcapi", "_xxsubinterpreters", "_interpreters"}
INSTRUMENT_ATTRIBUTES = {
    "settrace", "gettrace", "setprofile", "getprofile", "_getframe", "_getframemodulename", "_current_frames",
    "seterrcall", "geterrcall", "addaudithook", "audit", "meta_path", "path_hooks",
    "path_importer_cache", "setrecursionlimit", "setswitchinterval", "remote_exec",
    # introspection that reaches frames, closures and every object of the process
    "__subclasses__", "__globals__", "__closure__", "__code__", "__builtins__", "__loader__", "__spec__",
    "f_back", "f_globals", "f_locals", "f_builtins", "f_trace", "tb_frame", "gi_frame", "cr_frame", "ag_frame",
    "gi_code",
}
SYS_ONLY = {"modules", "monitoring"}  # names that are instruments only as attributes of sys
INSTRUMENT_CALLS = {"eval", "exec", "compile", "__import__", "breakpoint"}  # as bare names only (re.compile is fine)
MODULE_LIKE = {"sys", "np", "numpy", "os"}  # getattr on these with a computed name could reach anything


def _instrument_uses(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in INSTRUMENT_MODULES:
                    found.append((node.lineno, f"`import {alias.name}`"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top = node.module.split(".")[0]
            names = {a.name for a in node.names}
            if top in INSTRUMENT_MODULES:
                found.append((node.lineno, f"`from {node.module} import ...`"))
            elif names & INSTRUMENT_ATTRIBUTES or (top == "sys" and names & SYS_ONLY):
                bad = names & (INSTRUMENT_ATTRIBUTES | (SYS_ONLY if top == "sys" else set()))
                found.append((node.lineno, f"`from {node.module} import {', '.join(sorted(bad))}`"))
        elif isinstance(node, ast.Attribute):
            base = node.value.id if isinstance(node.value, ast.Name) else None
            if node.attr in INSTRUMENT_ATTRIBUTES or (base == "sys" and node.attr in SYS_ONLY) \
                    or (base in MODULE_LIKE and node.attr == "__dict__"):
                found.append((node.lineno, f"`{base + '.' if base else ''}{node.attr}`"))
        elif isinstance(node, ast.Name) and node.id in ("__builtins__", "__loader__", "__spec__"):
            found.append((node.lineno, f"`{node.id}`"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if isinstance(func, ast.Name) and name in INSTRUMENT_CALLS:
                found.append((node.lineno, f"`{name}()`"))
            elif name == "vars" and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in MODULE_LIKE:
                found.append((node.lineno, f"`vars({node.args[0].id})`"))
            elif name == "import_module":
                found.append((node.lineno, "`import_module()`"))
            elif name in ("getattr", "setattr", "delattr", "hasattr") and len(node.args) >= 2:
                target, attr = node.args[0], node.args[1]
                computed = not (isinstance(attr, ast.Constant) and isinstance(attr.value, str))
                if isinstance(target, ast.Name) and target.id in MODULE_LIKE and computed:
                    found.append((node.lineno, f"`{name}({target.id}, <computed name>)`"))
                elif isinstance(attr, ast.Constant) and attr.value in INSTRUMENT_ATTRIBUTES:
                    found.append((node.lineno, f"`{name}(..., {attr.value!r})`"))
    return sorted(found)


def _call_names(node: ast.AST) -> set[str]:
    names = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call):
            f = sub.func
            names.add(f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else "")
    return names


def _is_main_guard(node: ast.AST) -> bool:
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__")


def _is_type_checking_block(node: ast.AST) -> bool:
    """`if TYPE_CHECKING:` (or typing.TYPE_CHECKING) holding only imports: never runs."""
    if not isinstance(node, ast.If):
        return False
    test = node.test
    named = (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")
    return named and all(isinstance(s, (ast.Import, ast.ImportFrom, ast.Pass)) for s in node.body + node.orelse)


def _assigned_names(node: ast.AST) -> set[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def _module_body_checks(tree: ast.Module, result: StaticResult) -> None:
    """No work at import: the module body holds imports, definitions and constants."""
    work, mutable = [], []
    for i, node in enumerate(tree.body):
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Pass)):
            continue
        if i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # module docstring
        if _is_main_guard(node) or _is_type_checking_block(node):
            continue
        if isinstance(node, ast.Try) and all(isinstance(s, (ast.Import, ast.ImportFrom)) for s in node.body):
            continue
        if isinstance(node, (ast.Assign, ast.AnnAssign)):
            value = node.value
            if value is None or _assigned_names(node) & DECLARATIVE_NAMES and not _call_names(value):
                continue
            if _call_names(value) & IMPORT_TIME_CALLS:
                work.append(node.lineno)
            elif isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)) or (
                    isinstance(value, ast.Call) and _call_names(value) & MUTABLE_CALLS):
                mutable.append(node.lineno)
            continue
        work.append(node.lineno)
    result.checks.append(CheckResult(
        id="static.no_work_at_import", criterion="organization", static=True,
        outcome="failed" if work else "passed", weight=1.0,
        message=(f"Line {work[0]} runs code when the file is imported. Keep the module body to imports, "
                 f"constants and definitions; put demos under `if __name__ == \"__main__\":`.") if work else ""))
    result.checks.append(CheckResult(
        id="static.no_module_state", criterion="organization", static=True,
        outcome="failed" if mutable else "passed", weight=1.0,
        message=(f"Line {mutable[0]} creates mutable state at module level, shared by every model. "
                 f"Keep state on the instance, set in fit.") if mutable else ""))


def _global_checks(tree: ast.AST, result: StaticResult) -> None:
    lines = [n.lineno for n in ast.walk(tree) if isinstance(n, (ast.Global, ast.Nonlocal))]
    result.checks.append(CheckResult(
        id="static.no_global_statement", criterion="organization", static=True,
        outcome="failed" if lines else "passed", weight=1.0,
        message=(f"Line {lines[0]} uses a `global` statement. Keep a model's state on `self` so two models "
                 f"never interfere.") if lines else ""))


def _class_attribute_checks(cls: ast.ClassDef, class_name: str, result: StaticResult) -> None:
    lines = []
    for node in cls.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            if _assigned_names(node) & DECLARATIVE_NAMES:
                continue  # __slots__ = [...] declares attributes, it holds no state
            v = node.value
            if isinstance(v, (ast.List, ast.Dict, ast.Set)) or (isinstance(v, ast.Call) and _call_names(v) & MUTABLE_CALLS):
                lines.append(node.lineno)
    result.checks.append(CheckResult(
        id="static.no_class_level_mutables", criterion="organization", static=True,
        outcome="failed" if lines else "passed", weight=1.0,
        message=(f"Line {lines[0]} defines a mutable attribute on the class {class_name}, so every instance "
                 f"shares it. Create it in __init__ or fit instead.") if lines else ""))


def _warning_suppression_notes(tree: ast.AST, result: StaticResult) -> None:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        kwargs = {k.arg: k.value.value for k in node.keywords if isinstance(k.value, ast.Constant)}
        if name in ("seterr", "errstate") and ("ignore" in kwargs.values() or "ignore" in args):
            result.note("numerical_stability", f"Line {node.lineno} silences NumPy floating-point warnings. "
                                               f"Fix the computation instead; the grader still checks the outputs.")
        if name in ("filterwarnings", "simplefilter") and "ignore" in args:
            result.note("numerical_stability", f"Line {node.lineno} hides warnings. Warnings about overflow "
                                               f"or division by zero point at a formula to make stable.")


def _loop_notes(cls: ast.ClassDef, result: StaticResult) -> None:
    """Name loops that look like loops over samples, for vectorization feedback."""
    for method in (n for n in cls.body if isinstance(n, ast.FunctionDef)):
        data = {a.arg for a in method.args.args[1:]}
        sizes = set(SAMPLE_NAMES)
        for node in ast.walk(method):
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
                src = ast.unparse(value)
                if isinstance(target, ast.Tuple) and src.endswith(".shape"):
                    first = target.elts[0]
                    if isinstance(first, ast.Name):
                        sizes.add(first.id)
                elif isinstance(target, ast.Name) and (src.startswith("len(") or src.endswith(".shape[0]")):
                    sizes.add(target.id)
        for node in ast.walk(method):
            iters = []
            if isinstance(node, ast.For):
                iters = [node.iter]
            elif isinstance(node, (ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)):
                iters = [g.iter for g in node.generators]
            for it in iters:
                src = ast.unparse(it)
                per_sample = (
                    (isinstance(it, ast.Name) and it.id in data)
                    or any(src.startswith(f"{w}(") and any(d in src for d in data) for w in ("zip", "enumerate"))
                    or (src.startswith("range(") and any(
                        f"({s})" in src or f"(len({d}))" in src or f"({d}.shape[0])" in src
                        for s in sizes for d in data | {""}))
                )
                if per_sample and not any(h in src for h in EPOCH_HINTS):
                    result.note("vectorization",
                                f"Line {node.lineno} in {method.name} loops over samples (`{src}`). "
                                f"Express the work on the whole array at once.")
            if isinstance(node, ast.Call):
                f = node.func
                name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""
                if name in ("vectorize", "apply_along_axis", "frompyfunc", "map"):
                    result.note("vectorization",
                                f"Line {node.lineno} uses {name}, which calls Python once per element or row. "
                                f"Use array operations instead.")
