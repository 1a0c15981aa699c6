# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: covariance updates: G = X̃ᵀX̃/n and c = X̃ᵀỹ/n are computed once and each coordinate uses ρ_j = c_j − G_j·w + G_jj·w_j (O(d) per coordinate, no residual); the loss is still computed from the residual, once per sweep, so it stays accurate.
import numpy as np


class Lasso:
    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if X.ndim != 2 or y.shape != (X.shape[0],):
            raise ValueError("X must be (n, d) and y must be (n,)")
        n, d = X.shape
        x_bar, y_bar = X.mean(axis=0), y.mean()
        Xc, yc = X - x_bar, y - y_bar
        G = Xc.T @ Xc / n                           # (d, d)
        c = Xc.T @ yc / n                           # (d,)
        w = np.zeros(d)
        history = []
        for t in range(self.n_iterations):
            r = yc - Xc @ w
            history.append(float(r @ r) / (2 * n) + self.alpha * float(np.abs(w).sum()))
            if t > 0 and abs(history[-2] - history[-1]) < self.tol:
                break
            for j in range(d):
                if G[j, j] == 0.0:
                    continue
                rho = c[j] - G[j] @ w + G[j, j] * w[j]
                w[j] = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / G[j, j]
        self.loss_history = history
        self.weights = w
        self.bias = float(y_bar - x_bar @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
