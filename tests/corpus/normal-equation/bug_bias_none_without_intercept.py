# expect: correctness=lose
# why: with fit_intercept=False the bias is stored as None and predict special-cases it; the weights and predictions are right, but the contract says bias is the float 0.0 in that case.
# feedback: correctness ~ store 0.0
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if self.fit_intercept:
            x_mean, y_mean = X.mean(axis=0), y.mean()
            self.weights = np.linalg.lstsq(X - x_mean, y - y_mean, rcond=None)[0]
            self.bias = float(y_mean - x_mean @ self.weights)
        else:
            self.weights = np.linalg.lstsq(X, y, rcond=None)[0]
            self.bias = None
        return self

    def predict(self, X):
        out = np.asarray(X, dtype=float) @ self.weights
        return out if self.bias is None else out + self.bias
