# expect: correctness=lose convergence=lose
# why: the residual is computed once before the sweeps and never brought up to date after a coordinate moves, so every ρ_j reads the residual of w = 0 and the weights keep growing; the recorded objective (computed afresh) rises.
# feedback: correctness ~ residual
import numpy as np


class Lasso:
    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    def _objective(self, Xc, yc, w):
        r = yc - Xc @ w
        return float(r @ r / (2 * len(yc)) + self.alpha * np.abs(w).sum())

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        x_bar, y_bar = X.mean(axis=0), y.mean()
        Xc, yc = X - x_bar, y - y_bar
        z = (Xc ** 2).sum(axis=0) / n
        w = np.zeros(d)
        r = yc - Xc @ w
        self.loss_history = []
        for k in range(self.n_iterations):
            self.loss_history.append(self._objective(Xc, yc, w))
            if k > 0 and abs(self.loss_history[-1] - self.loss_history[-2]) < self.tol:
                break
            for j in range(d):
                if z[j] == 0:
                    continue
                rho = Xc[:, j] @ r / n + z[j] * w[j]
                w[j] = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / z[j]
        self.weights = w
        self.bias = float(y_bar - x_bar @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
