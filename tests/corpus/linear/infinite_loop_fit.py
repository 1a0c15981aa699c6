# expect: correctness=zero vectorization=zero numerical_stability=zero convergence=zero organization=lose
# why: the loop waits for the loss to become exactly 0, which never happens on noisy data, so every fit runs forever and times out; only checks that never call fit (the constructor) can pass.
# call-timeout: 2
import numpy as np


class LinearRegression:
    def __init__(self, learning_rate=0.01, n_iterations=1000, tol=1e-6):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol

    def fit(self, X, y):
        n, d = X.shape
        self.weights = np.zeros(d)
        self.bias = 0.0
        self.loss_history = []
        loss = np.inf
        while loss != 0.0:
            error = X @ self.weights + self.bias - y
            loss = np.mean(error ** 2)
            self.loss_history = self.loss_history[-10:] + [loss]
            self.weights = self.weights - self.learning_rate * 2 / n * (X.T @ error)
            self.bias = self.bias - self.learning_rate * 2 * error.mean()
        return self

    def predict(self, X):
        return X @ self.weights + self.bias
