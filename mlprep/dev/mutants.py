"""Mutants generated from a reference: the contract and convergence mistakes every problem can
make, derived automatically, each with the verdict the grader must give. A problem's hand-written
corpus then needs only the mistakes specific to its algorithm.

Each mutant is the reference with one change made on its syntax tree:
- fit_returns_none         `return self` at the end of fit becomes `return None`
- history_at_class_level   the loss history is a class attribute, cleared (not re-created) by fit:
                           two instances share one list
- refit_appends_history    the loss history is created in __init__, so a second fit appends to it
- ignores_hyperparameter   the first hyperparameter of the spec's `used` is replaced by its default
                           wherever the class reads it (outside __init__)
- mutates_input            fit writes into its input X (reverses its rows) before returning
- prints_in_fit            fit prints a line at its start
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from ..rubric import CRITERIA


@dataclass
class Mutant:
    name: str
    source: str | None  # None when it cannot be derived from this reference
    verdicts: dict[str, str]  # criterion -> full | lose | zero; criteria not named: not asserted
    why: str
    skipped: str = ""  # why it cannot be derived
    mentions: list = field(default_factory=list)  # (criterion, fragment) the feedback must contain


def _class(tree: ast.Module, name: str) -> ast.ClassDef:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            return node
    raise LookupError(f"the reference defines no class {name}")


def _method(cls: ast.ClassDef, name: str) -> ast.FunctionDef:
    for node in cls.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    raise LookupError(f"the reference class has no method {name}")


def _final_return_self(fit: ast.FunctionDef) -> ast.Return:
    last = fit.body[-1]
    if not (isinstance(last, ast.Return) and isinstance(last.value, ast.Name) and last.value.id == "self"):
        raise LookupError("fit does not end with `return self`")
    return last


def _is_history_reset(node, history: str) -> bool:
    return (isinstance(node, ast.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Attribute) and node.targets[0].attr == history
            and isinstance(node.targets[0].value, ast.Name) and node.targets[0].value.id == "self"
            and isinstance(node.value, ast.List) and not node.value.elts)


def _history_reset(cls: ast.ClassDef, spec) -> tuple[list, int]:
    """(the statement list holding `self.<history> = []` in fit, its index)."""
    if not spec.iterative:
        raise LookupError("the problem is not iterative (no loss history)")
    fit, history = _method(cls, "fit"), spec.history
    for parent in ast.walk(fit):
        for name in ("body", "orelse"):
            block = getattr(parent, name, None)
            if isinstance(block, list):
                for i, node in enumerate(block):
                    if _is_history_reset(node, history):
                        return block, i
    raise LookupError(f"fit does not reset `self.{history} = []`")


def _stmt(code: str) -> ast.stmt:
    return ast.parse(code).body[0]


class _ReplaceSelfAttr(ast.NodeTransformer):
    def __init__(self, name: str, value):
        self.name, self.value, self.count = name, value, 0

    def visit_Attribute(self, node):
        self.generic_visit(node)
        if (isinstance(node.ctx, ast.Load) and node.attr == self.name
                and isinstance(node.value, ast.Name) and node.value.id == "self"):
            self.count += 1
            return ast.copy_location(ast.Constant(self.value), node)
        return node


def derive(reference_source: str, spec) -> list[Mutant]:
    """Every mutant of the reference that applies to the spec (with a reason when one cannot be
    derived from this reference)."""
    cls_name = getattr(spec, "cls", None)
    if cls_name is None:
        return [Mutant("contract mutants", None, {}, "", skipped="the contract is a function, not a class")]
    out = []
    for make in (fit_returns_none, history_at_class_level, refit_appends_history, ignores_hyperparameter,
                 mutates_input, prints_in_fit):
        tree = ast.parse(reference_source)
        try:
            out.append(make(tree, _class(tree, cls_name), spec))
        except LookupError as exc:
            out.append(Mutant(make.__name__, None, {}, "", skipped=str(exc)))
    return out


def _done(name, tree, verdicts, why, mentions=()) -> Mutant:
    ast.fix_missing_locations(tree)
    return Mutant(name, ast.unparse(tree) + "\n", verdicts, why, mentions=list(mentions))


def _only(criterion: str, *unasserted: str) -> dict:
    """`criterion` loses; every other criterion keeps full marks except the unasserted ones."""
    return {c: ("lose" if c == criterion else "full") for c in CRITERIA if c not in unasserted}


def fit_returns_none(tree, cls, spec) -> Mutant:
    _final_return_self(_method(cls, "fit")).value = ast.Constant(None)
    return _done("fit_returns_none", tree, _only("organization"), "fit returns None instead of self",
                 [("organization", "return self")])


def history_at_class_level(tree, cls, spec) -> Mutant:
    block, i = _history_reset(cls, spec)
    block[i] = _stmt(f"self.{spec.history}.clear()")
    cls.body.insert(0, _stmt(f"{spec.history} = []"))
    return _done("history_at_class_level", tree, _only("organization"),
                 "the loss history is one list on the class, shared by every instance",
                 [("organization", "class")])


def refit_appends_history(tree, cls, spec) -> Mutant:
    block, i = _history_reset(cls, spec)
    del block[i]
    init = _method(cls, "__init__")
    init.body.append(_stmt(f"self.{spec.history} = []"))
    return _done("refit_appends_history", tree, _only("organization"),
                 "the loss history is created once, in __init__: a second fit appends to it",
                 [("organization", "twice")])


def ignores_hyperparameter(tree, cls, spec) -> Mutant:
    if not spec.used:
        raise LookupError("the spec declares no hyperparameter to vary (spec.used)")
    name = next(iter(spec.used))
    default = spec.params[name]
    replacer = _ReplaceSelfAttr(name, default)
    for node in cls.body:
        if isinstance(node, ast.FunctionDef) and node.name != "__init__":
            replacer.visit(node)
    if not replacer.count:
        raise LookupError(f"the class never reads self.{name}")
    # replaying the attempt's own trajectory is what the convergence checks do, so a different
    # trajectory may or may not show there: convergence is not asserted
    return _done("ignores_hyperparameter", tree, _only("correctness", "convergence"),
                 f"fit uses the default {name}={default!r} instead of self.{name}",
                 [("correctness", f"ignores `{name}`")])


def mutates_input(tree, cls, spec) -> Mutant:
    fit = _method(cls, "fit")
    X = fit.args.args[1].arg
    last = _final_return_self(fit)
    fit.body.insert(fit.body.index(last), _stmt(f"{X}[...] = {X}[::-1]"))
    return _done("mutates_input", tree, _only("organization"), "fit reverses the rows of its input X in place",
                 [("organization", "in place")])


def prints_in_fit(tree, cls, spec) -> Mutant:
    fit = _method(cls, "fit")
    at = 1 if fit.body and isinstance(fit.body[0], ast.Expr) and isinstance(fit.body[0].value, ast.Constant) else 0
    fit.body.insert(at, _stmt('print("fitting...")'))
    return _done("prints_in_fit", tree, _only("organization"), "fit prints a progress line",
                 [("organization", "print")])

