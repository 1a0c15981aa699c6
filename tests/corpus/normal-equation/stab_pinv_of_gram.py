# expect: numerical_stability=lose
# why: pinv(XᵀX) @ Xᵀy on centred data looks safe, and on exactly rank-deficient data it even gives the minimum-norm solution, but forming XᵀX squares the condition number: with nearly collinear columns (condition number 4e9) its small eigenvalue (5e-20 of the largest) falls below pinv's cutoff and the information in those columns is thrown away, and at 4e7 what is left of it is rounding noise, so the predictions are off by a tenth to a quarter of the spread of y.
# feedback: numerical_stability ~ pseudo-inverse of XᵀX drops it
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if self.fit_intercept:
            x_mean, y_mean = X.mean(axis=0), float(np.mean(y))
        else:
            x_mean, y_mean = np.zeros(X.shape[1]), 0.0
        Xc = X - x_mean
        gram = Xc.T @ Xc                                   # (d, d)
        self.weights = np.linalg.pinv(gram) @ (Xc.T @ (y - y_mean))
        self.bias = float(y_mean - x_mean @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
