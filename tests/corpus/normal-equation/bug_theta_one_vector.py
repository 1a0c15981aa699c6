# expect: correctness=lose
# why: keeps the bias inside the parameter vector: `weights` is theta = (b, w) of shape (d + 1,) and predict prepends a ones column, so the predictions are right but the fitted-attribute contract (weights (d,), bias a float) is broken.
# feedback: correctness ~ it must have shape (d,)
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        xm = X.mean(axis=0) if self.fit_intercept else np.zeros(X.shape[1])
        ym = y.mean() if self.fit_intercept else 0.0
        w = np.linalg.lstsq(X - xm, y - ym, rcond=None)[0]
        self.weights = np.concatenate([[ym - xm @ w], w])     # theta = (b, w)
        self.bias = float(self.weights[0])
        return self

    def predict(self, X):
        X = np.asarray(X, dtype=float)
        return np.column_stack([np.ones(len(X)), X]) @ self.weights
