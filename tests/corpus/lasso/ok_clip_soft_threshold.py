# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: soft-thresholding written as ρ − clip(ρ, −alpha, alpha) (exactly 0.0 when |ρ| <= alpha), a while loop over sweeps, the centred columns stored as contiguous rows of X̃ᵀ, einsum for the curvatures, and zero columns masked out up front.
import numpy as np


def shrink(rho, alpha):
    return rho - np.clip(rho, -alpha, alpha)


class Lasso:
    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    def _objective(self, r, w):
        return float(np.dot(r, r) / (2.0 * r.size) + self.alpha * np.abs(w).sum())

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        offset_x, offset_y = X.mean(axis=0), y.mean()
        cols = np.ascontiguousarray((X - offset_x).T)     # (d, n): feature j is cols[j]
        curvature = np.einsum("jn,jn->j", cols, cols) / n
        active = np.flatnonzero(curvature > 0)
        w = np.zeros(d)
        r = y - offset_y
        self.loss_history = []
        sweep = 0
        while sweep < self.n_iterations:
            self.loss_history.append(self._objective(r, w))
            if sweep > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            for j in active:
                old = w[j]
                w[j] = shrink(cols[j] @ r / n + curvature[j] * old, self.alpha) / curvature[j]
                if w[j] != old:
                    r -= (w[j] - old) * cols[j]
            sweep += 1
        self.weights = w
        self.bias = float(offset_y - offset_x @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
