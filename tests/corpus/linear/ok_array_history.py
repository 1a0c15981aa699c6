# expect: correctness=full vectorization=full numerical_stability=full organization=full convergence=full
# why: residuals written as y - y_hat with the sign folded into the update, np.dot and np.sum, and loss_history kept as a NumPy array are all equivalent.
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n_samples, n_features = X.shape
        w = np.zeros(n_features)
        b = 0.0
        losses = np.empty(self.n_iterations)
        prev = np.inf
        count = 0
        for i in range(self.n_iterations):
            diff = y - (np.dot(X, w) + b)
            loss = np.sum(diff ** 2) / n_samples
            losses[i] = loss
            count = i + 1
            if abs(prev - loss) < self.tol:
                break
            prev = loss
            w += self.learning_rate * (2.0 / n_samples) * np.dot(X.T, diff)
            b += self.learning_rate * (2.0 / n_samples) * np.sum(diff)
        self.weights = w
        self.bias = float(b)
        self.loss_history = losses[:count].copy()
        return self

    def predict(self, X):
        return np.dot(np.asarray(X, dtype=float), self.weights) + self.bias
