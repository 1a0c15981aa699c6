# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: a correct descent in a class that declares __slots__ for its hyperparameters and fitted attributes: the instance has no __dict__, which is legal and must cost nothing.
import numpy as np


class LinearRegression:
    __slots__ = ("learning_rate", "n_iterations", "tol", "weights", "bias", "loss_history")

    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n = len(y)
        theta_w = np.zeros(X.shape[1])
        theta_b = 0.0
        losses = []
        for it in range(self.n_iterations):
            e = X @ theta_w + theta_b - y
            losses.append(float(np.mean(e ** 2)))
            if it > 0 and abs(losses[it - 1] - losses[it]) < self.tol:
                break
            theta_w = theta_w - self.learning_rate * (2.0 / n) * (X.T @ e)
            theta_b = theta_b - self.learning_rate * (2.0 / n) * float(np.sum(e))
        self.weights = theta_w
        self.bias = theta_b
        self.loss_history = losses
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
