# expect: vectorization=lose
# why: fit is the stable minimum-norm solve, but predict computes one dot product per row in a list comprehension instead of one matrix-vector product.
# feedback: vectorization ~ predict
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        xm = X.mean(axis=0) if self.fit_intercept else np.zeros(X.shape[1])
        ym = y.mean() if self.fit_intercept else 0.0
        self.weights = np.linalg.pinv(X - xm) @ (y - ym)
        self.bias = float(ym - xm @ self.weights)
        return self

    def predict(self, X):
        return np.array([float(row @ self.weights) + self.bias for row in np.asarray(X, dtype=float)])
