# expect: correctness=lose
# why: a reduced QR of the centred X and a triangular solve with R is backward stable, so nearly collinear columns are handled well, but plain QR does not reveal the rank: with dependent or constant columns R has a rounding-level (or zero) pivot and the weights blow up or solve raises, and with more features than samples R is not square.
# feedback: correctness ~ minimum-norm
# feedback: numerical_stability !~ XᵀX
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if self.fit_intercept:
            mu_x, mu_y = X.mean(axis=0), y.mean()
        else:
            mu_x, mu_y = np.zeros(X.shape[1]), 0.0
        Q, R = np.linalg.qr(X - mu_x)            # (n, d), (d, d)
        self.weights = np.linalg.solve(R, Q.T @ (y - mu_y))
        self.bias = float(mu_y - mu_x @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
