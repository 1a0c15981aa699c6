# expect: correctness=lose
# why: reshapes y into a column "for the matrix algebra": the weights come out as a (d, 1) column and predict returns (n, 1), which broadcasts into (n, n) matrices in the caller's code.
# feedback: correctness ~ a column
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        Y = np.asarray(y, dtype=float).reshape(-1, 1)     # (n, 1)
        n, d = X.shape
        x_mean = X.mean(axis=0, keepdims=True)            # (1, d)
        y_mean = Y.mean(axis=0, keepdims=True)            # (1, 1)
        Xc, Yc = X - x_mean, Y - y_mean
        self.weights = np.linalg.solve(Xc.T @ Xc + n * self.alpha * np.eye(d), Xc.T @ Yc)   # (d, 1)
        self.bias = float((y_mean - x_mean @ self.weights)[0, 0])
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
