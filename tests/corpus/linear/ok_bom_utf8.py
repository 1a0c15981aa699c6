# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: a correct descent saved as UTF-8 with a byte-order mark (as some Windows editors do) and non-ASCII characters in its comments: the file must be read and graded like any other.
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
        for i in range(self.n_iterations):
            y_hat = X @ self.weights + self.bias        # ŷ = Xw + b
            r = y_hat - y                               # residuals r = ŷ − y
            self.loss_history.append(float(np.mean(r ** 2)))   # L = (1/n)·Σ rᵢ²
            if i > 0 and abs(self.loss_history[-2] - self.loss_history[-1]) < self.tol:
                break
            # ∂L/∂w = (2/n)·Xᵀr, ∂L/∂b = (2/n)·Σ rᵢ
            self.weights = self.weights - self.learning_rate * 2.0 * (X.T @ r) / n
            self.bias = self.bias - self.learning_rate * 2.0 * float(r.sum()) / n
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
