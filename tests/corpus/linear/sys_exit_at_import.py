# expect: error=yes all=zero
# why: a leftover script ending calls sys.exit(0) at import time; exiting with status 0 must not look like success.
import sys

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
        for i in range(self.n_iterations):
            error = X @ self.weights + self.bias - y
            self.loss_history.append(np.mean(error ** 2))
            self.weights = self.weights - self.learning_rate * 2 / n * (X.T @ error)
            self.bias = self.bias - self.learning_rate * 2 * error.mean()
        return self

    def predict(self, X):
        return X @ self.weights + self.bias


sys.exit(0)
