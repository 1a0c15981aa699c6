# expect: vectorization=lose
# why: fit is vectorized, but predict computes each row's prediction in a list comprehension.
# feedback: vectorization ~ predict
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        x_mean, y_mean = X.mean(axis=0), y.mean()
        Xc, yc = X - x_mean, y - y_mean
        self.weights = np.linalg.solve(Xc.T @ Xc + n * self.alpha * np.eye(d), Xc.T @ yc)
        self.bias = float(y_mean - x_mean @ self.weights)
        return self

    def predict(self, X):
        return np.array([float(np.dot(row, self.weights)) + self.bias for row in np.asarray(X, dtype=float)])
