# expect: organization=lose
# why: centres the caller's X in place (X -= mean) to save a copy, so after fit the learner's own data are shifted; the model it learns is right and stable.
# feedback: organization ~ in place
import numpy as np


class NormalEquationRegression:
    def __init__(self, fit_intercept=True):
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
        if self.fit_intercept:
            x_mean = X.mean(axis=0)
            y_mean = y.mean()
            X -= x_mean                                    # centre without a copy
        else:
            x_mean, y_mean = np.zeros(X.shape[1]), 0.0
        self.weights = np.linalg.lstsq(X, y - y_mean, rcond=None)[0]
        self.bias = float(y_mean - x_mean @ self.weights)
        return self

    def predict(self, X):
        return np.asarray(X, dtype=float) @ self.weights + self.bias
