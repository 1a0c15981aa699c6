# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: instead of updating the residual incrementally, every coordinate update recomputes it from scratch (r = ỹ − X̃w, O(nd) per coordinate): slower for large d but the same Gauss–Seidel sweeps, and no loop over samples.
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
        x_mean = X.mean(axis=0)
        y_mean = y.mean()
        Xc = X - x_mean
        yc = y - y_mean
        z = np.sum(Xc ** 2, axis=0) / n
        w = np.zeros(d)
        self.loss_history = []
        for sweep in range(self.n_iterations):
            r = yc - Xc @ w
            self.loss_history.append(float(r @ r / (2 * n) + self.alpha * np.sum(np.abs(w))))
            if sweep > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            for j in range(d):
                if z[j] == 0.0:
                    continue
                r = yc - Xc @ w                     # fresh residual with the current weights
                rho = Xc[:, j] @ r / n + z[j] * w[j]
                w[j] = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / z[j]
        self.weights = w
        self.bias = float(y_mean - x_mean @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
