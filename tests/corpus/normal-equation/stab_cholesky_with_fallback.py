# expect: numerical_stability=lose
# why: Cholesky on XᵀX, the fast textbook solver for the normal equations, falling back to lstsq when the factorisation fails: exactly singular cases do fall back and get the minimum-norm answer, but with moderately collinear columns (condition number 4e7) the rounded XᵀX is still positive definite, Cholesky succeeds, and the squared condition number wipes out the information those columns carry.
# feedback: numerical_stability ~ Cholesky
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        x_mean = X.mean(axis=0) if self.fit_intercept else np.zeros(X.shape[1])
        y_mean = y.mean() if self.fit_intercept else 0.0
        Xc, yc = X - x_mean, y - y_mean
        try:
            L = np.linalg.cholesky(Xc.T @ Xc)
            w = np.linalg.solve(L.T, np.linalg.solve(L, Xc.T @ yc))
        except np.linalg.LinAlgError:
            w = np.linalg.lstsq(Xc, yc, rcond=None)[0]
        self.weights = w
        self.bias = float(y_mean - x_mean @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
