"""Pairs of submissions whose code is the same once names are erased: the syntax tree with every
identifier, attribute, argument and import name replaced by a placeholder, docstrings and comments
gone, string contents erased (numbers kept). Renaming variables, reformatting or rewording comments
changes nothing.

"Identical" means the normalised trees are equal. "Nearly identical" is the Jaccard similarity of
their 5-grams of node types, after removing the 5-grams the problem's stub already has (every
student starts from it), at or above `NEAR`. Files are parsed, never run."""

from __future__ import annotations

import ast
from dataclasses import dataclass

NEAR = 0.9
SHINGLE = 5
MAX_BYTES = 1024 * 1024
MIN_TOKENS = 40  # below this a file says too little to compare (an empty stub)
MAX_PAIRS = 25

_SKIP = (ast.Load, ast.Store, ast.Del, ast.type_ignore)


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    similarity: float  # 0..1
    identical: bool

    def to_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "similarity": round(self.similarity, 3), "identical": self.identical}


def _strip_docstrings(tree: ast.AST) -> None:
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            node.body = body[1:] or [ast.Pass()]


def tokens(source: str) -> list[str] | None:
    """The normalised tree as a sequence of tokens (preorder), or None when it cannot be parsed."""
    try:
        tree = ast.parse(source)
        _strip_docstrings(tree)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    out: list[str] = []
    stack = [tree]
    try:
        while stack:
            node = stack.pop()
            if isinstance(node, _SKIP):
                continue
            label = type(node).__name__
            if isinstance(node, ast.Constant):
                value = node.value
                label += ":" + (type(value).__name__ if isinstance(value, (str, bytes)) else repr(value))
            out.append(label)
            stack.extend(reversed(list(ast.iter_child_nodes(node))))
    except (RecursionError, MemoryError):
        return None
    return out


def shingles(seq: list[str]) -> set:
    if len(seq) < SHINGLE:
        return {tuple(seq)}
    return {tuple(seq[i:i + SHINGLE]) for i in range(len(seq) - SHINGLE + 1)}


def similar_pairs(sources: dict[str, str], stub: str | None = None, *, near: float = NEAR,
                  limit: int = MAX_PAIRS) -> list[Pair]:
    """Pairs of `sources` (name -> code) that are identical or nearly so, most similar first."""
    base = shingles(tokens(stub) or []) if stub else set()
    items = []
    for name, source in sources.items():
        if source is None or len(source) > MAX_BYTES:
            continue
        seq = tokens(source)
        if seq is None or len(seq) < MIN_TOKENS:
            continue
        own = shingles(seq) - base
        if own:
            items.append((name, tuple(seq), own))
    pairs = []
    for i, (na, ta, sa) in enumerate(items):
        for nb, tb, sb in items[i + 1:]:
            if ta == tb:
                pairs.append(Pair(na, nb, 1.0, True))
                continue
            small, large = sorted((len(sa), len(sb)))
            if small < near * large:  # the Jaccard index cannot reach `near`
                continue
            common = len(sa & sb)
            score = common / (len(sa) + len(sb) - common)
            if score >= near:
                pairs.append(Pair(na, nb, score, False))
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    return pairs[:limit]
