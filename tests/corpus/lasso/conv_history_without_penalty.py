# expect: convergence=lose
# why: loss_history records only the squared-error part 1/(2n)·||r||², leaving out alpha·||w||₁; at w = 0 the two agree, so the first entry looks right, but the history is not the stated objective (and the stopping rule is applied to the wrong quantity).
# feedback: convergence ~ leaves out the penalty
# feedback: convergence !~ invented sequence
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
            mse_half = 0.5 * np.mean(r ** 2)
            self.loss_history.append(float(mse_half))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            for j in range(d):
                if z[j] == 0:
                    continue
                rho = Xc[:, j] @ r / n + z[j] * w[j]
                new = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / z[j]
                r -= (new - w[j]) * Xc[:, j]
                w[j] = new
        self.weights = w
        self.bias = float(y_mean - x_mean @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
