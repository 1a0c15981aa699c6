# expect: correctness=lose convergence=lose
# why: the soft-threshold is not divided by the column's curvature z_j = ||x̃_j||²/n (the update is right only for unit-variance features); the features here are not standardised, so every weight is off, and the steps overshoot: the stated objective rises along them.
# feedback: correctness ~ without the division by z
import numpy as np


def soft_threshold(x, lam):
    return np.sign(x) * max(abs(x) - lam, 0.0)


class Lasso:
    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        self.x_mean = X.mean(axis=0)
        self.y_mean = y.mean()
        Xc = X - self.x_mean
        yc = y - self.y_mean
        w = np.zeros(d)
        residual = yc.copy()
        self.loss_history = []
        for it in range(self.n_iterations):
            loss = 0.5 * np.mean(residual ** 2) + self.alpha * np.sum(np.abs(w))
            self.loss_history.append(loss)
            if it > 0 and abs(self.loss_history[-2] - loss) < self.tol:
                break
            for j in range(d):
                xj = Xc[:, j]
                rho = xj @ (residual + xj * w[j]) / n
                new_wj = soft_threshold(rho, self.alpha)
                residual = residual - xj * (new_wj - w[j])
                w[j] = new_wj
        self.weights = w
        self.bias = self.y_mean - self.x_mean @ w
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
