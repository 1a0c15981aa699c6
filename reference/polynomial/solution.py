"""Polynomial regression: polynomial features in scikit-learn's order, then least squares.

    α = (i₁ ≤ i₂ ≤ … ≤ i_k)                      a monomial as a sorted tuple of feature indices
    φ_α(x) = x_i₁ · x_i₂ · … · x_i_k              φ_() = 1, the bias column
    columns: degree 0, 1, …, degree; within a degree, the tuples of
             itertools.combinations_with_replacement(range(d), k) (combinations when interaction_only)
    p = C(d + degree, degree)                     all monomials of degree ≤ degree, bias included
    p = Σ_{k=0..min(d, degree)} C(d, k)           interaction_only

    ŷ = Φ w + b,   (w, b) = argmin ||Φ w + b − y||²
    centre:  Φc = Φ − mean(Φ),  yc = y − ȳ,  b = ȳ − mean(Φ)·w
    scale:   s_j = ||Φc[:, j]||                   a constant column (the bias column) has s_j ≈ 0: w_j = 0
    solve:   v = lstsq(Φc / s, yc),  w = v / s    over the other columns: unit-norm columns keep the
                                                  solve accurate when the features span 1 … 1e20

Each monomial is one feature times a monomial of one degree less: φ_(i, β) = x_i · φ_β, one
whole-column product per monomial (the products scikit-learn forms, so the features agree
bit for bit), no loop over samples. Cost: O(n p) for the features,
O(n p²) for the least-squares solve.
"""

import itertools
import math

import numpy as np


def _monomials(d, degree, interaction_only=False):
    """The index tuples of the feature columns, in order: (), (0,), …, (d-1,), (0, 0), (0, 1), …"""
    choose = itertools.combinations if interaction_only else itertools.combinations_with_replacement
    return [alpha for k in range(degree + 1) for alpha in choose(range(d), k)]


def _n_output_features(d, degree, interaction_only=False, include_bias=True):
    """p: C(d + degree, degree) monomials of degree ≤ degree, or Σ_k C(d, k) products of distinct features."""
    if interaction_only:
        p = sum(math.comb(d, k) for k in range(min(d, degree) + 1))
    else:
        p = math.comb(d + degree, degree)
    return p - (0 if include_bias else 1)


class PolynomialRegression:
    """Least squares on polynomial features, with an intercept.

    Attributes (set by fit): weights (p,), bias float, n_output_features int.
    """

    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def transform(self, X):
        """The polynomial features of X, shape (n, p), in the stated column order."""
        X = _check_X(X)
        if not isinstance(self.degree, (int, np.integer)) or self.degree < 1:
            raise ValueError(f"degree must be an integer >= 1, got {self.degree!r}")
        n, d = X.shape
        alphas = _monomials(d, int(self.degree), bool(self.interaction_only))
        column = {alpha: j for j, alpha in enumerate(alphas)}
        X = np.asfortranarray(X)                            # column-major: each product below reads
        F = np.empty((n, len(alphas)), order="F")           # and writes contiguous columns; (n, p)
        F[:, 0] = 1.0                                       # φ_() = 1, the bias column
        for j, alpha in enumerate(alphas[1:], start=1):
            F[:, j] = X[:, alpha[0]] * F[:, column[alpha[1:]]]     # φ_α = x_first · φ_(rest)
        return F if self.include_bias else F[:, 1:]

    def fit(self, X, y):
        """Fit on X (n, d) and targets y (n,). Returns self."""
        X = _check_X(X)
        y = np.asarray(y, dtype=float)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
        F = self.transform(X)                               # (n, p)
        mean = F.mean(axis=0)                               # (p,)
        Fc = F - mean                                       # (n, p) centred: the intercept is b
        s = np.sqrt(np.einsum("ij,ij->j", Fc, Fc))          # (p,) column norms after centring
        varies = s > 1e-12 * np.sqrt(np.einsum("ij,ij->j", F, F))   # constant columns (the bias column) centre to ~0
        v, *_ = np.linalg.lstsq(Fc[:, varies] / s[varies], y - y.mean(), rcond=None)  # unit-norm columns
        w = np.zeros(F.shape[1])                            # (p,) constant columns keep weight 0
        w[varies] = v / s[varies]                           # back to the units of Φ
        self.weights = w
        self.bias = float(y.mean() - mean @ w)
        self.n_output_features = F.shape[1]
        return self

    def predict(self, X):
        """ŷ = Φ(X) w + b, shape (n,)."""
        if not hasattr(self, "weights"):
            raise ValueError("this model is not fitted yet: call fit(X, y) first")
        F = self.transform(X)
        if F.shape[1] != len(self.weights):
            raise ValueError(f"X gives {F.shape[1]} polynomial features, the model was fitted with "
                             f"{len(self.weights)}: pass X with the training number of columns")
        return F @ self.weights + self.bias


def _check_X(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_samples, n_features), got {X.ndim}-D")
    return X
