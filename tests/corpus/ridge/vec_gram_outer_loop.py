# expect: vectorization=lose
# why: accumulates XcᵀXc and Xcᵀyc as sums of per-sample outer products in a Python loop (the "Σ xᵢxᵢᵀ" of the derivation written literally).
# feedback: vectorization ~ once per sample
import numpy as np


class RidgeRegression:
    def __init__(self, alpha=1.0):
        self.alpha = alpha

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        x_mean, y_mean = X.mean(axis=0), y.mean()
        G = n * self.alpha * np.eye(d)
        c = np.zeros(d)
        for xi, yi in zip(X - x_mean, y - y_mean):
            G += np.outer(xi, xi)
            c += xi * yi
        self.weights = np.linalg.solve(G, c)
        self.bias = float(y_mean - x_mean @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
