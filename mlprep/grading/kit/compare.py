"""Comparisons for hidden checks: one closeness rule (rtol + atol, as numpy.isclose, but NaN is
never equal to anything), and the comparisons up to relabelling, sign and permutation that
unsupervised problems need. Failures raise `Mismatch`, an AssertionError whose message shows
what was expected and what came back, where they first differ, the shapes and the tolerance."""

from __future__ import annotations

import math

import numpy as np

from ..session import Opaque, Remote

RTOL = 1e-6  # same algorithm, same data: float64 trajectories agree to about 1e-12; bugs are >1e-3
ATOL = 1e-12  # values that should be 0 (exact zeros in lasso, a bias that stays 0) may round


class Mismatch(AssertionError):
    """Got and expected differ. `detail` is the sentence about the numbers; the check's own
    sentence (what it means and what to do) is put in front of it."""

    def __init__(self, detail: str, *, where=None, got=None, expected=None):
        super().__init__(detail)
        self.detail, self.where, self.got, self.expected = detail, where, got, expected


def kind_of(value) -> str:
    if value is None:
        return "None"
    if isinstance(value, Remote):
        return f"a {value._type} object"
    if isinstance(value, Opaque):
        return f"a {value.type_name} object"
    return type(value).__name__


def as_array(value, what: str = "the result") -> np.ndarray:
    """The value as a NumPy array of numbers (bools count), or a Mismatch that says what it was."""
    if value is None or isinstance(value, (Remote, Opaque, str, dict)):
        raise Mismatch(f"{what} should be a NumPy array of numbers, but was {kind_of(value)}.")
    try:
        array = np.asarray(value)
    except Exception:
        raise Mismatch(f"{what} should be a NumPy array of numbers.") from None
    if array.dtype.kind not in "biuf":
        raise Mismatch(f"{what} should hold numbers, not values of dtype {array.dtype}.")
    return array


def as_float_array(value, what: str = "the result") -> np.ndarray:
    return as_array(value, what).astype(np.float64)


def _fmt(x) -> str:
    return f"{x:.6g}" if isinstance(x, (float, np.floating)) else str(x)


def close_mask(got: np.ndarray, expected: np.ndarray, rtol: float, atol: float) -> np.ndarray:
    """Elementwise |got − expected| ≤ atol + rtol·|expected|, with NaN and inf never close
    unless both are the same infinity."""
    with np.errstate(invalid="ignore", over="ignore"):
        ok = np.abs(got - expected) <= atol + rtol * np.abs(expected)
    same_inf = np.isinf(got) & np.isinf(expected) & (np.sign(got) == np.sign(expected))
    return (ok & np.isfinite(got) & np.isfinite(expected)) | same_inf


def error_of(got, expected, rtol: float = RTOL, atol: float = ATOL) -> float:
    """How far from close: max |got − expected| / (atol + rtol·|expected|) in units of the
    tolerance (≤ 1 means close); inf on a shape mismatch or a non-finite value."""
    try:
        g = np.asarray(got, dtype=np.float64)
        e = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return math.inf
    if g.shape != e.shape or not (np.all(np.isfinite(g)) and np.all(np.isfinite(e))):
        return math.inf
    if g.size == 0:
        return 0.0
    return float(np.max(np.abs(g - e) / (atol + rtol * np.abs(e))))


