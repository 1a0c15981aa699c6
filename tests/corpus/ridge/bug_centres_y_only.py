# expect: correctness=lose
# why: centres y but not X and takes b = mean(y): the weights absorb the feature means, and the bias is not solved together with them.
# feedback: correctness ~ centres y but not X
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        y_mean = y.mean()
        self.weights = np.linalg.solve(X.T @ X + n * self.alpha * np.eye(d), X.T @ (y - y_mean))
        self.bias = float(y_mean)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
