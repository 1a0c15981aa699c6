"""Lasso: L1-penalised least squares by cyclic coordinate descent with soft-thresholding.

    L(w, b) = 1/(2n) ||y − X w − b||² + alpha ||w||₁          the bias is not penalised
    b(w) = ȳ − x̄·w                                             the best intercept for any w
    X̃ = X − x̄,  ỹ = y − ȳ,  r = ỹ − X̃ w                        centred data, residual (n,)
    G = X̃ᵀX̃ / n,  c = X̃ᵀỹ / n                                  computed once; z_j = G_jj
    ρ_j = x̃_jᵀ r / n + z_j w_j = c_j − G_j·w + G_jj w_j         with the current w
    w_j ← S(ρ_j, alpha) / z_j,   S(ρ, a) = sign(ρ) max(|ρ| − a, 0)

Start at w = 0 (so b = ȳ). Each sweep: record L (from the residual r, never from the expanded
ỹᵀỹ − 2cᵀw + wᵀGw, which cancels when the fit is close), stop if |L_prev − L| < tol, then update
w_0, ..., w_{d−1} in turn, each from the weights already updated in this sweep (Gauss–Seidel). A
column with z_j = 0 (all zeros, or constant before centring) keeps w_j = 0.
Covariance updates: O(n d²) once for G, then O(n d) per sweep (the residual for the loss) and
O(d²) for the coordinates, instead of O(n d) for the coordinates with an updated residual.
"""

import numpy as np


def _soft_threshold(rho, a):
    """S(ρ, a) = sign(ρ)·max(|ρ| − a, 0): exactly 0.0 whenever |ρ| <= a."""
    return np.sign(rho) * max(abs(rho) - a, 0.0)


class Lasso:
    """Linear regression with an L1 penalty on the weights, fitted by coordinate descent.

    Attributes (set by fit): weights (d,), bias float, loss_history list of floats
    (the objective at the start of each sweep run).
    """

    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        """Fit on X (n, d) and targets y (n,). Returns self."""
        X = _check_X(X)
        y = np.asarray(y, dtype=float)
        if y.ndim != 1 or len(y) != len(X):
            raise ValueError(f"y must have shape ({len(X)},), got {y.shape}")
        if self.alpha < 0:
            raise ValueError(f"alpha must be >= 0, got {self.alpha}")
        n, d = X.shape

        x_mean, y_mean = X.mean(axis=0), y.mean()          # (d,), scalar
        Xc, yc = X - x_mean, y - y_mean                     # (n, d), (n,) centred
        G = Xc.T @ Xc / n                                   # (d, d), z_j = G[j, j]
        c = Xc.T @ yc / n                                   # (d,)
        w = np.zeros(d)                                     # (d,)
        self.loss_history = []
        for _ in range(self.n_iterations):
            r = yc - Xc @ w                                 # (n,) residual y − Xw − b(w)
            loss = r @ r / (2 * n) + self.alpha * np.abs(w).sum()
            self.loss_history.append(float(loss))
            if len(self.loss_history) > 1 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            for j in range(d):                              # one sweep, Gauss–Seidel order
                z_j = G[j, j]
                if z_j == 0.0:                              # a constant column: w_j stays 0
                    continue
                rho = c[j] - G[j] @ w + z_j * w[j]
                w[j] = _soft_threshold(rho, self.alpha) / z_j

        self.weights = w
        self.bias = float(y_mean - x_mean @ w)
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
