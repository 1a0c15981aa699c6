"""Ridge regression: L2-penalised least squares, solved in closed form.

    L(w, b) = (1/(2n)) ||y − X w − b·1||² + (alpha/2) ||w||²     the bias is not penalised
    dL/db = −mean(r) = 0          ⇒  b = ȳ − x̄·w                   r = y − X w − b·1
    dL/dw = −Xᵀr/n + alpha·w = 0  ⇒  (Xcᵀ Xc + n·alpha·I) w = Xcᵀ yc
                                     with Xc = X − x̄, yc = y − ȳ (centred data)

scikit-learn's Ridge(alpha=n·alpha) has the same minimiser (its objective is ||r||² + alpha·||w||²).
Centring first keeps the digits when the features sit far from zero: the uncentred normal
equations (or the expansion XᵀX − n·x̄x̄ᵀ) lose about (offset/spread)² · 1e-16 of relative accuracy.
No iterations: cost O(n d² + d³).
"""

import numpy as np


class RidgeRegression:
    """Least squares with the penalty (alpha/2)·||w||² on the weights (never on the bias).

    Attributes (set by fit): weights (d,), bias float.
    """

    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        """Fit on X (n, d) and targets y (n,). Returns self."""
        X = _check_X(X)
        y = np.asarray(y, dtype=float)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
        if not self.alpha >= 0:
            raise ValueError(f"alpha must be a number >= 0, got {self.alpha!r}")
        n, d = X.shape

        x_mean = X.mean(axis=0)                             # (d,)
        y_mean = y.mean()
        Xc = X - x_mean                                     # (n, d) centred features
        yc = y - y_mean                                     # (n,) centred targets
        A = Xc.T @ Xc + n * self.alpha * np.eye(d)          # (d, d), eigenvalues >= n·alpha
        if self.alpha == 0 and np.linalg.matrix_rank(Xc) < d:
            raise ValueError("alpha=0 needs linearly independent centred columns (no constant or duplicated "
                             "column, n > d): least squares has no unique answer otherwise")
        w = np.linalg.solve(A, Xc.T @ yc)                   # (d,)
        b = y_mean - x_mean @ w                             # the bias puts the fit through the means

        self.weights = w
        self.bias = float(b)
        return self

    def predict(self, X):
        """Predicted targets X w + b for each row of X, shape (n,)."""
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
