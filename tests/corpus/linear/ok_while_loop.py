# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: a while loop with an explicit counter and a prev_loss variable is the same algorithm as the reference.
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
        self.weights = np.zeros(d)
        self.bias = 0.0
        self.loss_history = []
        prev_loss = None
        it = 0
        while it < self.n_iterations:
            y_hat = X @ self.weights + self.bias
            error = y_hat - y
            loss = float(np.mean(error ** 2))
            self.loss_history.append(loss)
            if prev_loss is not None and abs(prev_loss - loss) < self.tol:
                break
            prev_loss = loss
            self.weights = self.weights - self.learning_rate * (2.0 / n) * (X.T @ error)
            self.bias = self.bias - self.learning_rate * 2.0 * np.mean(error)
            it += 1
        self.bias = float(self.bias)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
