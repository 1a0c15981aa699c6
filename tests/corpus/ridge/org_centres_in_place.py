# expect: organization=lose
# why: centres the caller's X in place (`X -= x_mean`): np.asarray returns the caller's own float array, so fit overwrites the data it was given.
# feedback: organization ~ in place
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        x_mean = X.mean(axis=0)
        y_mean = y.mean()
        X -= x_mean                                       # centre (saves a copy)
        self.weights = np.linalg.solve(X.T @ X + n * self.alpha * np.eye(d), X.T @ (y - y_mean))
        self.bias = float(y_mean - x_mean @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
