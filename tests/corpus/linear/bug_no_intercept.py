# expect: correctness=lose
# why: the model has no intercept at all (no `bias`, predictions X @ w), so it cannot fit targets with an offset; the descent on w is otherwise the stated one and the history is the MSE of its own predictions.
# feedback: correctness ~ intercept
import numpy as np


def mean_squared_error(residuals):
    return float(np.mean(np.square(residuals)))


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        self.weights = np.zeros(d)
        self.loss_history = []
        for k in range(self.n_iterations):
            residuals = X @ self.weights - y
            self.loss_history.append(mean_squared_error(residuals))
            if k > 0 and abs(self.loss_history[k - 1] - self.loss_history[k]) < self.tol:
                break
            gradient = (2.0 / n) * (X.T @ residuals)
            self.weights = self.weights - self.learning_rate * gradient
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights
