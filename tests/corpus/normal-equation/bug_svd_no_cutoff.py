# expect: correctness=lose
# why: the pseudo-inverse built from the SVD divides by every singular value, including the rounding-level ones (1e-16) that stand for exact zeros: full-rank and nearly collinear data are fine, but dependent or constant columns give weights of size 1e14–1e15, and with fewer samples than features (where that direction carries no signal) another, non-minimum solution.
# feedback: correctness ~ rounding-level
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        x_bar = X.mean(axis=0) if self.fit_intercept else np.zeros(X.shape[1])
        y_bar = y.mean() if self.fit_intercept else 0.0
        U, s, Vt = np.linalg.svd(X - x_bar, full_matrices=False)
        self.weights = Vt.T @ ((U.T @ (y - y_bar)) / s)
        self.bias = float(y_bar - x_bar @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
