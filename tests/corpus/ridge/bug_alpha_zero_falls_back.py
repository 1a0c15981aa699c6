# expect: correctness=lose
# why: `self.alpha or 1.0` treats the legal value alpha=0 as missing and fits alpha=1 instead of ordinary least squares; every alpha > 0 is right.
# feedback: correctness ~ not a missing one
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        alpha = self.alpha or 1.0                 # "default" when nothing sensible was given
        n, d = X.shape
        x_bar = X.mean(axis=0)
        Xc = X - x_bar
        yc = y - y.mean()
        w = np.linalg.solve(Xc.T @ Xc + n * alpha * np.eye(d), Xc.T @ yc)
        self.weights, self.bias = w, float(y.mean() - x_bar @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
