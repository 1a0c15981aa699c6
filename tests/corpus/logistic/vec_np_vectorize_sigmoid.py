# expect: vectorization=lose
# why: the sigmoid is a scalar math function wrapped in np.vectorize: a Python call per sample in every iteration and in predict, although it looks vectorized.
import math

import numpy as np


def _scalar_sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


sigmoid = np.vectorize(_scalar_sigmoid, otypes=[float])


class LogisticRegression:
    def __init__(self, learning_rate=0.1, n_iterations=1000, tol=1e-6, l2=0.0):
        self.learning_rate = learning_rate
        self.n_iterations = n_iterations
        self.tol = tol
        self.l2 = l2

    def fit(self, X, y):
        n, d = X.shape
        self.weights, self.bias, self.loss_history = np.zeros(d), 0.0, []
        for i in range(self.n_iterations):
            z = X @ self.weights + self.bias
            self.loss_history.append(np.mean(np.logaddexp(0, z) - y * z) + 0.5 * self.l2 * self.weights @ self.weights)
            if i and abs(self.loss_history[-1] - self.loss_history[-2]) < self.tol:
                break
            r = sigmoid(z) - y
            self.weights = self.weights - self.learning_rate * (X.T @ r / n + self.l2 * self.weights)
            self.bias = self.bias - self.learning_rate * r.mean()
        return self

    def predict_proba(self, X):
        return sigmoid(X @ self.weights + self.bias)

    def predict(self, X, threshold=0.5):
        return (self.predict_proba(X) >= threshold).astype(int)
