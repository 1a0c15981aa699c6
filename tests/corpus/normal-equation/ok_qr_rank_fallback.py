# expect: all=full
# why: QR of the centred X when it has full column rank (stable: no XᵀX), and the pseudo-inverse when it does not (the minimum-norm answer); the rank test uses the same rounding-level threshold as lstsq, so nearly collinear columns take the accurate QR path.
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        mean_x = X.mean(axis=0) if self.fit_intercept else np.zeros(d)
        mean_y = y.mean() if self.fit_intercept else 0.0
        A, b = X - mean_x, y - mean_y
        if n >= d and np.linalg.matrix_rank(A) == d:
            Q, R = np.linalg.qr(A)
            w = np.linalg.solve(R, Q.T @ b)
        else:
            w = np.linalg.pinv(A) @ b
        self.weights = w
        self.bias = float(mean_y - mean_x @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
