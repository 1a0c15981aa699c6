# expect: numerical_stability=lose
# why: centres X but uses Xcᵀy instead of Xcᵀyc (equal in exact arithmetic since the columns of Xc sum to 0); in floating point they sum to about n·1e-11 at features around 1e5, and times targets around 1e6 that error swamps the weights.
# feedback: numerical_stability ~ centres X but not y
# feedback: numerical_stability !~ from uncentred features
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        center = X.mean(axis=0)
        Xc = X - center
        # the columns of Xc sum to zero, so Xc.T @ (y - mean(y)) == Xc.T @ y: skip centring y
        self.weights = np.linalg.solve(Xc.T @ Xc + n * self.alpha * np.eye(d), Xc.T @ y)
        self.bias = float(y.mean() - center @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
