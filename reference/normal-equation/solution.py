"""Linear regression in closed form: the minimum-norm least-squares solution, with an intercept.

    x̄ = mean of the rows of X   (d,)          ȳ = mean(y)          (0 and 0 without an intercept)
    X̃ = X − x̄                  (n, d)        ỹ = y − ȳ            (n,)
    w  = X̃⁺ ỹ                   (d,)   the least-squares solution of X̃ w ≈ ỹ with the smallest ||w||
    b  = ȳ − x̄·w                scalar, not part of the norm

np.linalg.lstsq solves X̃ w ≈ ỹ with an SVD of X̃ itself (never forming X̃ᵀX̃, whose condition
number is the square of X̃'s), and treats singular values below max(n, d)·ε·s_max as zero, which
gives the minimum-norm solution when X̃ has dependent columns or fewer rows than columns.
Cost: O(n d²).
"""

import numpy as np


class NormalEquationRegression:
    """Ordinary least squares with an optional unpenalised intercept.

    Attributes (set by fit): weights (d,), bias float (0.0 when fit_intercept is False).
    """

    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        """Fit on X (n, d) and targets y (n,). Returns self."""
        X = _check_X(X)
        y = np.asarray(y, dtype=float)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
        if len(X) == 0:
            raise ValueError("X has no rows: least squares needs at least one sample")

        x_mean = X.mean(axis=0) if self.fit_intercept else np.zeros(X.shape[1])   # (d,)
        y_mean = y.mean() if self.fit_intercept else 0.0
        w = np.linalg.lstsq(X - x_mean, y - y_mean, rcond=None)[0]                # (d,) = X̃⁺ ỹ

        self.weights = w
        self.bias = float(y_mean - x_mean @ w)
        return self

    def predict(self, X):
        """ŷ = X w + b for each row of X, shape (n,)."""
        if not hasattr(self, "weights"):
            raise ValueError("this model is not fitted yet: call fit(X, y) first")
        X = _check_X(X)
        if X.shape[1] != len(self.weights):
            raise ValueError(f"X has {X.shape[1]} features, the model was fitted on {len(self.weights)}")
        return X @ self.weights + self.bias


def _check_X(X):
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (n_samples, n_features), got {X.ndim}-D")
    return X
