# expect: correctness=lose
# why: centres with the mean over axis=1 (each sample's mean over its features) instead of axis=0 (each feature's mean over the samples), so the intercept is not removed and the weights and bias are wrong on any data whose features have non-zero means.
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if self.fit_intercept:
            Xc = X - X.mean(axis=1, keepdims=True)
            yc = y - y.mean()
        else:
            Xc, yc = X, y
        self.weights = np.linalg.lstsq(Xc, yc, rcond=None)[0]
        if self.fit_intercept:
            self.bias = float(y.mean() - X.mean(axis=0) @ self.weights)
        else:
            self.bias = 0.0
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
