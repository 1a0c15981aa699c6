# expect: numerical_stability=lose
# why: lstsq on the centred data, but with rcond=1e-6 "to be safe" (the cutoff scikit-learn 1.9 uses by default): every exactly rank-deficient case still gets the minimum-norm answer, but nearly collinear columns (smallest singular value 2.5e-8 and 2.3e-10 of the largest) are real information that the cutoff throws away, so the predictions there are off by a large fraction of the spread of y.
# feedback: numerical_stability ~ rank cutoff above rounding level
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        x_mean = X.mean(axis=0) if self.fit_intercept else np.zeros(X.shape[1])
        y_mean = y.mean() if self.fit_intercept else 0.0
        self.weights, *_ = np.linalg.lstsq(X - x_mean, y - y_mean, rcond=1e-6)
        self.bias = float(y_mean - x_mean @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
