# expect: numerical_stability=lose
# why: checks the rank first and uses the pseudo-inverse when X is rank-deficient, so every exactly singular case gets the minimum-norm answer; but nearly collinear columns have full rank, so it solves the normal equations there, and XᵀX (condition number 2e15 to 2e19) has lost what those columns carry.
# feedback: numerical_stability ~ forming XᵀX squares the condition number
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        n, d = X.shape
        mx = X.mean(axis=0) if self.fit_intercept else np.zeros(d)
        my = y.mean() if self.fit_intercept else 0.0
        A, t = X - mx, y - my
        if np.linalg.matrix_rank(A) == d:
            w = np.linalg.solve(A.T @ A, A.T @ t)            # full rank: normal equations
        else:
            w = np.linalg.pinv(A) @ t                        # rank-deficient: minimum norm
        self.weights = w
        self.bias = float(my - mx @ w)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
