# expect: all=full
# why: a hand-written pseudo-inverse from the thin SVD, keeping only singular values above max(n, d)·ε·s_max: the minimum-norm solution on rank-deficient data, and an orthogonal factorisation of X itself, so nearly collinear columns keep their information.
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        x_bar = X.mean(axis=0) if self.fit_intercept else np.zeros(d)
        y_bar = y.mean() if self.fit_intercept else 0.0
        U, s, Vt = np.linalg.svd(X - x_bar, full_matrices=False)
        keep = s > s.max(initial=0.0) * max(n, d) * np.finfo(float).eps
        coef = (U[:, keep].T @ (y - y_bar)) / s[keep]       # coordinates along the kept directions
        self.weights = Vt[keep].T @ coef
        self.bias = float(y_bar - x_bar @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
