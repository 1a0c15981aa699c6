# expect: organization=lose
# why: fit centres X and y in place (X -= X.mean(axis=0)), which runs the right algorithm but overwrites the caller's arrays.
# feedback: organization ~ in place
import numpy as np


class Lasso:
    def __init__(self, alpha=1.0, n_iterations=1000, tol=1e-6):
        self.alpha = alpha
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        n, d = X.shape
        x_mean = X.mean(axis=0)
        y_mean = y.mean()
        X -= x_mean
        y -= y_mean
        z = (X ** 2).sum(axis=0) / n
        w = np.zeros(d)
        r = y.copy()
        self.loss_history = []
        for t in range(self.n_iterations):
            self.loss_history.append(float(r @ r / (2 * n) + self.alpha * np.abs(w).sum()))
            if t > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            for j in range(d):
                if z[j] == 0:
                    continue
                rho = X[:, j] @ r / n + z[j] * w[j]
                new = np.sign(rho) * max(abs(rho) - self.alpha, 0.0) / z[j]
                r -= (new - w[j]) * X[:, j]
                w[j] = new
        self.weights = w
        self.bias = float(y_mean - x_mean @ w)
        return self

    def predict(self, X):
        return X @ self.weights + self.bias
