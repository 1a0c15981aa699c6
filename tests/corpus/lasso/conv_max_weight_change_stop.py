# expect: convergence=lose
# why: stops when the largest weight change of a sweep is below tol (a rule many coordinate-descent codes use), not at the first abs(previous − current) < tol between loss_history entries, as the statement says; the sweeps themselves are right.
# feedback: convergence ~ abs(previous − current) < tol
import numpy as np


class Lasso:
    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        x_mean, y_mean = X.mean(axis=0), y.mean()
        Xc = X - x_mean
        z = (Xc ** 2).sum(axis=0) / n
        w = np.zeros(d)
        r = y - y_mean
        self.loss_history = []
        for t in range(self.n_iterations):
            self.loss_history.append(float(r @ r / (2 * n) + self.alpha * np.abs(w).sum()))
            max_change = 0.0
            for j in range(d):
                if z[j] == 0:
                    continue
                rho = Xc[:, j] @ r / n + z[j] * w[j]
                new = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / z[j]
                r -= (new - w[j]) * Xc[:, j]
                max_change = max(max_change, abs(new - w[j]))
                w[j] = new
            if max_change < self.tol:
                break
        self.weights = w
        self.bias = float(y_mean - x_mean @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
