# expect: correctness=lose
# why: the weights are right (centred data), but the bias is taken as mean(y), forgetting the − x̄·w term; only right when the features have mean 0.
# feedback: correctness ~ sets b = mean(y)
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        Xc = X - X.mean(axis=0)
        yc = y - y.mean()
        self.weights = np.linalg.solve(Xc.T @ Xc + n * self.alpha * np.eye(d), Xc.T @ yc)
        self.bias = float(y.mean())               # the intercept of centred data
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
