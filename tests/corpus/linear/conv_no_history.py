# expect: convergence=zero
# why: fit applies the stopping rule with local variables but never stores loss_history; the parameters are exactly right, so only convergence scores zero (the stability checks have nothing of the history to judge and must not charge for its absence).
# feedback: convergence ~ loss_history
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        w, b = np.zeros(d), 0.0
        previous = None
        for _ in range(self.n_iterations):
            residual = X @ w + b - y
            current = residual.dot(residual) / n
            if previous is not None and abs(previous - current) < self.tol:
                break
            previous = current
            w = w - self.learning_rate * 2.0 / n * (X.T @ residual)
            b = b - self.learning_rate * 2.0 * residual.mean()
        self.weights = w
        self.bias = float(b)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