def relative_gap(got, expected) -> float:
    """max |got − expected| over max |expected|: the size of a difference for feedback."""
    g = np.asarray(got, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if g.shape != e.shape or not (np.all(np.isfinite(g)) and np.all(np.isfinite(e))):
        return math.inf
    if g.size == 0:
        return 0.0
    return float(np.max(np.abs(g - e)) / max(float(np.max(np.abs(e))), 1e-300))


def is_close(got, expected, rtol: float = RTOL, atol: float = ATOL) -> bool:
    return error_of(got, expected, rtol, atol) <= 1.0


def assert_close(got, expected, *, what: str, rtol: float = RTOL, atol: float = ATOL,
                 shape_strict: bool = True) -> np.ndarray:
    """Fail with a Mismatch unless `got` has the expected shape and every element is within
    atol + rtol·|expected|. `shape_strict=False` accepts the same values in another shape of the
    same size (a (d, 1) column for (d,)): the shape is then judged by another check."""
    g = as_float_array(got, what)
    e = np.asarray(expected, dtype=np.float64)
    if g.shape != e.shape:
        if shape_strict or g.size != e.size:
            raise Mismatch(f"{what} has shape {g.shape}, expected {e.shape}.", got=g, expected=e)
        g = g.reshape(e.shape)
    ok = close_mask(g, e, rtol, atol)
    if ok.all():
        return g
    bad = np.argwhere(~ok)
    where = tuple(int(i) for i in bad[0]) if e.ndim else ()
    gv, ev = g[where] if e.ndim else g, e[where] if e.ndim else e
    at = f" at index {where[0] if len(where) == 1 else where}" if e.ndim else ""
    if not np.isfinite(gv):
        detail = f"{what} is {_fmt(float(gv))}{at} (expected {_fmt(float(ev))})."
    else:
        count = f"{len(bad)} of {e.size} differ; " if e.size > 1 else ""
        detail = (f"{what} differs{at}: expected {_fmt(float(ev))}, got {_fmt(float(gv))} "
                  f"({count}rtol {rtol:.0e}, atol {atol:.1e}).")
    raise Mismatch(detail, where=where, got=g, expected=e)


def assert_equal_labels(got, expected, *, what: str, mask=None) -> np.ndarray:
    """Integer outputs equal element by element (where `mask` is True: ties may go either way)."""
    g = as_array(got, what)
    e = np.asarray(expected)
    if g.shape != e.shape:
        raise Mismatch(f"{what} has shape {g.shape}, expected {e.shape}.", got=g, expected=e)
    same = g == e
    if mask is not None:
        same = same | ~np.asarray(mask, dtype=bool)
    if not same.all():
        i = int(np.flatnonzero(~same)[0])
        raise Mismatch(f"{what} differs at index {i}: expected {e.reshape(-1)[i]}, got {g.reshape(-1)[i]} "
                       f"({int((~same).sum())} of {e.size} differ).", where=(i,), got=g, expected=e)
    return g


# ---------------------------------------------------------------- up to relabelling, sign, permutation

def match_rows(got: np.ndarray, expected: np.ndarray) -> np.ndarray | None:
    """perm with got[perm[j]] the row closest to expected[j], or None when the closest rows do
    not form a permutation (two expected rows claim the same row of got)."""
    d2 = ((expected[:, None, :] - got[None, :, :]) ** 2).sum(axis=2)
    perm = d2.argmin(axis=1)
    return perm if len(set(perm.tolist())) == len(expected) else None


def assert_close_rows_any_order(got, expected, *, what: str, rtol: float = RTOL, atol: float = ATOL) -> np.ndarray:
    """Rows of `got` equal the rows of `expected` in some order (centroids: numbering is free)."""
    g = as_float_array(got, what)
    e = np.asarray(expected, dtype=np.float64)
    if g.shape != e.shape:
        raise Mismatch(f"{what} has shape {g.shape}, expected {e.shape}.", got=g, expected=e)
    if not np.all(np.isfinite(g)):
        raise Mismatch(f"{what} contains NaN or inf.", got=g, expected=e)
    perm = match_rows(g, e)
    if perm is None:
        raise Mismatch(f"the rows of {what} cannot be matched one to one with the expected rows "
                       f"(two expected rows are nearest to the same row).", got=g, expected=e)
    scale = max(float(np.abs(e).max()), 1.0)
    return assert_close(g[perm], e, what=f"{what} (rows matched to the expected order)", rtol=rtol,
                        atol=max(atol, rtol * scale))


def same_partition(a, b) -> bool:
    """Label vectors a and b split the points the same way, whatever the numbering."""
    a, b = np.asarray(a).ravel(), np.asarray(b).ravel()
    if a.shape != b.shape:
        return False
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max(initial=0) + 1, ib.max(initial=0) + 1), dtype=int)  # contingency table
    np.add.at(table, (ia, ib), 1)
    return np.count_nonzero(table) == table.shape[0] == table.shape[1]


def assert_same_partition(got, expected, *, what: str) -> np.ndarray:
    g = as_array(got, what)
    if g.shape != np.shape(expected):
        raise Mismatch(f"{what} has shape {g.shape}, expected {np.shape(expected)}.")
    if not same_partition(g, expected):
        raise Mismatch(f"{what} does not split the points into the expected groups (compared up to "
                       f"renumbering of the groups).")
    return g


def assert_close_up_to_sign(got, expected, *, what: str, axis: int = 0, rtol: float = RTOL,
                            atol: float = ATOL) -> np.ndarray:
    """Each row (axis=0) or column (axis=1) equals the expected one or its negation
    (eigenvectors and principal components are defined up to sign)."""
    g = as_float_array(got, what)
    e = np.asarray(expected, dtype=np.float64)
    if g.shape != e.shape:
        raise Mismatch(f"{what} has shape {g.shape}, expected {e.shape}.", got=g, expected=e)
    gm, em = (g, e) if axis == 0 else (g.T, e.T)
    signs = np.where(np.sum(gm * em, axis=1) < 0, -1.0, 1.0)[:, None]
    flipped = gm * signs
    return assert_close(flipped if axis == 0 else flipped.T, e, what=f"{what} (up to sign)", rtol=rtol, atol=atol)


# ---------------------------------------------------------------- gradients

def central_differences(f, theta: dict, h: float = 1e-6) -> dict:
    """∂f/∂θ for every parameter group by central differences: {name: array like theta[name]}.
    `f(theta)` takes the same dict. Float64, one evaluation pair per element."""
    grads = {}
    for name, value in theta.items():
        base = np.asarray(value, dtype=np.float64)
        g = np.empty_like(base)
        for index in np.ndindex(base.shape):
            step = np.zeros_like(base)
            step[index] = h
            up = dict(theta, **{name: base + step if base.ndim else float(base + step)})
            down = dict(theta, **{name: base - step if base.ndim else float(base - step)})
            g[index] = (f(up) - f(down)) / (2 * h)
        grads[name] = g
    return grads


def gradient_error(got, expected) -> float:
    """max |got − expected| over the group, relative to the group's largest expected entry
    (one relative error per parameter group: a norm over all groups would hide a bias gradient
    of 0 behind large weight gradients). inf on a shape mismatch or non-finite values."""
    g = np.atleast_1d(np.asarray(got, dtype=np.float64))
    e = np.atleast_1d(np.asarray(expected, dtype=np.float64))
    if g.shape != e.shape:
        if g.size != e.size:
            return math.inf
        g = g.reshape(e.shape)
    if not (np.all(np.isfinite(g)) and np.all(np.isfinite(e))):
        return math.inf
    scale = max(float(np.abs(e).max()), 1e-12)
    return float(np.abs(g - e).max() / scale)


def same_data(a, b) -> bool:
    """Deep equality of plain data (e.g. two `Remote.state()` snapshots): arrays compared
    exactly with their shape and kind, NaN equal to NaN."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
            return False
        return bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b
